#!/usr/bin/env python3
"""PyTorch counterpart of `lipnet train examples/FashionMnist/AolConvNet.lipnet.yaml`.

The same network (AOL convolutions and linear layers, MaxMin, pixel_unshuffle), the same recipe
(offset cross-entropy l = t*CE((s - u*onehot(y))/t, y), Adam lr 1e-3, batch 256, seeded shuffling,
pixels scaled to [0, 1]), the same thread count and the same measurements as the C# trainer:
training samples/s, eval images/s, seconds per epoch, clean and certified accuracy.
Certificate: radius = margin / (sqrt(2) * L), L = 1; a sample is certified at eps when it is
classified correctly (no tie) and its radius is at least eps.

--side in (default) is the paper's formula in every AOL layer: the rescaling normalises the input side, with the
inputs' Gram matrix (6272 x 6272 for the 6272 -> 256 layer). --side out rescales the output side (AOL applied to the
adjoint, W = diag(sum_j |P P^T|_ij)^(-1/2) P, and for convolutions the self-correlation over output channels); --side
auto picks per layer the smaller Gram matrix (in on a tie), as Lipschitz.Nn's `side: auto`.

Usage: python3 aol_fashion_mnist.py [--data DIR] [--epochs N] [--limit N] [--side in|out|auto] [--json PATH]
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

EPS_AOL = 1e-12  # as Lipschitz.Nn's AolMath


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 8:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if body.size != int(np.prod(dims)):
        raise SystemExit(f"{path}: header declares {dims}, data holds {body.size} bytes")
    return torch.from_numpy(body.copy()).reshape(dims)


def load_split(directory, train):
    prefix = "train" if train else "t10k"
    def find(stem):
        for name in (stem + ".gz", stem):
            p = os.path.join(directory, name)
            if os.path.exists(p):
                return p
        raise SystemExit(f"{os.path.join(directory, stem)}.gz: file not found")
    images = read_idx(find(f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(find(f"{prefix}-labels-idx1-ubyte")).long()
    return images, labels  # images stay uint8; batches are scaled to [0, 1] when gathered


def resolve_side(side, n_in, n_out):
    """As Lipschitz.Nn's AolSides.Resolve: auto takes the smaller Gram matrix, in on a tie."""
    if side == "auto":
        return "in" if n_in <= n_out else "out"
    if side not in ("in", "out"):
        raise SystemExit(f"--side must be in, out or auto, not {side!r}")
    return side


