"""Rule lexicons: regular expressions per label and language, loaded from data files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping


from simulator import vocabulary as V
from simulator.datafile import load_yaml
from simulator.understanding import prefix

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
    """All of one label's patterns in one language, searched together instead of one by one.

    Each alternative of each rule ends in an empty named group; the group that matched tells
    which rule fired, so the evidence stays exact. For the alternatives whose possible starts
    can be written out (``prefix.py``), ``finder`` is an alternation of those starts' literal
    text: every alternative begins with a literal, so the regex engine skips in C every position
    where none can begin, and ``anchored``, those alternatives in their order, is tried only
    where a start was found. The other alternatives are searched as they are (``slow``). Together
    they find what one alternation of all the rules in their order would: the leftmost match,
    and at one position the rule listed first.
    """

    label: str
    finder: re.Pattern | None
    anchored: re.Pattern | None
    slow: re.Pattern | None
    rules: dict[str, Rule]  # group name → rule
    order: dict[str, int]  # group name → its alternative's place among the label's
    lowered: bool = False  # runs on the lower-cased text (English rules without case-sensitive parts)

    def matches(self, text: str):
        """Each (rule, match) in order of position (callers stop at the first they accept)."""
        pos, n = 0, len(text)
        a = b = None  # the next match of each part at or after pos, once looked for
        a_done = self.finder is None  # no match of the anchored part is left at or after pos
        b_done = self.slow is None
        while pos <= n:
            if not a_done and (a is None or a.start() < pos):
                a, at = None, pos
                while (start := self.finder.search(text, at)) is not None:
                    a = self.anchored.match(text, start.start())
                    if a is not None:
                        break
                    at = start.start() + 1
                a_done = a is None
            if not b_done and (b is None or b.start() < pos):
                b = self.slow.search(text, pos)
                b_done = b is None
            if a is None or (b is not None and (b.start(), self.order[b.lastgroup]) < (a.start(), self.order[a.lastgroup])):
                m = b
            else:
                m = a
            if m is None:
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
                # English text is lower-cased once (see understand) and most English patterns are
                # lower-cased here and matched case-sensitively: several times faster than re.I.
                # A label with a case-sensitive part ("(?-i:[A-Z]…)" for names) keeps re.I.
                lowered = lang == "en" and not any("(?-i" in r.regex for r in rules)
                built.append(_matcher(label, rules, lowered, re.I if lang == "en" and not lowered else 0))
            own = tuple(built)
            self._matchers[lang] = (self.base.matchers(lang) + own) if self.base else own
        return self._matchers[lang]


def _matcher(label: str, rules: list[Rule], lowered: bool, flags: int) -> LabelMatcher:
    names: dict[str, Rule] = {}
    order: dict[str, int] = {}
    anchored: list[str] = []  # alternatives whose first characters are known, as written
    starts: set[str] = set()  # the literal text each of their ways starts with
    slow: list[str] = []
    for i, rule in enumerate(rules):
        for j, branch in enumerate(prefix.split_top(prefix.casefold(rule.regex) if lowered else rule.regex)):
            name = f"r{i}_{j}"
            names[name], order[name] = rule, len(order)
            begins = prefix.starts(branch)
            if begins is None:
                slow.append(f"{branch}(?P<{name}>)")
            else:
                anchored.append(f"{branch}(?P<{name}>)")
                starts.update(begins)
    finder = prefix.any_start(starts)
    return LabelMatcher(label, re.compile(finder, flags) if finder else None,
                        re.compile("|".join(anchored), flags) if anchored else None,
                        re.compile("|".join(slow), flags) if slow else None, names, order, lowered)


def numbered_reference(pattern: str) -> bool:
    """Whether a pattern refers back to a group by its number (\\1): a label's patterns are joined
    into one search, where the numbers no longer point at the group meant."""
    return bool(_NUMBERED.search(pattern))


_NUMBERED = re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]")


def _compile(table: Mapping, speaker: str, lang: str, origin: str) -> list[Rule]:
    known = V.MOVES if speaker == "collector" else V.ACTS
    rules: list[Rule] = []
    for label, patterns in table.items():
        if label == "negatable":
            continue
        if label not in known:
            raise ValueError(f"{origin}: unknown {'move' if speaker == 'collector' else 'act'} `{label}`")
        for i, p in enumerate(patterns or []):
            if numbered_reference(p):
                raise ValueError(f"{origin}: {label} #{i + 1}: refers to a group by number; name it: (?P<n>…)…(?P=n)")
            rules.append(Rule(label, lang, p, f"{origin}:{label}#{i + 1}"))
    return rules


@lru_cache(maxsize=4)
def builtin(speaker: str) -> Lexicon:
    """The lexicon shipped in ``data/``: ``{speaker}.zh.yaml`` and ``{speaker}.en.yaml``."""
    rules: list[Rule] = []
    negatable: set[str] = set()
    for lang in ("zh", "en"):
        name = f"{speaker}.{lang}.yaml"
        table = load_yaml((DATA / name).read_text(encoding="utf-8"))
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
