#!/usr/bin/env bash
# What the generator adds to a user's build: writes a project of 50 model classes x 20 layers and times its clean
# and incremental builds four ways, with and without the compiler server, then prints generated lines and bytes per
# model and the generator's own time as the compiler reports it. Not a test; CI does not run it.
#
#   with      the models and the Compiled package, as a user's project has them;
#   without   the same models plus the files the generator wrote, copied in as plain sources, and the package's
#             generator removed: compiling the same code without running the generator;
#   baseline  the Compiled package with its generator removed and the user's own files: no model at all;
#   split     the user's project referencing the same models in a class library of their own (split-models), timed
#             for an edit to the user's project only, which compiles none of the models' code.
#
# Every project gets Compiled the way a user does: `dotnet pack` of src/Runtime into a local folder feed, added to the
# machine's own package sources, and a PackageReference (the generator is the package's analyzer). A ProjectReference
# to the generator instead would add an evaluation of the generator's project to every build, which users never pay.
#
# The models: Sequential, Input = 64, 20 layers each. Dense layers of 32, 64, 128 or 256 units (the width of layer i
# in model m is [256, 128, 64, 32][(m + i) % 4]), ReLU, a Dense(10, softmax) last; every fifth model has Dropout(0.1)
# at layers 5 and 12 instead of Dense, the rest are Dense only.
#
# "Clean" deletes the project's bin/ and obj/Release/ (restore is done once, untimed) and builds it; "incremental" edits
# one user file (a constant in User.cs) and builds again: the C# compiler then compiles the whole project again,
# generated code included. Each figure is the median of the repetitions, wall time and CPU time. Two compiler modes:
#
#   server     `dotnet build`'s default: the compiler runs in the long-lived compiler server (VBCSCompiler), warmed
#              first by a few builds of each project, as it is in an edit-build loop. Its CPU time is read from
#              /proc, since the server is not a child of the build.
#   no server  -p:UseSharedCompilation=false, as this machine's environment and many CI images set it: every build
#              starts a fresh compiler process, so the compiler and the generator run as cold code (JIT, Tier 0).
#
# Usage: benchmarks/BuildTime/run.sh [repetitions]   (3 by default; BUILDTIME_WORK=dir keeps the projects there)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
repetitions="${1:-3}"
models=50 layers=20
work="${BUILDTIME_WORK:-$(mktemp -d)}"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A package folder of its own: the machine's NuGet cache may hold an older Compiled of the same version.
export NUGET_PACKAGES="$work/packages"

