"""Balance: play a scenario many times with built-in trainees and see whether it rewards the
right behaviour.

Three strategies react to what the debtor does (its acts and the kind of state it is in), at the
level of moves, so the result measures the persona, not the understanding of any wording:

* principled — states the sum, finds the decision maker, probes excuses, refuses the first offer
  with a reason, keeps silent after offers, raises pressure step by step, warns calmly under
  abuse, pins a dated commitment and leaves;
* naive — pleads, sympathises, concedes, accepts the first offer, talks new business;
* aggressive — opens with the lawyer, threatens, insults back, demands without reasons.

A scenario is balanced when the principled trainee clearly secures more than both others.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from simulator.scenario.loader import Scenario
from simulator.session.session import Session

EXCUSES = {"hide", "dispute", "delay", "deflect", "befriend", "grind", "refuse"}
MARGIN = 0.10  # the principled mean must beat the others' by this share of the debt


@dataclass
class View:
    """What a strategy sees after the debtor spoke."""

    turn: int
    acts: list[str]
    kind: str
    memory: dict = field(default_factory=dict)


Strategy = Callable[[View], list[str]]


def principled(v: View) -> list[str]:
    m = v.memory
    if v.turn == 1:
        return ["greet", "confirm_amount"]
    if v.kind == "gate" or "hide" in v.acts:
        m["asked"] = m.get("asked", 0) + 1
        return ["ask_decision_maker", "give_reason"] if m["asked"] % 2 else ["ask_decision_maker", "probe"]
    if v.kind == "committed" or "commit" in v.acts or "pay" in v.acts:
        return ["close"]
    if "abuse" in v.acts or v.kind == "hostile":
        return ["warn_conduct"]
    if "offer" in v.acts:
        m["offers"] = m.get("offers", 0) + 1
        n = m["offers"]
        if n == 1:
            return ["refuse_offer", "give_reason"]
        if n % 3 == 2:
            return ["silence"]
        return ["request_commitment"] if n % 3 == 0 else ["refuse_offer", "give_reason", "counter_offer"]
    if set(v.acts) & EXCUSES:
        m["stalls"] = m.get("stalls", 0) + 1
        s = m["stalls"]
        ladder = [["probe"], ["reconcile", "probe"], ["explain_cost"], ["silence"], ["request_commitment"],
                  ["cash_on_delivery", "give_reason"], ["probe"], ["lawful_pressure"], ["request_commitment"]]
        return ladder[(s - 1) % len(ladder)]
    return ["demand_payment", "give_reason"]


def naive(v: View) -> list[str]:
    if v.turn == 1:
        return ["greet", "plead"]
    if "commit" in v.acts or "pay" in v.acts or v.kind == "committed":
        return ["talk_new_business"]
    if "offer" in v.acts:
        return ["accept_offer"]
    if "abuse" in v.acts:
        return ["plead", "concede"]
    if set(v.acts) & EXCUSES:
        return ["empathize", "concede"] if v.turn % 2 else ["plead"]
    return ["talk_new_business"]


def aggressive(v: View) -> list[str]:
    if v.turn == 1:
        return ["lawful_pressure", "demand_payment"]
    if "abuse" in v.acts or v.kind == "hostile":
        return ["insult"]
    if "commit" in v.acts or "pay" in v.acts or v.kind == "committed":
        return ["close"]
    if "offer" in v.acts:
        return ["refuse_offer", "demand_payment"]
    return ["threaten", "demand_payment"] if v.turn % 2 else ["demand_payment"]


STRATEGIES: dict[str, Strategy] = {"principled": principled, "naive": naive, "aggressive": aggressive}


@dataclass
class Tally:
    runs: int = 0
    statuses: Counter = field(default_factory=Counter)
    values: list[float] = field(default_factory=list)
    scores: list[int] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)

    @property
    def mean_value(self) -> float:
        return statistics.fmean(self.values) if self.values else 0.0

    @property
    def mean_score(self) -> float:
        return statistics.fmean(self.scores) if self.scores else 0.0


@dataclass
class Report:
    scenario: Scenario
    lang: str
    runs: int
    tallies: dict[str, Tally]
    never_visited: list[str]
    warnings: list[str]

    @property
    def balanced(self) -> bool:
        return not self.warnings

    def to_json(self) -> dict:
        debt = float(self.scenario.spec.case.debt.amount)
        return {
            "scenario": self.scenario.id, "language": self.lang, "runs": self.runs, "debt": debt,
            "strategies": {name: {"statuses": dict(t.statuses), "mean_value": round(t.mean_value, 2),
                                  "mean_share": round(t.mean_value / debt, 3), "mean_score": round(t.mean_score, 1),
                                  "states": dict(t.states)} for name, t in self.tallies.items()},
            "never_visited": self.never_visited, "warnings": self.warnings, "balanced": self.balanced,
        }


def play(sc: Scenario, strategy: Strategy, seed: int, lang: str, today: dt.date) -> Session:
    s = Session(sc, lang, seed, today)
    kinds = {st.id: st.kind for st in sc.persona.states}
    first = s.start()
    view = View(1, list(first.labels), kinds.get(first.state or "", ""))
    while not s.over:
        moves = strategy(view)
        new = s.act(moves, amount=None, date=today + dt.timedelta(days=4) if "counter_offer" in moves else None)
        d = new[-1]
        view = View(view.turn + 1, list(d.labels), kinds.get(d.state or "", ""), view.memory)
        if "close" in moves and not s.over:
            s.end()
    return s


def balance(sc: Scenario, runs: int = 40, lang: str | None = None, today: dt.date | None = None,
            seed0: int = 1) -> Report:
    from simulator.scoring import assess_session

    lang = lang or sc.spec.languages[0]
    today = today or dt.date(2026, 11, 23)
    tallies = {name: Tally() for name in STRATEGIES}
    visited: set[str] = set()
    for name, strategy in STRATEGIES.items():
        t = tallies[name]
        for seed in range(seed0, seed0 + runs):
            s = play(sc, strategy, seed, lang, today)
            o = s.outcome()
            t.runs += 1
            t.statuses[o.status] += 1
            t.values.append(o.value)
            t.scores.append(assess_session(s).score)
            for turn in s.turns:
                if turn.state:
                    t.states[turn.state] += 1
                    visited.add(turn.state)
    never = [st.id for st in sc.persona.states if st.id not in visited]
    debt = float(sc.spec.case.debt.amount)
    warnings = []
    best = tallies["principled"]
    for name in ("naive", "aggressive"):
        other = tallies[name]
        if best.mean_value < other.mean_value + MARGIN * debt:
            warnings.append(f"the principled trainee secures {best.mean_value / debt:.0%} of the debt on average, "
                            f"{name} {other.mean_value / debt:.0%}: less than {MARGIN:.0%} of the debt apart")
        if best.mean_score <= other.mean_score:
            warnings.append(f"the principled trainee scores {best.mean_score:.0f} on average, {name} {other.mean_score:.0f}")
    return Report(sc, lang, runs, tallies, never, warnings)


def render(r: Report, lang: str = "en") -> str:
    debt = float(r.scenario.spec.case.debt.amount)
    lines = [f"{r.scenario.id} · {r.lang} · {r.runs} runs per strategy · debt {debt:,.0f}", ""]
    statuses = ["paid", "committed", "partial", "stalemate", "broken_off"]
    head = f"{'strategy':12} {'secured':>8} {'score':>6}  " + " ".join(f"{s:>10}" for s in statuses)
    lines += [head, "-" * len(head)]
    for name, t in r.tallies.items():
        lines.append(f"{name:12} {t.mean_value / debt:8.0%} {t.mean_score:6.0f}  "
                     + " ".join(f"{t.statuses[s]:>10}" for s in statuses))
    lines.append("")
    lines.append("states visited: " + ", ".join(f"{k} {v}" for k, v in
                                                 sorted(sum((t.states for t in r.tallies.values()), Counter()).items())))
    if r.never_visited:
        lines.append("warning: never visited by any strategy: " + ", ".join(r.never_visited))
    for w in r.warnings:
        lines.append(f"warning: {w}")
    lines.append("balanced: the principled trainee clearly wins" if r.balanced else "NOT balanced")
    return "\n".join(lines)
