"""Reports the superblock version of an HDF5 file and whether the HDF5 library accepts it within HDF5 1.8's format
(libver upper bound 'v108'): opened for writing under that bound, the library checks the superblock version
against it and refuses a version 3 superblock, which only HDF5 1.10 and later read. The file is copied first, so
it is not modified. Prints JSON. Usage: /usr/bin/python3 open_as_hdf5_1_8.py FILE"""
import json
import os
import shutil
import sys
import tempfile

import h5py


def main(path):
    with h5py.File(path, 'r') as f:
        superblock = f.id.get_create_plist().get_version()[0]
    result = {'superblock': superblock, 'hdf5': h5py.version.hdf5_version}
    with tempfile.TemporaryDirectory() as directory:
        copy = os.path.join(directory, 'copy.h5')
        shutil.copyfile(path, copy)
        try:
            with h5py.File(copy, 'r+', libver=('earliest', 'v108')) as f:
                f.visit(lambda name: f[name].attrs.keys())
            result['opens_within_v108'] = True
        except Exception as e:  # the library's refusal
            result['opens_within_v108'] = False
            result['error'] = str(e)
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
