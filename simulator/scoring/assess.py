"""From a conversation to verdicts, an outcome, a score, key moments and what to practise next.

``assess_session`` scores a live session (the persona engine knows the outcome); ``assess``
scores a transcript, estimating the outcome from the debtor's acts. Both return an ``Assessment``
— the one model every debrief form is rendered from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from simulator import vocabulary as V
from simulator.persona.format import format_money
from simulator.scenario.loader import archetype_rules
from simulator.scoring.principles import (APPEALS, Context, Verdict, firmly, conditional_concessions, cue, judge,
                                           refuse_first_offer)
from simulator.scoring.transcript import Line, Transcript, from_session
from simulator.session.session import Outcome
from simulator.text import clip
from simulator.understanding import REST_WORDS

CREDIT = {"followed": 1.0, "missed": 0.4, "violated": 0.0}  # not_applicable does not count
PROCESS_SHARE = 0.6  # how the trainee negotiated; the rest is what the negotiation secured
COMPLIANCE_CAP = 40  # a session that broke the rules scores at most this, however it went
# Debtor acts that back off agreed terms (not grind: "最近钢价怎么样?" after the deal is small talk)
LAPSES = ("delay", "deflect", "hide", "refuse")
COVERS_REST = 0.9  # share of the debt paid and committed that makes a transcript `committed`
STATUS_VALUE = {"paid": 1.0, "committed": 0.75, "partial": 0.5, "stalemate": 0.15, "broken_off": 0.0}


@lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, Any]]:
    """The debrief's words about each principle (``scoring/data/principles.yaml``)."""
    raw = resources.files("simulator.scoring.data").joinpath("principles.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    missing = set(V.PRINCIPLES) - set(data)
    if missing:
        raise RuntimeError(f"principles.yaml lacks {sorted(missing)}")
    return data


@lru_cache(maxsize=1)
def default_rules() -> dict[str, dict[str, Any]]:
    return archetype_rules()


@dataclass
class Finding:
    """A principle's verdict, with its evidence and what the debrief says about it."""

    principle: str
    verdict: str
    turns: list[int]
    note: str
    advice: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "turns": self.turns, "note": self.note}


@dataclass
class Moment:
    turn: int
    principle: str
    verdict: str
    said: str
    caused: str | None
    change: dict[str, float]  # persona meters before → after (live sessions), as deltas
    better: str | None
    why: str


@dataclass
class Assessment:
    lines: list[Line]
    language: str
    findings: dict[str, Finding]
    outcome: Outcome
    score: int
    process: float
    secured: float
    moments: list[Moment]
    practise: list[dict[str, Any]]
    series: dict[str, list[tuple[int, float]]]
    series_estimated: bool
    scenario: str | None = None
    title: str | None = None
    seed: int | None = None
    today: dt.date | None = None
    debt: float | None = None
    currency: str = "CNY"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def compliance_findings(self) -> list[Line]:
        return [l for l in self.lines if l.speaker == "collector" and l.has(*V.NON_COMPLIANT_MOVES)]

    def to_json(self) -> dict[str, Any]:
        """The session result of contracts.md, with the debrief's extras after it."""
        turns = [l.to_json() for l in self.lines]
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "seed": self.seed,
            "language": self.language,
            "turns": turns,
            "principles": {p: f.to_json() for p, f in self.findings.items()},
            "outcome": self.outcome.to_json(),
            "score": self.score,
        }
        out.update(self.extra)
        out["key_moments"] = [{"turn": m.turn, "principle": m.principle, "verdict": m.verdict, "said": m.said,
                               "caused": m.caused, "better": m.better, "why": m.why} for m in self.moments]
        out["practise_next"] = self.practise
        return out


# ---------------------------------------------------------------------------------------------


def assess_session(session) -> Assessment:
    """Score a live session: its outcome is the persona's."""
    t = from_session(session)
    outcome = session.outcome()
    kinds = {s.id: s.kind for s in session.scenario.persona.states}
    ctx = Context(t.lines, outcome.status, t.tactic_rules or default_rules(), t.debt, True, kinds)
    a = _assemble(t, ctx, outcome)
    a.extra = {"today": session.today.isoformat(), "ended_by": session.ended_by}
    return a


