"""Dumps an HDF5 file as JSON with h5py, independently of Compiled's reader: every attribute (value, HDF5
type), every dataset (shape, dtype, values), and the parsed model_config and training_config.
Usage: /usr/bin/python3 dump_keras_h5.py FILE"""
import json
import sys

import h5py
import numpy as np


def describe_type(tid):
    if isinstance(tid, h5py.h5t.TypeStringID):
        return {"class": "string", "variable": bool(tid.is_variable_str()), "size": tid.get_size(),
                "cset": "utf-8" if tid.get_cset() == h5py.h5t.CSET_UTF8 else "ascii",
                "pad": {h5py.h5t.STR_NULLTERM: "nullterm", h5py.h5t.STR_NULLPAD: "nullpad", h5py.h5t.STR_SPACEPAD: "spacepad"}[tid.get_strpad()]}
    if isinstance(tid, h5py.h5t.TypeFloatID):
        return {"class": "float", "size": tid.get_size()}
    if isinstance(tid, h5py.h5t.TypeIntegerID):
        return {"class": "integer", "size": tid.get_size()}
    return {"class": type(tid).__name__, "size": tid.get_size()}


def plain(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()] if value.dtype != object else [plain(v) for v in value]
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def attributes(obj):
    result = {}
    for name in obj.attrs:
        attr = h5py.h5a.open(obj.id, name.encode())
        result[name] = {"value": plain(obj.attrs[name]), "type": describe_type(attr.get_type()),
                        "shape": list(attr.shape)}
    return result


def main(path):
    dump = {"attributes": {}, "datasets": {}, "groups": []}
    with h5py.File(path, "r") as f:
        dump["attributes"]["/"] = attributes(f)
        def visit(name, obj):
            if isinstance(obj, h5py.Group):
                dump["groups"].append(name)
                dump["attributes"][name] = attributes(obj)
            else:
                dump["datasets"][name] = {"shape": list(obj.shape), "dtype": str(obj.dtype),
                                          "type": describe_type(obj.id.get_type()),
                                          "values": plain(np.asarray(obj[()]).reshape(-1)),
                                          "contiguous": obj.chunks is None, "compression": obj.compression}
                if obj.attrs:
                    dump["attributes"][name] = attributes(obj)
        f.visititems(visit)
        for key in ("model_config", "training_config"):
            if key in f.attrs:
                dump[key] = json.loads(plain(f.attrs[key]))
    json.dump(dump, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
