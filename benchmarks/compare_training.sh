#!/usr/bin/env bash
# Side by side with PyTorch: trains examples/FashionMnist/AolConvNet.lipnet.yaml (AOL `side: auto`) with `lipnet train`
# and the same network and recipe in PyTorch (benchmarks/pytorch/aol_fashion_mnist.py), once with the paper's formula
# in every AOL layer (side in) and once with the same per-layer side as ours (side auto), alternating the programs
# (A B C A B C ...) on the same data for the same epochs and threads, and prints training samples/s, eval images/s,
# seconds per epoch, peak RSS, CPU seconds, clean and certified accuracy, with medians over the rounds and the ratios
# ours/PyTorch. python3-torch runs on OpenBLAS (libopenblas0-openmp, installed by scripts/setup.sh); the script prints
# which BLAS library it found.
#
#   TORCH_SIDES="in" ...   only the paper's formula on the PyTorch side
#   EPOCHS=1 ROUNDS=2 bash benchmarks/compare_training.sh        (defaults)
#   LIMIT=10240 ...   trains (and tests) on the first LIMIT samples only, for a quick look
#   KEEP=DIR ...      keeps every run's log, checkpoint and /usr/bin/time report in DIR
set -euo pipefail
cd "$(dirname "$0")/.."

epochs="${EPOCHS:-1}"
rounds="${ROUNDS:-2}"
limit="${LIMIT:-}"
threads="${LIPSCHITZ_NUM_THREADS:-$(nproc)}"
export LIPSCHITZ_NUM_THREADS="$threads"
# Both programs get the same allocator settings: lipnet keeps freed memory in glibc's heap at start-up (mallopt, unless
# MALLOC_* is set); PyTorch gets the same through glibc's variables. OpenMP's wait policy stays libgomp's default for both.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-268435456}"
# KEEP=DIR keeps logs, checkpoints and /usr/bin/time reports there; otherwise a temporary folder is removed at exit.
if [ -n "${KEEP:-}" ]; then
  work="$KEEP"
  mkdir -p "$work"
else
  work="$(mktemp -d /tmp/lipnet-compare.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
fi

# LIPNET_DLL=PATH runs a lipnet built elsewhere (e.g. a copy, so that rebuilding the tree cannot touch a running benchmark);
# SKIP_BUILD=1 skips the build.
[ -n "${SKIP_BUILD:-}" ] || dotnet build src/Lipschitz.Cli/Lipschitz.Cli.csproj -c Release -warnaserror -nologo -v:quiet
lipnet=(dotnet "${LIPNET_DLL:-src/Lipschitz.Cli/bin/Release/net10.0/lipnet.dll}")
limit_args=()
if [ -n "$limit" ]; then limit_args=(--limit "$limit"); fi

# The PyTorch counterparts, by the side their AOL layers rescale: "in" is the paper's formula (Prach & Lampert), "auto"
# the same per-layer choice as the description's `side: auto` (the example's default). TORCH_SIDES="in" runs one.
torch_sides=(${TORCH_SIDES:-in auto})
echo "compare: $rounds rounds of $epochs epoch(s), $threads threads, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-(libgomp default)}, malloc mmap/trim thresholds $MALLOC_MMAP_THRESHOLD_/$MALLOC_TRIM_THRESHOLD_${limit:+, first $limit samples}; pytorch AOL sides: ${torch_sides[*]}"
/usr/bin/python3 -c 'import torch, ctypes.util; print("pytorch", torch.__version__, "BLAS:", torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0])'
readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 | sed 's/^/libblas.so.3 -> /'
for r in $(seq 1 "$rounds"); do
  echo "round $r: lipnet (load $(cut -d' ' -f1 /proc/loadavg))"
  /usr/bin/time -v -o "$work/ours-$r.time" "${lipnet[@]}" train examples/FashionMnist/AolConvNet.lipnet.yaml \
    --epochs "$epochs" --out "$work/ours-$r" "${limit_args[@]}" > "$work/ours-$r.log"
  grep "done in" "$work/ours-$r.log" | tail -n 1
  for side in "${torch_sides[@]}"; do
    echo "round $r: pytorch side $side (load $(cut -d' ' -f1 /proc/loadavg))"
    /usr/bin/time -v -o "$work/torch-$side-$r.time" /usr/bin/python3 benchmarks/pytorch/aol_fashion_mnist.py \
      --epochs "$epochs" --side "$side" --json "$work/torch-$side-$r.json" "${limit_args[@]}" > "$work/torch-$side-$r.log"
    tail -n 1 "$work/torch-$side-$r.log"
  done
