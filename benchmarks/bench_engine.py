"""Speed of the core, printed as figures (not a test: shared machines are noisy).

    python benchmarks/bench_engine.py

Prints the per-turn engine time (persona only: understanding excluded, and with it), and the
wall time of `cuikuan run` on a 15-turn script including start-up, as medians over runs.
Targets (issue 2): engine median per turn under 1 ms; `cuikuan run` under 1 s.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.scenario.loader import bundled_dir, iter_scenario_files, load_scenario  # noqa: E402
from simulator.session.session import Session  # noqa: E402
from simulator.understanding.result import Understanding  # noqa: E402

TODAY = dt.date(2026, 11, 23)
SCRIPT = """您好周老板,我是恒通建材的,九月两张单子一共28600。
您说货卖不动,具体哪款卖不动?DN25还是DN32?
……
不行,月底太晚了,我们公司月底要还银行贷款。
……
那你给个准话,哪天付多少?
今天先付一万,剩下的周五前结清。
如果今天能先付一万,违约金我们可以不算。
……
我们也理解您的难处,但这笔钱拖得越久,利息越多,对您的信用也不好。
那就这样,今天先转一万八,剩下下周五之前。
您确认一下:今天一万八,下周五前一万零六百。
……
好,麻烦您现在安排转账。
谢谢周老板,回头我把收据发给您,再见。
"""
MOVES = ["greet", "confirm_amount", "probe", "silence", "refuse_offer", "give_reason", "request_commitment",
         "counter_offer", "explain_cost", "demand_payment", "empathize", "appeal_benefit", "conditional_concession"]


def engine_per_turn(samples: int = 4000) -> list[float]:
    rng = random.Random(1)
    scenarios = [load_scenario(p) for p in iter_scenario_files([bundled_dir()])]
    times: list[float] = []
    while len(times) < samples:
        sc = rng.choice(scenarios)
        s = Session(sc, lang=rng.choice(sc.spec.languages), seed=rng.randrange(10**6), today=TODAY)
        s.start()
        while not s.over and len(times) < samples:
            moves = rng.sample(MOVES, rng.choice((1, 1, 2)))
            u = Understanding(" ".join(moves), "collector", moves, language=s.lang)
            t0 = time.perf_counter()
            s.debtor.respond(u)
            times.append(time.perf_counter() - t0)
            s.collector_turns += 1
            if s.debtor.finished or s.collector_turns >= 30:
                break
    return times


def session_per_turn(samples: int = 2000) -> list[float]:
    sc = load_scenario("delay-hardware-dealer")
    lines = [l for l in SCRIPT.splitlines() if l.strip()]
    times: list[float] = []
    seed = 0
    while len(times) < samples:
        s = Session(sc, lang="zh", seed=seed, today=TODAY)
        s.start()
        for line in lines:
            if s.over:
                break
            t0 = time.perf_counter()
            s.reply(line)
            times.append(time.perf_counter() - t0)
        seed += 1
    return times


def cli_run_wall(runs: int = 7) -> list[float]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(SCRIPT)
        script = f.name
    cmd = [sys.executable, "-m", "simulator", "run", "delay-hardware-dealer", "--script", script,
           "--seed", "1", "--today", "2026-11-23"]
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)  # warm-up
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        walls.append(time.perf_counter() - t0)
    Path(script).unlink()
    return walls


def ms(x: float) -> str:
    return f"{x * 1000:.3f} ms"


def main() -> None:
    e = sorted(engine_per_turn())
    print(f"engine per turn      n={len(e)}  median {ms(statistics.median(e))}  p99 {ms(e[int(len(e) * 0.99)])}")
    t = sorted(session_per_turn())
    print(f"reply incl. understanding n={len(t)}  median {ms(statistics.median(t))}  p99 {ms(t[int(len(t) * 0.99)])}")
    w = cli_run_wall()
    print(f"cuikuan run, 15-turn script, wall incl. start-up: median {statistics.median(w):.3f} s  "
          f"(min {min(w):.3f}, max {max(w):.3f}, {len(w)} runs)")


if __name__ == "__main__":
    main()
