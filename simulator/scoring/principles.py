"""The principles of domain.md §4, one small rule each, over an understood conversation.

Each rule reads the lines (collector moves, debtor acts, amounts, dates) and the outcome and
returns a ``Verdict``: ``followed``, ``violated``, ``missed`` or ``not_applicable``, with the
turn numbers that are its evidence. ``tests/transcripts/GUIDELINES.md`` states the same rules in
words; people label transcripts by it and ``cuikuan agreement`` compares.

While a conversation is still going (``final=False``, the app's live feedback) a rule whose
``missed`` can only be known at the end says ``not_applicable`` instead: nothing is decided yet.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from simulator import vocabulary as V
from simulator.datafile import load_yaml
from simulator.scoring.transcript import Line
from simulator.understanding import model_reading
from simulator.understanding.normalize import clean, to_simplified

EXCUSES = frozenset({"hide", "dispute", "delay", "deflect"})
STALLS = EXCUSES | {"befriend", "grind", "refuse"}
TERMS = frozenset({"counter_offer", "conditional_concession", "concede", "accept_offer", "request_commitment"})
APPEALS = ("explain_cost", "appeal_emotion", "appeal_benefit", "lawful_pressure")
HEAVY = frozenset({"lawful_pressure", "threaten", "expose_third_party"})
GIVING_IN = frozenset({"concede", "plead", "accept_offer"})
LONG_ENOUGH = 6  # collector lines after which all four appeals have had their chance


@dataclass(frozen=True)
class Verdict:
    principle: str
    verdict: str
    turns: tuple[int, ...] = ()
    why: str = ""  # which way it went, when a verdict can be reached more than one way (texts key)

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "turns": list(self.turns)}


@dataclass
class Context:
    lines: list[Line]
    outcome_status: str | None = None  # paid | committed | partial | stalemate | broken_off
    tactic_rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    debt: float | None = None
    final: bool = True
    state_kinds: dict[str, str] = field(default_factory=dict)  # persona state id -> kind (live sessions)
    secured_at: int | None = None  # the debtor line that secured the result, when the outcome knows it

    def __post_init__(self) -> None:
        # Verdicts rest on what was read with confidence: a label the understanding only guessed
        # (its likeliest reading of a turn nothing else explained) is shown, not judged.
        self.lines = [_sure(l) for l in self.lines]
        self.collector = [l for l in self.lines if l.speaker == "collector"]
        self.debtor = [l for l in self.lines if l.speaker == "debtor"]
        self._pos = {l.n: i for i, l in enumerate(self.lines)}

    def reply(self, line: Line) -> Line | None:
        """The collector's line right after this one (None if a debtor line or the end comes first)."""
        i = self._pos[line.n] + 1
        if i < len(self.lines) and self.lines[i].speaker == "collector":
            return self.lines[i]
        return None

    def before(self, line: Line) -> Line | None:
        """The line right before this one (None for the first)."""
        i = self._pos[line.n]
        return self.lines[i - 1] if i > 0 else None

    def after(self, n: int, speaker: str = "collector") -> list[Line]:
        pool = self.collector if speaker == "collector" else self.debtor
        return [l for l in pool if l.n > n]

    def kind(self, line: Line) -> str | None:
        return self.state_kinds.get(line.state) if line.state else None


def _sure(line: Line) -> Line:
    guessed = {e["label"] for e in line.evidence if (model_reading(e.get("rule", "")) or (0, False))[1]}
    if not guessed:
        return line
    labels = [x for x in line.labels if x not in guessed] or ["other"]
    return dataclasses.replace(line, labels=labels)


def _pending(p: str, ctx: Context, turns=()) -> Verdict:
    return Verdict(p, "missed" if ctx.final else "not_applicable", tuple(turns) if ctx.final else ())


def _is_offer(line: Line, debt: float | None = None) -> bool:
    """Whether the debtor offers or promises something. A sum well beyond the whole debt is no
    offer to pay it when only the model read an offer: "差不多……一百多万吧,三十号前后" answers a
    question about someone else's money."""
    if not line.has("offer", "commit"):
        return False
    if debt and line.amount is not None and line.amount > debt * 1.1:
        # ...unless a rule read the words of an offer ("about 30,000. I could clear you then")
        return any(e.get("label") in ("offer", "commit") and model_reading(e.get("rule", "")) is None
                   for e in line.evidence)
    return True


