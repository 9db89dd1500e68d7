"""Speed of the app, printed as figures (not a test: shared machines are noisy).

    python benchmarks/bench_app.py

1. Start-up: a fresh `python -m simulator play delay-hardware-dealer` in a pseudo-terminal,
   timed from launch until the debtor's first line is on the screen (target: under 1 s).
2. A reply answered and drawn: in the same terminal, from writing Enter to the first characters
   of the debtor's answer arriving on the terminal (target: under 100 ms).
"""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


EXTRA: list[str] = []
REPLIES = ["您好周老板,九月两张送货单一共28600元。", "具体哪款卖不动?DN25还是DN32?",
           "不行,月底太晚了,我们要还银行贷款。"]


def expected_answers() -> list[str]:
    """The debtor's answers to REPLIES with seed 1 (the session is deterministic)."""
    from simulator.scenario.loader import load_scenario
    from simulator.session.session import Session

    s = Session(load_scenario("delay-hardware-dealer"), "zh", 1, dt.date(2026, 11, 23))
    s.start()
    return [s.reply(r)[-1].text for r in REPLIES]


def _wait_for(master: int, needle: bytes, seen: bytearray, t0: float, limit: float = 10) -> float | None:
    while time.perf_counter() - t0 < limit:
        r, _, _ = select.select([master], [], [], 0.005)
        if r:
            try:
                seen += os.read(master, 65536)
            except OSError:
                return None
            if needle in seen:
                return time.perf_counter() - t0
    return None


def session_once(answers: list[str]) -> tuple[float, list[float]]:
    """In a 100x30 pseudo-terminal: seconds from launch until the opening line is drawn, then
    for each reply the milliseconds from Enter until the debtor's answer is drawn."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30", LANG="zh_CN.UTF-8")
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "simulator", "play", "delay-hardware-dealer", "--seed", "1",
                             "--today", "2026-11-23", "--silence-after", "0", *EXTRA],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    seen = bytearray()
    replies_ms: list[float] = []
    try:
        elapsed = _wait_for(master, "恒通".encode(), seen, t0)  # the opening line names the creditor
        time.sleep(0.3)  # let the first frame settle
        for text, answer in zip(REPLIES, answers):
            os.write(master, text.encode())
            time.sleep(0.3)
            seen.clear()
            needle = answer[:6].encode()  # the answer's first characters: drawn in one frame with it
            t = time.perf_counter()
            os.write(master, b"\r")
            got = _wait_for(master, needle, seen, t, limit=5)
            replies_ms.append(got * 1000 if got is not None else float("nan"))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.close(master)
        os.close(slave)
    return (elapsed if elapsed is not None else float("nan")), replies_ms


def main() -> None:
    answers = expected_answers()
    starts, drawn = [], []
    for _ in range(5):
        start, ms = session_once(answers)
        starts.append(start)
        drawn += ms
    print(f"start-up to first screen, 5 runs: median {statistics.median(starts):.2f} s "
          f"(min {min(starts):.2f}, max {max(starts):.2f})  target < 1 s")
    print(f"reply answered and drawn (Enter to the debtor's answer on screen), {len(drawn)} replies: "
          f"median {statistics.median(drawn):.0f} ms, max {max(drawn):.0f} ms  target < 100 ms")


if __name__ == "__main__":
    main()