echo "packing Compiled into a local feed (Release)..."
rm -rf "$work/feed" "$work/packages"
dotnet pack "$repo/src/Runtime" -c Release -o "$work/feed" -v:q -nologo > "$work/pack.log" || { tail -n 30 "$work/pack.log"; exit 1; }
package=$(basename "$(ls "$work"/feed/Compiled.*.nupkg | grep -v '\.symbols\.' | head -n 1)" .nupkg)
version=${package#Compiled.}
# The local feed joins the machine's configured sources (no <clear/>), which still serve the package's dependencies.
printf '<configuration><packageSources><add key="compiled-local" value="%s" /></packageSources></configuration>\n' \
  "$work/feed" > "$work/NuGet.config"

# project <dir> <keeps the generator: 0|1> [output type] [project file name] [more items]
write_project() {
  local dir=$1 drop_generator="" output_type=${3:-Exe} project=${4:-BuildTime} items=${5:-}
  mkdir -p "$dir"
  if [ "$2" = 0 ]; then
    drop_generator='<Target Name="DropCompiledGenerator" BeforeTargets="CoreCompile">
    <ItemGroup>
      <Analyzer Remove="@(Analyzer)" Condition="'"'"'%(Filename)'"'"' == '"'"'Compiled.Generator'"'"'" />
    </ItemGroup>
  </Target>'
  fi
  cat > "$dir/$project.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>$output_type</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <LangVersion>latest</LangVersion>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Compiled" Version="$version" />
    $items
  </ItemGroup>
  $drop_generator
</Project>
EOF
  [ "$output_type" = Exe ] || return 0
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

with="$work/with" without="$work/without" baseline="$work/baseline" split="$work/split"
rm -rf "$with" "$without" "$baseline" "$split" "$split-models" "$work/generated"
write_project "$with" 1 && write_models "$with"
write_project "$without" 0 && write_models "$without"
write_project "$baseline" 0
# The same models in a class library of their own, which the user's project references: an edit to the user's code
# then compiles none of the models' code (the library's reference assembly does not change, so it is up to date).
write_project "$split-models" 1 Library Models && write_models "$split-models"
write_project "$split" 1 Exe BuildTime '<ProjectReference Include="../split-models/Models.csproj" />'

for dir in "$with" "$without" "$baseline" "$split"; do
  dotnet restore "$dir/BuildTime.csproj" -v:q > "$work/restore.log" || { tail -n 30 "$work/restore.log"; exit 1; }
done

# The generated files, written once by a build of "with", become plain sources of "without".
dotnet build "$with/BuildTime.csproj" -c Release -v:q -nologo --no-restore \
  -p:EmitCompilerGeneratedFiles=true -p:CompilerGeneratedFilesOutputPath="$work/generated" > "$work/emit.log" \
  || { tail -n 30 "$work/emit.log"; exit 1; }
mkdir -p "$without/Generated"
find "$work/generated" -path '*Compiled.Generator*' -name '*.g.cs' -exec cp {} "$without/Generated/" \;

clock_ticks=$(getconf CLK_TCK)
# The compiler server's CPU time so far, in clock ticks (0 when none runs): utime and stime, fields 14 and 15 of
# /proc/<pid>/stat, counted after the command name, which is in parentheses.
server_ticks() {
  local pid total=0
  for pid in $(pgrep -x VBCSCompiler || true); do
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
shared=true
build() { # dir: builds it in the current compiler mode; the timing lands in dir/time as "wall cpu"
  local dir=$1 before after
  before=$(server_ticks)
  /usr/bin/time -f '%e %U %S' -o "$dir/time.raw" dotnet build "$dir/BuildTime.csproj" -c Release -nologo -v:q --no-restore \
    -p:UseSharedCompilation=$shared -nodeReuse:false -m:1 > "$dir/build.log" 2>&1 || { tail -n 30 "$dir/build.log"; exit 1; }
  after=$(server_ticks)
  awk -v server="$(( after > before ? after - before : 0 ))" -v tick="$clock_ticks" \
    '{printf "%.2f %.2f\n", $1, $2 + $3 + server / tick}' "$dir/time.raw" > "$dir/time"
}
measure() { "$1" "$2"; cat "$2/time"; } # command, dir: runs it, prints "wall cpu" in seconds
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
clean_build() { rm -rf "$1/bin" "$1/obj/Release"; build "$1"; }
incremental_build() { write_user_file "$1" "$RANDOM"; build "$1"; }

# The compiler's own report of the generator's and analyzers' time on an incremental build, in each mode
# (-v:d shows the compiler's report).
report() { # mode name: prints "generator analyzers" in seconds
  write_user_file "$with" "$RANDOM"
  dotnet build "$with/BuildTime.csproj" -c Release -nologo -v:d --no-restore -p:UseSharedCompilation=$1 -p:ReportAnalyzer=true \
    > "$work/report-$2.log" 2>&1 || { tail -n 30 "$work/report-$2.log"; exit 1; }
  local generator analyzers
  generator=$(grep -E '^ +[0-9.]+ +[0-9<]+ +Compiled\.Generator\.ModelGenerator' "$work/report-$2.log" | head -n 1 | awk '{print $1}')
  analyzers=$(grep -oE 'Total analyzer execution time: [0-9.]+' "$work/report-$2.log" | head -n 1 | awk '{print $NF}')
  echo "${generator:-?} ${analyzers:-?}"
}
declare -A wall cpu reported
for mode in server no-server; do
  if [ "$mode" = server ]; then
    shared=true
    dotnet build-server shutdown > /dev/null 2>&1 || true
    for dir in "$baseline" "$without" "$with" "$split" "$baseline" "$without" "$with" "$split"; do incremental_build "$dir"; done
  else
    shared=false
    dotnet build-server shutdown > /dev/null 2>&1 || true
    build "$baseline" # warms the file cache
  fi
  build "$split" # builds the models' library: from here on only the user's project changes
  # Repetitions outermost, projects inside: a drift in the machine's load or the server's warmth touches every project.
  declare -A walls=() cpus=()
  for kind in clean incremental; do
    for ((r = 0; r < repetitions; r++)); do
      for dir in "$baseline" "$without" "$with" "$split"; do
        name=$(basename "$dir")
        [ "$name/$kind" = split/clean ] && continue # a clean build of split is the same work as one of with
        read -r w c <<< "$(measure "${kind}_build" "$dir")"
        walls[$name,$kind]+=" $w" cpus[$name,$kind]+=" $c"
      done
    done
  done
  for key in "${!walls[@]}"; do
    wall[$mode,$key]=$(echo ${walls[$key]} | median) cpu[$mode,$key]=$(echo ${cpus[$key]} | median)
  done
  reported[$mode]=$(report "$shared" "$mode")
done

dotnet build-server shutdown > /dev/null 2>&1 || true

files=("$without"/Generated/*.g.cs)
lines=$(cat "${files[@]}" | wc -l) bytes=$(cat "${files[@]}" | wc -c)
dense_only=$(printf '%s/Generated/*Model01*.g.cs' "$without")
difference() { echo "$1 - $2" | bc; }
printf '\nbuild time, %d models x %d layers, median of %d, wall (CPU) in s\n' "$models" "$layers" "$repetitions"
for mode in server no-server; do
  if [ "$mode" = server ]; then
    printf '\ncompiler server (dotnet build'"'"'s default)\n'
  else
    printf '\nno compiler server (UseSharedCompilation=false)\n'
  fi
  printf '%-10s %16s %16s\n' project clean incremental
  for name in with without baseline; do
    printf '%-10s %7.2f (%6.2f) %7.2f (%6.2f)\n' "$name" "${wall[$mode,$name,clean]}" "${cpu[$mode,$name,clean]}" \
      "${wall[$mode,$name,incremental]}" "${cpu[$mode,$name,incremental]}"
  done
  for pair in "with baseline the models' total cost" "with without running the generator"; do
    read -r a b label <<< "$pair"
    printf '%s (%s - %s): clean %.2f (%.2f CPU), incremental %.2f (%.2f CPU)\n' "$label" "$a" "$b" \
      "$(difference "${wall[$mode,$a,clean]}" "${wall[$mode,$b,clean]}")" "$(difference "${cpu[$mode,$a,clean]}" "${cpu[$mode,$b,clean]}")" \
      "$(difference "${wall[$mode,$a,incremental]}" "${wall[$mode,$b,incremental]}")" "$(difference "${cpu[$mode,$a,incremental]}" "${cpu[$mode,$b,incremental]}")"
  done
  printf 'the models in a class library of their own, an edit to the user'"'"'s project (split - baseline): incremental %.2f (%.2f CPU)\n' \
    "$(difference "${wall[$mode,split,incremental]}" "${wall[$mode,baseline,incremental]}")" \
    "$(difference "${cpu[$mode,split,incremental]}" "${cpu[$mode,baseline,incremental]}")"
done
read -r generator_warm analyzers_warm <<< "${reported[server]}"
read -r generator_cold analyzers_cold <<< "${reported[no-server]}"
printf '\nreported by the compiler on an incremental build (-p:ReportAnalyzer=true): Compiled.Generator %s s in the server, %s s without; all analyzers %s s and %s s\n' \
  "$generator_warm" "$generator_cold" "$analyzers_warm" "$analyzers_cold"
printf 'generated: %d files, %d lines, %d bytes; per model %d lines, %d bytes\n' \
  "${#files[@]}" "$lines" "$bytes" $((lines / models)) $((bytes / models))
# shellcheck disable=SC2086
printf 'a 20-layer model of Dense layers only (Model01): %d lines\n' "$(cat $dense_only | wc -l)"
echo "projects in $work"