# ---------------------------------------------------------------------------------------------


# The whole sum, named without a number ("I'll pay the lot now", "全部一次转给你").
_WHOLE = re.compile(r"全部|全数|全额|一次(?:性)?(?:付清|结清|还清)|一次过|\b(?:the lot|all of it|the whole (?:lot|thing|amount|balance)|in full|the full (?:amount|balance))\b", re.I)


def _whole_now(line: Line, debt: float | None) -> bool:
    """The debtor offers the whole debt, now: nothing to refuse, nothing conceded by a yes."""
    whole = (debt and line.amount is not None and line.amount >= debt - 0.5) \
        or (line.amount is None and _WHOLE.search(line.text))
    return bool(whole and line.now)


def _owing(ctx: Context) -> list[Line]:
    """The debtor's lines while something is still owed: once the whole debt is paid, an "offer"
    is about the next order ("since I paid full, give me 60 days on the next one"), not this debt."""
    paid_at = _paid_in_full_at(ctx) if ctx.debt is not None else None
    return ctx.debtor if paid_at is None else [d for d in ctx.debtor if d.n <= paid_at]


def refuse_first_offer(ctx: Context) -> Verdict:
    p = "refuse_first_offer"
    first = next((l for l in _owing(ctx) if _is_offer(l, ctx.debt)), None)
    if first is None:
        return Verdict(p, "not_applicable")
    if _whole_now(first, ctx.debt):
        return Verdict(p, "not_applicable")  # the whole debt, now: nothing to refuse
    r = ctx.reply(first)
    if r is None:
        return _pending(p, ctx, [first.n])
    if r.has("accept_offer", "concede"):
        return Verdict(p, "violated", (r.n,))
    if r.has("refuse_offer", "counter_offer", "silence", "conditional_concession"):
        return Verdict(p, "followed", (r.n,))
    return Verdict(p, "missed", (r.n,))


def reason_when_refusing(ctx: Context) -> Verdict:
    p = "reason_when_refusing"
    refusals = [l for l in ctx.collector if l.has("refuse_offer")]
    if not refusals:
        return Verdict(p, "not_applicable")
    reasoned = [l.n for l in refusals if l.has("give_reason", "explain_cost", "appeal_emotion", "lawful_pressure")]
    bare = [l.n for l in refusals if l.n not in reasoned]
    if len(reasoned) * 2 >= len(refusals):
        return Verdict(p, "followed", tuple(reasoned))
    return Verdict(p, "violated", tuple(bare))


def conditional_concessions(ctx: Context) -> Verdict:
    p = "conditional_concessions"
    free = [l.n for l in ctx.collector if l.has("concede")]
    # Saying yes to a request for a discount or more time is a free concession (GUIDELINES): so is a
    # plain yes to an offer that pays less than the whole now ("今日先俾一半,其余下个月" - "好呀,一半都好").
    for d in ctx.debtor:
        r = ctx.reply(d)
        asks_more = d.has("ask_concession") or (d.has("delay") and not d.has("commit")) \
            or (d.has("offer") and not _whole_now(d, ctx.debt))
        if asks_more and r is not None and r.has("accept_offer") and not r.has("conditional_concession"):
            free.append(r.n)
    if free:
        return Verdict(p, "violated", tuple(sorted(set(free))))
    conditional = [l.n for l in ctx.collector if l.has("conditional_concession")]
    if conditional:
        return Verdict(p, "followed", tuple(conditional))
    return Verdict(p, "not_applicable")


def strategic_silence(ctx: Context) -> Verdict:
    p = "strategic_silence"
    # A request for a discount or more time is a proposal too ("knock 20% off and we pay").
    chances = [d for d in _owing(ctx) if _is_offer(d, ctx.debt) or d.has(*EXCUSES, "ask_concession")]
    if not chances:
        return Verdict(p, "not_applicable")
    used = [r.n for d in chances if (r := ctx.reply(d)) is not None and r.has("silence")]
    if used:
        return Verdict(p, "followed", tuple(used))
    return _pending(p, ctx, [d.n for d in chances])


