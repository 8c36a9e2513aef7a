"""Prints, as JSON, what Python's zipfile and h5py see in a Keras 3 .keras file: the zip's members (name, compression,
size), metadata.json and config.json parsed, and model.weights.h5's groups (with their attributes) and datasets (shape,
dtype, values' sum)."""
import io
import json
import sys
import zipfile

import h5py

path = sys.argv[1]
with zipfile.ZipFile(path) as archive:
    members = [{"name": i.filename, "compress_type": i.compress_type, "size": i.file_size} for i in archive.infolist()]
    metadata = json.loads(archive.read("metadata.json"))
    config = json.loads(archive.read("config.json"))
    weights = archive.read("model.weights.h5")

groups = {}
datasets = {}


def visit(name, item):
    if isinstance(item, h5py.Dataset):
        datasets[name] = {"shape": list(item.shape), "dtype": str(item.dtype), "sum": float(item[()].sum())}
    else:
        groups[name] = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in item.attrs.items()}


with h5py.File(io.BytesIO(weights), "r") as f:
    f.visititems(visit)

print(json.dumps({"members": members, "metadata": metadata, "config": config, "groups": groups, "datasets": datasets}))
