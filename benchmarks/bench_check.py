"""Speed of `cuikuan check` over 1,000 scenario files (not a test: shared machines are noisy).

    python benchmarks/bench_check.py

Writes 1,000 scenario files (copies of the bundled ones under new ids, 111 per scenario plus one)
into a temporary folder and times `cuikuan check --strict FOLDER` as a whole process, 3 runs.
Target (issue 6): under 5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.scenario.loader import bundled_dir, iter_scenario_files  # noqa: E402


def main() -> None:
    sources = [p.read_text(encoding="utf-8") for p in iter_scenario_files([bundled_dir()])]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(1000):
            text = sources[i % len(sources)]
            first = text.index("\nid: ") + 5
            end = text.index("\n", first)
            (folder / f"s{i:04d}.yaml").write_text(text[:first] + f"s{i:04d}" + text[end:], encoding="utf-8")
        times = []
        for _ in range(3):
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "simulator", "check", "--strict", str(folder)],
                               capture_output=True, text=True, cwd=ROOT)
            times.append(time.perf_counter() - t)
        print(r.stderr.strip().splitlines()[-1])
        print(f"cuikuan check --strict over 1,000 files: median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f})  target < 5 s")


if __name__ == "__main__":
    main()
