"""Rule lexicons: regular expressions per label and language, loaded from data files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from simulator import vocabulary as V

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Rule:
    label: str
    lang: str
    pattern: re.Pattern
    source: str  # e.g. "collector.yaml:probe#3" — shown as evidence

    def search(self, text: str):
        return self.pattern.search(text)


@dataclass(frozen=True)
class LabelMatcher:
    """All of one label's patterns in one language, as one alternation of named groups.

    One search per label instead of one per pattern; the named group that matched tells which
    rule fired, so the evidence stays exact.
    """

    label: str
    regex: re.Pattern
    rules: dict[str, Rule]  # group name → rule

    def matches(self, text: str):
        """Each (rule, match) in order of position (callers stop at the first they accept)."""
        pos = 0
        while pos <= len(text):
            m = self.regex.search(text, pos)
            if not m:
                return
            yield self.rules[m.lastgroup], m
            pos = max(m.end(), m.start() + 1)


class Lexicon:
    def __init__(self, speaker: str, rules: tuple[Rule, ...], negatable: frozenset[str]):
        self.speaker = speaker
        self.rules = rules
        self.negatable = negatable
        self._matchers: dict[str, tuple[LabelMatcher, ...]] = {}

    def matchers(self, lang: str) -> tuple[LabelMatcher, ...]:
        if lang not in self._matchers:
            by_label: dict[str, list[Rule]] = {}
            for r in self.rules:
                if r.lang == lang:
                    by_label.setdefault(r.label, []).append(r)
            built = []
            for label, rules in by_label.items():
                names = {f"r{i}": rule for i, rule in enumerate(rules)}
                alternation = "|".join(f"(?P<{name}>{rule.pattern.pattern})" for name, rule in names.items())
                built.append(LabelMatcher(label, re.compile(alternation, re.I if lang == "en" else 0), names))
            self._matchers[lang] = tuple(built)
        return self._matchers[lang]


def _compile(table: Mapping, speaker: str, lang: str, origin: str) -> list[Rule]:
    known = V.MOVES if speaker == "collector" else V.ACTS
    rules: list[Rule] = []
    for label, patterns in table.items():
        if label == "negatable":
            continue
        if label not in known:
            raise ValueError(f"{origin}: unknown {'move' if speaker == 'collector' else 'act'} `{label}`")
        for i, p in enumerate(patterns or []):
            flags = re.I if lang == "en" else 0
            rules.append(Rule(label, lang, re.compile(p, flags), f"{origin}:{label}#{i + 1}"))
    return rules


@lru_cache(maxsize=4)
def builtin(speaker: str) -> Lexicon:
    """The lexicon shipped in ``data/``: ``{speaker}.zh.yaml`` and ``{speaker}.en.yaml``."""
    rules: list[Rule] = []
    negatable: set[str] = set()
    for lang in ("zh", "en"):
        name = f"{speaker}.{lang}.yaml"
        table = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        negatable |= set(table.get("negatable", []))
        rules += _compile(table, speaker, lang, name)
    return Lexicon(speaker, tuple(rules), frozenset(negatable))


def extended(speaker: str, extra: Mapping | None, origin: str = "scenario") -> Lexicon:
    """The built-in lexicon plus a scenario's own patterns (its decider's name, its products…).

    ``extra`` maps a language to a table like the data files: ``{zh: {ask_decision_maker: [...]}}``.
    """
    base = builtin(speaker)
    if not extra:
        return base
    added: list[Rule] = []
    for lang, table in extra.items():
        added += _compile(table or {}, speaker, lang, origin)
    return Lexicon(speaker, base.rules + tuple(added), base.negatable)