def assess(t: Transcript) -> Assessment:
    """Score a transcript: the outcome is estimated from what the debtor said."""
    rules = t.tactic_rules or default_rules()
    provisional = Context(t.lines, None, rules, t.debt)
    outcome = infer_outcome(t, provisional)
    ctx = Context(t.lines, outcome.status, rules, t.debt, secured_at=outcome.secured_at)
    a = _assemble(t, ctx, outcome)
    a.extra = {"today": t.today.isoformat() if t.today else None, "debt": t.debt}
    return a


def live_verdicts(lines: list[Line], state_kinds: dict[str, str] | None = None,
                  tactic_rules: dict | None = None, debt: float | None = None) -> dict[str, Verdict]:
    """Verdicts so far, for a conversation still going (nothing is `missed` before the end)."""
    ctx = Context(lines, None, tactic_rules or default_rules(), debt, False, state_kinds or {})
    return judge(ctx)


@dataclass
class Hint:
    principle: str
    verdict: str
    turns: list[int]
    note: str
    advice: str


class Coach:
    """Live feedback for practice mode: after each collector turn, the verdicts that turn changed."""

    def __init__(self, language: str, state_kinds: dict[str, str] | None = None,
                 tactic_rules: dict | None = None, debt: float | None = None):
        self.language = language
        self.state_kinds = state_kinds or {}
        self.tactic_rules = tactic_rules
        self.debt = debt
        self.previous: dict[str, Verdict] = {}

    @classmethod
    def for_session(cls, session) -> "Coach":
        return cls(session.lang, {s.id: s.kind for s in session.scenario.persona.states},
                   session.scenario.persona.tactic_rules, float(session.scenario.spec.case.debt.amount))

    def update(self, lines: list[Line]) -> list[Hint]:
        now = live_verdicts(lines, self.state_kinds, self.tactic_rules, self.debt)
        hints = []
        for p, v in now.items():
            before = self.previous.get(p)
            if v.verdict != "not_applicable" and (before is None or before.verdict != v.verdict):
                if v.verdict == "followed" and p in ("no_business_before_payment", "firm_stance", "compliance"):
                    continue  # "nothing wrong yet" is not news
                f = _finding(v, lines, self.language)
                hints.append(Hint(p, v.verdict, f.turns, f.note, f.advice))
        self.previous = now
        order = {"violated": 0, "missed": 1, "followed": 2}
        return sorted(hints, key=lambda h: (order[h.verdict], -texts()[h.principle]["weight"]))


def session_lines(session) -> list[Line]:
    return from_session(session).lines


# ---------------------------------------------------------------------------------------------


def _assemble(t: Transcript, ctx: Context, outcome: Outcome) -> Assessment:
    verdicts = judge(ctx)
    findings = {p: _finding(v, t.lines, t.language) for p, v in verdicts.items()}
    process, secured, score = compute_score(findings, outcome, t.debt)
    series, estimated = _series(t.lines)
    return Assessment(t.lines, t.language, findings, outcome, score, process, secured,
                      _moments(findings, t.lines, t.language, _case_fields(t)), _practise(findings, t.scenario, t.language),
                      series, estimated, t.scenario, t.title, t.seed, t.today, t.debt, t.currency)


def compute_score(findings: dict[str, Finding], outcome: Outcome, debt: float | None) -> tuple[float, float, int]:
    """Score 0–100: 60% how the trainee negotiated (principles, weighted), 40% what it secured
    (money paid or committed × how likely it is to be kept, and a little for the relationship);
    capped at 40 when compliance failed."""
    data = texts()
    num = den = 0.0
    for p, f in findings.items():
        w = float(data[p]["weight"])
        if f.verdict in CREDIT and w > 0:
            num += w * CREDIT[f.verdict]
            den += w
    process = 100 * num / den if den else 50.0
    if debt:
        money = min(1.0, outcome.value / debt)
    else:
        money = STATUS_VALUE[outcome.status] * ((outcome.reliability or 0.75) / 0.75 if outcome.status == "committed" else 1)
    secured = 100 * (0.85 * min(1.0, money) + 0.15 * outcome.rapport / 100)
    score = round(PROCESS_SHARE * process + (1 - PROCESS_SHARE) * secured)
    if not outcome.compliance:
        score = min(score, COMPLIANCE_CAP)
    return process, secured, max(0, min(100, score))