def confirm_amount(ctx: Context) -> Verdict:
    p = "confirm_amount"
    if all(l.has("silence") for l in ctx.collector):
        return Verdict(p, "not_applicable")
    # Naming the whole sum owed states it, whatever else the line does ("这三万六千五周五前结清").
    stated = next((l for l in ctx.collector if l.has("confirm_amount")
                   or (ctx.debt and l.amount is not None and abs(l.amount - ctx.debt) < 0.5)), None)
    terms = next((l for l in ctx.collector if l.has(*TERMS)), None)
    if stated and (terms is None or stated.n <= terms.n):
        return Verdict(p, "followed", (stated.n,))
    if terms:
        return Verdict(p, "violated", (terms.n,))
    return _pending(p, ctx)


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, re.Pattern]]:
    raw = load_yaml(resources.files("simulator.scoring.data").joinpath("cues.yaml").read_text("utf-8"))
    return {cue: {lang: re.compile("|".join(f"(?:{p})" for p in pats)) for lang, pats in by_lang.items()}
            for cue, by_lang in raw.items()}


def cue(name: str, text: str) -> str | None:
    """The phrase of ``text`` that shows the cue (cues.yaml), or None."""
    cleaned = clean(text)
    simplified, _ = to_simplified(cleaned)
    for lang, subject in (("zh", simplified), ("en", cleaned.lower())):
        m = _cues()[name][lang].search(subject)
        if m:
            return m.group(0)
    return None


def _decider_absent(ctx: Context, line: Line) -> bool:
    if ctx.state_kinds:  # a live session: the persona knows whether the decider is reached
        return ctx.kind(line) == "gate" or line.has("hide")
    # Only a sure reading of hiding opens the question: the model reads "你们也不用再打来催了" or
    # "我工地这礼拜在挖基坑" as hiding at p 0.6–0.9, where nobody said the decider was away.
    return firmly(line, "hide", 0.9) or cue("decider_absent", line.text) is not None


def firmly(line: Line, label: str, floor: float = 0.6) -> bool:
    """The line carries ``label`` on a rule's word, or on the model's at ``floor`` or more: a weak
    model reading ("你下个月再来吧" as hiding, p=0.41) does not decide a principle on its own."""
    if not line.has(label):
        return False
    found = [e for e in line.evidence if e.get("label") == label]
    if not found:
        return True
    for e in found:
        reading = model_reading(e.get("rule", ""))
        if reading is None or reading[0] >= floor:
            return True
    return False


def find_decision_maker(ctx: Context) -> Verdict:
    p = "find_decision_maker"
    chance = next((d for d in ctx.debtor if _decider_absent(ctx, d)), None)
    if chance is None:
        return Verdict(p, "not_applicable")
    later = ctx.after(chance.n)
    asked = next((l for l in later if l.has("ask_decision_maker")), None)
    terms = next((l for l in later if l.has(*TERMS) or _dated_demand(l)), None)
    if asked and (terms is None or asked.n <= terms.n):
        return Verdict(p, "followed", (asked.n,))
    # Asked for before the debtor said so ("Who's Greg? I'd like to speak to him directly.", then
    # "He's in meetings… I'll try his line"): the collector went for the decider all the same.
    before = next((l for l in ctx.collector if l.n < chance.n and l.has("ask_decision_maker")), None)
    if before and not any(l.has(*TERMS) for l in ctx.collector if before.n < l.n < chance.n):
        return Verdict(p, "followed", (before.n,))
    if terms:
        return Verdict(p, "violated", (terms.n,))
    return _pending(p, ctx, [chance.n])


