#!/usr/bin/env bash
# Runs Compiled's benchmark runner and its peers (TorchSharp for everything, OpenBLAS for SGEMM) on this
# machine, one after the other in one invocation, and prints every line plus the ratios. Not a test; CI
# does not run it.
#
# TorchSharp 0.107's libtorch needs GLIBCXX_3.4.32 (GCC 13), newer than Debian 12's libstdc++ (GCC 12),
# and fails to load as shipped. Handled here, without touching the system: Debian 13's libstdc++6 package
# is downloaded with apt into benchmarks/Peers/.native, its one symbol that needs glibc 2.38
# (__isoc23_strtoul, C23's strtoul) is supplied by a two-line shim over strtoul, and that version
# requirement is marked weak (weaken-version.py); the peer then runs with LD_LIBRARY_PATH pointing there.
# The package comes from the Debian mirror the machine's own apt sources name (asked for the trixie suite, in a
# source list of this script's own), or from a .deb given as LIBSTDCXX_DEB=/path/to/libstdc++6_*.deb.
#
# Usage: run-peers.sh [repetitions] [workload ...]; every workload by default, e.g.
#   bash benchmarks/run-peers.sh 15 mnist_cnn_train fma_peak
set -euo pipefail
cd "$(dirname "$0")"
repetitions="${1:-15}"
workloads=("${@:2}")
# A selection goes to both runners (the peer skips what it has no counterpart for); OpenBLAS runs for sgemm.
compiled_selection=() peer_selection=() run_openblas=1
if [ ${#workloads[@]} -gt 0 ]; then
  compiled_selection=(-w "${workloads[@]}")
  run_openblas=0
  for w in "${workloads[@]}"; do
    case "$w" in
      sgemm) run_openblas=1; peer_selection+=("$w") ;;
      fma_peak) ;;
      *) peer_selection+=("$w") ;;
    esac
  done
fi
native="$PWD/Peers/.native"

# The first Debian archive the machine's apt sources name for its own release (not its -security suite).
# Either file may be missing (deb822 sources alone, or a one-line sources.list alone): awk's error is no answer.
debian_mirror() {
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  {
    awk -v c="$codename" '
      function flush() { if (uris != "" && hit) print uris; uris = ""; hit = 0 }
      FNR == 1 || /^[[:space:]]*$/ { flush() }
      /^URIs:/ { uris = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == c) hit = 1 }
      END { flush() }' /etc/apt/sources.list.d/*.sources 2> /dev/null || true
    awk -v c="$codename" '$1 == "deb" { for (i = 2; i < NF; i++) if ($i ~ /:\/\//) { if ($(i + 1) == c) print $i; break } }' /etc/apt/sources.list 2> /dev/null || true
  } | head -n 1
}

if [ ! -f "$native/libstdc++.so.6" ]; then
  mkdir -p "$native/lists" "$native/deb"
  if [ -n "${LIBSTDCXX_DEB:-}" ]; then
    cp "$LIBSTDCXX_DEB" "$native/deb/"
  else
    mirror=$(debian_mirror)
    if [ -z "$mirror" ]; then
      echo "no Debian archive found in /etc/apt/sources.list*; set LIBSTDCXX_DEB to Debian 13's libstdc++6 .deb" >&2
      exit 1
    fi
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$native/sources.list"
    apt=(-o Dir::Etc::sourcelist="$native/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$native/lists" -o APT::Get::List-Cleanup=0)
    apt-get "${apt[@]}" update > /dev/null
    (cd "$native/deb" && apt-get "${apt[@]}" download libstdc++6 > /dev/null 2>&1)
  fi
  dpkg-deb -x "$native"/deb/libstdc++6_*.deb "$native/root"
  cp "$native"/root/usr/lib/x86_64-linux-gnu/libstdc++.so.6.* "$native/libstdc++.so.6"
  printf '#include <stdlib.h>\nunsigned long __isoc23_strtoul(const char *s, char **end, int base) { return strtoul(s, end, base); }\n' > "$native/isoc23.c"
  gcc -shared -fPIC -O2 -o "$native/libisoc23.so" "$native/isoc23.c"
  command -v patchelf > /dev/null || apt-get install -y patchelf > /dev/null
  patchelf --clear-symbol-version __isoc23_strtoul --add-needed libisoc23.so "$native/libstdc++.so.6"
  python3 Peers/weaken-version.py "$native/libstdc++.so.6" GLIBC_2.38
fi

dotnet build Compiled.Benchmarks -c Release > /dev/null
dotnet build Peers/TorchSharpPeer -c Release > /dev/null
results=$(mktemp)
lscpu | grep -E '^Model name|^CPU\(s\)' | tr -s ' '
dotnet Compiled.Benchmarks/bin/Release/net10.0/Compiled.Benchmarks.dll -r "$repetitions" "${compiled_selection[@]}" | tee -a "$results"
# libtorch allocates every step's tensors afresh through glibc's malloc, which hands blocks of a few MB back to
# the kernel and maps them again on the next step; on this VM those page faults cost libtorch more than its
# arithmetic (mnist_cnn_train: ~300 ms a step on one thread, a third of it in the kernel, against ~105 ms). The
# two settings keep such blocks in malloc's heap (any block under 32 MiB, the most glibc allows, and no
# trimming), so the peer is timed on its kernels, not on this machine's page faults. TORCH_MALLOC=shipped runs
# it with glibc's defaults.
torch_malloc=(MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184)
[ "${TORCH_MALLOC:-}" = shipped ] && torch_malloc=()
if [ ${#workloads[@]} -eq 0 ] || [ ${#peer_selection[@]} -gt 0 ]; then
  env "${torch_malloc[@]}" LD_LIBRARY_PATH="$native" dotnet Peers/TorchSharpPeer/bin/Release/net10.0/TorchSharpPeer.dll "$repetitions" "${peer_selection[@]}" 2> /dev/null | tee -a "$results"
fi

# OpenBLAS (Debian's libopenblas, pthreads build). This machine sets OPENBLAS_CORETYPE=Haswell for old
# OpenBLAS builds' sake; unset here alone, so that it picks its AVX-512 kernel (it prints which).
if [ "$run_openblas" = 1 ]; then
  [ -f /usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h ] || [ -f /usr/include/cblas.h ] || apt-get install -y libopenblas-dev > /dev/null
  cc -O2 -o "$native/sgemm" Peers/OpenBlasPeer/sgemm.c -lopenblas
  (unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; "$native/sgemm" "$repetitions") | tee -a "$results"
fi

echo
echo "ratios (peer time / Compiled time; for sgemm Compiled GFLOP/s / peer GFLOP/s):"
python3 - "$results" <<'PY'
import sys
rows = [dict(field.split("=", 1) for field in line.split()) for line in open(sys.argv[1]) if line.startswith("workload=")]
def key(r): return (r["workload"], r["threads"], r.get("shape", ""), r.get("op", "nn"))
compiled = {key(r): r for r in rows if r["impl"] == "compiled"}
for r in rows:
    if r["impl"] == "compiled" or key(r) not in compiled: continue
    c = compiled[key(r)]
    if "gflops" in r: ratio = float(c["gflops"]) / float(r["gflops"])
    else:
        metric = "us_per_step" if "us_per_step" in r else "us_per_call"
        ratio = float(r[metric]) / float(c[metric])
    print(f"  {r['impl']:<10} {r['workload']:<16} threads={r['threads']} {r.get('shape', ''):<12} {ratio:6.2f}x")
PY
