"""Writes a model file in tf.keras 2.4's HDF5 layout with h5py alone (no Keras, no Compiled writer) for a network of GRUs:
  gru:           GRU(4, return_sequences=True), reset_after=True, on (5, 3)
  bidirectional: Bidirectional(GRU(2, return_sequences=True, reset_after=False), merge_mode='concat')
  gru_1:         GRU(3, recurrent_activation='hard_sigmoid', go_backwards=True, reset_after=False)
Each weight is named in its cell's scope as tf.keras 2 names it (gru/gru_cell/kernel:0, bias (2, 3*units) with
reset_after) and filled, C order, with the pattern value[i] = scale * ((7 * i) % 23 - 11) / 40 where scale is
1 + k / 10 for the k-th weight of the file (counting from 0, layer by layer, forward copy before backward copy).
Usage: /usr/bin/python3 write_keras_gru_h5.py OUT"""
import json
import sys

import h5py
import numpy as np


def gru_config(name, units, return_sequences, go_backwards, reset_after, recurrent_activation):
    return {"name": name, "trainable": True, "dtype": "float32", "return_sequences": return_sequences, "return_state": False,
            "go_backwards": go_backwards, "stateful": False, "unroll": False, "time_major": False, "units": units,
            "activation": "tanh", "recurrent_activation": recurrent_activation, "use_bias": True,
            "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
            "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None,
            "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 2, "reset_after": reset_after}


def gru_weights(scope, features, units, reset_after):
    width = 3 * units
    return [(scope + "/kernel:0", (features, width)), (scope + "/recurrent_kernel:0", (units, width)),
            (scope + "/bias:0", (2, width) if reset_after else (width,))]


def main(out):
    first = gru_config("gru", 4, True, False, True, "sigmoid")
    first["batch_input_shape"] = [None, 5, 3]
    wrapped = gru_config("gru_2", 2, True, False, False, "sigmoid")
    bidirectional = {"name": "bidirectional", "trainable": True, "dtype": "float32",
                     "layer": {"class_name": "GRU", "config": wrapped}, "merge_mode": "concat"}
    last = gru_config("gru_1", 3, False, True, False, "hard_sigmoid")
    config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
        {"class_name": "GRU", "config": first}, {"class_name": "Bidirectional", "config": bidirectional}, {"class_name": "GRU", "config": last}]}}
    layers = [
        ("gru", gru_weights("gru/gru_cell", 3, 4, True)),
        ("bidirectional", gru_weights("bidirectional/forward_gru_2/gru_cell_2", 4, 2, False)
         + gru_weights("bidirectional/backward_gru_2/gru_cell_2", 4, 2, False)),
        ("gru_1", gru_weights("gru_1/gru_cell_1", 4, 3, False)),
    ]
    with h5py.File(out, "w") as f:
        f.attrs["keras_version"] = "2.4.0"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = np.array([name.encode("ascii") for name, _ in layers])
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = "2.4.0"
        k = 0
        for name, variables in layers:
            group = weights.create_group(name)
            group.attrs["weight_names"] = np.array([n.encode("ascii") for n, _ in variables])
            for weight, shape in variables:
                scale = 1 + k / 10
                count = int(np.prod(shape))
                values = np.array([scale * ((7 * i) % 23 - 11) / 40 for i in range(count)], dtype=np.float32).reshape(shape)
                group.create_dataset(weight, data=values)
                k += 1


if __name__ == "__main__":
    main(sys.argv[1])
