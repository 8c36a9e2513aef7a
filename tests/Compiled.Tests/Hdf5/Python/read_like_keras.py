"""Reads an HDF5 model file with h5py the way tf.keras 2.4's hdf5_format.py does (load_model_from_hdf5,
load_weights_from_hdf5_group, load_optimizer_weights_from_hdf5_group, load_attributes_from_hdf5_group), without
TensorFlow, and prints what Keras would get as JSON: every string as a Python str, every weight resolved by name.
Usage: /usr/bin/python3 read_like_keras.py FILE"""
import json
import sys

import h5py
import numpy as np


def load_attributes_from_hdf5_group(group, name):
    # Keras's own code, including the chunked form ('layer_names0', 'layer_names1', ...) of long lists.
    if name in group.attrs:
        data = [n.decode('utf8') if hasattr(n, 'decode') else n for n in group.attrs[name]]
    else:
        data = []
        chunk_id = 0
        while '%s%d' % (name, chunk_id) in group.attrs:
            data.extend([n.decode('utf8') if hasattr(n, 'decode') else n for n in group.attrs['%s%d' % (name, chunk_id)]])
            chunk_id += 1
    return data


def decoded(value):
    if hasattr(value, 'decode'):
        value = value.decode('utf8')
    return value


def require_str(values, what):
    for value in values:
        if not isinstance(value, str):
            raise TypeError('%s: %r is a %s, not a str' % (what, value, type(value).__name__))
    return [str(v) for v in values]


def main(path):
    result = {}
    with h5py.File(path, 'r') as f:
        result['model_config'] = json.loads(decoded(f.attrs.get('model_config')))
        training_config = f.attrs.get('training_config')
        result['training_config'] = None if training_config is None else json.loads(decoded(training_config))
        result['keras_version'], result['backend'] = require_str([decoded(f.attrs['keras_version']), decoded(f.attrs['backend'])], '/')

        weights = f['model_weights']
        result['model_weights'] = {
            'keras_version': require_str([decoded(weights.attrs['keras_version'])], 'model_weights')[0],
            'backend': require_str([decoded(weights.attrs['backend'])], 'model_weights')[0],
            'layer_names': require_str(load_attributes_from_hdf5_group(weights, 'layer_names'), 'layer_names'),
            'layers': {},
        }
        for name in result['model_weights']['layer_names']:
            g = weights[name]
            weight_names = require_str(load_attributes_from_hdf5_group(g, 'weight_names'), name + ' weight_names')
            result['model_weights']['layers'][name] = {n: list(np.asarray(g[n]).shape) for n in weight_names}

        if 'optimizer_weights' in f:
            group = f['optimizer_weights']
            names = require_str(load_attributes_from_hdf5_group(group, 'weight_names'), 'optimizer_weights weight_names')
            result['optimizer_weights'] = {n: list(np.asarray(group[n]).shape) for n in names}
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
