"""The lexicon's and the dates' fast searches find exactly what trying every rule in turn would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

import datetime as dt

from simulator.understanding import dates, lexicon as lx, prefix
from simulator.understanding.normalize import clean, language, to_simplified
from simulator.understanding.prefix import split_top, starts

CORPUS = Path(__file__).parent / "corpus"

SHAPES = [
    r"(?:能不能|可不可以)今天付", r"(?:就)?先付", r"[这那]笔", r"(?<!不)付款", r"\bpay(?:ing)?\b",
    r"[0-9]{3,12}元", r"x+?y", r"(?a:\b(?=\w)(?:pay|send) it)z", r"a{0,2}b", r"(?:ab){2}c",
    r"ab{2,3}?c", r"(?:a|ab)(?:c|bcd)(?!e)", r"(?<!x)(?:y|z){0,2}?a", r"[ab]{2,3}b", r"\.{2}a?",
    r"(?:今天|明天)?(?:先)?(?:付|打)(?:款|钱)?", r"(?=ab)a\w", r"(?:a|)b", r"abc?d",
]
ALPHABET = ["a", "b", "c", "d", "e", "x", "y", "z", "0", "1", "9", ".", " ", "pay", "ing", "send it",
            "今天", "明天", "先", "付", "打", "款", "钱", "不", "能不能", "可不可以", "这", "那", "笔", "元"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=8))
def test_every_match_begins_with_one_of_the_starts(pieces):
    text = "".join(pieces)
    for shape in SHAPES:
        begins = starts(shape)
        assert begins is not None, shape
        plain = [re.sub(r"\\(.)", r"\1", b) for b in begins]
        pattern = re.compile(shape)
        for pos in range(len(text) + 1):
            if pattern.match(text, pos):
                assert any(text.startswith(b, pos) for b in plain), (shape, text, pos, begins)


def test_starts_are_written_out_or_refused():
    assert starts(r"(?:能不能|可不可以)今天付") == ["能不能", "可不可"]
    assert starts(r"(?<!不)付款") == ["付款"]
    assert sorted(starts(r"(?:就)?先付")) == ["先付", "就先付"]
    assert starts(r"\bpay\b") == ["pay"]
    # A start that could be anything: searched as written.
    for shape in (r".{0,3}付", r"a?", r"[\u4e00-\u9fff]总", r"\d+元", r"(?P<x>a)b", r"^好", r"x*"):
        assert starts(shape) is None or "" in starts(shape) or shape == r"^好", shape
    assert starts(r"^好") == ["好"]  # ^ takes no text


def test_split_top_keeps_groups_and_classes_whole():
    assert split_top(r"a|b(?:c|d)|[|]e|\|f") == ["a", "b(?:c|d)", "[|]e", r"\|f"]


def _texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CORPUS.glob("*.yaml")):
        speaker = "debtor" if path.stem.startswith("debtor") else "collector"
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(speaker, it["text"]) for it in items[::4]]
    return out + [("collector", "今天不付款的话，明天能不能先付三千？ pay it by Friday, OK? 这笔那笔"),
                  ("debtor", "I'm not paying. 不是不还，下周一定还。paid paid paid"), ("debtor", "")]


def _reference(rules: list[lx.Rule], compiled: list[re.Pattern], text: str):
    """Every rule tried in turn: the leftmost match, the first rule listed at a tie."""
    pos, out = 0, []
    while pos <= len(text):
        best = None
        for rule, pattern in zip(rules, compiled):
            m = pattern.search(text, pos)
            if m and (best is None or m.start() < best[1].start()):
                best = (rule, m)
        if best is None:
            return out
        out.append((best[0].source, best[1].span()))
        pos = max(best[1].end(), best[1].start() + 1)
    return out


@pytest.mark.parametrize("speaker", ["collector", "debtor"])
def test_label_matchers_find_what_each_rule_in_turn_finds(speaker):
    lex = lx.builtin(speaker)
    texts = []
    for raw in (t for s, t in _texts() if s == speaker):
        text = clean(raw)
        texts.append(to_simplified(text)[0] if language(text) == "zh" else text)
    checked = 0
    for lang in ("zh", "en"):
        for matcher in lex.matchers(lang):
            rules = [r for r in lex.rules if r.label == matcher.label and r.lang == lang]
            flags = re.I if lang == "en" and not matcher.lowered else 0
            compiled = [re.compile(prefix.casefold(r.regex) if matcher.lowered else r.regex, flags) for r in rules]
            for text in texts:
                subject = text.lower() if matcher.lowered else text
                found = [(rule.source, m.span()) for rule, m in matcher.matches(subject)]
                assert found == _reference(rules, compiled, subject), (matcher.label, text)
                checked += bool(found)
    assert checked > 200  # the texts do set the rules off


def _dates_each_pattern_as_written(text: str, today: dt.date, lang: str) -> list:
    """find_dates with every date pattern compiled as written (re.I, no finder), tried everywhere."""
    plain = {lg: [(None, pattern, resolve) for _, pattern, resolve in dates._compiled(today, lg)]
             for lg in ("zh", "en")}
    real = dates._compiled
    dates._compiled = lambda day, lg, folded=False: plain[lg]
    try:
        return dates.find_dates(text, today, lang)
    finally:
        dates._compiled = real


def test_date_finders_and_folded_patterns_find_what_the_patterns_as_written_find():
    today = dt.date(2026, 11, 23)
    texts = []
    for _, raw in _texts():
        text = clean(raw)
        texts.append(to_simplified(text)[0] if language(text) == "zh" else text)
    # Lower-casing that changes the length ("İ" is two characters lower-cased) keeps the offsets
    # right by running the patterns as written.
    texts += ["İstanbul office: pay by Friday December 4th", "MONDAY? NO. END OF THE MONTH, 15K BY THE 30TH",
              "下周五前 pay half, the rest on Dec 15"]
    found = 0
    for text in texts:
        for lang in ("zh", "en"):
            assert dates.find_dates(text, today, lang) == _dates_each_pattern_as_written(text, today, lang), text
        found += bool(dates.find_dates(text, today, "en"))
    assert found > 200
    text = "İstanbul office: pay by Friday December 4th"
    assert [text[f.start:f.end] for f in dates.find_dates(text, today, "en")] == ["December 4th"]


def test_a_finder_holds_the_starts_of_every_alternative_or_is_none():
    assert prefix.finder(r"(?<!不)付款|明天(?:先)?付").pattern == "付款|明天付|明天先"
    assert prefix.finder(r"\bpay\b|\d+元") is None  # a number could begin anywhere
    assert prefix.finder(r"\bnext (?:friday|week)|\bnext").pattern == "nex"  # starts are cut short
