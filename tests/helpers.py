"""Shared helpers: play a scenario with scripted moves over many seeds."""

from __future__ import annotations

import datetime as dt
import statistics
from functools import lru_cache
from typing import Callable, Iterable

from simulator.scenario.loader import load_scenario
from simulator.session.session import Session

TODAY = dt.date(2026, 11, 23)
SEEDS = range(40)

Step = tuple  # (moves,) or (moves, amount, days) ; "…" means silence


@lru_cache(maxsize=None)
def scenario(ref: str):
    return load_scenario(ref)


def play(ref: str, steps: Iterable, seed: int = 0, lang: str = "zh") -> Session:
    """Play ``steps`` — each a list of move ids, or (moves, amount, days_from_today) — then end."""
    s = Session(scenario(ref), lang=lang, seed=seed, today=TODAY)
    s.start()
    for step in steps:
        if s.over:
            break
        if callable(step):
            step = step(s)
        if isinstance(step, tuple):
            moves, amount, days = step
            s.act(list(moves), amount=amount, date=TODAY + dt.timedelta(days=days) if days is not None else None,
                  now=days == 0)
        else:
            s.act(list(step))
    s.end()
    return s


def mean_over_seeds(ref: str, steps, measure: Callable[[Session], float], seeds=SEEDS, lang: str = "zh") -> float:
    return statistics.fmean(measure(play(ref, steps, seed, lang)) for seed in seeds)


def value(s: Session) -> float:
    return s.outcome().value


def debtor_acts(s: Session) -> list[list[str]]:
    return [t.labels for t in s.turns if t.speaker == "debtor"]


def debtor_keys_after(s: Session, n: int) -> list[str]:
    """The acts of the debtor's reply to the n-th collector turn (1-based)."""
    collector = [i for i, t in enumerate(s.turns) if t.speaker == "collector"]
    i = collector[n - 1]
    return s.turns[i + 1].labels
