#!/usr/bin/env bash
# Packs SegGen into a local folder feed and builds consumer projects outside the repository, each with one
# PackageReference to SegGen, the way a user would:
#   - good models, one in YAML and one an attributed class, build (warnings are errors) and their forward runs:
#     the output shapes are printed and checked; the generated files are where the IDE's analyzer node shows them;
#   - broken models fail the build with the expected SEGxxxx at Models/<file>.seg.yaml(line,col) and
#     Models/<file>.cs(line,col);
#   - a model of a referenced project (Backbones) is used by another one: it builds and runs, and a channel
#     mismatch after it fails the consumer's build (its generator reads the declaration from Backbones.dll).
# Usage: scripts/pack-check.sh [--no-build] [-c Configuration]
#   --no-build  pack what is already built (Tests/Cli.Tests runs it so, after the solution's build)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
configuration=Release
pack_options=()
while (($#)); do
  case $1 in
    --no-build) pack_options+=(--no-build); shift ;;
    -c) configuration=$2; shift 2 ;;
    *) echo "usage: $0 [--no-build] [-c Configuration]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { echo "pack-check: $*"; }
fail() { echo "pack-check: FAILED: $*" >&2; exit 1; }

step "packing SegGen ($configuration) into $work/feed"
dotnet pack "$repo/Packaging/SegGen.Package.csproj" -c "$configuration" -o "$work/feed" "${pack_options[@]}" \
  --disable-build-servers -v:q -nologo >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; fail "dotnet pack"; }
