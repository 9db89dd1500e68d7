"""The scenario format: pydantic models of what trainers write in YAML.

A scenario file sets the case and picks a persona; persona files under ``scenarios/personas/``
are the reusable archetypes (one per tactic) that a scenario ``extends`` and overrides.
Every model here is partial where merging needs it: a persona part may leave fields out and
inherit them. ``simulator.scenario.loader`` resolves the merge and checks references.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from simulator.scenario.diagnostics import Location

Lang = Literal["zh", "en"]


class Model(BaseModel):
    """Base: unknown fields are errors, and each instance can remember its location."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    _where: Location | None = PrivateAttr(default=None)

    @property
    def where(self) -> Location | None:
        return self._where


class Localized(Model):
    """A text in each language: ``{zh: 周老板, en: Mr. Zhou}``."""

    zh: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        return (getattr(self, lang, None) or self.zh or self.en or "")


Text = Annotated[Union[str, Localized], Field(description="plain text, or {zh: …, en: …}")]


def text_in(value: "str | Localized | None", lang: str) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.get(lang)


class Invoice(Model):
    number: str = Field(description="invoice or delivery-note number")
    date: dt.date | None = None
    amount: float = Field(gt=0)
    item: Text | None = Field(default=None, description="what was delivered")


class Debt(Model):
    amount: float = Field(gt=0, description="the total owed, in `currency`")
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    days_overdue: int = Field(default=0, ge=0)
    invoices: list[Invoice] = Field(default_factory=list)


class Case(Model):
    """What the trainee sees in the case file, and the facts lines are templated with."""

    creditor: Text = Field(description="the trainee's company")
    debtor_company: Text
    debtor_name: Text = Field(description="the person the trainee talks to")
    debtor_role: Text | None = None
    decider: Text | None = Field(default=None, description="who can decide and pay; default debtor_name")
    gatekeeper: Text | None = Field(default=None, description="who answers for a hiding debtor")
    debt: Debt
    background: list[Text] = Field(default_factory=list, description="facts the trainee knows going in")
    facts: dict[str, Text] = Field(default_factory=dict, description="extra template fields, used as {name} in lines")


class Terms(Model):
    """A repayment offer: ``pay_now`` today, then ``amount`` more within ``days``."""

    pay_now: float = Field(default=0, ge=0)
    amount: float = Field(default=0, ge=0)
    days: int = Field(default=0, ge=0, le=3650)

    @property
    def total(self) -> float:
        return self.pay_now + self.amount


class Traits(Model):
    """Hidden traits, each 0..1."""

    ability: float | None = Field(default=None, ge=0, le=1, description="can pay")
    willingness: float | None = Field(default=None, ge=0, le=1, description="wants to pay")
    temper: float | None = Field(default=None, ge=0, le=1, description="how quickly they turn hostile")
    face: float | None = Field(default=None, ge=0, le=1, description="how much losing face hurts them")


class StateSpec(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["gate", "stall", "offer", "hostile", "committed", "broken_off"]
    tactic: str | None = Field(default=None, description="for stall states: the tactic used here; default: the persona's tactics in turn")
    initial: bool = False
    description: Text | None = None


class TransitionSpec(Model):
    """Moves that take the persona from state(s) to a state, when conditions hold.

    ``moves`` are collector move ids, or ``tick`` (checked after every collector turn).
    ``when`` conditions: ``pressure >= 40``, ``progress > 50``, ``turn >= 3``, ``decider_reached``,
    ``not hardened``.
    """

    moves: list[str] = Field(min_length=1)
    from_: list[str] = Field(alias="from", min_length=1, description="state ids, or '*' for any non-final state")
    to: str
    when: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _one_or_many(cls, data):
        if isinstance(data, dict):
            for k in ("moves", "from", "when"):
                if isinstance(data.get(k), str):
                    data = {**data, k: [data[k]]}
        return data


class LineSpec(Model):
    """One variant of something the debtor says, in each language, with its acts."""

    zh: str | None = None
    en: str | None = None
    acts: list[str] | None = Field(default=None, description="debtor act ids; default from the line key")


class TacticRule(Model):
    """How a tactic's excuses hold up: answered by ``counters`` they collapse, ``feeds`` renew them."""

    excuses: int | None = Field(default=None, ge=0, le=20)
    counters: list[str] | None = None
    feeds: list[str] | None = None


class Params(Model):
    """Tuning knobs of the engine's negotiation dynamics."""

    resistance: float | None = Field(default=None, ge=0, le=100, description="pressure needed before offers move")
    span: float | None = Field(default=None, gt=0, le=100, description="pressure from first offer to best terms")
    silence_bonus: float | None = Field(default=None, ge=0, le=1)
    gate_persistence: int | None = Field(default=None, ge=1, le=10, description="asks for the decider needed to reach them")
    repeat_decay: float | None = Field(default=None, ge=0, le=1, description="how much a repeated move still counts")
    commit_progress: float | None = Field(default=None, ge=0, le=1, description="progress at which a request for commitment is granted")


class PersonaSpec(Model):
    """A persona part: an archetype file, or the ``persona:`` block of a scenario."""

    id: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]*$")
    extends: str | None = Field(default=None, description="the persona this one builds on (file name in scenarios/personas/)")
    name: Text | None = None
    description: Text | None = None
    tactics: list[str] | None = None
    traits: Traits | None = None
    meters: dict[str, float] | None = Field(default=None, description="starting values, 0..100")
    params: Params | None = None
    first_offer: Terms | None = None
    best_terms: Terms | None = None
    states: list[StateSpec] | None = None
    transitions: list[TransitionSpec] | None = None
    effects: dict[str, dict[str, float]] | None = Field(default=None, description="move id → meter → change")
    tactic_rules: dict[str, TacticRule] | None = None
    lines: dict[str, list[LineSpec]] | None = None


Patterns = dict[str, list[str]]


class LexiconSpec(Model):
    """A scenario's own patterns, added to the built-in lexicons: ``{zh: {label: [regex, …]}, en: …}``."""

    collector: dict[Lang, Patterns] | None = Field(default=None, description="extra patterns for collector moves")
    debtor: dict[Lang, Patterns] | None = Field(default=None, description="extra patterns for debtor acts")


class ScenarioSpec(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: Text
    summary: Text | None = None
    difficulty: Literal[1, 2, 3] = 2
    languages: list[Lang] = Field(default_factory=lambda: ["zh", "en"], min_length=1)
    max_turns: int = Field(default=40, ge=4, le=200, description="collector turns before the debtor ends the talk")
    case: Case
    persona: PersonaSpec
    lexicon: LexiconSpec | None = Field(default=None, description="patterns of this case: its people, products, excuses")
