"""Understanding: what a collector's move or a debtor's act an utterance carries, with evidence.

``understand(text, speaker=..., today=...)`` never raises: any string gets a result (``other``
when nothing is recognised). Rules first, each match kept as evidence (the phrase and the rule).
"""

from __future__ import annotations

import datetime as dt
import re

from simulator.understanding import lexicon as lx
from simulator.understanding.dates import find_dates, pick_date
from simulator.understanding.normalize import clean, language, to_simplified
from simulator.understanding.numbers import find_money, pick_amount
from simulator.understanding.result import Evidence, Instalment, Understanding

__all__ = ["understand", "Understanding", "Evidence", "Instalment", "is_silence"]

_SILENCE = re.compile(r"^[\s.。…·,，、\-—~～]*$|^\s*/silence\s*$|^\s*[（(]?\s*(?:沉默|silence|silent|pause)\s*[)）]?\s*$", re.I)
_NEG_ZH = re.compile(r"(?:不|没|别|未|无法|不能|不会|不要|不是|甭)\S{0,1}$")
_NEG_EN = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+){0,2}$", re.I)
_CONDITION = re.compile(r"如果|只要|前提是|条件是|要是|假如|除非|的话|(?<!what )\bif\b|\bas long as\b|\bprovided\b|\bon condition\b|\bonly if\b|\bin exchange\b|\bin return\b", re.I)
_QUESTION = re.compile(r"[?？]\s*$|吗[?？。!！]?\s*$|呢[?？]?\s*$|能不能|可不可以|是不是|有没有|^(?:can|could|would|will|when|what|which|how|why|is|are|do|did)\b", re.I)
_PAY_VERB = re.compile(r"付|打款|打过来|打给|打到|打(?=[0-9一二两三四五六七八九十百千万])|转(?!给他|给她|接|告|达|交|一下电话|电话)|结|还(?=钱|款|清|上|给|了|我|掉|一|[0-9两三四五六七八九十])|汇|给(?:我|我们)|清|\bpay|\btransfer|\bwire|\bsettle|\bsend|\bclear|\bget (?:it|the money)|\bneed\b|\bexpect\b", re.I)
_TERMS_QUESTION = re.compile(r"(?:付|给|还|结|打)多少|哪天|几号|什么时候|how much|what date|which date|\bwhen\b", re.I)
_INSTALMENTS = re.compile(r"分\s*([两二三四五六2-6])\s*[期次笔]|\b(two|three|four|2|3|4)\s+(?:instal?lments|payments|tranches)\b", re.I)
_N_INSTAL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "two": 2, "three": 3, "four": 4}


def is_silence(text: str) -> bool:
    return bool(_SILENCE.match(text or ""))


def understand(text: str, speaker: str = "collector", today: dt.date | None = None,
               lexicon: lx.Lexicon | None = None) -> Understanding:
    """Label one utterance. ``speaker`` is ``collector`` (moves) or ``debtor`` (acts)."""
    if speaker not in ("collector", "debtor"):
        raise ValueError("speaker must be 'collector' or 'debtor'")
    today = today or dt.date.today()
    raw = text if isinstance(text, str) else str(text)
    if is_silence(raw):
        labels = ["silence"] if speaker == "collector" else ["other"]
        return Understanding(raw, speaker, labels, evidence=[Evidence(labels[0], raw.strip(), "silence")])
    cleaned = clean(raw)
    lang = language(cleaned)
    if lang == "zh":
        norm, was_traditional = to_simplified(cleaned)
        script = "hant" if was_traditional else "zh"
    else:
        norm, script = cleaned, "en"
    lex = lexicon or lx.builtin(speaker)

    evidence: list[Evidence] = []
    labels: list[str] = []
    for rule_lang in (("zh", "en") if lang == "zh" else ("en", "zh")):
        for rule in lex.for_lang(rule_lang):
            m = rule.search(norm)
            if not m:
                continue
            if rule.label in lex.negatable and _negated(norm, m.start(), rule_lang):
                continue
            if rule.label not in labels:
                labels.append(rule.label)
                evidence.append(Evidence(rule.label, m.group(0).strip() or m.group(0), rule.source))

    money = find_money(norm)
    dates = find_dates(norm, today, lang)
    amount = pick_amount(norm, money)
    picked = pick_date(norm, dates)
    date = picked.date if picked else None
    now = any(d.now for d in dates)
    instalments = _instalments(norm, amount, dates)

    if speaker == "collector":
        labels = _collector_structure(norm, labels, evidence, amount, date)
    else:
        labels = _debtor_structure(norm, labels, evidence, amount, date)
    if not labels:
        labels = ["other"]
    order = list(lex_order(speaker))
    labels.sort(key=lambda x: order.index(x) if x in order else 99)
    return Understanding(raw, speaker, labels, amount=amount, date=date, language=lang, script=script,
                         evidence=evidence, instalments=instalments, now=now)