def _terms(line: Line, today: dt.date | None, debt: float | None, paid: float) -> tuple[float, float, dt.date | None]:
    """What a line's terms mean: (pay now, pay later, by when)."""
    owed = (debt - paid) if debt else None
    if line.instalments:
        now = later = 0.0
        last: dt.date | None = None
        # Every sum named counts, a "rest" with its own sum too ("剩下38,500…"): an unnamed rest
        # after it is what is left of the debt beyond them all, often nothing.
        known = sum(i.amount or 0.0 for i in line.instalments)
        for i in line.instalments:
            amount = i.amount
            if amount is None and i.share is not None and owed is not None:
                amount = i.share * owed
            if amount is None and i.rest and owed is not None:
                amount = max(0.0, owed - known)
            amount = amount or 0.0
            if i.date is None or (today is not None and i.date <= today):
                now += amount
            else:
                later += amount
                last = max(last, i.date) if last else i.date
        return now, later, last
    amount = line.amount if line.amount is not None else owed
    if amount is None:
        return 0.0, 0.0, None
    # ("这周五先给你一万五,我现在就给你写个条子": the day named is when; "现在" is for the note)
    if (line.now and (line.date is None or today is None or line.date <= today)) \
            or (line.date is not None and today is not None and line.date <= today):
        return amount, 0.0, None
    return 0.0, amount, line.date


# A yes at the start of a line: 行/好/可以/签/没问题/OK/fine/deal/agreed…
_ASSENTS = re.compile(r"^\W{0,3}(?:(?:那)?(?:行|好|可以|成|签|没问题|沒問題|得|冇问题|冇問題|ok|okay|fine|deal|agreed|sure|done|alright|all right|yes|yeah)(?![^,，。.!！?？\s]{3}))", re.I)


def _after_goodbye(ctx: Context, line: Line) -> bool:
    """Whether ``line`` answers a collector line that closed the talk."""
    prev = ctx.before(line)
    return prev is not None and prev.speaker == "collector" and prev.has("close") and not prev.has(*V.NON_COMPLIANT_MOVES)


def _their_terms(ctx: Context, line: Line) -> Line | None:
    """The collector's dated, sized terms that ``line`` answers, if it answers any."""
    prev = ctx.before(line)
    if prev is None or prev.speaker != "collector" \
            or not prev.has("counter_offer", "request_commitment", "conditional_concession"):
        return None
    sized = prev.amount is not None or any(p.amount is not None or p.share is not None for p in prev.instalments)
    dated = prev.date is not None or any(p.date is not None for p in prev.instalments)
    return prev if sized and dated else None


_NO_RECEIPT = re.compile(r"没(?:有)?收到|未收到|还没到|没到账|(?:等|到时|到账后|收到后).{0,8}(?:到账|确认)|\bnot (?:yet )?(?:received|in)\b|\bhaven'?t (?:got|received|seen)\b|"
                         r"\bno payment\b|\b(?:when|once|as soon as) (?:the |your )?(?:[$€£¥]?\d[\d,.]{0,12}k?|payment|money|transfer|wire|funds)\b"
                         r"[^.!?]{0,12}\b(?:arrives|lands|clears|comes in)\b|\breceived (?:the |your )?(?:signed|plan|contract|agreement|document|form|photo|pdf|scan)", re.I)


def _restates(terms: Line, line: Line) -> bool:
    """Whether ``line`` names only sums of ``terms`` ("行行行…12月15号,188,500,承诺书我签" to "今天先转5万,
    剩下188,500,12月15号前付清"): a yes to those terms, not terms of its own."""
    said = _sums(line)
    return bool(said) and said <= _sums(terms)


def _sums(line: Line) -> set[int]:
    return {round(x) for x in [line.amount, *(i.amount for i in line.instalments)] if x}


