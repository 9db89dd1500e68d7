"""The public vocabulary of ``domain.md``: tactic, move, act and principle ids.

This is the single source of truth; every other module imports its ids from here.
Ids are public (scenario YAML, JSON output, tests): never rename, only add.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("zh", "en")

# §1 Debtor tactics — the six 招式 (seed 004).
TACTICS: Final[dict[str, dict[str, str]]] = {
    "hide": {"zh": "躲", "en": "hide"},
    "befriend": {"zh": "拉", "en": "befriend"},
    "dispute": {"zh": "赖", "en": "dispute"},
    "delay": {"zh": "拖", "en": "delay"},
    "deflect": {"zh": "推", "en": "deflect"},
    "grind": {"zh": "磨", "en": "grind"},
}

# §2 Collector moves.
MOVES: Final[dict[str, dict[str, str]]] = {
    "greet": {"zh": "寒暄", "en": "greet"},
    "confirm_amount": {"zh": "确认金额", "en": "confirm the amount"},
    "reconcile": {"zh": "对账", "en": "reconcile accounts"},
    "ask_decision_maker": {"zh": "找对人", "en": "ask for the decision maker"},
    "probe": {"zh": "追问", "en": "probe the excuse"},
    "demand_payment": {"zh": "要求付款", "en": "demand payment"},
    "refuse_offer": {"zh": "拒绝方案", "en": "refuse the offer"},
    "give_reason": {"zh": "给出理由", "en": "give a reason"},
    "request_commitment": {"zh": "要求承诺", "en": "request a commitment"},
    "counter_offer": {"zh": "提出方案", "en": "counter-offer"},
    "conditional_concession": {"zh": "有条件让步", "en": "conditional concession"},
    "concede": {"zh": "无条件让步", "en": "unconditional concession"},
    "accept_offer": {"zh": "接受方案", "en": "accept the offer"},
    "silence": {"zh": "沉默", "en": "silence"},
    "empathize": {"zh": "共情倾听", "en": "empathize"},
    "appeal_emotion": {"zh": "动之以情", "en": "appeal to emotion"},
    "appeal_benefit": {"zh": "导之以利", "en": "appeal to benefit"},
    "explain_cost": {"zh": "晓之以理", "en": "explain the cost"},
    "lawful_pressure": {"zh": "施之以法", "en": "lawful pressure"},
    "cash_on_delivery": {"zh": "现款现货", "en": "cash on delivery"},
    "ask_guarantee": {"zh": "要求担保", "en": "ask for a guarantee"},
    "offer_help": {"zh": "帮助解困", "en": "offer help"},
    "warn_conduct": {"zh": "警告言行", "en": "warn about conduct"},
    "talk_new_business": {"zh": "谈新生意", "en": "talk new business"},
    "plead": {"zh": "示弱求情", "en": "plead"},
    "threaten": {"zh": "威胁恐吓", "en": "threaten"},
    "insult": {"zh": "辱骂", "en": "insult"},
    "expose_third_party": {"zh": "曝光施压", "en": "expose to third parties"},
    "close": {"zh": "收尾", "en": "close"},
    "other": {"zh": "其他", "en": "other"},
}

# §3 Debtor acts: the six tactics are acts too.
ACTS: Final[dict[str, dict[str, str]]] = {
    **TACTICS,
    "offer": {"zh": "提出还款方案", "en": "offer"},
    "commit": {"zh": "明确承诺", "en": "commit"},
    "pay": {"zh": "付款", "en": "pay"},
    "ask_concession": {"zh": "要求让步", "en": "ask for a concession"},
    "abuse": {"zh": "辱骂发火", "en": "abuse"},
    "refuse": {"zh": "拒绝付款", "en": "refuse"},
    "other": {"zh": "其他", "en": "other"},
}

# §4 Principles.
PRINCIPLES: Final[dict[str, dict[str, str]]] = {
    "refuse_first_offer": {"zh": "拒绝第一个方案", "en": "refuse the first offer"},
    "reason_when_refusing": {"zh": "拒绝要有理由", "en": "give a reason when refusing"},
    "conditional_concessions": {"zh": "坚持,有条件让步", "en": "concede only on conditions"},
    "strategic_silence": {"zh": "适当沉默", "en": "use silence"},
    "confirm_amount": {"zh": "确认金额", "en": "confirm the amount"},
    "find_decision_maker": {"zh": "找对人", "en": "find the decision maker"},
    "probe_excuses": {"zh": "正确对待借口", "en": "probe excuses"},
    "pin_commitment": {"zh": "粘", "en": "pin a dated commitment"},
    "no_business_before_payment": {"zh": "收款前不谈生意", "en": "no new business before payment"},
    "firm_stance": {"zh": "优势心态", "en": "firm stance"},
    "calm_under_abuse": {"zh": "不卑不亢", "en": "calm under abuse"},
    "compliance": {"zh": "合规", "en": "compliance"},
    "gradual_pressure": {"zh": "逼,度的把握", "en": "gradual pressure"},
    "four_appeals": {"zh": "晓之以理 动之以情 导之以利 施之以法", "en": "the four appeals"},
    "counter_the_tactic": {"zh": "对症下药", "en": "counter the tactic"},
    "leave_after_success": {"zh": "见好就收", "en": "leave after success"},
}

VERDICTS: Final = ("followed", "violated", "missed", "not_applicable")
OUTCOME_STATUSES: Final = ("paid", "committed", "partial", "stalemate", "broken_off")

# Compliance (§5): moves that are always reported and fail the session's compliance.
NON_COMPLIANT_MOVES: Final = frozenset({"threaten", "insult", "expose_third_party"})

# The pressure ladder (004 逼, 003 度的把握): higher rungs are harsher. Moves not listed
# carry no pressure rung. Used by personas (escalation, hardening) and later by scoring.
PRESSURE_LADDER: Final[dict[str, int]] = {
    "demand_payment": 1,
    "give_reason": 1,
    "explain_cost": 2,
    "cash_on_delivery": 3,
    "ask_guarantee": 3,
    "lawful_pressure": 4,
    "threaten": 5,
    "expose_third_party": 5,
}
HARSHEST_RUNG: Final = 4

# Counters a tactic rule may name besides move ids: `escalate` is any move on a higher rung of
# the pressure ladder than any used before (what moves a grinder, 004 逼).
PSEUDO_COUNTERS: Final = ("escalate",)

# Persona meters (0-100) that scenario conditions and effects may name.
METERS: Final = ("pressure", "rapport", "hostility")

# Engine facts a transition condition may test (see simulator.persona.engine).
FLAGS: Final[dict[str, str]] = {
    "decider_reached": "the trainee is talking to the person who can decide and pay",
    "has_offer": "the debtor has an offer on the table",
    "deal_reachable": "the trainee's move asks for terms the debtor will now accept",
    "pays_in_full": "the deal on the table pays the whole debt today",
    "excuses_exhausted": "every stalling excuse has been answered and has collapsed",
    "hardened": "the trainee opened with the harshest pressure, and the debtor dug in",
    "leverage": "the trainee raised new business before payment, and the debtor trades on it",
}

# Kinds of persona state: what the engine does while the debtor is in one.
STATE_KINDS: Final[dict[str, str]] = {
    "gate": "someone else answers; the decider is out of reach (hide)",
    "stall": "the debtor stalls with a tactic's excuses",
    "offer": "the debtor has put terms on the table and bargains",
    "hostile": "the debtor is abusive",
    "committed": "the debtor has committed or paid (final)",
    "broken_off": "the debtor has ended the talk (final)",
}
FINAL_KINDS: Final = frozenset({"committed", "broken_off"})

# What the debtor can be made to say. Each key is a situation the engine recognises; its
# default acts label the lines written for it (a line may label itself otherwise).
LINE_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "opening": ("other",),
    "gatekeeper": ("hide",),
    "hide": ("hide",),
    "befriend": ("befriend",),
    "dispute": ("dispute",),
    "delay": ("delay",),
    "deflect": ("deflect",),
    "grind": ("grind",),
    "decider_reached": ("other",),
    "excuse_collapses": ("other",),
    "offer": ("offer",),
    "offer_split": ("offer",),
    "better_offer": ("offer",),
    "hold_offer": ("refuse",),
    "vague_promise": ("grind",),
    "accept_counter": ("commit",),
    "commit": ("commit",),
    "pay": ("pay",),
    "ask_concession": ("ask_concession",),
    "trade_business": ("ask_concession",),
    "favour": ("ask_concession",),
    "take_back": ("ask_concession",),
    "abuse": ("abuse",),
    "calm_down": ("other",),
    "harden": ("refuse",),
    "break_off": ("refuse",),
    "refuse": ("refuse",),
    "filler": ("other",),
    "after_deal": ("other",),
    "close_reply": ("other",),
}

DIFFICULTIES: Final[dict[int, dict[str, str]]] = {
    1: {"zh": "入门", "en": "easy"},
    2: {"zh": "进阶", "en": "medium"},
    3: {"zh": "困难", "en": "hard"},
}


def name(table: dict[str, dict[str, str]], id_: str, lang: str = "zh") -> str:
    """The display name of an id in a language, falling back to the id itself."""
    return table.get(id_, {}).get(lang, id_)

# When a persona has no line for a key, the engine says the first of these it has instead.
LINE_FALLBACKS: Final[dict[str, tuple[str, ...]]] = {
    "gatekeeper": ("hide",),
    "offer_split": ("offer",),
    "better_offer": ("offer",),
    "hold_offer": ("refuse",),
    "vague_promise": ("grind", "filler"),
    "accept_counter": ("commit",),
    "pay": ("commit",),
    "trade_business": ("ask_concession",),
    "favour": ("ask_concession",),
    "take_back": ("favour", "ask_concession"),
    "calm_down": ("filler",),
    "harden": ("refuse",),
    "break_off": ("refuse",),
    "decider_reached": ("filler",),
    "excuse_collapses": ("filler",),
    "after_deal": ("close_reply",),
}
# Keys every persona must have lines for (each tactic it uses needs its own key too).
REQUIRED_LINE_KEYS: Final = ("opening", "filler", "offer", "commit", "refuse", "abuse", "ask_concession", "close_reply")

# Fields the engine fills in when a line is said; the case adds its own (see Case).
ENGINE_TEMPLATE_FIELDS: Final = ("terms", "amount", "pay_now", "total", "date", "days", "paid", "debt", "balance")
