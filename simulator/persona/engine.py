"""The debtor persona: a ``transitions`` state machine with hidden meters and offers.

The scenario's persona (states, transitions, conditions, effects, lines) is data; this module
is the physics that every persona shares, so that the dynamics of ``domain.md`` §6 hold in every
scenario:

* offers move from ``first_offer`` toward ``best_terms`` as pressure rises while rapport holds;
* accepting the first offer closes on it and makes the promise less reliable;
* an unconditional concession invites a further demand and sets offers back;
* silence after an offer or excuse makes the debtor fill it, often with a better offer;
* a hiding debtor cannot commit before the trainee reaches the decider;
* probing (each tactic's counters) collapses excuses;
* insults and threats make the debtor hostile, and talks can break off;
* new business raised first is traded against payment;
* lingering after payment invites favours or taking some back;
* opening with the harshest pressure hardens the debtor; stepwise escalation moves a grinder.

All randomness comes from the ``random.Random`` handed in (the session's seed).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from transitions import Machine

from simulator import vocabulary as V
from simulator.persona.format import format_date, format_money
from simulator.scenario.loader import Condition, Scenario
from simulator.scenario.models import LineSpec, Terms
from simulator.understanding.result import Understanding

PRESSURE_MOVES = frozenset(V.PRESSURE_LADDER)
RESIST_MOVES = frozenset({"refuse_offer", "counter_offer", "silence", "probe", "request_commitment",
                          "conditional_concession", "demand_payment"})
TERM_MOVES = frozenset({"counter_offer", "request_commitment", "conditional_concession", "demand_payment",
                        "refuse_offer"})
HOSTILE_MOVES = frozenset({"insult", "threaten", "expose_third_party"})
GIVE_IN_MOVES = frozenset({"plead", "concede"})
GATE_MOVES = frozenset({"ask_decision_maker", "probe"})
PINNING_MOVES = frozenset({"request_commitment", "counter_offer", "conditional_concession"})
# Said after a deal, these confirm and leave rather than linger (002 rules 8, 20).
CLOSING_MOVES = frozenset({"close", "greet", "empathize", "other", "accept_offer", "request_commitment",
                           "confirm_amount", "appeal_emotion"})
# Move order when several fire in one utterance: the most consequential first.
TRIGGER_ORDER = ("insult", "threaten", "expose_third_party", "accept_offer", "counter_offer",
                 "conditional_concession", "request_commitment", "demand_payment", "ask_decision_maker",
                 "warn_conduct", "empathize")


@dataclass
class DebtorTurn:
    """What the debtor says back, and the persona's state after it."""

    text: str
    acts: list[str]
    state: str
    keys: list[str]
    speaker_name: str
    meters: dict[str, float]
    offer: Terms | None = None
    ended: bool = False


@dataclass
class Deal:
    pay_now: float
    amount: float
    date: dt.date | None
    reliability: float
    pinned: bool
    accepted_first: bool

    def value(self) -> float:
        return self.pay_now + self.amount * self.reliability


@dataclass
class _Memory:
    """Everything the persona remembers between turns besides its state and meters."""

    turn: int = 0
    progress: float = 0.0  # 0 = first offer, 1 = best terms
    offer: Terms | None = None
    offer_progress: float = 0.0
    offers_made: int = 0
    first_offer_open: bool = False  # the first offer stands, neither resisted nor improved
    accepted_first: bool = False
    concessions: int = 0
    gate_asks: int = 0
    excuses: dict[str, int] = field(default_factory=dict)
    tactic_turn: int = 0
    current_tactic: str | None = None
    move_counts: dict[str, int] = field(default_factory=dict)
    max_rung: int = 0
    escalated_now: bool = False  # this turn's pressure is on a higher rung than any before
    hardened: bool = False
    hardened_now: bool = False  # this turn's harsh opening hardened the debtor
    leverage: bool = False
    lingering: int = 0
    deal: Deal | None = None
    last_keys: list[str] = field(default_factory=list)
    bags: dict[str, list[int]] = field(default_factory=dict)
    proposed: Terms | None = None
    proposed_by_collector: bool = False
    deal_reachable: bool = False


