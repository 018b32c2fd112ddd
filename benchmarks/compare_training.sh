#!/usr/bin/env bash
# Side by side with PyTorch: trains examples/FashionMnist/AolConvNet.lipnet.yaml with `lipnet train` and the same
# network and recipe in PyTorch (benchmarks/pytorch/aol_fashion_mnist.py), alternating the two (A B A B ...) on the
# same data for the same epochs and threads, and prints training samples/s, eval images/s, seconds per epoch,
# peak RSS, clean and certified accuracy, with medians over the rounds and the ratio ours/PyTorch.
#
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

echo "compare: $rounds rounds of $epochs epoch(s), $threads threads, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-(libgomp default)}, malloc mmap/trim thresholds $MALLOC_MMAP_THRESHOLD_/$MALLOC_TRIM_THRESHOLD_${limit:+, first $limit samples}"
for r in $(seq 1 "$rounds"); do
  echo "round $r: lipnet"
  /usr/bin/time -v -o "$work/ours-$r.time" "${lipnet[@]}" train examples/FashionMnist/AolConvNet.lipnet.yaml \
    --epochs "$epochs" --out "$work/ours-$r" "${limit_args[@]}" > "$work/ours-$r.log"
  grep "done in" "$work/ours-$r.log" | tail -n 1
  echo "round $r: pytorch"
  /usr/bin/time -v -o "$work/torch-$r.time" /usr/bin/python3 benchmarks/pytorch/aol_fashion_mnist.py \
    --epochs "$epochs" --json "$work/torch-$r.json" "${limit_args[@]}" > "$work/torch-$r.log"
  tail -n 1 "$work/torch-$r.log"
done

/usr/bin/python3 - "$work" "$rounds" <<'PY'
import json, os, re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])

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

def torch(r):
    h = json.load(open(os.path.join(work, f"torch-{r}.json")))["epochs"]
    return {"train": statistics.mean(e["train_samples_per_s"] for e in h),
            "eval": statistics.mean(e["eval_images_per_s"] for e in h),
            "epoch": statistics.mean(e["epoch_seconds"] for e in h),
            "clean": h[-1]["clean_accuracy"],
            "cert": {float(k): v for k, v in h[-1]["certified_accuracy"].items()},
            "rss": rss_mib(os.path.join(work, f"torch-{r}.time")),
            "cpu": cpu_seconds(os.path.join(work, f"torch-{r}.time"))}

a = [ours(r) for r in range(1, rounds + 1)]
b = [torch(r) for r in range(1, rounds + 1)]
rows = [("training samples/s", "train", True), ("eval images/s", "eval", True), ("seconds per epoch", "epoch", False),
        ("peak RSS MiB", "rss", False), ("CPU seconds (whole run)", "cpu", False), ("clean accuracy %", "clean", True)]
print()
print(f"{'metric':<24}{'lipnet runs':<26}{'pytorch runs':<26}{'lipnet med':>11}{'pytorch med':>12}{'ratio':>8}")
def line(name, xs, ys, higher_better, scale=1.0):
    mx, my = statistics.median(xs), statistics.median(ys)
    ratio = mx / my if my else float("nan")
    fmt = lambda v: f"{v * scale:.1f}"
    note = "" if higher_better is None else ("  (higher is better)" if higher_better else "  (lower is better)")
    print(f"{name:<24}{' '.join(fmt(x) for x in xs):<26}{' '.join(fmt(y) for y in ys):<26}{mx * scale:>11.1f}{my * scale:>12.1f}{ratio:>7.2f}x{note}")
for name, key, hb in rows:
    line(name, [x[key] for x in a], [y[key] for y in b], hb, 100.0 if key == "clean" else 1.0)
for eps in sorted(a[0]["cert"]):
    line(f"certified @{eps:g} %", [x["cert"][eps] for x in a], [y["cert"].get(eps, float("nan")) for y in b], True, 100.0)
PY
