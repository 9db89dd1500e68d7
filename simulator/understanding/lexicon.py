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
class Lexicon:
    speaker: str
    rules: tuple[Rule, ...]
    negatable: frozenset[str]

    def for_lang(self, lang: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.lang == lang)


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
