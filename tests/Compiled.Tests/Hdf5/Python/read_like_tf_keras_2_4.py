"""Replays tf.keras 2.4's reading of an HDF5 model file (hdf5_format.py: load_model_from_hdf5,
load_weights_from_hdf5_group, load_optimizer_weights_from_hdf5_group, load_attributes_from_hdf5_group, and
Model.load_weights for a save_weights file) as it ran with h5py 2.10, the h5py that release required, and prints
what Keras gets as JSON. Unlike read_like_keras.py (tf.keras 2.5's guarded `n.decode('utf8') if hasattr(n, 'decode')`),
it decodes unconditionally, as 2.4 did, so a string h5py 2.10 returns as str fails here as it failed there:
"'str' object has no attribute 'decode'".

h5py 3 (installed here) returns every variable-length string attribute as str; h5py 2.10 returned a variable-length
string as str only when its character set is UTF-8, and as bytes when it is ASCII; fixed-length strings as bytes in
both (h5py 3.0's "What's new", strings). attribute() applies h5py 2.10's rule to what h5py 3 read.
Usage: /usr/bin/python3 read_like_tf_keras_2_4.py FILE [--weights]"""
import json
import sys

import h5py
import numpy as np


def as_h5py_2(value, string_info):
    if string_info is None or string_info.length is not None or string_info.encoding == 'utf-8':
        return value  # not a string, fixed-length (bytes in both), or variable-length UTF-8 (str in both)
    # Variable-length ASCII: bytes in h5py 2.10.
    if isinstance(value, str):
        return value.encode('ascii')
    if isinstance(value, np.ndarray) and value.dtype == object:
        return np.array([v.encode('ascii') if isinstance(v, str) else v for v in value.flat], dtype=object).reshape(value.shape)
    return value


def attribute(obj, name):
    """obj.attrs[name] as h5py 2.10 returned it."""
    return as_h5py_2(obj.attrs[name], h5py.check_string_dtype(obj.attrs.get_id(name).dtype))


def attribute_get(obj, name):
    return attribute(obj, name) if name in obj.attrs else None


def load_attributes_from_hdf5_group(group, name):
    if name in group.attrs:
        data = [n.decode('utf8') for n in attribute(group, name)]
    else:
        data = []
        chunk_id = 0
        while '%s%d' % (name, chunk_id) in group.attrs:
            data.extend([n.decode('utf8') for n in attribute(group, '%s%d' % (name, chunk_id))])
            chunk_id += 1
    return data


def load_weights_from_hdf5_group(f):
    result = {}
    if 'keras_version' in f.attrs:
        result['keras_version'] = attribute(f, 'keras_version').decode('utf8')
    if 'backend' in f.attrs:
        result['backend'] = attribute(f, 'backend').decode('utf8')
    result['layer_names'] = load_attributes_from_hdf5_group(f, 'layer_names')
    result['layers'] = {}
    for name in result['layer_names']:
        g = f[name]
        weight_names = load_attributes_from_hdf5_group(g, 'weight_names')
        result['layers'][name] = {n: list(np.asarray(g[n]).shape) for n in weight_names}
    return result


def load_model_from_hdf5(f):
    result = {}
    model_config = attribute_get(f, 'model_config')
    if model_config is None:
        raise ValueError('No model found in config file.')
    result['model_config'] = json.loads(model_config.decode('utf-8'))
    result['model_weights'] = load_weights_from_hdf5_group(f['model_weights'])
    training_config = attribute_get(f, 'training_config')
    if training_config is not None:
        result['training_config'] = json.loads(training_config.decode('utf-8'))
        if 'optimizer_weights' in f:
            weights_group = f['optimizer_weights']
            names = load_attributes_from_hdf5_group(weights_group, 'weight_names')
            result['optimizer_weights'] = {n: list(np.asarray(weights_group[n]).shape) for n in names}
    return result


def main(path, weights_only):
    with h5py.File(path, 'r') as f:
        if weights_only:
            # Model.load_weights: a model file's weights are under model_weights.
            if 'layer_names' not in f.attrs and 'model_weights' in f:
                f = f['model_weights']
            result = load_weights_from_hdf5_group(f)
        else:
            result = load_model_from_hdf5(f)
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1], '--weights' in sys.argv[2:])
