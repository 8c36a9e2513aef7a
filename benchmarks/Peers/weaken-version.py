#!/usr/bin/env python3
"""Marks one symbol-version requirement of an ELF64 library as weak (VER_FLG_WEAK), so that the dynamic
loader accepts a C library that lacks that version. Used on Debian 13's libstdc++ (see run-peers.sh), whose
only GLIBC_2.38 symbol is supplied by a shim instead.

usage: weaken-version.py LIBRARY VERSION   (for example: libstdc++.so.6 GLIBC_2.38)
"""
import struct
import sys

VER_FLG_WEAK = 0x2


def main(path, version):
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2:
        sys.exit(f"{path}: not an ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = sections[shstrndx][4]

    def name(offset, table):
        end = data.index(b"\0", table + offset)
        return data[table + offset:end].decode()

    by_name = {name(s[0], names): s for s in sections}
    verneed = by_name[".gnu.version_r"]
    dynstr = sections[verneed[6]][4]  # sh_link: the string table of the version names
    offset, changed = verneed[4], 0
    for _ in range(verneed[8] if verneed[8] else 1 << 16):  # sh_info: number of Verneed entries
        vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, offset)
        aux = offset + vn_aux
        for _ in range(vn_cnt):
            vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
            if name(vna_name, dynstr) == version:
                struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                changed += 1
            aux += vna_next
        if not vn_next:
            break
        offset += vn_next
    if not changed:
        sys.exit(f"{path}: no requirement of {version}")
    open(path, "wb").write(data)
    print(f"{path}: {version} is now a weak requirement ({changed} entry)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
