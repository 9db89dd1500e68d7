"""Speed of scoring, printed as figures (not a test: shared machines are noisy).

    python benchmarks/bench_scoring.py

Scores a 40-turn transcript (20 debtor, 20 collector lines, Chinese) after start-up, many times:
reading and understanding it, judging the principles and assembling the assessment, and
rendering each debrief form. Target (issue 4): scoring a 40-turn transcript under 50 ms.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.debrief import render  # noqa: E402
from simulator.scoring import assess, parse_transcript  # noqa: E402

TODAY = dt.date(2026, 11, 23)
PAIRS = [
    ("喂?又是为那点钱吧,最近生意太差了,下个月再说。", "周老板,九月两张送货单一共28600元,您都签了字的。"),
    ("货卖不动啊,你再等等。", "具体是哪一款卖不动?上周工地那单不是刚做完吗?"),
    ("那批货质量也有问题,好几根都裂了。", "哪一批?验收单上您签的是合格,我们今天对一下账。"),
    ("财务这周休假,我做不了主。", "那请问付款是谁签字?王总哪天回来?我直接跟他约。"),
    ("王总出差了,下周才回。", "……"),
    ("你们也太急了吧,老客户了。", "正因为是老客户,我才亲自来。我们月底要还银行贷款,这笔钱等不了。"),
    ("那月底先付五千吧。", "不行,五千太少了。今天先付一半,剩下的12月15号前付清。"),
    ("一半真拿不出来。", "……"),
    ("好吧,今天先付一万。", "一万可以,前提是剩下一万八千六12月15号前到账,您现在给个准话。"),
    ("12月15号?太紧了。", "再拖下去按合同每天万分之五的违约金就开始算了,您的授信额度也会冻结。"),
] * 2
TEXT = "language: zh\ndebt: {amount: 28600, currency: CNY}\nturns:\n" + "".join(
    f"  - debtor: {d}\n  - collector: {c}\n" for d, c in PAIRS)


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    runs = 200
    t0 = time.perf_counter()
    a = assess(parse_transcript(TEXT, "bench.yaml", TODAY))  # start-up: lexicons, rules, texts
    startup = (time.perf_counter() - t0) * 1000
    assert len(a.lines) == 40
    parse = timed(lambda: parse_transcript(TEXT, "bench.yaml", TODAY), runs)
    transcript = parse_transcript(TEXT, "bench.yaml", TODAY)
    judge = timed(lambda: assess(transcript), runs)
    total = timed(lambda: assess(parse_transcript(TEXT, "bench.yaml", TODAY)), runs)
    print(f"first scoring incl. start-up: {startup:.1f} ms")
    print(f"40-turn transcript, {runs} runs, medians (p95):")
    for name, xs in (("read + understand", parse), ("principles + assessment", judge), ("score total", total)):
        print(f"  {name:26} {statistics.median(xs):7.2f} ms  ({sorted(xs)[int(len(xs) * 0.95)]:.2f})")
    for fmt in ("text", "md", "html", "json"):
        xs = timed(lambda: render(a, fmt), 50)
        print(f"  render {fmt:19} {statistics.median(xs):7.2f} ms")
    print("target: score total under 50 ms")


if __name__ == "__main__":
    main()
