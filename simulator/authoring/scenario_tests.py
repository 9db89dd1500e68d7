"""Scenario tests: expected conversations a trainer writes in YAML, run by `cuikuan test`.

```yaml
scenario: delay-hardware-dealer      # a bundled id, or a path relative to this file
lang: zh                              # default: the scenario's first language
seed: 1                               # default 1
today: 2026-11-23                     # default 2026-11-23 (tests never read the clock)
conversations:
  - name: silence after an offer draws a better one
    turns:
      - say: 您好周老板,九月两张送货单一共28600元。
        expect: {moves: [confirm_amount], acts: [delay], state: stalling}
      - say: ……
        expect: {says: 月底}
    outcome: {status: committed, paid_at_least: 5000}
```

`expect` (all optional): `moves` the trainee's line is understood with (at least these),
`acts` the debtor answers with (at least these), `not_acts`, `state` after the answer, `says`
(a piece of the answer's text), `over` (the talk ended). `outcome`: `status` (one or a list),
`paid_at_least`, `committed_at_least`, `score_at_least`, `principles: {id: verdict}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import vocabulary as V
from simulator.scenario import source as src
from simulator.scenario.diagnostics import Diagnostic, Location, ScenarioError, did_you_mean
from simulator.scenario.loader import load_scenario
from simulator.session.session import Session

TODAY = dt.date(2026, 11, 23)
TOP_KEYS = ("scenario", "lang", "seed", "today", "conversations")
CONV_KEYS = ("name", "turns", "outcome", "seed")
TURN_KEYS = ("say", "expect")
EXPECT_KEYS = ("moves", "acts", "not_acts", "state", "says", "over")
OUTCOME_KEYS = ("status", "paid_at_least", "committed_at_least", "score_at_least", "principles")


@dataclass
class Failure:
    where: Location
    conversation: str
    lines: list[str]


@dataclass
class FileResult:
    path: Path
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)


def _bad(where: Location, code: str, message: str, fix: str | None = None) -> ScenarioError:
    return ScenarioError([Diagnostic(where, "error", code, message, fix)])


def _keys(s: src.Source, path: tuple, data: Any, allowed: tuple, what: str) -> dict:
    if not isinstance(data, dict):
        raise _bad(s.where(path), "X002", f"{what} must be a mapping")
    for k in data:
        if k not in allowed:
            raise _bad(s.where(path + (k,), key=True), "X003", f"unknown key `{k}` in {what}",
                       did_you_mean(str(k), allowed) or f"{what} has {', '.join(allowed)}")
    return data


def run_file(path: Path) -> FileResult:
    """Run every conversation of one test file. Raises ScenarioError if the file itself is bad."""
    s = src.load(path, str(path))
    data = _keys(s, (), s.data, TOP_KEYS, "a scenario test file")
    if "scenario" not in data:
        raise _bad(s.where(()), "X001", "missing key `scenario`", "name the scenario: `scenario: delay-hardware-dealer`")
    ref = str(data["scenario"])
    local = path.parent / ref  # a scenario file next to the test, or a path from here, or a bundled id
    sc = load_scenario(local if local.suffix in (".yaml", ".yml") and local.exists() else ref)
    lang = data.get("lang") or sc.spec.languages[0]
    if lang not in sc.spec.languages:
        raise _bad(s.where(("lang",)), "X004", f"the scenario is not played in `{lang}`", f"use one of {sc.spec.languages}")
    today = data.get("today") or TODAY
    if not isinstance(today, dt.date):
        raise _bad(s.where(("today",)), "X004", f"`{today}` is not a date", "write YYYY-MM-DD")
    convs = data.get("conversations") or []
    if not isinstance(convs, list) or not convs:
        raise _bad(s.where(("conversations",)), "X001", "no conversations", "add `conversations:` with at least one")
    result = FileResult(path)
    for ci, conv in enumerate(convs):
        base = ("conversations", ci)
        conv = _keys(s, base, conv, CONV_KEYS, "a conversation")
        name = str(conv.get("name") or f"conversation {ci + 1}")
        seed = int(conv.get("seed", data.get("seed", 1)))
        session = Session(sc, lang, seed, today)
        session.start()
        problems: list[str] = []
        first_bad: Location | None = None
        turns = conv.get("turns") or []
        if not isinstance(turns, list):
            raise _bad(s.where(base + ("turns",)), "X002", "`turns` must be a list")
        for ti, turn in enumerate(turns):
            tpath = base + ("turns", ti)
            turn = _keys(s, tpath, turn, TURN_KEYS, "a turn") if isinstance(turn, dict) else {"say": turn}
            say = "" if turn.get("say") is None else str(turn.get("say"))
            if session.over:
                problems.append(f"turn {ti + 1}: the talk had already ended (by the {session.ended_by}) before “{say}”")
                first_bad = first_bad or s.where(tpath)
                break
            new = session.reply(say)
            mine, answer = new[0], new[-1]
            expect = _keys(s, tpath + ("expect",), turn.get("expect") or {}, EXPECT_KEYS, "`expect`")
            diffs = _compare(expect, mine.labels, answer, session.over)
            if diffs:
                first_bad = first_bad or s.where(tpath + ("expect",))
                problems.append(f"turn {ti + 1}  you: {say or '……'}")
                problems += [f"    {d}" for d in diffs]
                problems.append(f"    the debtor said: “{answer.text}”  [{', '.join(answer.labels)}; {answer.state}]")
        if not session.over:
            session.end()
        outcome = conv.get("outcome")
        if outcome:
            outcome = _keys(s, base + ("outcome",), outcome, OUTCOME_KEYS, "`outcome`")
            diffs = _compare_outcome(outcome, session)
            if diffs:
                first_bad = first_bad or s.where(base + ("outcome",))
                problems.append("outcome")
                problems += [f"    {d}" for d in diffs]
        if problems:
            result.failures.append(Failure(first_bad or s.where(base), name, problems))
        else:
            result.passed += 1
    return result


def _compare(expect: dict, moves: list[str], answer, over: bool) -> list[str]:
    out = []
    if "moves" in expect:
        want = _ids(expect["moves"], V.MOVES, "move")
        if not set(want) <= set(moves):
            out.append(f"expected moves ⊇ [{', '.join(want)}]   got [{', '.join(moves)}]")
    if "acts" in expect:
        want = _ids(expect["acts"], V.ACTS, "act")
        if not set(want) <= set(answer.labels):
            out.append(f"expected acts ⊇ [{', '.join(want)}]   got [{', '.join(answer.labels)}]")
    if "not_acts" in expect:
        bad = set(_ids(expect["not_acts"], V.ACTS, "act")) & set(answer.labels)
        if bad:
            out.append(f"expected none of [{', '.join(sorted(bad))}]   got [{', '.join(answer.labels)}]")
    if "state" in expect and expect["state"] != answer.state:
        out.append(f"expected state {expect['state']}   got {answer.state}")
    if "says" in expect and str(expect["says"]) not in answer.text:
        out.append(f"expected the answer to contain “{expect['says']}”")
    if "over" in expect and bool(expect["over"]) != over:
        out.append(f"expected the talk {'to have ended' if expect['over'] else 'to go on'}")
    return out


def _ids(value, known, what: str) -> list[str]:
    items = [value] if isinstance(value, str) else list(value or [])
    unknown = [i for i in items if i not in known]
    if unknown:
        raise ValueError(f"unknown {what} `{unknown[0]}`" + (f" — {did_you_mean(unknown[0], known)}" if did_you_mean(unknown[0], known) else ""))
    return items


def _compare_outcome(want: dict, session: Session) -> list[str]:
    o = session.outcome()
    out = []
    if "status" in want:
        allowed = [want["status"]] if isinstance(want["status"], str) else list(want["status"])
        if o.status not in allowed:
            out.append(f"expected status {' or '.join(allowed)}   got {o.status}")
    if "paid_at_least" in want and o.paid < float(want["paid_at_least"]):
        out.append(f"expected at least {want['paid_at_least']} paid   got {o.paid:g}")
    if "committed_at_least" in want:
        got = float(o.commitment["amount"]) if o.commitment else 0.0
        if got < float(want["committed_at_least"]):
            out.append(f"expected at least {want['committed_at_least']} committed   got {got:g}")
    if "score_at_least" in want or "principles" in want:
        from simulator.scoring import assess_session

        a = assess_session(session)
        if "score_at_least" in want and a.score < int(want["score_at_least"]):
            out.append(f"expected a score of at least {want['score_at_least']}   got {a.score}")
        for p, verdict in (want.get("principles") or {}).items():
            got = a.findings[p].verdict if p in a.findings else "unknown principle"
            if got != verdict:
                out.append(f"expected {p} {verdict}   got {got}")
    return out


def iter_test_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(q for q in p.glob("*.y*ml") if q.suffix in (".yaml", ".yml"))
        else:
            found.append(p)
    return found


def record(scenario_ref: str, replies: list[str], lang: str | None, seed: int, today: dt.date, name: str) -> str:
    """A test file that pins what the scenario does now with these replies (to trim by hand)."""
    import yaml

    sc = load_scenario(scenario_ref)
    lang = lang or sc.spec.languages[0]
    s = Session(sc, lang, seed, today)
    s.start()
    turns = []
    for r in replies:
        if s.over:
            break
        new = s.reply(r)
        mine, answer = new[0], new[-1]
        turns.append({"say": r or "……", "expect": {"moves": mine.labels, "acts": answer.labels, "state": answer.state}})
    if not s.over:
        s.end()
    o = s.outcome()
    is_file = Path(scenario_ref).suffix in (".yaml", ".yml")
    doc = {"scenario": Path(scenario_ref).name if is_file else sc.id, "lang": lang, "seed": seed, "today": today,
           "conversations": [{"name": name, "turns": turns, "outcome": {"status": o.status}}]}
    head = ("# Recorded by `cuikuan test --record`: it pins what the scenario does now with these replies.\n"
            "# Keep the expectations that matter (a key state, an act, the outcome), delete the rest.\n")
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