def infer_outcome(t: Transcript, ctx: Context) -> Outcome:
    """The outcome of a typed-up conversation, from the debtor's acts (an estimate).

    Payment counts when the debtor says it is made, or agrees to pay today; a commitment is a
    debtor's firm promise, or an offer the collector accepts or closes on. The last terms agreed
    stand; payments confirmed later use them up.
    """
    debt = t.debt
    paid = 0.0
    later = 0.0
    due: dt.date | None = None
    secured_at: int | None = None
    pending = 0.0  # the part of the last terms due now: counted as paid, until a payment confirms it
    agreed_at: int | None = None  # the debtor line of the terms standing now
    paid_at: int | None = None  # the last payment
    last_paid = 0.0  # ...and its sum
    offered: float | None = None
    last_offer = max((l.n for l in ctx.lines if l.speaker == "debtor" and l.has("offer", "commit")), default=None)
    last_debtor: Line | None = None
    guessed: tuple[int, float] | None = None  # a payment with no sum said: its line and the sum taken for it
    for l in ctx.lines:
        if l.speaker != "debtor":
            receipt = cue("receipt", l.text) is not None and not _NO_RECEIPT.search(l.text)
            # "Received, HKD 96,000": the collector confirms a payment the debtor's words left unsaid
            # (It confirms the payment before it when it names that payment's sum: "转了啊。" "到了没有?"
            # "到了,两万七千四收到了。")
            confirms_last = paid_at is not None and l.amount is not None and abs(l.amount - last_paid) < 0.5
            if receipt and not (last_debtor is not None and last_debtor.has("pay")) and not confirms_last:
                l = dataclasses.replace(l, labels=["pay"])
            else:
                # "汇了,你看一下" then "收到,420,000已入帐": the sum the collector confirms is the one paid
                if receipt and guessed is not None and last_debtor is not None and last_debtor.n == guessed[0] \
                        and l.amount is not None and abs(l.amount - guessed[1]) > 0.5 and (not debt or l.amount <= debt + 0.5):
                    extra = l.amount - guessed[1]
                    paid += extra
                    later = max(0.0, later - extra)
                    due = due if later else None
                    guessed = None
                # "Right. Twelve thousand Wednesday, eleven-eight by the fifteenth" then "12,000 on the
                # 25th and 11,800 on the 15th of December": the collector's restated plan spells out
                # the parts the debtor's promise named loosely.
                plan = [i for i in l.instalments if i.amount and i.date]
                if not receipt and l.has("close", "confirm_amount") and agreed_at is not None \
                        and last_debtor is not None and last_debtor.n == agreed_at and len(plan) >= 2 \
                        and len(plan) == len(l.instalments) and last_debtor.amount is not None \
                        and round(last_debtor.amount) in {round(i.amount) for i in plan}:
                    total = sum(i.amount for i in plan)
                    if total > pending + later + 0.5 and (not debt or paid - pending + total <= debt + 0.5):
                        due_now = sum(i.amount for i in plan if t.today is not None and i.date <= t.today)
                        paid += due_now - pending
                        pending = due_now
                        later = total - due_now
                        due = max(i.date for i in plan) if later > 0.5 else None
                continue
        else:
            last_debtor = l
        reply = ctx.reply(l)
        hedged = cue("hedge", l.text) is not None
        concrete = l.has("offer") and (l.amount is not None or bool(l.instalments))
        taken = reply is not None and reply.has("accept_offer", "close")
        # The debtor's last concrete offer stands when the collector lets it stand (silence, or the end).
        stands = l.n == last_offer and (reply is None or reply.labels == ["silence"])
        agreed = not hedged and (l.has("commit") or (concrete and (taken or stands)))
        proposal = _their_terms(ctx, l)
        # (Once terms stand, a yes to the collector restating them agrees nothing new: "签好了".)
        # A yes that names no sum of its own ("行行行,就这么办,我现在就转", "Fine. Deal.") takes the
        # collector's terms, whether or not it reads as a promise by itself.
        own_terms = (l.amount is not None or bool(l.instalments)) and not l.has("pay")
        if proposal is not None and agreed_at is None and not hedged and _ASSENTS.search(l.text) \
                and not own_terms and not l.has("refuse", "dispute", "abuse"):
            # The debtor says yes to the collector's dated terms ("行行行,签。…转了", "Fine. Deal."):
            # those terms stand, and a payment in the same breath (below) pays their part due now.
            paid -= pending
            now, rest, when = _terms(proposal, t.today, debt, paid)
            paid += now
            pending, later, due = now, rest, when
            secured_at = agreed_at = l.n
            agreed = False  # the terms are the collector's: the line itself agrees nothing more
            if not l.has("pay"):
                continue
        if l.has("pay") and not agreed:
            # "转了,你看" with no sum pays what was due now, or what was last offered.
            amount = l.amount if l.amount is not None else \
                (pending or later or offered or ((debt - paid) if debt else 0.0))
            guessed = (l.n, amount) if l.amount is None else None
            covered = min(amount, pending)  # confirms the part due now, already counted
            pending -= covered
            paid += amount - covered
            later = max(0.0, later - (amount - covered))
            due = due if later else None
            secured_at = l.n  # the last payment or agreement is what the talk secured
        elif agreed and l.has("pay") and not l.instalments and l.amount is not None:
            # Paid a sum and agreed the rest by a day in one breath ("转了,一万二。确认书也签了:12月4号前付清").
            paid += l.amount
            pending = 0.0
            owed = (debt - paid) if debt else 0.0
            dated = l.date is not None and (t.today is None or l.date > t.today)
            later, due = (owed, l.date) if dated and owed > 0.5 else (0.0, None)
            secured_at = l.n
        elif agreed and agreed_at is not None and later and not l.instalments and REST_WORDS.search(l.text) \
                and l.amount is not None and l.date is not None and (due is None or l.date > due) \
                and (not debt or paid + later + l.amount <= debt + 0.5):
            # The rest promised after a first part ("这周五先给你一万五" … "剩下的一万五12月10号之前结清"):
            # the two stand together.
            later += l.amount
            due = l.date
            secured_at = l.n
        elif agreed and agreed_at is not None and l.amount is None and not l.instalments \
                and (l.date is None or l.date == due or (pending and t.today is not None and l.date <= t.today)):
            # A promise with no sum of its own on a day already agreed restates the terms standing
            # ("今天下午先打两万,剩下…礼拜五之前" then "就这样啊,下午三点前你查账").
            secured_at = l.n
        elif agreed and pending and debt and not l.has("pay") \
                and (plan := _terms(l, t.today, debt, paid))[0] < 0.5 and plan[1] > 0.5 and paid + plan[1] <= debt + 0.5:
            # A plan for the rest after a part due now ("十万我让会计现在转" then "十二月二十五号十三万,
            # 一月二十五号十三万八……行,签了"): the two stand together.
            later, due = plan[1], plan[2]
            secured_at = l.n
        elif agreed:
            # New terms replace the last ones: their part due now is not paid twice ("$5,000 today"
            # agreed, then restated in the final plan).
            paid -= pending
            now, rest, when = _terms(l, t.today, debt, paid)
            if proposal is not None and _restates(proposal, l):
                # "行行行…12月15号,188,500" to "今天先转5万,剩下188,500,12月15号前": the part due now
                # that the yes left unsaid is agreed too.
                due_now = _terms(proposal, t.today, debt, paid)[0]
                if due_now and not now and round(due_now) not in _sums(l):
                    now = due_now
            paid += now
            pending = now
            later, due = rest, when
            if now or when is not None:
                secured_at = l.n  # (a sum agreed with no day, "就算一万五", secures nothing firm)
        elif agreed_at is not None and any(firmly(l, a) for a in LAPSES) and not _ASSENTS.search(l.text) \
                and not l.has("ask_concession"):
            # (asking to move a date, "那笔能不能往后挪到元旦后?", backs off nothing until it is granted)
            # (a weak model reading does not undo a deal: "有几个款在打版了,回头发你看看" is small talk)
            # Backing off after the deal ("不过这周账上有点紧,要不下周吧", "到时候再说") leaves nothing
            # agreed: the terms lapse, what was paid stays.
            paid -= pending
            pending, later, due, agreed_at = 0.0, 0.0, None, None
            secured_at = paid_at
        if l.has("pay") and not agreed:
            paid_at = l.n
            last_paid = l.amount if l.amount is not None else (guessed[1] if guessed else 0.0)
        if agreed:
            agreed_at = l.n
        if l.has("offer", "commit") and l.amount is not None:
            offered = l.amount
    commitment = {"amount": _num(later), "date": due.isoformat() if due else None} if later > 0.5 else None
    # `committed` is "a firm dated commitment for the rest" (GUIDELINES): a promise for a small part
    # leaves the rest open. A little short of the rest still counts (a discount agreed on the way).
    # ...and the whole of a sum the collector conceded to ("那服务费就不收了,十六万") is the rest.
    conceded = min((l.amount for l in ctx.collector if l.has("concede") and l.amount is not None
                    and max(paid, debt / 2) < l.amount < debt and not REST_WORDS.search(l.text)), default=None) if debt else None
    covers_rest = commitment is not None and due is not None and (
        not debt or paid + later >= COVERS_REST * debt or (conceded is not None and paid + later >= conceded - 0.5))
    non_compliant = any(l.has(*V.NON_COMPLIANT_MOVES) for l in ctx.collector)
    tail = ctx.lines[-2:]
    # broken_off: "the debtor ended the talk in anger" — abuse at the end, or hanging up / walking out
    # on a refusal or after abuse ("随便你!(挂断电话)").
    # Walking out on a threat or an insult is in anger too ("Are you threatening my family? … Please leave").
    angry = any(d.has("abuse") for d in ctx.debtor) or non_compliant
    # (Hanging up after the collector has said goodbye, "…先这样,谢谢何总。" "嗯。挂了。", is no anger.)
    broken = not commitment and any(
        l.speaker == "debtor" and (l.has("abuse") or ((angry or l.has("refuse")) and cue("ends_talk", l.text) is not None
                                                      and not _after_goodbye(ctx, l)))
        for l in tail)
    if (debt and paid >= debt - 0.5) or (not debt and paid > 0 and not commitment):
        status = "paid"
    elif broken:
        status = "broken_off"
    elif covers_rest:
        status = "committed"
    elif paid > 0:
        status = "partial"
    else:
        status = "stalemate"
    reliability = None
    value = paid
    if commitment:
        # Both rules read only the lines, not the outcome: judging them on ``ctx`` is enough.
        reliability = 0.75
        if refuse_first_offer(ctx).verdict == "violated":
            reliability -= 0.25
        if conditional_concessions(ctx).verdict == "violated":
            reliability -= 0.1
        if any(l.has("request_commitment") for l in ctx.collector):
            reliability += 0.1
        reliability = max(0.2, min(0.95, reliability))
        value += later * reliability
    rapport = 50.0
    for l in ctx.lines:
        if l.speaker == "collector":
            rapport += 4 * sum(l.has(m) for m in ("empathize", "appeal_emotion", "greet", "close", "offer_help"))
            rapport -= 15 * sum(l.has(m) for m in V.NON_COMPLIANT_MOVES)
        elif l.has("abuse"):
            rapport -= 5
        rapport = max(0.0, min(100.0, rapport))
    outcome = Outcome(status, paid, commitment, reliability, rapport, not non_compliant, value, estimated=True)
    outcome.secured_at = secured_at if status != "broken_off" else None
    return outcome


