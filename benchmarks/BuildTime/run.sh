#!/usr/bin/env bash
# What the generator adds to a user's build: writes a project of 50 model classes x 20 layers and times its clean
# and incremental builds three ways, then prints generated lines and bytes per model and the generator's own time.
# Not a test; CI does not run it.
#
#   with      the models, the runtime and the generator, as a user's project has them;
#   without   the same models plus the files the generator wrote, copied in as plain sources, and no generator:
#             compiling the same code without running the generator;
#   baseline  the runtime and the user's own files, no model at all.
#
# The models: Sequential, Input = 64, 20 layers each. Dense layers of 32, 64, 128 or 256 units (the width of layer i
# in model m is [256, 128, 64, 32][(m + i) % 4]), ReLU, a Dense(10, softmax) last; every fifth model has Dropout(0.1)
# at layers 5 and 12 instead of Dense, the rest are Dense only.
# "Clean" deletes the project's bin/ and obj/Release/ (restore is done once, untimed) and builds it alone
# (--no-dependencies: the runtime and the generator are built once beforehand); "incremental" edits one user file
# (a constant in User.cs) and builds again. Each figure is the median of the repetitions, wall time and CPU time.
# The generator's own time is what the compiler reports with -p:ReportAnalyzer=true, from one more build of "with".
#
# Usage: benchmarks/BuildTime/run.sh [repetitions]   (3 by default; BUILDTIME_WORK=dir keeps the projects there)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
repetitions="${1:-3}"
models=50 layers=20
work="${BUILDTIME_WORK:-$(mktemp -d)}"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

runtime="$repo/src/Runtime/Compiled.Runtime.csproj"
generator="$repo/src/Generator/Compiled.Generator.csproj"
echo "building the runtime and the generator once (Release)..."
dotnet build "$runtime" -c Release -v:q -nologo > /dev/null
dotnet build "$generator" -c Release -v:q -nologo > /dev/null

# project <dir> <with generator: 0|1>
write_project() {
  local dir=$1 analyzer=""
  mkdir -p "$dir"
  if [ "$2" = 1 ]; then
    analyzer="<ProjectReference Include=\"$generator\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"
  fi
  cat > "$dir/BuildTime.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <LangVersion>latest</LangVersion>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$runtime" />
    $analyzer
  </ItemGroup>
</Project>
EOF
  cat > "$dir/Program.cs" <<'EOF'
System.Console.WriteLine(BuildTime.User.Edits);
EOF
  write_user_file "$dir" 0
}

# User.cs, the file the incremental build edits.
write_user_file() {
  cat > "$1/User.cs" <<EOF
namespace BuildTime;

/// <summary>The user's own code, edited between incremental builds.</summary>
public static class User
{
    /// <summary>Changes with every edit.</summary>
    public const int Edits = $2;
}
EOF
}

write_models() {
  local dir=$1/Models m i widths=(256 128 64 32)
  mkdir -p "$dir"
  for ((m = 0; m < models; m++)); do
    {
      echo "using Compiled;"
      echo
      echo "namespace BuildTime.Models;"
      echo
      echo "/// <summary>Model $m of the build-time benchmark.</summary>"
      echo "[Sequential(Input = 64)]"
      for ((i = 0; i < layers - 1; i++)); do
        if ((m % 5 == 0 && (i == 5 || i == 12))); then
          echo "[Dropout(0.1)]"
        else
          echo "[Dense(${widths[$(((m + i) % 4))]}, Activation = Activation.Relu)]"
        fi
      done
      echo "[Dense(10, Activation = Activation.Softmax)]"
      printf 'public partial class Model%02d;\n' "$m"
    } > "$(printf '%s/Model%02d.cs' "$dir" "$m")"
  done
}

with="$work/with" without="$work/without" baseline="$work/baseline"
rm -rf "$with" "$without" "$baseline"
write_project "$with" 1 && write_models "$with"
write_project "$without" 0 && write_models "$without"
write_project "$baseline" 0

# The generated files, written once by a build of "with", become plain sources of "without".
dotnet build "$with/BuildTime.csproj" -c Release -v:q -nologo --no-dependencies \
  -p:EmitCompilerGeneratedFiles=true -p:CompilerGeneratedFilesOutputPath="$work/generated" > "$work/emit.log" \
  || { tail -n 30 "$work/emit.log"; exit 1; }
mkdir -p "$without/Generated"
find "$work/generated" -name '*.g.cs' -exec cp {} "$without/Generated/" \;

for dir in "$with" "$without" "$baseline"; do
  dotnet restore "$dir/BuildTime.csproj" -v:q > /dev/null
done