def probe_excuses(ctx: Context) -> Verdict:
    p = "probe_excuses"
    excuses = [d for d in ctx.debtor if d.has(*EXCUSES)]
    if not excuses:
        return Verdict(p, "not_applicable")
    probes = [l.n for l in ctx.after(excuses[0].n) if l.has("probe", "reconcile")]
    if probes:
        return Verdict(p, "followed", tuple(probes))
    accepted = [r.n for d in excuses if (r := ctx.reply(d)) is not None and r.has(*GIVING_IN)]
    if accepted:
        return Verdict(p, "violated", tuple(accepted))
    return _pending(p, ctx, [d.n for d in excuses])


def _dated_demand(line: Line) -> bool:
    """A sum demanded by a day ("那你跟财务说一声,52,300元这周五之前必须结清"): it presses terms and
    asks for a commitment as a counter-offer does."""
    return line.has("demand_payment") and line.amount is not None and line.date is not None


def _asks_commitment(line: Line) -> bool:
    return line.has("request_commitment") or _dated_demand(line) \
        or (line.has("counter_offer", "conditional_concession") and line.date is not None)


def pin_commitment(ctx: Context) -> Verdict:
    p = "pin_commitment"
    loosened = next((d for d in _owing(ctx) if d.has("offer", "commit")), None)  # paying at once offers nothing
    if loosened is None:
        return Verdict(p, "not_applicable")
    # GUIDELINES: `violated` when "the collector never asked" — an ask before the debtor loosened
    # counts too ("这周五之前必须结清" and then a vague "下个月先安排一点").
    asked = [l.n for l in ctx.collector if _asks_commitment(l)]
    if not ctx.final:
        asked_after = [n for n in asked if n > loosened.n]
        return Verdict(p, "followed", tuple(asked_after)) if asked_after else Verdict(p, "not_applicable")
    # The talk ends with a commitment or payment: also a firm commitment for part of the debt
    # (the outcome's secured line), though the status stays a stalemate.
    if ctx.outcome_status in ("paid", "committed", "partial") or ctx.secured_at is not None:
        pinned = next((d.n for d in ctx.debtor if d.has("commit", "pay")), loosened.n)
        return Verdict(p, "followed", tuple(asked) or (pinned,))
    if asked:
        return Verdict(p, "missed", tuple(asked))
    return Verdict(p, "violated", (loosened.n,))


def no_business_before_payment(ctx: Context) -> Verdict:
    p = "no_business_before_payment"
    paid_at = _paid_in_full_at(ctx)
    early = [l.n for l in ctx.collector if l.has("talk_new_business") and (paid_at is None or l.n < paid_at)]
    return Verdict(p, "violated", tuple(early)) if early else Verdict(p, "followed")


def _paid_in_full_at(ctx: Context) -> int | None:
    """The debtor line after which the debt is paid (the first payment, when the debt is unknown)."""
    if ctx.debt is None:
        return next((d.n for d in ctx.debtor if d.has("pay")), None)
    paid = 0.0
    offered: float | None = None
    for d in ctx.debtor:
        if d.has("pay"):
            # "转好了,你看看" with no sum pays what was last offered ("今日先俾一半你,四万二"), else the rest
            paid += d.amount if d.amount is not None else min(offered or ctx.debt, ctx.debt - paid)
            if paid >= ctx.debt - 0.5:
                return d.n
        elif d.has("offer", "commit") and d.amount is not None:
            offered = d.amount
    return None


def firm_stance(ctx: Context) -> Verdict:
    p = "firm_stance"
    weak = [l.n for l in ctx.collector if l.has("plead")]
    return Verdict(p, "violated", tuple(weak)) if weak else Verdict(p, "followed")


def calm_under_abuse(ctx: Context) -> Verdict:
    p = "calm_under_abuse"
    abuse = [d for d in ctx.debtor if d.has("abuse")]
    if not abuse:
        return Verdict(p, "not_applicable")
    replies = [r for d in abuse if (r := ctx.reply(d)) is not None]
    bad = [r.n for r in replies if r.has("insult", "threaten", "expose_third_party", "concede", "plead", "accept_offer")]
    if bad:
        return Verdict(p, "violated", tuple(bad))
    calm = [l.n for l in ctx.after(abuse[0].n) if l.has("warn_conduct")]
    if calm:
        return Verdict(p, "followed", tuple(calm))
    if all(_protest_only(d) for d in abuse):
        # "你这是威胁我?" answered without insult or surrender: nothing here called for the warning.
        return Verdict(p, "not_applicable")
    return _pending(p, ctx, [d.n for d in abuse])