def _quote(text: str, limit: int = 40) -> str:
    return clip(" ".join(text.split()), limit)


def _finding(v: Verdict, lines: list[Line], lang: str) -> Finding:
    data = texts()[v.principle]
    by_n = {l.n: l for l in lines}
    sep = "、" if lang == "zh" else ", "
    turns = list(v.turns)
    quote = ""
    if turns and turns[0] in by_n:
        quote = _quote(by_n[turns[0]].text) or ("……" if lang == "zh" else "...")
    variant = data.get(f"{v.verdict}_{v.why}") if v.why else None
    note = ((variant or data.get(v.verdict)) or {}).get(lang, "") or ""
    note = note.replace("{turns}", sep.join(str(n) for n in turns[:4]) or "—").replace("{quote}", quote)
    advice = data["advice"][lang] if v.verdict in ("violated", "missed") else ""
    return Finding(v.principle, v.verdict, turns, note, advice)


def _case_fields(t: Transcript) -> dict[str, str]:
    """What a better line may name of this case: the debt and half of it as the persona says sums,
    the person talked to, the decider, the days overdue; only what is known."""
    fields = dict(t.facts)
    if t.debt:
        fields["debt"] = format_money(t.debt, t.language, t.currency)
        fields["half"] = format_money(round(t.debt / 2, -2 if t.debt >= 2000 else 0), t.language, t.currency)
    return fields


