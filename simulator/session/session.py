"""A negotiation session: the trainee's replies, the debtor's answers, and the outcome.

``Session`` is plain Python over plain data: the command line, the app and the tests drive it
the same way (``start``, ``reply``, ``silence``, ``end``) and read ``result()``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from simulator.persona.engine import Debtor, DebtorTurn
from simulator.scenario.loader import Scenario
from simulator.understanding import understand
from simulator.understanding.lexicon import extended
from simulator.session.turn import Line
from simulator.understanding.result import Understanding


@dataclass
class Turn(Line):
    """A line of a live session: a scoring ``Line`` with the speaker's display name."""

    name: str | None = None


@dataclass
class Outcome:
    status: str
    paid: float
    commitment: dict[str, Any] | None
    reliability: float | None
    rapport: float
    compliance: bool
    value: float  # paid now plus commitment × reliability: what the session secured
    estimated: bool = False  # inferred from a transcript rather than played out by a persona
    secured_at: int | None = None  # the debtor line that secured payment or commitment (transcripts)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "paid": _num(self.paid), "commitment": self.commitment,
                "reliability": None if self.reliability is None else round(self.reliability, 2),
                "rapport": round(self.rapport), "compliance": self.compliance, "value": _num(round(self.value, 2))}


class SessionOver(Exception):
    """A reply was sent after the conversation ended."""


class Session:
    """One conversation between a trainee and a scenario's debtor."""

    def __init__(self, scenario: Scenario, lang: str | None = None, seed: int = 0, today: dt.date | None = None):
        self.scenario = scenario
        self.lang = lang or scenario.spec.languages[0]
        if self.lang not in scenario.spec.languages:
            raise ValueError(f"scenario `{scenario.id}` is not playable in `{self.lang}` "
                             f"(it has: {', '.join(scenario.spec.languages)})")
        self.seed = seed
        self.today = today or dt.date.today()
        self.rng = random.Random(seed)
        self.debtor = Debtor(scenario, self.lang, self.rng, self.today)
        self.turns: list[Turn] = []
        self.over = False
        self.ended_by: str | None = None  # "debtor", "trainee", "turn_limit"
        self.collector_turns = 0
        self.lexicon = extended("collector", scenario.lexicon_patterns("collector"), f"{scenario.id}.lexicon")

    # -- driving it ---------------------------------------------------------------------------

    def start(self) -> Turn:
        if self.turns:
            return self.turns[0]
        return self._debtor_turn(self.debtor.open())

    def reply(self, text: str) -> list[Turn]:
        """The trainee says ``text`` (empty or "……" is silence); returns the new turns."""
        if self.over:
            raise SessionOver("the conversation is over")
        if not self.turns:
            self.start()
        u = understand(text, "collector", self.today, self.lexicon, scale=float(self.scenario.spec.case.debt.amount))
        return self._exchange(text, u)

    def act(self, moves: list[str], amount: float | None = None, date: dt.date | None = None,
            text: str = "", now: bool = False) -> list[Turn]:
        """The trainee makes these moves (already understood): for tests and built-in strategies."""
        if self.over:
            raise SessionOver("the conversation is over")
        if not self.turns:
            self.start()
        u = Understanding(text or " ".join(moves), "collector", list(moves), amount=amount, date=date,
                          language=self.lang, now=now)
        return self._exchange(u.text, u)

    def play_script(self, replies: list[str]) -> Outcome:
        """Say each reply in turn until the talk ends or the script does, then end (contracts.md)."""
        self.start()
        for reply in replies:
            if self.over:
                break
            self.reply(reply)
        return self.end()

    def silence(self) -> list[Turn]:
        return self.reply("……")

    def end(self) -> Outcome:
        """The trainee ends the conversation."""
        if not self.over:
            self.over = True
            self.ended_by = "trainee"
        return self.outcome()

    def _exchange(self, text: str, u: Understanding) -> list[Turn]:
        self.collector_turns += 1
        c = Turn(len(self.turns) + 1, "collector", text, list(u.moves), amount=u.amount, date=u.date, now=u.now,
                 instalments=list(u.instalments),
                 evidence=[{"label": e.label, "phrase": e.phrase, "rule": e.rule} for e in u.evidence])
        self.turns.append(c)
        answer = self.debtor.respond(u)
        d = self._debtor_turn(answer)
        if answer.ended:
            self.over, self.ended_by = True, "debtor"
        elif "close_reply" in answer.keys:
            self.over, self.ended_by = True, "trainee"
        elif self.collector_turns >= self.scenario.spec.max_turns:
            self.over, self.ended_by = True, "turn_limit"
        return [c, d]

    def _debtor_turn(self, t: DebtorTurn) -> Turn:
        turn = Turn(len(self.turns) + 1, "debtor", t.text, t.acts, state=t.state, name=t.speaker_name, meters=t.meters)
        self.turns.append(turn)
        return turn

    # -- results ------------------------------------------------------------------------------

    def outcome(self) -> Outcome:
        d = self.debtor
        deal = d.mem.deal
        compliance = not any(set(t.labels) & {"threaten", "insult", "expose_third_party"}
                             for t in self.turns if t.speaker == "collector")
        debt = d.debt
        if d.ended:
            status = "broken_off"
        elif deal is None:
            status = "stalemate"
        elif deal.pay_now >= debt - 0.5:
            status = "paid"
        elif deal.amount > 0:
            status = "committed"
        else:
            status = "partial"
        paid = deal.pay_now if deal else 0.0
        commitment = None
        reliability = None
        value = paid
        if deal and deal.amount > 0:
            commitment = {"amount": _num(deal.amount), "date": deal.date.isoformat() if deal.date else None}
            reliability = deal.reliability
            value += deal.amount * deal.reliability
        return Outcome(status, paid, commitment, reliability, d.meters["rapport"], compliance, value)

    def result(self) -> dict[str, Any]:
        """The session result of contracts.md (principles and score come with scoring)."""
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "language": self.lang,
            "today": self.today.isoformat(),
            "turns": [t.to_json() for t in self.turns],
            "outcome": self.outcome().to_json(),
            "ended_by": self.ended_by,
        }


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 2)
