#!/usr/bin/env python3
"""PyTorch counterpart of benchmarks/Lipschitz.Bench: the same training step, timed, printed as JSON.

The C# harness starts this script once with --serve and sends it commands on stdin, one per line,
alternating short timed blocks of its own with blocks here (A B B A ...), so that both sides see the
same machine state on a noisy machine:
    setup MODEL BATCH SEED   build the model, Adam and random data     -> {"ok": true}
    train STEPS              time STEPS training steps                 -> {"samples_per_s": ...}
    add N                    time N additions of two 4-element tensors -> {"ns_per_op": ...}
It can also be run by hand, one timed run per call:

    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --model mlp --threads 2
    /usr/bin/python3 benchmarks/pytorch/train_step_bench.py --op-add 200000 --threads 2
"""
import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def build(model, batch):
    if model == "mlp":
        net = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        x = torch.randn(batch, 784)
    elif model == "cnn":
        net = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 14 * 14, 10))
        x = torch.randn(batch, 1, 28, 28)
    else:
        raise SystemExit(f"unknown model {model!r}: expected mlp or cnn")
    y = torch.randint(0, 10, (batch,))
    return net, x, y


class Trainer:
    """A model, Adam and one random batch; timed blocks of training steps."""

    def __init__(self, model, batch):
        self.batch = batch
        self.net, self.x, self.y = build(model, batch)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)

    def step(self):
        self.opt.zero_grad(set_to_none=True)  # the C# binding sets gradients to none too
        loss = F.cross_entropy(self.net(self.x), self.y)
        loss.backward()
        self.opt.step()
        return loss

    def timed(self, steps):
        cpu = time.process_time()
        start = time.perf_counter()
        for _ in range(steps):
            loss = self.step()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        # CPU seconds of all threads of the process: less sensitive to other programs than the wall clock.
        return {"samples_per_s": self.batch * steps / elapsed, "samples_per_cpu_s": self.batch * steps / cpu,
                "seconds": elapsed, "loss": float(loss)}


def train_steps(model, batch, warmup, steps):
    trainer = Trainer(model, batch)
    for _ in range(warmup):
        trainer.step()
    return trainer.timed(steps)


def serve():
    trainer = None
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "setup":
            torch.manual_seed(int(words[3]))
            trainer = Trainer(words[1], int(words[2]))
            result = {"ok": True}
        elif words[0] == "train":
            result = trainer.timed(int(words[1]))
        elif words[0] == "add":
            result = op_add(int(words[1]))
        else:
            result = {"error": f"unknown command {words[0]!r}"}
        print(json.dumps(result), flush=True)


def op_add(n):
    a = torch.ones(4)
    b = torch.ones(4)
    for _ in range(1000):
        c = a + b
    start = time.perf_counter()
    for _ in range(n):
        c = a + b
    elapsed = time.perf_counter() - start
    del c
    return {"ns_per_op": elapsed / n * 1e9}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=["mlp", "cnn"], default="mlp")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--op-add", type=int, default=0, metavar="N", help="time N additions of two 4-element tensors instead")
    p.add_argument("--serve", action="store_true", help="read commands from stdin (used by the C# harness)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    if args.serve:
        print(json.dumps({"ok": True, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)
        serve()
        return
    result = op_add(args.op_add) if args.op_add > 0 else train_steps(args.model, args.batch, args.warmup, args.steps)
    result["threads"] = torch.get_num_threads()
    result["torch"] = torch.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
