"""Writes a model file in Keras 2's HDF5 layout with h5py alone (no Keras), for IrisNet's network
(dense: 4 -> 16 relu, dense_1: 16 -> 3 softmax), with weights from a known pattern:
    kernel[i, j] = scale * (i * units + j + 1) / 1000 * (-1) ** (i + j),  bias[j] = -scale * (j + 1) / 100
with scale 1 for dense and 2 for dense_1; momentum slots use scale 3 and 4.
Usage: /usr/bin/python3 write_keras_h5.py OUT MODE
  MODE fixed: as Keras 2.3 writes: fixed-length NULLPAD name lists, ASCII variable-length root strings,
              SGD without momentum in training_config, no optimizer_weights.
  MODE vlen:  as Keras 2.11 writes: variable-length UTF-8 name lists and root strings, SGD with momentum and
              Nesterov, optimizer_weights with SGD/iter:0 = 7 and one momentum slot per variable.
  MODE adam:  as tf.keras 2.4 writes a model compiled with Adam: fixed-length name lists, the Adam settings of a real
              tf.keras 2.4 file (issue_9349.hdf5), optimizer_weights with Adam/iter:0 = 12, every variable's m (the
              momentum pattern), then every variable's v (its absolute value halved)."""
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
        version = {"vlen": "2.11.0", "adam": "2.4.0"}.get(mode, "2.3.1")
        f.attrs.create("keras_version", version, dtype=vlen)
        f.attrs.create("backend", "tensorflow", dtype=vlen)
        f.attrs["model_config"] = json.dumps(model_config())
        if mode == "vlen":
            optimizer = {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05, "decay": 0.001, "momentum": 0.9, "nesterov": True}}
            metrics = [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]]
        elif mode == "adam":
            optimizer = {"class_name": "Adam", "config": {"name": "Adam", "learning_rate": 0.0011449999874457717, "decay": 0.0,
                                                          "beta_1": 0.8999999761581421, "beta_2": 0.9990000128746033, "epsilon": 1e-08, "amsgrad": False}}
            metrics = [[{"class_name": "MeanMetricWrapper", "config": {"name": "accuracy", "dtype": "float32", "fn": "categorical_accuracy"}}]]
        else:
            optimizer = {"class_name": "SGD", "config": {"lr": 0.05, "momentum": 0.0, "decay": 0.0, "nesterov": False}}
            metrics = ["accuracy"]
        f.attrs["training_config"] = json.dumps({"optimizer_config": optimizer, "loss": "categorical_crossentropy", "metrics": metrics,
                                                 "weighted_metrics": None, "sample_weight_mode": None, "loss_weights": None})
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = names([layer[0] for layer in LAYERS], mode)
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = version
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
        if mode == "adam":
            state = f.create_group("optimizer_weights")
            slots = ["Adam/iter:0"]
            state.create_dataset("Adam/iter:0", data=np.int64(12))
            for slot, transform in (("m", lambda a: a), ("v", lambda a: np.abs(a) / 2)):
                for name, inputs, units, _, _, scale in LAYERS:
                    kernel, bias = pattern(inputs, units, scale)
                    for variable, values in (("kernel", kernel), ("bias", bias)):
                        slots.append(f"Adam/{name}/{variable}/{slot}:0")
                        state.create_dataset(slots[-1], data=transform(values).astype(np.float32))
            state.attrs["weight_names"] = names(slots, "fixed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