def _protest_only(line: Line) -> bool:
    """The debtor only protests at the collector's words ("吓唬谁呢", "Are you threatening me?")."""
    return cue("protest", line.text) is not None and cue("swearing", line.text) is None


def compliance(ctx: Context) -> Verdict:
    p = "compliance"
    bad = [l.n for l in ctx.collector if l.has(*V.NON_COMPLIANT_MOVES)]
    return Verdict(p, "violated", tuple(bad)) if bad else Verdict(p, "followed")


def gradual_pressure(ctx: Context) -> Verdict:
    p = "gradual_pressure"
    opening = [l for l in ctx.collector if not l.has("silence")][:2]
    harsh_open = [l.n for l in opening if l.has(*HEAVY)]
    if harsh_open:
        return Verdict(p, "violated", tuple(harsh_open), why="opening")
    pressure = [l.n for l in ctx.collector if l.has("explain_cost", "lawful_pressure")]
    if pressure:
        return Verdict(p, "followed", tuple(pressure))
    # Never escalating is a fault against a debtor who keeps stalling: a grinder, or any
    # debtor whose stalling outlasted the talk (no payment, no commitment at the end).
    # GUIDELINES: not_applicable only with "fewer than three stalls and no pressure used", so three
    # stalls met with no cost and no lawful step are a fault however the talk ended.
    stalls = [d.n for d in ctx.debtor if d.has(*STALLS)]
    if len(stalls) >= 3 and ctx.final:
        return Verdict(p, "violated", tuple(stalls[2:3]), why="never")
    return Verdict(p, "not_applicable")


def four_appeals(ctx: Context) -> Verdict:
    p = "four_appeals"
    first_use: dict[str, int] = {}
    for l in ctx.collector:
        for a in APPEALS:
            if l.has(a):
                first_use.setdefault(a, l.n)
        # A condition priced with a gain (the penalty waived, the terms kept) shows what paying
        # gains the debtor, as writers read 导之以利 (GUIDELINES); granting time alone does not.
        if l.has("conditional_concession") and cue("gain_offered", l.text) is not None:
            first_use.setdefault("appeal_benefit", l.n)
    if len(first_use) >= 3:
        return Verdict(p, "followed", tuple(sorted(set(first_use.values()))))  # one line may hold two
    if len(ctx.collector) >= LONG_ENOUGH:
        return _pending(p, ctx)
    return Verdict(p, "not_applicable")


def _rung(line: Line) -> int:
    return max((V.PRESSURE_LADDER.get(m, 0) for m in line.labels), default=0)


def _counter_moves(a: Line) -> set[str]:
    """The moves of ``a`` that can counter a tactic: a demand with no sum, no day and no "today"
    ("那这个钱总得付吧", "We need it paid") insists on nothing."""
    moves = set(a.labels)
    if a.amount is None and a.date is None and not a.now:
        moves.discard("demand_payment")
    return moves


def counter_the_tactic(ctx: Context) -> Verdict:
    p = "counter_the_tactic"
    good: list[int] = []
    bad: list[int] = []
    seen = False
    top = 0
    rung_before: dict[int, int] = {}
    for l in ctx.collector:
        rung_before[l.n] = top
        top = max(top, _rung(l))
    for d in ctx.debtor:
        tactics = [t for t in V.TACTICS if d.has(t)]
        if not tactics:
            continue
        seen = True
        r = ctx.reply(d)
        if r is None:
            continue
        counters = set().union(*(ctx.tactic_rules.get(t, {}).get("counters", []) for t in tactics))
        # Giving in (conceding, pleading, taking a vague promise) feeds every tactic (GUIDELINES).
        feeds = set().union(*(ctx.tactic_rules.get(t, {}).get("feeds", []) for t in tactics)) | set(GIVING_IN)
        # The counter may come a turn later, before the debtor turns to another tactic: a silence
        # first, then "Which customer, and when are they due to pay you?".
        answers = [r] + [c for c in ctx.collector if r.n < c.n <= r.n + 2
                         and not any(x.has(*V.TACTICS) for x in ctx.debtor if d.n < x.n < c.n)][:1]
        # (A line that threatens, insults or exposes the debtor counters nothing, however firm the rest.)
        hit = next((a for a in answers if not a.has(*V.NON_COMPLIANT_MOVES) and (
            counters & _counter_moves(a) or ("escalate" in counters and _rung(a) > rung_before[a.n] > 0))), None)
        countered = hit is not None
        fed = bool(feeds & set(r.labels))
        if countered:
            good.append(hit.n)
        if fed:
            bad.append(r.n)
    if not seen:
        return Verdict(p, "not_applicable")
    if good and len(good) > len(bad):
        return Verdict(p, "followed", tuple(good))
    if bad:
        return Verdict(p, "violated", tuple(bad))
    return _pending(p, ctx, [d.n for d in ctx.debtor if any(d.has(t) for t in V.TACTICS)][:3])