_FIELD = re.compile(r"\{(\w+)\}")


def better_line(principle: str, lang: str, fields: dict[str, str]) -> str:
    """A line to say instead: the first of the principle's case lines whose fields this case has
    (its sum, its decider…), else the fixed example (``principles.yaml``: ``better_case``, ``better``)."""
    data = texts()[principle]
    for option in data.get("better_case", []):
        template = option[lang]
        if all(name in fields for name in _FIELD.findall(template)):
            return _FIELD.sub(lambda m: fields[m.group(1)], template)
    return data["better"][lang]


def _moments(findings: dict[str, Finding], lines: list[Line], lang: str,
             fields: dict[str, str] | None = None) -> list[Moment]:
    data = texts()
    by_n = {l.n: i for i, l in enumerate(lines)}
    rank = {"violated": 0, "missed": 1, "followed": 2}
    candidates = sorted(
        (f for f in findings.values() if f.verdict in rank and f.turns),
        key=lambda f: (f.principle != "compliance" or f.verdict != "violated", rank[f.verdict],
                       -float(data[f.principle]["weight"]), f.turns[0]))
    moments: list[Moment] = []
    used: set[int] = set()
    for f in candidates:
        if len(moments) == 3:
            break
        i = by_n.get(f.turns[0])
        if i is None:
            continue
        if lines[i].speaker == "debtor" and i + 1 < len(lines) and lines[i + 1].speaker == "collector":
            i += 1  # the moment is what the trainee said in answer
        line = lines[i]
        if line.n in used:
            continue
        used.add(line.n)
        nxt = next((l for l in lines[i + 1:] if l.speaker == "debtor"), None) if line.speaker == "collector" else None
        before = next((l.meters for l in reversed(lines[:i]) if l.speaker == "debtor" and l.meters), None)
        change = {k: round(nxt.meters[k] - before[k]) for k in V.METERS if k in nxt.meters and k in before} if nxt and nxt.meters and before else {}
        better = better_line(f.principle, lang, fields or {}) if f.verdict != "followed" else None
        moments.append(Moment(line.n, f.principle, f.verdict, line.text, nxt.text if nxt else None, change, better,
                              f.note + (" " + f.advice if f.advice else "")))
    return sorted(moments, key=lambda m: m.turn)


