"""One line of a conversation, understood: what scoring reads and a live session records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Line:
    """One turn of a conversation, understood."""

    n: int
    speaker: str  # "debtor" or "collector"
    text: str
    labels: list[str]
    amount: float | None = None
    date: dt.date | None = None
    evidence: list[dict[str, str]] = field(default_factory=list)
    state: str | None = None  # the persona's state after this line (live sessions only)
    meters: dict[str, float] | None = None  # the persona's meters after this line (live sessions only)
    now: bool = False  # the terms are for today / right away
    instalments: list = field(default_factory=list)  # understanding's Instalment parts, if a plan

    def has(self, *labels: str) -> bool:
        return any(label in self.labels for label in labels)

    def to_json(self) -> dict[str, Any]:
        """One turn of the session result (contracts.md)."""
        if self.speaker == "debtor":
            out: dict[str, Any] = {"n": self.n, "speaker": "debtor", "text": self.text, "acts": self.labels}
            if self.state is not None:
                out["state"] = self.state
            if self.meters is not None:
                out["meters"] = self.meters
            return out
        amount = None if self.amount is None else (int(self.amount) if float(self.amount).is_integer()
                                                    else round(float(self.amount), 2))
        return {"n": self.n, "speaker": "collector", "text": self.text, "moves": self.labels, "amount": amount,
                "date": self.date.isoformat() if self.date else None, "evidence": self.evidence}
