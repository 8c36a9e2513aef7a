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
# (a constant in User.cs) and builds again. Each figure is the median of the repetitions, compiler server warm.
# The generator's own time is what the compiler reports with -p:ReportAnalyzer=true ("Total generator execution time").
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

build() { # dir, extra arguments
  local dir=$1; shift
  dotnet build "$dir/BuildTime.csproj" -c Release -nologo -v:q --no-restore --no-dependencies "$@" > "$dir/build.log" 2>&1 \
    || { tail -n 30 "$dir/build.log"; exit 1; }
}
seconds() { # runs the command, prints the seconds it took
  local start end
  start=$(date +%s.%N); "$@"; end=$(date +%s.%N)
  echo "$end - $start" | bc
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
clean_build() { rm -rf "$1/bin" "$1/obj/Release"; build "$1"; }
edits=0
incremental_build() { edits=$((edits + 1)); write_user_file "$1" "$edits"; build "$1"; }

declare -A clean incremental
build "$baseline" # warms the compiler server
for dir in "$baseline" "$without" "$with"; do
  name=$(basename "$dir") times=""
  for ((r = 0; r < repetitions; r++)); do times+=" $(seconds clean_build "$dir")"; done
  clean[$name]=$(echo $times | median)
  times=""
  for ((r = 0; r < repetitions; r++)); do times+=" $(seconds incremental_build "$dir")"; done
  incremental[$name]=$(echo $times | median)
done

# The compiler's own report of the generator's time, from one more build of "with" (-v:d shows the compiler's report).
dotnet build "$with/BuildTime.csproj" -c Release -nologo -v:d --no-restore --no-dependencies -p:ReportAnalyzer=true \
  --no-incremental > "$work/report.log" 2>&1 || { tail -n 30 "$work/report.log"; exit 1; }
generator_seconds=$(grep -oE 'Total generator execution time: [0-9.]+' "$work/report.log" | head -n 1 | awk '{print $NF}')

files=("$without"/Generated/*.g.cs)
lines=$(cat "${files[@]}" | wc -l) bytes=$(cat "${files[@]}" | wc -c)
dense_only=$(printf '%s/Generated/*Model01*.g.cs' "$without")
printf '\nbuild time, %d models x %d layers, median of %d (s)\n' "$models" "$layers" "$repetitions"
printf '%-10s %8s %12s\n' project clean incremental
for name in with without baseline; do printf '%-10s %8.2f %12.2f\n' "$name" "${clean[$name]}" "${incremental[$name]}"; done
printf 'generator total cost (with - baseline): %.2f s clean, %.2f s incremental\n' \
  "$(echo "${clean[with]} - ${clean[baseline]}" | bc)" "$(echo "${incremental[with]} - ${incremental[baseline]}" | bc)"
printf 'running the generator (with - without): %.2f s clean, %.2f s incremental\n' \
  "$(echo "${clean[with]} - ${clean[without]}" | bc)" "$(echo "${incremental[with]} - ${incremental[without]}" | bc)"
printf 'generator execution time reported by the compiler: %s s\n' "${generator_seconds:-?}"
printf 'generated: %d files, %d lines, %d bytes; per model %d lines, %d bytes\n' \
  "${#files[@]}" "$lines" "$bytes" $((lines / models)) $((bytes / models))
# shellcheck disable=SC2086
printf 'a 20-layer model of Dense layers only (Model01): %d lines\n' "$(cat $dense_only | wc -l)"
echo "projects in $work"