done

/usr/bin/python3 - "$work" "$rounds" "${torch_sides[@]}" <<'PY'
import json, os, re, statistics, sys
work, rounds, sides = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def rss_mib(path):
    text = open(path).read()
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024

def cpu_seconds(path):
    # User + system CPU time of the whole run: on a shared, loaded machine it varies far less than wall time.
    text = open(path).read()
    return sum(float(re.search(name + r" \(seconds\): ([0-9.]+)", text).group(1)) for name in ("User time", "System time"))

def ours(r):
    info = json.load(open(os.path.join(work, f"ours-{r}", "checkpoint.json")))
    h = info["history"]
    return {"train": statistics.mean(e["trainSamplesPerSecond"] for e in h),
            "eval": statistics.mean(e["evalImagesPerSecond"] for e in h),
            "epoch": statistics.mean(e["epochSeconds"] for e in h),
            "clean": h[-1]["cleanAccuracy"],
            "cert": {float(c["eps"]): c["accuracy"] for c in h[-1]["certified"]},
            "rss": rss_mib(os.path.join(work, f"ours-{r}.time")),
            "cpu": cpu_seconds(os.path.join(work, f"ours-{r}.time"))}

def torch(side, r):
    h = json.load(open(os.path.join(work, f"torch-{side}-{r}.json")))["epochs"]
    return {"train": statistics.mean(e["train_samples_per_s"] for e in h),
            "eval": statistics.mean(e["eval_images_per_s"] for e in h),
            "epoch": statistics.mean(e["epoch_seconds"] for e in h),
            "clean": h[-1]["clean_accuracy"],
            "cert": {float(k): v for k, v in h[-1]["certified_accuracy"].items()},
            "rss": rss_mib(os.path.join(work, f"torch-{side}-{r}.time")),
            "cpu": cpu_seconds(os.path.join(work, f"torch-{side}-{r}.time"))}

programs = [("lipnet (auto)", [ours(r) for r in range(1, rounds + 1)])]
programs += [(f"pytorch ({side})", [torch(side, r) for r in range(1, rounds + 1)]) for side in sides]
rows = [("training samples/s", "train", True, 1.0), ("eval images/s", "eval", True, 1.0),
        ("seconds per epoch", "epoch", False, 1.0), ("peak RSS MiB", "rss", False, 1.0),
        ("CPU seconds (whole run)", "cpu", False, 1.0), ("clean accuracy %", "clean", True, 100.0)]
rows += [(f"certified @{eps:g} %", eps, True, 100.0) for eps in sorted(programs[0][1][0]["cert"])]

def value(run, key):
    return run["cert"].get(key, float("nan")) if isinstance(key, float) else run[key]

print()
print("Per program: each round's figure, then the median; 'x' columns: lipnet's median / that program's median.")
header = f"{'metric':<24}" + "".join(f"{name:>28}" for name, _ in programs) + "".join(f"{'vs ' + name:>20}" for name, _ in programs[1:])
print(header)
for name, key, higher_better, scale in rows:
    cells, medians = [], []
    for _, runs in programs:
        xs = [value(run, key) for run in runs]
        medians.append(statistics.median(xs))
        cells.append(" ".join(f"{x * scale:.1f}" for x in xs) + f" | {medians[-1] * scale:.1f}")
    if scale == 100.0:  # accuracies: the difference in points, not a ratio
        ratios = [f"{(medians[0] - m) * 100:+.1f} pt" for m in medians[1:]]
    else:
        ratios = [f"{medians[0] / m:.2f}x" if m else "nan" for m in medians[1:]]
    note = "" if scale == 100.0 else ("  (higher is better)" if higher_better else "  (lower is better)")
    print(f"{name:<24}" + "".join(f"{c:>28}" for c in cells) + "".join(f"{x:>20}" for x in ratios) + note)
PY