def lex_order(speaker: str):
    from simulator import vocabulary as V
    return V.MOVES if speaker == "collector" else V.ACTS


def _negated(text: str, start: int, lang: str) -> bool:
    before = text[max(0, start - 12):start]
    return bool((_NEG_ZH if lang == "zh" else _NEG_EN).search(before))


def _drop(labels: list[str], evidence: list[Evidence], label: str) -> None:
    if label in labels:
        labels.remove(label)
        evidence[:] = [e for e in evidence if e.label != label]


def _add(labels: list[str], evidence: list[Evidence], label: str, phrase: str, rule: str) -> None:
    if label not in labels:
        labels.append(label)
        evidence.append(Evidence(label, phrase, rule))


def _collector_structure(text: str, labels: list[str], evidence: list[Evidence],
                         amount: float | None, date: dt.date | None) -> list[str]:
    # A concession tied to a condition is conditional ("只要今天签协议,违约金可以不算").
    if "concede" in labels and _CONDITION.search(text):
        _drop(labels, evidence, "concede")
        m = _CONDITION.search(text)
        _add(labels, evidence, "conditional_concession", m.group(0), "structure:condition")
    if "conditional_concession" in labels:
        _drop(labels, evidence, "concede")
    # "那行吧,年后再说" gives in: the 行 is not accepting an offer but conceding.
    if "concede" in labels:
        _drop(labels, evidence, "accept_offer")
    # Refusing and accepting at once: the refusal wins ("不行,这样不行").
    if "refuse_offer" in labels and "accept_offer" in labels:
        _drop(labels, evidence, "accept_offer")
    # Terms with a paying verb are a counter-offer unless they only state the total owed.
    pay = _PAY_VERB.search(text)
    if (amount is not None or date is not None) and pay and "counter_offer" not in labels:
        is_question = bool(_QUESTION.search(text))
        if not is_question and "confirm_amount" not in labels[:1] and "accept_offer" not in labels:
            _add(labels, evidence, "counter_offer", pay.group(0), "structure:terms")
    # "今天能先付多少,剩下的哪天结清?" asks for terms; it proposes none.
    if "counter_offer" in labels and _TERMS_QUESTION.search(text) and amount is None:
        _drop(labels, evidence, "counter_offer")
        _add(labels, evidence, "request_commitment", _TERMS_QUESTION.search(text).group(0), "structure:terms-question")
    if "counter_offer" in labels and amount is None and date is None and not _INSTALMENTS.search(text) \
            and not re.search(r"一半|half|三成|五成|一部分|part", text, re.I):
        _drop(labels, evidence, "counter_offer")
    # A question about when they pay asks for a commitment; a bare order demands payment.
    if "demand_payment" in labels and _QUESTION.search(text) and ("什么时候" in text or "哪天" in text or "when" in text.lower()):
        _add(labels, evidence, "request_commitment", _QUESTION.search(text).group(0), "structure:question")
    # Pleading that is only politeness in a firm request stays firm; sorry-to-bother is pleading.
    return labels


def _debtor_structure(text: str, labels: list[str], evidence: list[Evidence],
                      amount: float | None, date: dt.date | None) -> list[str]:
    if "commit" in labels:
        _drop(labels, evidence, "offer")
    if (amount is not None or date is not None) and "offer" not in labels and "commit" not in labels \
            and "pay" not in labels and _PAY_VERB.search(text) and not _QUESTION.search(text):
        if not {"dispute", "refuse"} & set(labels):
            _add(labels, evidence, "offer", _PAY_VERB.search(text).group(0), "structure:terms")
    if "offer" in labels and amount is None and date is None and not _INSTALMENTS.search(text) \
            and not re.search(r"一半|一部分|half|part|some", text, re.I):
        _drop(labels, evidence, "offer")
    return labels


def _instalments(text: str, amount: float | None, dates) -> list[Instalment]:
    m = _INSTALMENTS.search(text)
    if m:
        n = m.group(1) or m.group(2)
        count = int(n) if n.isdigit() else _N_INSTAL.get(n.lower(), 0)
        if count >= 2:
            share = round(amount / count, 2) if amount else None
            return [Instalment(share, dates[i].date if i < len(dates) else None) for i in range(count)]
    if len(dates) >= 2 and re.search(r"剩下|剩余|其余|余下|\brest\b|\bremainder\b|\bbalance\b|一半|half", text, re.I):
        return [Instalment(None, d.date) for d in dates[:4]]
    return []
