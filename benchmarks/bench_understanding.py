"""Speed of understanding, printed as figures (targets, issue 3: median under 0.5 ms and p99 under
2 ms per utterance after start-up; `cuikuan understand` on 1,000 lines under 2 s wall).

    python benchmarks/bench_understanding.py

Utterances come from the tuning part of the corpus and the bundled scripts (the held-out part is
not read here either).
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from simulator.understanding import understand  # noqa: E402
from simulator.understanding.numbers import _cn_value  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def utterances() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.yaml")):
        speaker = "debtor" if path.stem.startswith("debtor") else "collector"
        out += [(item.get("text") or "", speaker) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    for path in sorted((ROOT / "scenarios" / "scripts").glob("*.txt")):
        out += [(line, "collector") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return out


def per_utterance(rounds: int = 5) -> list[float]:
    items = utterances()
    for text, speaker in items:  # warm-up: compile patterns, load OpenCC
        understand(text, speaker, TODAY)
    times = []
    for _ in range(rounds):
        # Each round starts with no numeral remembered (numbers._cn_value keeps the values it has
        # read): the same utterances round after round must not time as already seen.
        _cn_value.cache_clear()
        for text, speaker in items:
            t0 = time.perf_counter()
            understand(text, speaker, TODAY)
            times.append(time.perf_counter() - t0)
    return sorted(times)


def cli_thousand_lines(runs: int = 5) -> list[float]:
    lines = [t.replace("\n", " ") for t, s in utterances() if s == "collector"]
    lines = (lines * (1000 // max(len(lines), 1) + 1))[:1000]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        name = f.name
    cmd = [sys.executable, "-m", "simulator", "understand", "--today", "2026-11-23"]
    walls = []
    for i in range(runs + 1):
        with open(name, encoding="utf-8") as stdin:
            t0 = time.perf_counter()
            r = subprocess.run(cmd, cwd=ROOT, stdin=stdin, capture_output=True, text=True, check=True)
            if i:
                walls.append(time.perf_counter() - t0)
        assert len(r.stdout.splitlines()) == 1000
    Path(name).unlink()
    return walls


def main() -> None:
    t = per_utterance()
    ms = lambda x: f"{x * 1000:.3f} ms"  # noqa: E731
    print(f"understand() per utterance  n={len(t)}  median {ms(statistics.median(t))}  "
          f"p99 {ms(t[int(len(t) * 0.99)])}  max {ms(t[-1])}")
    w = cli_thousand_lines()
    print(f"cuikuan understand, 1,000 lines on stdin: median {statistics.median(w):.3f} s wall "
          f"(min {min(w):.3f}, max {max(w):.3f}, {len(w)} runs)")


if __name__ == "__main__":
    main()
