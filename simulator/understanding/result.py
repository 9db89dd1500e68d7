"""What understanding returns for one utterance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """Why a label was given: the phrase that matched and the rule it matched. In
    ``Understanding.set_aside``, a label found and then set aside, and ``why``."""

    label: str
    phrase: str
    rule: str
    why: str = ""


@dataclass(frozen=True)
class Instalment:
    """One part of a payment plan: a sum (or a share of the total: 0.5 for "half"), by a date."""

    amount: float | None
    date: dt.date | None
    share: float | None = None
    rest: bool = False  # "the rest", "剩下的": whatever remains


@dataclass
class Understanding:
    text: str
    speaker: str  # "collector" or "debtor"
    labels: list[str]  # moves for a collector, acts for a debtor
    amount: float | None = None
    date: dt.date | None = None
    language: str = "zh"  # zh or en
    script: str = "zh"  # zh (simplified), hant (traditional), en
    evidence: list[Evidence] = field(default_factory=list)
    instalments: list[Instalment] = field(default_factory=list)
    now: bool = False  # the terms ask for payment today / right away
    # Labels a rule or the model found and a later step set aside ("concede" where a condition makes
    # it conditional_concession, a reason the model was sure is none), so a trainer can see why a
    # label is missing too.
    set_aside: list[Evidence] = field(default_factory=list)

    @property
    def moves(self) -> list[str]:
        return self.labels

    @property
    def acts(self) -> list[str]:
        return self.labels

    @property
    def silent(self) -> bool:
        return self.labels == ["silence"]

    def to_json(self) -> dict:
        key = "moves" if self.speaker == "collector" else "acts"
        out = {
            "text": self.text,
            "speaker": self.speaker,
            key: list(self.labels),
            "amount": _number(self.amount),
            "date": self.date.isoformat() if self.date else None,
            "language": self.language,
            "evidence": [{"label": e.label, "phrase": e.phrase, "rule": e.rule} for e in self.evidence],
        }
        if self.set_aside:
            out["set_aside"] = [{"label": e.label, "phrase": e.phrase, "rule": e.rule, "why": e.why} for e in self.set_aside]
        if self.instalments:
            out["instalments"] = [{"amount": _number(i.amount), "share": i.share, "rest": i.rest,
                                   "date": i.date.isoformat() if i.date else None} for i in self.instalments]
        return out


def _number(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 2)
