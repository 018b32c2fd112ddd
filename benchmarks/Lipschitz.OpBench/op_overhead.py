# Per-op time of PyTorch on tiny tensors, the same calls as benchmarks/Lipschitz.OpBench/Program.cs.
# Prints "name<TAB>microseconds" lines (thread CPU time, best of 15 runs of 10,000 calls).
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
a = torch.ones(4)
b = torch.ones(4)
m = torch.ones(8, 8)
big = torch.ones(16, 4)
p = torch.zeros(4)
idx = torch.tensor([0, 2])
cases = [
    ("empty", lambda: torch.empty(4)),
    ("add", lambda: a + b),
    ("add_", lambda: p.add_(b)),
    ("mul_scalar", lambda: a * 2.0),
    ("relu", lambda: a.relu()),
    ("addcmul_", lambda: p.addcmul_(a, b, value=0.0)),
    ("sum", lambda: a.sum()),
    ("matmul_8x8", lambda: m.matmul(m)),
    ("view", lambda: m.view(64)),
    ("index_select", lambda: a.index_select(0, idx)),
    ("max_dim (2 outputs)", lambda: m.max(1)),
    ("chunk (4 outputs)", lambda: big.chunk(4)),
    ("cat (2 inputs)", lambda: torch.cat([a, b])),
]
for name, body in cases:
    for _ in range(2000):
        body()
    runs = []
    for _ in range(15):
        t = time.thread_time_ns()
        for _ in range(10000):
            body()
        runs.append((time.thread_time_ns() - t) / 1e3 / 10000)
    runs.sort()
    print(f"{name}\t{runs[0]:.4f}")
