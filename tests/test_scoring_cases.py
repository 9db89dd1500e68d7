"""Per-principle scoring cases: for each principle of domain.md §4, short transcripts (simplified
Chinese and English) for every verdict tests/transcripts/GUIDELINES.md allows, each scored by
``assess`` and checked for that principle's verdict and evidence turns.

The cases are data, in ``tests/scoring_cases.yaml``. A case marked ``xfail: "reason"`` records a
place where the rule disagrees with GUIDELINES.md; it must keep failing (strict) until the rule is
brought in line, and then the marker comes off.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from simulator import vocabulary as V
from simulator.scoring.assess import assess
from simulator.scoring.transcript import parse_transcript
from simulator.understanding.normalize import language as language_of
from simulator.understanding.normalize import to_simplified

TODAY = dt.date(2026, 11, 23)  # a Monday; never the wall clock
HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "scoring_cases.yaml"
GUIDELINES = HERE / "transcripts" / "GUIDELINES.md"
VERDICTS = ("followed", "violated", "missed", "not_applicable")
LANGUAGES = ("zh", "en")
CASE_KEYS = {"id", "principle", "verdict", "language", "turns", "debt", "turns_expected", "xfail"}
FOL, VIO, MIS, NA = VERDICTS
# The verdicts GUIDELINES.md's table allows, written out so that neither an edit of the table nor
# of the case file can shrink what is covered without this list being changed too.
ALLOWED = {
    "refuse_first_offer": {FOL, VIO, MIS, NA},
    "reason_when_refusing": {FOL, VIO, NA},
    "conditional_concessions": {FOL, VIO, NA},
    "strategic_silence": {FOL, MIS, NA},
    "confirm_amount": {FOL, VIO, MIS, NA},
    "find_decision_maker": {FOL, VIO, MIS, NA},
    "probe_excuses": {FOL, VIO, MIS, NA},
    "pin_commitment": {FOL, VIO, MIS, NA},
    "no_business_before_payment": {FOL, VIO},
    "firm_stance": {FOL, VIO},
    "calm_under_abuse": {FOL, VIO, MIS, NA},
    "compliance": {FOL, VIO},
    "gradual_pressure": {FOL, VIO, NA},
    "four_appeals": {FOL, MIS, NA},
    "counter_the_tactic": {FOL, VIO, MIS, NA},
    "leave_after_success": {FOL, VIO, NA},
}


def load_cases() -> list[dict]:
    return yaml.safe_load(CASES_FILE.read_text("utf-8"))


CASES = load_cases()


@lru_cache(maxsize=1)
def allowed_verdicts() -> dict[str, set[str]]:
    """principle -> the verdicts GUIDELINES.md's table gives a condition for (a cell of "—" means none)."""
    allowed: dict[str, set[str]] = {}
    for row in GUIDELINES.read_text("utf-8").splitlines():
        m = re.match(r"^\|\s*`(\w+)`\s*\|(.*)\|\s*$", row)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split("|")]
        assert len(cells) == len(VERDICTS), f"GUIDELINES row for {m.group(1)} has {len(cells)} verdict cells"
        allowed[m.group(1)] = {v for v, c in zip(VERDICTS, cells) if c and not c.startswith("—")}
    return allowed


def transcript_text(case: dict) -> str:
    doc: dict = {"language": case["language"], "turns": case["turns"]}
    if "debt" in case:
        doc["debt"] = case["debt"]
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def _param(case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_case(case):
    t = parse_transcript(transcript_text(case), f"{case['id']}.yaml", today=TODAY)
    a = assess(t)
    finding = a.findings[case["principle"]]
    said = "\n".join(f"  {l.n} {l.speaker}: {l.text}  {l.labels}" for l in t.lines)
    assert finding.verdict == case["verdict"], (
        f"{case['principle']}: got {finding.verdict} {finding.turns}, want {case['verdict']}\n{said}")
    if "turns_expected" in case:
        assert finding.turns == case["turns_expected"], (
            f"{case['principle']}: evidence turns {finding.turns}, want {case['turns_expected']}\n{said}")


def test_guidelines_table_matches_the_allowed_verdicts():
    assert set(ALLOWED) == set(V.PRINCIPLES)
    assert allowed_verdicts() == ALLOWED


def test_cases_are_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    allowed = ALLOWED
    for c in CASES:
        where = c.get("id", c)
        assert set(c) <= CASE_KEYS, f"{where}: unknown keys {set(c) - CASE_KEYS}"
        assert c["principle"] in V.PRINCIPLES, where
        assert c["verdict"] in allowed[c["principle"]], f"{where}: GUIDELINES allows no such verdict"
        assert c["language"] in LANGUAGES, where
        assert c["id"].startswith(f"{c['principle']}-{c['verdict']}-{c['language']}"), where
        assert 2 <= len(c["turns"]) <= 10, f"{where}: 2 to 10 turns"
        for turn in c["turns"]:
            assert isinstance(turn, dict) and len(turn) == 1 and set(turn) <= {"debtor", "collector"}, where
            (text,) = turn.values()
            assert isinstance(text, str), where
            if c["language"] == "zh":
                assert to_simplified(text)[0] == text, f"{where}: simplified Chinese only: {text}"
            if text.strip(" .…"):
                assert language_of(text) == c["language"], f"{where}: not {c['language']}: {text}"
        if "turns_expected" in c:
            assert all(1 <= n <= len(c["turns"]) for n in c["turns_expected"]), where
        if "xfail" in c:
            assert isinstance(c["xfail"], str) and c["xfail"].strip(), f"{where}: xfail needs a reason"


def test_every_allowed_verdict_is_covered_in_both_languages():
    have = {(c["principle"], c["verdict"], c["language"]) for c in CASES}
    want = {(p, v, lang) for p, verdicts in ALLOWED.items() for v in verdicts for lang in LANGUAGES}
    assert len(want) == 104
    assert want - have == set(), "combinations without a case"
    # …and by a case the rules pass today, not only by a recorded disagreement
    passing = {(c["principle"], c["verdict"], c["language"]) for c in CASES if not c.get("xfail")}
    assert want - passing == set(), "combinations covered only by xfail cases"
