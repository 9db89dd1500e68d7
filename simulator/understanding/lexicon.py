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


class Rule:
    """One pattern of a label. Compiled on demand: what runs is each label's joined alternation."""

    __slots__ = ("label", "lang", "regex", "source", "_compiled")

    def __init__(self, label: str, lang: str, regex: str, source: str):
        self.label, self.lang, self.regex, self.source = label, lang, regex, source
        self._compiled: re.Pattern | None = None

    @property
    def pattern(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.regex, re.I if self.lang == "en" else 0)
        return self._compiled


@dataclass(frozen=True)
class LabelMatcher:
    """All of one label's patterns in one language, as one alternation of named groups.

    One search per label instead of one per pattern; the named group that matched tells which
    rule fired, so the evidence stays exact.
    """

    label: str
    regex: re.Pattern
    rules: dict[str, Rule]  # group name → rule
    lowered: bool = False  # runs on the lower-cased text (English rules without case-sensitive parts)

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
    def __init__(self, speaker: str, rules: tuple[Rule, ...], negatable: frozenset[str],
                 base: "Lexicon | None" = None):
        self.speaker = speaker
        self.rules = rules  # this lexicon's own rules (a scenario's), or all the built-in ones
        self.negatable = negatable
        self.base = base  # an extended lexicon reuses the built-in matchers, compiled once
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
                # English text is lower-cased once (see understand) and most English patterns are
                # lower-cased here and matched case-sensitively: several times faster than re.I.
                # A label with a case-sensitive part ("(?-i:[A-Z]…)" for names) keeps re.I.
                lowered = lang == "en" and not any("(?-i" in r.regex for r in rules)
                alternation = "|".join(f"(?P<{name}>{_casefold(rule.regex) if lowered else rule.regex})"
                                       for name, rule in names.items())
                flags = re.I if lang == "en" and not lowered else 0
                built.append(LabelMatcher(label, re.compile(alternation, flags), names, lowered))
            own = tuple(built)
            self._matchers[lang] = (self.base.matchers(lang) + own) if self.base else own
        return self._matchers[lang]


def _casefold(pattern: str) -> str:
    """Lower-case a pattern's literal letters, keeping escapes (\\S, \\W, \\B, \\D…) as written."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "(" and pattern.startswith("(?P<", i):
            end = pattern.index(">", i)
            out.append(pattern[i:end + 1])  # group names keep their case
            i = end + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def _compile(table: Mapping, speaker: str, lang: str, origin: str) -> list[Rule]:
    known = V.MOVES if speaker == "collector" else V.ACTS
    rules: list[Rule] = []
    for label, patterns in table.items():
        if label == "negatable":
            continue
        if label not in known:
            raise ValueError(f"{origin}: unknown {'move' if speaker == 'collector' else 'act'} `{label}`")
        for i, p in enumerate(patterns or []):
            rules.append(Rule(label, lang, p, f"{origin}:{label}#{i + 1}"))
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
    if not extra or not any(extra.values()):
        return base
    added: list[Rule] = []
    for lang, table in extra.items():
        added += _compile(table or {}, speaker, lang, origin)
    return Lexicon(speaker, tuple(added), base.negatable, base=base)