def _success(ctx: Context) -> Line | None:
    """The debtor line that secured the result: a firm commitment or a payment (the outcome's
    secured line for transcripts: the last terms agreed or the last payment)."""
    if ctx.secured_at is not None:
        # Paid in full before the terms the outcome counts last: the success came then, and what
        # followed was talk after it ("Done, 2,180 on the Visa" … then new orders on credit).
        whole = next((d for d in ctx.debtor if d.n < ctx.secured_at and d.has("pay") and ctx.debt is not None
                      and d.amount is not None and d.amount >= ctx.debt - 0.5), None)
        return whole or next((d for d in ctx.debtor if d.n == ctx.secured_at), None)
    for d in ctx.debtor:
        if ctx.state_kinds:
            if ctx.kind(d) == "committed":
                return d
            continue
        if d.has("commit"):
            return d
        if d.has("pay") and (d.amount is None or ctx.debt is None or d.amount >= ctx.debt - 0.5):
            return d
    return None


def leave_after_success(ctx: Context) -> Verdict:
    p = "leave_after_success"
    success = _success(ctx)
    if success is None:
        return Verdict(p, "not_applicable")
    after = ctx.after(success.n)
    new_topics = [l.n for l in after if l.has("talk_new_business")]
    if new_topics:
        return Verdict(p, "violated", tuple(new_topics))
    closed = next((l for l in after[:2] if l.has("close")), None)
    # Closing and then talking on for more than two lines is not leaving (GUIDELINES: "talks on for
    # more than two lines"): what follows the close must be closing too.
    if closed is not None and len(after) > 2 and any(not l.has("close") for l in after if l.n > closed.n):
        return Verdict(p, "violated", tuple(l.n for l in after if l.n > closed.n and not l.has("close"))[:3])
    if closed is not None:
        return Verdict(p, "followed", (closed.n,))
    if len(after) > 2:
        return Verdict(p, "violated", tuple(l.n for l in after[2:5]))
    if not ctx.final:
        return Verdict(p, "not_applicable")
    return Verdict(p, "followed", tuple(l.n for l in after) or (success.n,))


RULES: dict[str, Callable[[Context], Verdict]] = {
    "refuse_first_offer": refuse_first_offer,
    "reason_when_refusing": reason_when_refusing,
    "conditional_concessions": conditional_concessions,
    "strategic_silence": strategic_silence,
    "confirm_amount": confirm_amount,
    "find_decision_maker": find_decision_maker,
    "probe_excuses": probe_excuses,
    "pin_commitment": pin_commitment,
    "no_business_before_payment": no_business_before_payment,
    "firm_stance": firm_stance,
    "calm_under_abuse": calm_under_abuse,
    "compliance": compliance,
    "gradual_pressure": gradual_pressure,
    "four_appeals": four_appeals,
    "counter_the_tactic": counter_the_tactic,
    "leave_after_success": leave_after_success,
}
assert tuple(RULES) == tuple(V.PRINCIPLES), "one rule per principle, in the vocabulary's order"


def judge(ctx: Context) -> dict[str, Verdict]:
    return {p: rule(ctx) for p, rule in RULES.items()}