class Debtor:
    """A debtor persona playing one scenario in one language."""

    def __init__(self, scenario: Scenario, lang: str, rng: random.Random, today: dt.date):
        self.scenario = scenario
        self.persona = scenario.persona
        self.lang = lang
        self.rng = rng
        self.today = today
        self.debt = scenario.spec.case.debt.amount
        self.meters = {k: float(v) for k, v in self.persona.meters.items()}
        self.traits = self.persona.traits
        self.params = self.persona.params
        self.mem = _Memory()
        for tactic in self.persona.tactics:
            self.mem.excuses[tactic] = int(self.persona.tactic_rules[tactic]["excuses"])
        self.has_gate = any(s.kind == "gate" for s in self.persona.states)
        self.grinder = "grind" in self.persona.tactics
        self._kinds = {s.id: s.kind for s in self.persona.states}
        self._build_machine()
        self._fields = scenario.case_fields(lang)
        if self.has_gate and not self._fields.get("gatekeeper"):
            self._fields["gatekeeper"] = "前台" if lang == "zh" else "Reception"

    # -- the state machine --------------------------------------------------------------------

    def _build_machine(self) -> None:
        states = [s.id for s in self.persona.states]
        non_final = [s.id for s in self.persona.states if s.kind not in V.FINAL_KINDS]
        self.machine = Machine(model=self, states=states, initial=self.persona.initial,
                               auto_transitions=False, ignore_invalid_triggers=True,
                               model_attribute="state")
        for spec, conditions in self.persona.transitions:
            sources = non_final if "*" in spec.from_ else list(spec.from_)
            for move in spec.moves:
                self.machine.add_transition(move, sources, spec.to,
                                            conditions=[self._checker(conditions)])

    def _checker(self, conditions: list[Condition]):
        def check() -> bool:
            return all(self._holds(c) for c in conditions)
        return check

    def _holds(self, c: Condition) -> bool:
        if c.op:
            value = {"progress": self.mem.progress * 100, "turn": self.mem.turn}.get(c.name, self.meters.get(c.name, 0.0))
            return {">=": value >= c.value, "<=": value <= c.value, ">": value > c.value,
                    "<": value < c.value, "==": value == c.value, "!=": value != c.value}[c.op]
        result = bool(self.flags()[c.name])
        return not result if c.negate else result

    def flags(self) -> dict[str, bool]:
        m = self.mem
        return {
            "decider_reached": self.decider_reached,
            "has_offer": m.offer is not None,
            "deal_reachable": m.deal_reachable,
            "pays_in_full": bool(m.proposed and m.proposed.pay_now >= self.debt - 0.5),
            "excuses_exhausted": all(v <= 0 for v in m.excuses.values()),
            "hardened": m.hardened,
            "leverage": m.leverage,
        }

    @property
    def decider_reached(self) -> bool:
        return not self.has_gate or self.mem.gate_asks >= int(self.params["gate_persistence"])

    @property
    def kind(self) -> str:
        return self._kinds[self.state]

    @property
    def finished(self) -> bool:
        return self.kind in V.FINAL_KINDS

    @property
    def ended(self) -> bool:
        return self.kind == "broken_off"

    # -- offers ---------------------------------------------------------------------------------

    def terms_at(self, progress: float) -> Terms:
        """The offer at a given progress from the first offer (0) to the best terms (1)."""
        fo, bt = self.persona.first_offer, self.persona.best_terms
        p = max(0.0, min(1.0, progress))
        step = 100 if self.debt <= 20000 else 500 if self.debt <= 100000 else 1000
        pay_now = _round(fo.pay_now + p * (bt.pay_now - fo.pay_now), step)
        total = _round(fo.total + p * (bt.total - fo.total), step)
        # Rounding must not keep the best terms out of reach (28,600 is not 28,500).
        if abs(total - bt.total) < step:
            total = bt.total
        if abs(pay_now - bt.pay_now) < step:
            pay_now = bt.pay_now
        total = min(max(total, pay_now), self.debt)
        days = round(fo.days + p * (bt.days - fo.days))
        return Terms(pay_now=pay_now, amount=total - pay_now, days=days if total > pay_now else 0)

    def _target_progress(self) -> float:
        resistance = float(self.params["resistance"]) + (20 if self.mem.hardened else 0)
        raw = (self.meters["pressure"] - resistance) / float(self.params["span"])
        rapport_factor = min(1.0, 0.55 + self.meters["rapport"] / 100)
        return max(0.0, min(1.0, raw)) * rapport_factor

    def _reservation(self) -> Terms:
        """The most the debtor would agree to right now if asked for it."""
        slack = 0.1 + 0.2 * self.meters["rapport"] / 100
        return self.terms_at(min(1.0, max(self.mem.progress, self._target_progress()) + slack))

    def _proposal(self, u: Understanding) -> Terms | None:
        """The terms a collector utterance asks for, if it names an amount or a date."""
        if u.amount is None and u.date is None and not u.now:
            return None
        balance = self.debt - (self.mem.deal.pay_now if self.mem.deal else 0)
        split = [i for i in u.instalments if i.date is not None]
        if len(split) >= 2 and split[0].date <= self.today:
            # "今天先付一万,剩下的12月1号前付清", "half now, half on the 15th": part today, the rest by a date.
            first = split[0]
            now_part = first.amount if first.amount else (first.share * balance if first.share else u.amount)
            if now_part:
                pay_now = min(float(now_part), balance)
                return Terms(pay_now=pay_now, amount=balance - pay_now, days=max(0, (split[-1].date - self.today).days))
        if len(split) >= 2 and split[0].date > self.today:
            # "12,000 by Friday and the rest by December 4th": every part is later, so the terms are
            # the plan's whole sum by its last day (one date is all a deal holds).
            known = sum(i.amount for i in split if i.amount and not i.rest)
            whole = balance if any(i.rest for i in split) or not known else min(known, balance)
            return Terms(pay_now=0, amount=whole, days=max(0, (split[-1].date - self.today).days))
        amount = min(u.amount, balance) if u.amount else balance
        days = (u.date - self.today).days if u.date else (0 if u.now else None)
        offer = self.mem.offer
        if days is not None and days <= 0:
            if offer is not None and offer.amount > 0 and u.amount and amount < offer.total:
                # Asking for part of the offer today: the rest stays as the debtor offered it.
                return Terms(pay_now=amount, amount=offer.total - amount, days=offer.days)
            return Terms(pay_now=amount, amount=0, days=0)
        r = self._reservation()
        return Terms(pay_now=0, amount=amount, days=days if days is not None else r.days)

    def _acceptable(self, t: Terms) -> bool:
        r = self._reservation()
        if t.days == 0 and t.amount == 0:
            return t.pay_now <= r.pay_now + 0.5
        if t.total > r.total + 0.5:
            return False
        needed_days = r.days * (t.total / r.total) if r.total else 0
        return t.days + 0.5 >= needed_days

    def _reliability(self, pinned: bool) -> float:
        m = self.mem
        rel = 0.3 + 0.35 * self.traits["willingness"] + 0.25 * self.meters["rapport"] / 100
        rel += 0.15 if pinned else 0.0
        rel -= 0.25 if m.accepted_first else 0.0
        rel -= 0.08 * m.concessions
        rel -= 0.15 if m.leverage else 0.0
        rel -= 0.1 if m.hardened else 0.0
        return round(max(0.05, min(0.95, rel)), 2)

    # -- a turn ---------------------------------------------------------------------------------

    def open(self) -> DebtorTurn:
        return self._say(["opening"])

    def respond(self, u: Understanding) -> DebtorTurn:
        m = self.mem
        m.turn += 1
        moves = list(dict.fromkeys(u.moves)) or ["other"]
        before_kind = self.kind
        before_decider = self.decider_reached
        before_excuses = dict(m.excuses)
        events: list[str] = []

        if self.finished:
            return self._after_deal(moves)

        self._apply_effects(moves)
        if "silence" in moves:
            self._silence()
        if self.kind == "gate" and GATE_MOVES & set(moves):
            m.gate_asks += 1
        if self.kind == "stall":
            self._answer_excuse(moves)
        if "concede" in moves:
            m.concessions += 1
            m.progress = max(0.0, m.progress - 0.15)
            m.offer_progress = min(m.offer_progress, m.progress)
            events.append("ask_concession")
        if "talk_new_business" in moves and not m.leverage:
            m.leverage = True
            m.progress = max(0.0, m.progress - 0.1)
            events.append("trade_business")
        if m.hardened_now:
            events.insert(0, "harden")
        if m.offer is not None and m.first_offer_open and RESIST_MOVES & set(moves):
            m.first_offer_open = False  # resisted (silence included): no longer the first offer taken as is
        if "conditional_concession" in moves and m.offer is not None:
            m.progress = min(1.0, m.progress + 0.1)

        # Which terms the collector asks for, and whether the debtor would take them now.
        m.proposed = None
        m.proposed_by_collector = False
        m.deal_reachable = False
        if m.offer is not None and self.decider_reached and self.kind == "offer":
            if "accept_offer" in moves:
                m.proposed = m.offer
            else:
                # "哪天付多少?" asks for terms; only a sum (or a dated demand) proposes some.
                asks_only = "request_commitment" in moves and u.amount is None and "counter_offer" not in moves
                proposal = self._proposal(u) if TERM_MOVES & set(moves) and not asks_only else None
                if proposal is not None:
                    m.proposed = proposal
                    m.proposed_by_collector = True
                    m.deal_reachable = self._acceptable(proposal)
                elif "request_commitment" in moves:
                    if self.grinder and m.excuses.get("grind", 0) > 0:
                        m.excuses["grind"] -= 1  # asking again and again wears the grinder down (缠)
                    ready = m.progress >= float(self.params["commit_progress"]) or m.offers_made >= 2
                    if ready and not (self.grinder and m.excuses.get("grind", 0) > 0):
                        m.proposed = m.offer
                        m.deal_reachable = True

        # Fire the persona's transitions: the moves, most consequential first, then a tick.
        fired = False
        for move in sorted(moves, key=lambda x: TRIGGER_ORDER.index(x) if x in TRIGGER_ORDER else 99):
            if self.trigger(move):
                fired = True
                break
        if not fired or not self.finished:
            self.trigger("tick")

        if self.decider_reached and not before_decider:
            events.insert(0, "decider_reached")
        if self.kind == "stall" and any(before_excuses[t] > 0 >= m.excuses[t] for t in m.excuses) \
                or (before_kind == "stall" and self.kind == "offer"):
            if "excuse_collapses" not in events:
                events.insert(0, "excuse_collapses")
        if before_kind == "hostile" and self.kind not in ("hostile", "broken_off"):
            events.insert(0, "calm_down")

        if "decider_reached" in events and self.kind not in ("committed", "broken_off"):
            return self._say(["decider_reached"])
        if self.kind == "committed" and before_kind != "committed":
            return self._strike_deal(u, moves, events)
        if self.kind == "broken_off":
            return self._say(["break_off"])
        if "close" in moves and not (TERM_MOVES & set(moves)):
            return self._say(["close_reply"])
        return self._say(events + self._state_keys(moves))

    def _apply_effects(self, moves: list[str]) -> None:
        m = self.mem
        effects = self.persona.effects
        decay = float(self.params["repeat_decay"]) * (0.6 if self.grinder else 1.0)
        rungs = [V.PRESSURE_LADDER[x] for x in moves if x in V.PRESSURE_LADDER]
        top = max(rungs, default=0)
        m.hardened_now = top >= V.HARSHEST_RUNG and m.max_rung == 0 and m.turn <= 2 and not m.hardened
        if m.hardened_now:
            # Opening with the harshest pressure makes any debtor dig in (004 逼, 003 度的把握).
            m.hardened = True
            self.meters["rapport"] -= 15
            self.meters["hostility"] += 15
        m.escalated_now = top > m.max_rung
        escalated = m.escalated_now and m.max_rung > 0  # a step up from pressure already applied
        for move in moves:
            count = m.move_counts.get(move, 0)
            factor = decay ** count
            if self.grinder and move in PRESSURE_MOVES:
                factor *= 1.6 if escalated else 0.7
            for meter, delta in effects.get(move, {}).items():
                # Each calm warning calms as much as the first (003 三次制止): no decay on easing.
                scale = 1.0 if meter == "hostility" and delta < 0 else factor
                if meter == "hostility" and delta > 0:
                    scale = (0.5 + self.traits["temper"]) * (1.0 if move in HOSTILE_MOVES else factor)
                    if move in HOSTILE_MOVES:
                        scale *= 1.0 + 0.5 * self.traits["face"]
                noise = 1.0 + (self.rng.random() - 0.5) * 0.2 if delta else 1.0
                self.meters[meter] = _clamp(self.meters[meter] + delta * scale * noise)
            m.move_counts[move] = count + 1
        m.max_rung = max(m.max_rung, top)
        if m.offer is not None:
            m.progress = max(m.progress, self._target_progress())

    def _silence(self) -> None:
        """Silence after an offer or an excuse: the debtor fills it (003 六 适当沉默)."""
        m = self.mem
        last = set(m.last_keys)
        if self.kind == "offer" and last & {"offer", "offer_split", "better_offer", "hold_offer"}:
            m.progress = min(1.0, m.progress + float(self.params["silence_bonus"]))
        elif self.kind == "stall" and m.current_tactic:
            m.excuses[m.current_tactic] = m.excuses.get(m.current_tactic, 0) - 1

    def _answer_excuse(self, moves: list[str]) -> None:
        """The tactic's counters make its excuses collapse; its feeds renew them."""
        m = self.mem
        tactic = m.current_tactic
        if tactic is None:
            return
        rule = self.persona.tactic_rules[tactic]
        counters = set(rule["counters"])
        if counters & set(moves) or ("escalate" in counters and m.escalated_now):
            m.excuses[tactic] = m.excuses.get(tactic, 0) - 1
        if set(rule["feeds"]) & set(moves):
            limit = int(rule["excuses"]) + 2
            m.excuses[tactic] = min(limit, m.excuses.get(tactic, 0) + 1)

    def _state_keys(self, moves: list[str]) -> list[str]:
        m = self.mem
        kind = self.kind
        if kind == "gate":
            return ["gatekeeper"]
        if kind == "hostile":
            if GIVE_IN_MOVES & set(moves):
                m.progress = max(0.0, m.progress - 0.1)
            return ["abuse"]
        if kind == "stall":
            if self.grinder and "request_commitment" in moves and m.excuses.get("grind", 0) > 0:
                return ["vague_promise"]
            return [self._next_tactic()]
        if kind == "offer":
            if m.offer is None:
                m.offer = self.persona.first_offer
                m.offer_progress = 0.0
                m.offers_made = 1
                m.first_offer_open = True
                return ["offer_split" if m.offer.pay_now and m.offer.amount else "offer"]
            if m.progress - m.offer_progress >= 0.08:
                m.offer = self.terms_at(m.progress)
                m.offer_progress = m.progress
                m.offers_made += 1
                m.first_offer_open = False
                return ["better_offer"]
            return ["hold_offer"]
        return ["filler"]

    def _next_tactic(self) -> str:
        m = self.mem
        state = self.persona.state(self.state)
        if state.tactic:
            m.current_tactic = state.tactic
            return state.tactic
        live = [t for t in self.persona.tactics if m.excuses.get(t, 0) > 0] or list(self.persona.tactics)
        if self.grinder:
            # A grinder brings a new reason every time (004 磨).
            m.tactic_turn += 1
            tactic = live[m.tactic_turn % len(live)]
        else:
            tactic = live[0]
        m.current_tactic = tactic
        return tactic

    def _strike_deal(self, u: Understanding, moves: list[str], events: list[str]) -> DebtorTurn:
        m = self.mem
        terms = m.proposed or m.offer or self.persona.first_offer
        if "accept_offer" in moves and m.first_offer_open:
            m.accepted_first = True  # 000: the first offer, accepted, is a worse and shakier deal
        # Pinned (004 粘): the trainee asked for dated, sized terms, or held out for improved ones.
        pinned = bool(PINNING_MOVES & set(moves)) or ("accept_offer" in moves and not m.accepted_first and m.offers_made > 1)
        date = self.today + dt.timedelta(days=terms.days) if terms.amount > 0 else None
        m.deal = Deal(pay_now=terms.pay_now, amount=terms.amount, date=date,
                      reliability=self._reliability(pinned), pinned=pinned, accepted_first=m.accepted_first)
        m.offer = terms
        if terms.amount <= 0:
            key = "pay"
        elif m.proposed_by_collector:
            key = "accept_counter"
        else:
            key = "commit"
        return self._say([e for e in events if e in ("decider_reached", "calm_down")] + [key])

    def _after_deal(self, moves: list[str]) -> DebtorTurn:
        """Talk after the deal: close well, or linger and pay for it (002 rules 8, 20)."""
        m = self.mem
        if self.ended:
            return self._say(["break_off"])
        if "close" in moves and not (set(moves) - CLOSING_MOVES):
            return self._say(["close_reply"])
        if not (set(moves) - CLOSING_MOVES - {"silence"}):
            return self._say(["after_deal"])
        m.lingering += 1
        deal = m.deal
        if deal is None:
            return self._say(["filler"])
        deal.reliability = round(max(0.05, deal.reliability - 0.08), 2)
        if deal.pay_now > 0 and self.rng.random() < 0.5:
            back = _round(deal.pay_now * 0.25, 100)
            if back > 0:
                deal.pay_now -= back
                deal.amount += back
                deal.date = deal.date or self.today + dt.timedelta(days=7)
                return self._say(["take_back"], extra={"amount": format_money(back, self.lang, self.scenario.spec.case.debt.currency)})
        return self._say(["favour"])

    # -- lines ----------------------------------------------------------------------------------

    def _say(self, keys: list[str], extra: dict[str, str] | None = None) -> DebtorTurn:
        m = self.mem
        keys = list(dict.fromkeys(keys))
        at_gate = self.has_gate and not self.decider_reached
        if at_gate and not set(keys) & {"opening", "break_off", "close_reply"}:
            keys = ["gatekeeper"]  # only the boss trades, concedes or commits; the gatekeeper screens
        texts: list[str] = []
        acts: list[str] = []
        used: list[str] = []
        for key in keys[:2]:
            resolved, line = self._pick(key)
            if line is None:
                continue
            used.append(resolved)
            texts.append(self._render(line, extra))
            for act in line.acts or V.LINE_KEYS[resolved]:
                if act not in acts:
                    acts.append(act)
        if len(acts) > 1 and "other" in acts:
            acts.remove("other")
        m.last_keys = used
        name_field = ("gatekeeper" if at_gate else "decider") if self.has_gate else "debtor_name"
        return DebtorTurn(
            text=" ".join(texts), acts=acts or ["other"], state=self.state, keys=used,
            speaker_name=self._fields.get(name_field) or self._fields["debtor_name"],
            meters={k: round(v, 1) for k, v in self.meters.items()} | {"progress": round(m.progress * 100, 1)},
            offer=m.offer, ended=self.ended,
        )

    def _pick(self, key: str) -> tuple[str, LineSpec | None]:
        for candidate in (key, *V.LINE_FALLBACKS.get(key, ()), "filler"):
            lines = self.persona.lines.get(candidate)
            if lines:
                bag = self.mem.bags.get(candidate)
                if not bag:
                    bag = list(range(len(lines)))
                    self.rng.shuffle(bag)
                    self.mem.bags[candidate] = bag
                return candidate, lines[bag.pop()]
        return key, None

    def _render(self, line: LineSpec, extra: dict[str, str] | None) -> str:
        text = getattr(line, self.lang) or line.zh or line.en or ""
        offer = self.mem.deal or self.mem.offer
        currency = self.scenario.spec.case.debt.currency
        fields = dict(self._fields)
        pay_now = offer.pay_now if offer else 0
        amount = offer.amount if offer else self.debt
        days = getattr(offer, "days", None) if offer and not isinstance(offer, Deal) else None
        date = offer.date if isinstance(offer, Deal) else (self.today + dt.timedelta(days=days) if days is not None else None)
        paid = self.mem.deal.pay_now if self.mem.deal else 0
        fields.update({
            "terms": self._terms_phrase(pay_now, amount, date, currency),
            "amount": format_money(amount, self.lang, currency),
            "pay_now": format_money(pay_now, self.lang, currency),
            "total": format_money(pay_now + amount, self.lang, currency),
            "date": format_date(date, self.today, self.lang) if date else ("今天" if self.lang == "zh" else "today"),
            "days": str(days if days is not None else 0),
            "paid": format_money(paid, self.lang, currency),
            "debt": format_money(self.debt, self.lang, currency),
            "balance": format_money(self.debt - paid, self.lang, currency),
        })
        fields.update(extra or {})
        try:
            return text.format_map(fields)
        except (KeyError, ValueError, IndexError):
            return text

    def _terms_phrase(self, pay_now: float, amount: float, date, currency: str) -> str:
        """The terms as one phrase: "今天先付5200元,剩下1.78万12月7号前付清"."""
        zh = self.lang == "zh"
        money = lambda x: format_money(x, self.lang, currency)  # noqa: E731
        when = format_date(date, self.today, self.lang) if date else ("今天" if zh else "today")
        if pay_now and amount:
            return (f"今天先付{money(pay_now)},剩下{money(amount)}{when}之前付清" if zh
                    else f"{money(pay_now)} today and the remaining {money(amount)} by {when}")
        if pay_now:
            return f"今天付{money(pay_now)}" if zh else f"{money(pay_now)} today"
        return f"{when}之前付{money(amount)}" if zh else f"{money(amount)} by {when}"


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def _round(x: float, step: int) -> float:
    return float(round(x / step) * step)
