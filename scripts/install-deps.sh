#!/usr/bin/env bash
# Installs what SegGen needs from Debian's packages: libtorch (the engine), the toolchain for the
# native shim, libpng/libjpeg (image I/O), and PyTorch/torchvision (the reference for parity tests
# and benchmarks). Needs root; does nothing when everything is present.
set -euo pipefail

packages=(libtorch-dev libdnnl-dev cmake g++ make libpng-dev libjpeg62-turbo-dev python3-torch python3-torchvision)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}"
sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