def _practise(findings: dict[str, Finding], scenario: str | None, lang: str) -> list[dict[str, Any]]:
    data = texts()
    weak = sorted((f for f in findings.values() if f.verdict in ("violated", "missed")),
                  key=lambda f: (f.principle != "compliance", f.verdict != "violated", -float(data[f.principle]["weight"])))
    out = []
    for f in weak[:3]:
        options = [s for s in data[f.principle].get("practise", []) if s != scenario] or data[f.principle].get("practise", [])
        out.append({"principle": f.principle, "name": V.PRINCIPLES[f.principle][lang],
                    "scenario": options[0] if options else None, "advice": data[f.principle]["advice"][lang]})
    return out


def _series(lines: list[Line]) -> tuple[dict[str, list[tuple[int, float]]], bool]:
    """Pressure and rapport over the turns: the persona's meters, or an estimate for transcripts."""
    if any(l.meters for l in lines):
        series: dict[str, list[tuple[int, float]]] = {"pressure": [], "rapport": []}
        for l in lines:
            if l.meters:
                for k in series:
                    if k in l.meters:
                        series[k].append((l.n, float(l.meters[k])))
        return series, False
    pressure, rapport = 0.0, 50.0
    series = {"pressure": [], "rapport": []}
    for l in lines:
        if l.speaker == "collector":
            rung = max((V.PRESSURE_LADDER.get(m, 0) for m in l.labels), default=0)
            pressure = max(pressure * 0.9, rung * 20.0) if rung else pressure * 0.9
            pressure += 5 * sum(l.has(m) for m in ("demand_payment", "request_commitment", "probe"))
            rapport += 4 * sum(l.has(m) for m in ("empathize", "appeal_emotion", "greet", "offer_help", *APPEALS[2:3]))
            rapport -= 15 * sum(l.has(m) for m in V.NON_COMPLIANT_MOVES)
        elif l.has("abuse"):
            rapport -= 5
        pressure = max(0.0, min(100.0, pressure))
        rapport = max(0.0, min(100.0, rapport))
        series["pressure"].append((l.n, round(pressure, 1)))
        series["rapport"].append((l.n, round(rapport, 1)))
    return series, True


def _num(x):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(float(x), 2)
