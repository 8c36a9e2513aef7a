"""Writes a model file in Keras 2's HDF5 layout with h5py alone (no Keras), for IrisNet's network
(dense: 4 -> 16 relu, dense_1: 16 -> 3 softmax), with weights from a known pattern:
    kernel[i, j] = scale * (i * units + j + 1) / 1000 * (-1) ** (i + j),  bias[j] = -scale * (j + 1) / 100
with scale 1 for dense and 2 for dense_1; momentum slots use scale 3 and 4.
Usage: /usr/bin/python3 write_keras_h5.py OUT MODE
  MODE fixed: as Keras 2.3 writes: fixed-length NULLPAD name lists, ASCII variable-length root strings,
              SGD without momentum in training_config, no optimizer_weights.
  MODE vlen:  as Keras 2.11 writes: variable-length UTF-8 name lists and root strings, SGD with momentum and
              Nesterov, optimizer_weights with SGD/iter:0 = 7 and one momentum slot per variable."""
import json
import sys

import h5py
import numpy as np

LAYERS = [("dense", 4, 16, "relu", 1.0, 3.0), ("dense_1", 16, 3, "softmax", 2.0, 4.0)]


def pattern(inputs, units, scale):
    kernel = np.array([[scale * (i * units + j + 1) / 1000 * (-1) ** (i + j) for j in range(units)] for i in range(inputs)], dtype=np.float32)
    bias = np.array([-scale * (j + 1) / 100 for j in range(units)], dtype=np.float32)
    return kernel, bias


def names(values, mode):
    if mode == "fixed":
        return np.array([v.encode("ascii") for v in values])  # dtype S<longest>: fixed-length, NULLPAD
    return np.array(values, dtype=h5py.string_dtype("utf-8"))


def model_config():
    layers = []
    for index, (name, inputs, units, activation, _, _) in enumerate(LAYERS):
        config = {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
                  "use_bias": True,
                  "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
                  "bias_initializer": {"class_name": "Zeros", "config": {}},
                  "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                  "kernel_constraint": None, "bias_constraint": None}
        if index == 0:
            config["batch_input_shape"] = [None, inputs]
        layers.append({"class_name": "Dense", "config": config})
    return {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}


def main(out, mode):
    with h5py.File(out, "w") as f:
        vlen = h5py.string_dtype("utf-8") if mode == "vlen" else h5py.string_dtype("ascii")
        f.attrs.create("keras_version", "2.11.0" if mode == "vlen" else "2.3.1", dtype=vlen)
        f.attrs.create("backend", "tensorflow", dtype=vlen)
        f.attrs["model_config"] = json.dumps(model_config())
        if mode == "vlen":
            optimizer = {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05, "decay": 0.001, "momentum": 0.9, "nesterov": True}}
            metrics = [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]]
        else:
            optimizer = {"class_name": "SGD", "config": {"lr": 0.05, "momentum": 0.0, "decay": 0.0, "nesterov": False}}
            metrics = ["accuracy"]
        f.attrs["training_config"] = json.dumps({"optimizer_config": optimizer, "loss": "categorical_crossentropy", "metrics": metrics,
                                                 "weighted_metrics": None, "sample_weight_mode": None, "loss_weights": None})
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = names([layer[0] for layer in LAYERS], mode)
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = "2.11.0" if mode == "vlen" else "2.3.1"
        for name, inputs, units, _, scale, _ in LAYERS:
            group = weights.create_group(name)
            group.attrs["weight_names"] = names([f"{name}/kernel:0", f"{name}/bias:0"], mode)
            kernel, bias = pattern(inputs, units, scale)
            group.create_dataset(f"{name}/kernel:0", data=kernel)
            group.create_dataset(f"{name}/bias:0", data=bias)
        if mode == "vlen":
            state = f.create_group("optimizer_weights")
            slots = ["SGD/iter:0"]
            state.create_dataset("SGD/iter:0", data=np.int64(7))
            for name, inputs, units, _, _, scale in LAYERS:
                kernel, bias = pattern(inputs, units, scale)
                for variable, values in (("kernel", kernel), ("bias", bias)):
                    slots.append(f"SGD/{name}/{variable}/momentum:0")
                    state.create_dataset(slots[-1], data=values)
            state.attrs["weight_names"] = names(slots, mode)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