package=$(ls "$work"/feed/SegGen.*.nupkg)
version=$(basename "$package" .nupkg)
version=${version#SegGen.}

# The consumers' own feeds: the packed one for SegGen, nuget.org (mirrored here) for anything else.
# A fresh packages folder, so a re-packed SegGen of the same version is never served from a cache.
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <!-- SegGen only ever from the packed feed, even if a package of that name exists elsewhere. -->
  <packageSourceMapping>
    <packageSource key="local"><package pattern="SegGen" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF

# new_project NAME TYPE [REFERENCE]: a project (Exe or Library) with one PackageReference and nothing else from this
# repository, but for a ProjectReference to the project REFERENCE made here before.
new_project() {
  mkdir -p "$work/$1/Models"
  cat >"$work/$1/$1.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>$2</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <RootNamespace>$1</RootNamespace>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SegGen" Version="$version" />${3:+
    <ProjectReference Include='../$3/$3.csproj' />}
  </ItemGroup>
</Project>
EOF
}

# new_consumer NAME [REFERENCE]: a console project.
new_consumer() { new_project "$1" Exe "${2:-}"; }

# build NAME [OPTION...]: builds the project NAME; its log is $work/NAME.log.
build() { dotnet build "$work/$1" -c Release --disable-build-servers -nologo -clp:NoSummary "${@:2}" >"$work/$1.log" 2>&1; }

# build_and_run NAME [OPTION...]: builds the consumer NAME and runs it; its output is in $output.
build_and_run() {
  build "$@" || { cat "$work/$1.log"; fail "$1 did not build"; }
  output=$(dotnet "$work/$1/bin/Release/net10.0/$1.dll" 2>&1) || { echo "$output"; fail "$1 did not run"; }
  echo "$output"
}

# build_fails NAME EXPECTED...: the consumer NAME (its models already in place) must fail to build, reporting each EXPECTED.
# The id at the right file(line,col) is the contract; the wording is pinned by Tests/Cli.Tests.
build_fails() {
  echo 'System.Console.WriteLine("unreachable");' >"$work/$1/Program.cs"
  if build "$1"; then cat "$work/$1.log"; fail "$1 built"; fi
  local expected
  for expected in "${@:2}"; do
    grep -F -- "$expected" "$work/$1.log" >/dev/null || { cat "$work/$1.log"; fail "expected: $expected…"; }
    grep -F -- "$expected" "$work/$1.log" | head -n 1
  done
}

# ---- a good model: builds, runs forward ----------------------------------------------------------
new_consumer Good
# The models are Tests/Cli.Tests/Models/*, which the seggen check tests use too. TinySegNet declares no
# 'namespace:', so its class lands in the consumer's RootNamespace (Good.TinySegNet).
models="$repo/Tests/Cli.Tests/Models"
cp "$models/TinySegNet.seg.yaml" "$work/Good/Models/"
# An attribute-declared model: an ASPP-like head (partial-property nodes, a field node, From, a dilated conv).
cat >"$work/Good/Models/TinyAspp.cs" <<'EOF'
using SegGen;
using SegGen.Torch.Modules;
using static SegGen.Torch.torch;

namespace Good;

[Model, Hyperparameter("classes", 3), Hyperparameter("width", 8), Input("image", "N", 3, "H", "W")]
public partial class TinyAspp
{
    [Conv(nameof(width), 3, pad: 1), ReLU, MaxPool(2)] public partial nn.Module? backbone { get; }
    [Conv(nameof(width), 3, pad: 2, dilation: 2)] readonly Conv2d b1;
    [From(nameof(backbone)), Gap, Upsample(like: nameof(backbone), mode: "nearest")] public partial nn.Module? pool { get; }
    [From(nameof(b1)), Concat(nameof(pool)), Conv(nameof(classes), 1), Upsample(like: "image")] public partial nn.Module? score { get; }
}
EOF
cat >"$work/Good/Program.cs" <<'EOF'
using static SegGen.Torch.torch;

using var image = randn(2, 3, 37, 50);
using var model = new Good.TinySegNet();
model.eval();
using var output = model.forward(image);
Console.WriteLine($"forward: [{string.Join(", ", image.shape)}] -> [{string.Join(", ", output.shape)}]");
using var aspp = new Good.TinyAspp();
aspp.eval();
using var scores = aspp.forward(image);
Console.WriteLine($"attributes: [{string.Join(", ", image.shape)}] -> [{string.Join(", ", scores.shape)}], backbone {aspp.backbone?.GetType().Name}");
EOF
step "building the good consumer and running it"
build_and_run Good -p:EmitCompilerGeneratedFiles=true
[[ $output == *"forward: [2, 3, 37, 50] -> [2, 5, 37, 50]"* ]] || fail "unexpected output shape"
[[ $output == *"attributes: [2, 3, 37, 50] -> [2, 3, 37, 50], backbone ModuleList"* ]] || fail "unexpected output of the attribute model"
# What the IDE lists under Dependencies > Analyzers > SegGen.Generator is what the compiler received from it.
generated="$work/Good/obj/Release/net10.0/generated/SegGen.Generator/SegGen.Generator.SegGenGenerator"
for file in TinySegNet.g.cs TinySegNet.Graph.g.cs TinyAspp.g.cs TinyAspp.Graph.g.cs TinyAspp.Nodes.g.cs; do
  [[ -f $generated/$file ]] || { ls -R "$work/Good/obj" >&2; fail "the generator's $file is not among the compiler's generated files"; }
done
step "generated files: $(cd "$generated" && echo *)"

# ---- a broken model: the build fails at the YAML line --------------------------------------------
new_consumer Broken
cp "$models/Broken.seg.yaml" "$work/Broken/Models/"
cat >"$work/Broken/Models/BrokenNet.cs" <<'EOF'
using SegGen;
using SegGen.Torch.Modules;

namespace Broken;

[Model, Input("image", "N", 3, "H", "W")]
public partial class BrokenNet
{
    [Conv(8, 3, pad: 1)] readonly Conv2d a;
    [Conv(8, 3, pad: 1, groups: 3)] readonly Conv2d b;
}
EOF
step "building the broken consumer (must fail)"
build_fails Broken "Models/Broken.seg.yaml(10,9): error SEG0009: " "Models/BrokenNet.cs(10,33): error SEG0009: "

# ---- composition across assemblies: a model of a referenced project, used and checked through -----
# The library's generator writes each model's declaration into Backbones.dll; the consumers' generators read it from there.
new_project Backbones Library
cp "$models/Composition/Stage.seg.yaml" "$models/Composition/Encoder.seg.yaml" "$work/Backbones/Models/"
new_consumer UsesBackbones Backbones
cp "$models/Composition/Segmenter.seg.yaml" "$work/UsesBackbones/Models/"
cat >"$work/UsesBackbones/Program.cs" <<'EOF'
using static SegGen.Torch.torch;

using var model = new UsesBackbones.Segmenter();
model.eval();
using var image = randn(1, 3, 33, 47);
using var outputs = model.forward(image);
Console.WriteLine($"out [{string.Join(", ", outputs.@out.shape)}], aux [{string.Join(", ", outputs.aux.shape)}]");
Console.WriteLine(string.Join(" ", model.state_dict().Keys.Where(k => k.StartsWith("backbone.layer3.1."))));
EOF
step "building a consumer that uses a model of a referenced project and running it"
build_and_run UsesBackbones
[[ $output == *"out [1, 5, 33, 47], aux [1, 5, 33, 47]"* ]] || fail "unexpected output shapes"
[[ $output == *"backbone.layer3.1.conv.weight backbone.layer3.1.bn.weight"* ]] || fail "unexpected state-dict names"

new_consumer BrokenUse Backbones
cp "$models/Composition/BrokenUse.seg.yaml" "$work/BrokenUse/Models/"
step "building a consumer with a channel mismatch after a referenced project's model (must fail)"
build_fails BrokenUse "Models/BrokenUse.seg.yaml(8,32): error SEG0009: 'fused' adds"
step "OK"
