#!/usr/bin/env bash
# Installs what Lipschitz.Dsl needs on a fresh Debian machine with the .NET SDK.
# Skips what is present; safe to run repeatedly.
set -euo pipefail

# libtorch itself comes with the TorchSharp-cpu NuGet package; python3-torch is the reference for numerics, file
# interop and speed (tests and benchmarks), dataset-fashion-mnist the real data of the main job. libopenblas0-openmp
# gives python3-torch an optimised BLAS (without it Debian's python3-torch falls back to the reference BLAS, ~8x slower
# on the AOL Gram matrices, which would flatter every speed comparison with PyTorch); its OpenMP build shares
# libtorch's OpenMP threads instead of spinning a second pool.
packages=(dataset-fashion-mnist python3-torch libopenblas0-openmp)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: system packages present"
fi