class AolConv2d(nn.Module):
    """AOL convolution (Prach & Lampert 2022): kernel rescaled by the kernel's self-correlation; stride 1, same padding."""

    def __init__(self, cin, cout, k, side="in"):
        super().__init__()
        self.side = resolve_side(side, cin, cout)
        # As Lipschitz.Nn's AolConv2d: a Dirac-like kernel whose centre tap is an orthogonal [out, in] matrix.
        w = torch.zeros(cout, cin, k, k)
        tap = torch.empty(cout, cin)
        nn.init.orthogonal_(tap)
        w[:, :, k // 2, k // 2] = tap
        self.weight = nn.Parameter(w)
        self.bias = nn.Parameter(torch.zeros(cout))
        self.k = k
        self._cache = None

    def constrained(self):
        w = self.weight
        if self.side == "out":
            # The adjoint's AOL: self-correlation over the output channels, one scale per output channel.
            kkt = F.conv2d(w, w, padding=self.k - 1)  # [out, out, 2k-1, 2k-1]
            d = (kkt.abs().sum(dim=(1, 2, 3)) + EPS_AOL).rsqrt()
            return w * d[:, None, None, None]
        wt = w.transpose(0, 1)  # [in, out, k, k]
        kkt = F.conv2d(wt, wt, padding=self.k - 1)  # [in, in, 2k-1, 2k-1]
        d = (kkt.abs().sum(dim=(1, 2, 3)) + EPS_AOL).rsqrt()
        return w * d[None, :, None, None]

    def forward(self, x):
        if self.training:
            self._cache = None
            w = self.constrained()
        else:
            key = self.weight._version
            if self._cache is None or self._cache[0] != key:
                with torch.no_grad():
                    self._cache = (key, self.constrained())
            w = self._cache[1]
        return F.conv2d(x, w, self.bias, padding=self.k // 2)


class AolLinear(nn.Module):
    """AOL linear layer: W = P diag(sum_j |P^T P|_ij)^(-1/2), or on the output side diag(sum_j |P P^T|_ij)^(-1/2) P."""

    def __init__(self, fin, fout, side="in"):
        super().__init__()
        self.side = resolve_side(side, fin, fout)
        self.weight = nn.Parameter(torch.empty(fout, fin))
        self.bias = nn.Parameter(torch.zeros(fout))
        nn.init.orthogonal_(self.weight)  # as Lipschitz.Nn's AolLinear
        self._cache = None

    def constrained(self):
        w = self.weight
        if self.side == "out":
            d = ((w @ w.t()).abs().sum(dim=1) + EPS_AOL).rsqrt()  # [out]
            return w * d[:, None]
        d = ((w.t() @ w).abs().sum(dim=1) + EPS_AOL).rsqrt()  # [in]
        return w * d[None, :]

    def forward(self, x):
        if self.training:
            self._cache = None
            w = self.constrained()
        else:
            key = self.weight._version
            if self._cache is None or self._cache[0] != key:
                with torch.no_grad():
                    self._cache = (key, self.constrained())
            w = self._cache[1]
        return F.linear(x, w, self.bias)


class MaxMin(nn.Module):
    """Pairs channel c with channel c + C/2: [max(a, b), min(a, b)]."""

    def forward(self, x):
        a, b = x.chunk(2, dim=1)
        return torch.cat([torch.maximum(a, b), torch.minimum(a, b)], dim=1)


class PixelUnshuffle(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return F.pixel_unshuffle(x, self.f)


def aol_conv_net(side="in"):
    return nn.Sequential(
        AolConv2d(1, 16, 3, side), MaxMin(),
        AolConv2d(16, 16, 3, side), MaxMin(),
        PixelUnshuffle(2),
        AolConv2d(64, 32, 3, side), MaxMin(),
        PixelUnshuffle(2),
        nn.Flatten(),
        AolLinear(128 * 7 * 7, 256, side), MaxMin(),
        AolLinear(256, 10, side),
    )


def offset_cross_entropy(logits, labels, offset, temperature):
    onehot = F.one_hot(labels, logits.shape[1]).to(logits.dtype)
    return temperature * F.cross_entropy((logits - offset * onehot) / temperature, labels)


def batch_of(images, labels, idx):
    return images.index_select(0, idx).unsqueeze(1).float().div_(255), labels.index_select(0, idx)


def evaluate(model, images, labels, eps_list, bound, batch):
    model.eval()
    correct = 0
    certified = [0] * len(eps_list)
    n = labels.shape[0]
    start = time.perf_counter()
    with torch.no_grad():
        for s in range(0, n, batch):
            idx = torch.arange(s, min(s + batch, n))
            x, y = batch_of(images, labels, idx)
            out = model(x)
            top2 = out.topk(2, dim=1)
            pred = top2.indices[:, 0]
            margin = top2.values[:, 0] - top2.values[:, 1]
            radius = margin / (math.sqrt(2) * bound)
            ok = (pred == y) & (margin > 0)  # a tie is never certified, as LipschitzModule.CertifiedAccuracy
            correct += int((pred == y).sum())
            for k, e in enumerate(eps_list):
                certified[k] += int((ok & (radius >= e)).sum())
    seconds = time.perf_counter() - start
    model.train()
    return correct / n, [c / n for c in certified], n / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="train and test on the first N samples of each split only")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--eval-batch", type=int, default=500)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--offset", type=float, default=1.414)
    ap.add_argument("--temperature", type=float, default=0.25)
    ap.add_argument("--eps", type=float, nargs="*", default=[0.1, 0.25, 0.5, 1.0])
    ap.add_argument("--side", choices=("in", "out", "auto"), default="in",
                    help="which side every AOL layer rescales (in: the paper's formula)")
    ap.add_argument("--json", default=None, help="write the figures as JSON here")
    args = ap.parse_args()

    env_threads = os.environ.get("LIPSCHITZ_NUM_THREADS")
    threads = int(env_threads) if env_threads else os.cpu_count()
    torch.set_num_threads(threads)
    torch.manual_seed(args.seed)

    train_x, train_y = load_split(args.data, True)
    test_x, test_y = load_split(args.data, False)
    if args.limit > 0:
        train_x, train_y = train_x[: args.limit], train_y[: args.limit]  # as `lipnet train --limit`: both splits
        test_x, test_y = test_x[: args.limit], test_y[: args.limit]
    model = aol_conv_net(args.side)
    sides = [m.side for m in model if isinstance(m, (AolConv2d, AolLinear))]
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    n = train_y.shape[0]
    print(f"pytorch {torch.__version__}: {threads} threads, {n} training samples, {args.epochs} epochs, batch {args.batch}, "
          f"AOL sides {' '.join(sides)}", flush=True)

    epochs = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(n, generator=gen)
        start = time.perf_counter()
        loss_sum, correct, seen = 0.0, 0, 0
        for s in range(0, n, args.batch):
            x, y = batch_of(train_x, train_y, perm[s: s + args.batch])
            out = model(x)
            loss = offset_cross_entropy(out, y, args.offset, args.temperature)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += float(loss) * y.shape[0]
            correct += int((out.argmax(1) == y).sum())
            seen += y.shape[0]
        train_seconds = time.perf_counter() - start
        clean, cert, eval_rate = evaluate(model, test_x, test_y, args.eps, 1.0, args.eval_batch)
        epoch_seconds = time.perf_counter() - start
        row = {
            "epoch": epoch, "loss": loss_sum / seen, "train_accuracy": correct / seen,
            "train_samples_per_s": seen / train_seconds, "eval_images_per_s": eval_rate,
            "epoch_seconds": epoch_seconds, "clean_accuracy": clean,
            "certified_accuracy": {str(e): c for e, c in zip(args.eps, cert)},
        }
        epochs.append(row)
        cert_text = "  ".join(f"cert@{e:g} {c:.4f}" for e, c in zip(args.eps, cert))
        print(f"epoch {epoch}: loss {row['loss']:.4f}  train acc {row['train_accuracy']:.4f}  "
              f"{row['train_samples_per_s']:.0f} samples/s  eval {eval_rate:.0f} images/s  {epoch_seconds:.1f} s  "
              f"clean {clean:.4f}  {cert_text}", flush=True)

    if args.json:
        tmp = args.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"program": "pytorch", "threads": threads, "side": args.side, "sides": sides, "epochs": epochs}, f, indent=2)
        os.replace(tmp, args.json)


if __name__ == "__main__":
    sys.exit(main())
