"""Rewrites a Keras HDF5 file's description the way another writer might lay out the same network, with h5py,
independently of Compiled's writer.
Usage: /usr/bin/python3 rearrange_keras_h5.py FILE reverse          lists model_config's layers and layer_names backwards
       /usr/bin/python3 rearrange_keras_h5.py FILE swap-inbound NAME  applies layer NAME to its inputs in reverse order"""
import json
import sys

import h5py


def main(path, mode, *rest):
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        layers = config["config"]["layers"]
        if mode == "reverse":
            layers.reverse()
            weights = f["model_weights"]
            weights.attrs["layer_names"] = [n for n in reversed(list(weights.attrs["layer_names"]))]
        elif mode == "swap-inbound":
            layer = next(l for l in layers if l["config"]["name"] == rest[0])
            layer["inbound_nodes"][0].reverse()
        else:
            raise SystemExit("unknown mode " + mode)
        # Keras 2's own writer stores model_config as bytes.
        f.attrs["model_config"] = json.dumps(config).encode("utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
