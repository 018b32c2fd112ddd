#!/usr/bin/env bash
# Attacks beside certificates (issue 11): AolConvNet (1-Lipschitz) and PlainConvNet (the same shape, unconstrained,
# plain cross-entropy) trained with the same epochs, batch, optimizer and seed; then on the first 1,000 test images
# PGD-L2, FGSM and random noise at several budgets, a targeted signed-gradient attack towards 'Sneaker', a PGD confined
# to a 12×12 square, and the audit of every certificate; `lipnet compare` puts them side by side.
#
#   bash examples/FashionMnist/attacks.sh               # 3 epochs each, as the descriptions say
#   EPOCHS=1 bash examples/FashionMnist/attacks.sh      # a quick look
#   LIMIT=250 ...                                       # attack the first 250 test images (default 1000; audit: at most 500)
#
# Output: runs/attacks/<network>/ (checkpoints, attack-*/ with attack.json, attack.png, pictures.png) and runs/attacks/compare.{md,png}.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=${OUT:-runs/attacks}
limit=${LIMIT:-1000}
lipnet=(dotnet "${LIPNET_DLL:-src/Lipschitz.Cli/bin/Release/net10.0/lipnet.dll}")
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/Lipschitz.Cli -c Release -nologo -v q
epochs=()
[ -n "${EPOCHS:-}" ] && epochs=(--epochs "$EPOCHS")
nets=(AolConvNet PlainConvNet)
for net in "${nets[@]}"; do
  yaml=examples/FashionMnist/$net.lipnet.yaml
  dir=$out/$net
  if [ -f "$dir/checkpoint.json" ] && [ -z "${RETRAIN:-}" ]; then
    echo "== $net: trained already ($dir; RETRAIN=1 to train again)"
  else
    echo "== $net: training"
    "${lipnet[@]}" train "$yaml" --out "$dir" --force "${epochs[@]}"
  fi
  a=("${lipnet[@]}" attack "$yaml" --checkpoint "$dir" --force)
  for attack in noise fgsm pgd; do
    "${a[@]}" --attack "$attack" --norm l2 --eps 0.25 0.5 1 1.5 2 --limit "$limit" --out "$dir/attack-$attack"
  done
  "${a[@]}" --attack signed --target Sneaker --limit "$(( limit < 200 ? limit : 200 ))" --out "$dir/attack-signed"
  "${a[@]}" --attack pgd --norm l2 --eps 1 2 3 --mask 8,8,12,12 --limit "$limit" --out "$dir/attack-masked"
  # The audit's exit code 4 would mean a disproved certificate: let it stop the script.
  "${a[@]}" --attack audit --norm l2 --bound tightest --limit "$(( limit < 500 ? limit : 500 ))" --out "$dir/audit"
done
# The L2 reports side by side (the targeted signed attack is L∞ and has no budgets: it stays in its own folder).
reports=()
for net in "${nets[@]}"; do
  for r in attack-noise attack-fgsm attack-pgd attack-masked; do reports+=("$out/$net/$r/attack.json"); done
done
"${lipnet[@]}" compare "${reports[@]}" --md "$out/compare.md" --png "$out/compare.png" --force