# Timed builds run the compiler in the build's own process tree (no compiler server), so that /usr/bin/time sees its CPU
# time: on a shared machine the wall time moves with the neighbours' load, the CPU time much less. Both are reported;
# every build pays the same start-up of the compiler, which the differences between projects cancel.
build() { # dir, extra arguments
  local dir=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$dir/time" dotnet build "$dir/BuildTime.csproj" -c Release -nologo -v:q --no-restore --no-dependencies \
    -p:UseSharedCompilation=false -nodeReuse:false -m:1 "$@" > "$dir/build.log" 2>&1 || { tail -n 30 "$dir/build.log"; exit 1; }
}
measure() { # command, dir: runs it, prints "wall cpu" in seconds
  "$1" "$2"
  awk 'END {printf "%.2f %.2f", $1, $2 + $3}' "$2/time"
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
clean_build() { rm -rf "$1/bin" "$1/obj/Release"; build "$1"; }
incremental_build() { write_user_file "$1" "$RANDOM"; build "$1"; }

declare -A clean incremental clean_cpu incremental_cpu
build "$baseline" # warms the file cache
for dir in "$baseline" "$without" "$with"; do
  name=$(basename "$dir")
  for kind in clean incremental; do
    walls="" cpus=""
    for ((r = 0; r < repetitions; r++)); do
      read -r wall cpu <<< "$(measure "${kind}_build" "$dir")"
      walls+=" $wall" cpus+=" $cpu"
    done
    if [ "$kind" = clean ]; then
      clean[$name]=$(echo $walls | median) clean_cpu[$name]=$(echo $cpus | median)
    else
      incremental[$name]=$(echo $walls | median) incremental_cpu[$name]=$(echo $cpus | median)
    fi
  done
done

# The compiler's own report of the generator's time, from one more build of "with" (-v:d shows the compiler's report).
dotnet build "$with/BuildTime.csproj" -c Release -nologo -v:d --no-restore --no-dependencies -p:ReportAnalyzer=true \
  --no-incremental > "$work/report.log" 2>&1 || { tail -n 30 "$work/report.log"; exit 1; }
# Every project runs the SDK's own generators too (ComInterfaceGenerator and others); the line for ours alone, and the
# analyzers' total, which grows with the generated code they read.
generator_seconds=$(grep -E '^ +[0-9.]+ +[0-9<]+ +Compiled\.Generator\.ModelGenerator' "$work/report.log" | head -n 1 | awk '{print $1}')
all_generators_seconds=$(grep -oE 'Total generator execution time: [0-9.]+' "$work/report.log" | head -n 1 | awk '{print $NF}')
analyzer_seconds=$(grep -oE 'Total analyzer execution time: [0-9.]+' "$work/report.log" | head -n 1 | awk '{print $NF}')

files=("$without"/Generated/*.g.cs)
lines=$(cat "${files[@]}" | wc -l) bytes=$(cat "${files[@]}" | wc -c)
dense_only=$(printf '%s/Generated/*Model01*.g.cs' "$without")
printf '\nbuild time, %d models x %d layers, median of %d, wall (CPU) in s\n' "$models" "$layers" "$repetitions"
printf '%-10s %16s %16s\n' project clean incremental
for name in with without baseline; do
  printf '%-10s %7.2f (%6.2f) %7.2f (%6.2f)\n' "$name" "${clean[$name]}" "${clean_cpu[$name]}" "${incremental[$name]}" "${incremental_cpu[$name]}"
done
difference() { echo "$1 - $2" | bc; }
printf 'generator total cost (with - baseline): clean %.2f (%.2f CPU), incremental %.2f (%.2f CPU)\n' \
  "$(difference "${clean[with]}" "${clean[baseline]}")" "$(difference "${clean_cpu[with]}" "${clean_cpu[baseline]}")" \
  "$(difference "${incremental[with]}" "${incremental[baseline]}")" "$(difference "${incremental_cpu[with]}" "${incremental_cpu[baseline]}")"
printf 'running the generator (with - without): clean %.2f (%.2f CPU), incremental %.2f (%.2f CPU)\n' \
  "$(difference "${clean[with]}" "${clean[without]}")" "$(difference "${clean_cpu[with]}" "${clean_cpu[without]}")" \
  "$(difference "${incremental[with]}" "${incremental[without]}")" "$(difference "${incremental_cpu[with]}" "${incremental_cpu[without]}")"
printf 'reported by the compiler (-p:ReportAnalyzer=true): Compiled.Generator %s s (all generators %s s), analyzers %s s\n' \
  "${generator_seconds:-?}" "${all_generators_seconds:-?}" "${analyzer_seconds:-?}"
printf 'generated: %d files, %d lines, %d bytes; per model %d lines, %d bytes\n' \
  "${#files[@]}" "$lines" "$bytes" $((lines / models)) $((bytes / models))
# shellcheck disable=SC2086
printf 'a 20-layer model of Dense layers only (Model01): %d lines\n' "$(cat $dense_only | wc -l)"
echo "projects in $work"
