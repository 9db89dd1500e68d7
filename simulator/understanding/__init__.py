"""Understanding: what a collector's move or a debtor's act an utterance carries, with evidence.

``understand(text, speaker=..., today=...)`` never raises: any string gets a result (``other``
when nothing is recognised). Rules first, each match kept as evidence (the phrase and the rule).
"""

from __future__ import annotations

import datetime as dt
import re

from simulator import vocabulary as V
from simulator.understanding import lexicon as lx
from simulator.understanding import model as _model
from simulator.understanding.dates import context_date, find_dates, pick_date, plus_months
from simulator.understanding.normalize import clean, language, to_simplified
from simulator.understanding.numbers import _REJECTED_AFTER, _SUMMED_BEFORE, Money, _cn_value, bare_thousands, find_money, pick_amount, scaled
from simulator.understanding.result import Evidence, Instalment, Understanding

__all__ = ["understand", "Understanding", "Evidence", "Instalment", "is_silence", "model_reading"]

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SILENCE = re.compile(r"^[\s.。…·,，、\-—~～\"“”'‘’「」『』()（）]*$|^\s*/silence\s*$|^\s*[（(]?\s*(?:沉默|silence|silent|pause)\s*[)）]?\s*$", re.I)
_NEG_ZH = re.compile(r"(?:(?<![能可会是要行])不(?:能|会|要|是)?|没|别|未|无法|甭|唔|冇)\S{0,1}$")
_NEG_EN = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+){0,2}$", re.I)
# What follows an "if" about the debtor's own straits: 如果(你)(这个月)(实在)不方便 / 要是忙 / "if you're stuck".
_STRAITS = re.compile(r"\s*(?:你|您|你们|妳|u|you(?:'re| are)?)?\s*(?:这个月|这周|现在|最近|手头)?\s*(?:真的?|实在|确实|really|still)?\s*"
                      r"(?:不方便|困难|有困难|紧|手紧|忙|周转不(?:开|过来)|没钱|stuck|short|struggling|tight|need)", re.I)
_NO_RUSH_IF = re.compile(r"\bno (?:rush|worries|pressure) if\b|不急|没关系", re.I)
_CONDITION = re.compile(r"如果|只要|前提是|条件是|(?<!主)要是|假如|除非|的话|(?<!what )\bif\b(?! (?:that|it) helps| you (?:like|want|need|prefer)\b)|\bas long as\b(?! (?:you|it) (?:need|takes|like)s?\b)|\bprovided\b|\bon condition\b|\bonly if\b|\bin exchange\b|\bin return\b|\bsubject to\b|\bon (?:that|this|those|these) (?:schedule|basis|terms|conditions?)\b|"
                        r"\b(?:when|once|as soon as) (?:the|your|that) (?:[$€£¥]?\d[\d,.]{0,12}k?|payment|money|transfer|wire|funds|"
                        r"first (?:part|half|instal?lment|payment)) (?:arrives|lands|clears|comes in|is (?:in|received|paid))\b|"
                        r"(?:等|收到|见到)(?:你们?|贵司)?(?:的)?(?:这|那)?(?:笔)?(?:[0-9一二两三四五六七八九十百千万.,]{1,12}(?:块|元|万)?|钱|款|首付|首期)(?:到账|到了|打过来|进来)(?:之后|以后|后|再|就)", re.I)
_IF_NOT = re.compile(r"(?:如果|要是|假如|万一)(?:你们?|您|贵司)?(?:还是|再|仍然)?(?:不|没)|不然|否则|"
                     r"\bif (?:we|you|they|this|it) (?:can[''’]?t|cannot|don[''’]?t|do not|won[''’]?t|will not|still (?:can[''’]?t|don[''’]?t|won[''’]?t))\b|"
                     r"\bif not\b|\botherwise\b|\bor else\b", re.I)
_QUESTION = re.compile(r"[?？]\s*$|吗[?？。!！]?\s*$|呢[?？]?\s*$|能不能|可不可以|是不是|有没有|^(?:can|could|would|will|when|what|which|how|why|is|are|do|did)\b", re.I)
_PAY_VERB = re.compile(r"(?<!预)(?<!应)付|打款|打过来|打给|打到|打(?=[0-9一二两三四五六七八九十百千万])|转(?!给他|给她|接|告|达|交|一下电话|电话|账凭证|不动|不过来|不开)|(?<!月)(?<!未)(?<!总)结(?!果|构|束|论)|还(?=钱|款|清|上|给|了|我|掉|一|[0-9两三四五六七八九十])|汇|俾|过数|入数|给(?:我|我们)|清(?!楚|单)|\bpay(?!roll)|\btransfer|\bwire|\bsettle|\bsend|\bclear|\bneed (?:the |it |you to pay|payment|the full|[$¥]?\d)|\bexpect (?:the |it |payment|[$¥]?\d)", re.I)
_WHEN_PAY = re.compile(r"什么时候|哪天|几号|\bwhen (?:can|will|could|are|do|would)\b|\bwhat date\b", re.I)
_TERMS_QUESTION = re.compile(r"(?:付|给|还|结|打)多少|哪天|几号|什么时候|how much|what date|which date|\bwhen\b", re.I)
_INSTALMENTS = re.compile(r"分\s*([两二三四五六2-6])\s*(?:[期次笔]|个月)|\b(two|three|four|five|six|2|3|4|5|6)\s+(?:equal\s+|monthly\s+|weekly\s+)?(?:instal?lments|payments|tranches|parts)\b", re.I)
_REST_SPLIT_BEFORE = re.compile(r"(?:剩下|剩余|其余|余下|余款|尾款)[^,，。;；!！?？]{0,7}$")
_N_INSTAL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def warm_up() -> None:
    """Compile every built-in lexicon and load OpenCC now, not on the first utterance that needs
    them, and the models (about 0.5 s in all): the app calls this in the background while the trainee reads."""
    for speaker in ("collector", "debtor"):
        lexicon = lx.builtin(speaker)
        for lang in ("zh", "en"):
            lexicon.matchers(lang)
        trained = _model.load(speaker)
        if trained is not None:
            trained.packed
    to_simplified("您好,這是繁體")
    _cn_value("一万五")  # imports cn2an


def is_silence(text: str) -> bool:
    return bool(_SILENCE.match(text or ""))


def understand(text: str, speaker: str = "collector", today: dt.date | None = None,
               lexicon: lx.Lexicon | None = None, use_model: bool = True,
               model: _model.Model | None = None, scale: float | None = None) -> Understanding:
    """Label one utterance. ``speaker`` is ``collector`` (moves) or ``debtor`` (acts).

    The rules read first; then, unless ``use_model`` is false, the model (``model``, or the one
    shipped) adds the labels it is sure of that the rules missed (see ``model.py``); last, the
    structure rules reconcile the labels (a concession with a condition is conditional, …).

    ``scale``, the sum the talk is about (the debt), reads bare figures as thousands where that
    is what they must mean: "20 today" on a debt of 46,800 is 20,000."""
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
    # The other language's rules run only where its script appears (mixed speech: "OK,周五付").
    other = "en" if lang == "zh" else "zh"
    rule_langs = (lang, other) if (_LATIN_WORD if other == "en" else _CJK).search(norm) else (lang,)
    lowered = norm.lower()
    for rule_lang in rule_langs:
        for matcher in lex.matchers(rule_lang):
            if matcher.label in labels:
                continue
            subject = lowered if matcher.lowered else norm
            for rule, m in matcher.matches(subject):
                if matcher.label in lex.negatable and _negated(norm, m.start(), rule_lang):
                    continue
                labels.append(matcher.label)
                # Quote what was said, not the lower-cased copy the English rules ran on.
                phrase = norm[m.start():m.end()] if len(subject) == len(norm) else m.group(0)
                evidence.append(Evidence(matcher.label, phrase.strip() or phrase, rule.source))
                break

    money = money_in(norm, scale)
    dates = find_dates(norm, today, lang)
    amount = pick_amount(norm, money, paid_aside=speaker == "collector")
    if len(money) == 1:
        amount = _share_of(norm, money[0]) or amount
    picked = pick_date(norm, dates)
    date = picked.date if picked else None
    now = any(d.now for d in dates)
    instalments = _instalments(norm, amount, dates, today, scale)
    # In a plan of dated parts, the sum at stake now is the first part's ("12月5号一万五,12月20号一万五…").
    # So too when each part is named ("分三期,每期五万").
    # A part paid now comes first wherever it is said ("剩下三万一我15号前给你。先转你五千" is 5,000 now).
    first = next((i for i in instalments if i.date == today), instalments[0]) if instalments else None
    if len(instalments) >= 2 and first.amount and (first.share is None or _EACH.search(norm)):
        amount = first.amount
    # ...and the day at stake is the first part's ("分三期:12/10、1/10、2/10")
    # A first part due today counts when today is said and the part has a sum ("15k today, 15k on
    # Dec 15", "今天先三万,下礼拜三再三万"), not when "今天" only closes the talk ("今天麻烦你了,明天两万").
    dated = [i for i in instalments if i.date is not None]
    if len(dated) >= 2 and (date is None or date > dated[0].date) and (
            dated[0].date > today or dated[0].date == today and (dated[0].amount or dated[0].share) and any(d.date == today for d in dates)):
        date = dated[0].date

    if use_model:
        trained = model or _model.load(speaker)
        if trained is not None:
            labels = _weigh(trained, norm, script, labels, evidence, amount, date, instalments)
    if speaker == "collector":
        labels = _collector_structure(norm, labels, evidence, amount, date)
    else:
        labels = _debtor_structure(norm, labels, evidence, amount, date, instalments, today)
    if not labels:
        labels = ["other"]
    order = list(V.MOVES if speaker == "collector" else V.ACTS)
    labels.sort(key=lambda x: order.index(x) if x in order else 99)
    evidence, set_aside = _split_set_aside(evidence, labels)
    if script == "hant":
        evidence, set_aside = _as_written(cleaned, norm, evidence), _as_written(cleaned, norm, set_aside)
    return Understanding(raw, speaker, labels, amount=amount, date=date, language=lang, script=script,
                         evidence=evidence, instalments=instalments, now=now, set_aside=set_aside)


_MODEL_RULE = re.compile(r"model:\w+ p=([\d.]+)( likeliest)?$")


def model_reading(rule: str) -> tuple[float, bool] | None:
    """For an evidence rule the model wrote ("model:debtor p=0.41", "… likeliest"): its probability
    and whether it was only the likeliest guess; None for a rule's own evidence."""
    m = _MODEL_RULE.match(rule)
    return (float(m.group(1)), bool(m.group(2))) if m else None


def _asks(text: str) -> bool:
    """Whether the line asks: a question mark or particle, or a Chinese question word at its end."""
    return bool(_QUESTION.search(text) or _ASKS_TERMS_END.search(text))


def model_flags(text: str, script: str, amount, date, instalments) -> list[str]:
    """The facts beside the words that the model sees (see ``model.features``)."""
    flags = [script]
    if amount is not None:
        flags.append("amount")
    if date is not None:
        flags.append("date")
    if instalments:
        flags.append("plan")
    if _asks(text):
        flags.append("question")
    return flags


def _weigh(trained: _model.Model, norm: str, script: str, labels: list[str], evidence: list[Evidence],
           amount, date, instalments) -> list[str]:
    """The model's verdict over the rules': labels it is sure of are added with their strongest
    n-gram as evidence; labels it rejects are set aside, except those nobody may overrule (a
    compliance finding, a scenario's own pattern)."""
    feats = _model.features(norm, labels if trained.rule_features else [], model_flags(norm, script, amount, date, instalments),
                            trained.char, trained.words, trained.stem)
    scores = trained.scores(feats)
    verdict = trained.predict(feats, labels, scores)
    kept: list[str] = []
    for label in labels:
        own = any(e.label == label and not e.rule.startswith(("collector.", "debtor.", "structure:"))
                  for e in evidence)
        rejected = trained.overrule and label not in verdict and label not in _model.NEVER_DROPPED \
            and label in trained.labels
        if own or not (rejected or trained.vetoes(label, scores, labels)):
            kept.append(label)
        else:
            p = _model.probability(scores[trained.labels.index(label)])
            why = (f"model:{trained.speaker} p={p:.2f}, under its bar" if rejected
                   else f"model:{trained.speaker} p={p:.2f}, sure it is not one (veto {trained.veto})")
            _mark_aside(evidence, label, why)
    # Nearly every turn carries some move: when neither the rules nor a sure model reading found
    # one, the likeliest label is given if it is not far-fetched, and its evidence says so.
    guess = ""
    if not kept and not verdict and trained.fallback:
        verdict, guess = trained.likeliest(feats, trained.fallback, scores), " likeliest"
    lowered = norm.lower()
    for label, (p, gram) in verdict.items():
        if label in kept:
            continue
        if gram is None or not _model._telling(gram):
            continue  # a label (or a guess) the model cannot quote a word or Chinese phrase for is not given
        if gram.startswith(("w:", "s:")):  # a word is quoted where it stands as a word, not inside another
            phrase = gram[2:].replace("_", " ")
            rest = r"[a-z']*" if gram.startswith("s:") else ""  # a stem is quoted as the whole word
            found = re.search(r"(?<![a-z])" + re.escape(phrase).replace(r"\ ", r"\W+") + rest + r"(?![a-z])", lowered)
            quoted = norm[found.start():found.end()] if found else phrase
        else:
            i = lowered.find(gram)
            quoted = norm[i:i + len(gram)] if i >= 0 else gram
        kept.append(label)
        evidence.append(Evidence(label, quoted, f"model:{trained.speaker} p={p:.2f}{guess}"))  # see model_reading
    return kept


def _negated(text: str, start: int, lang: str) -> bool:
    before = text[max(0, start - 12):start]
    return bool((_NEG_ZH if lang == "zh" else _NEG_EN).search(before))


def _sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that holds position ``at``."""
    start = max(text.rfind(c, 0, at) for c in ".!?。！？") + 1
    ends = [i for i in (text.find(c, at) for c in ".!?。！？") if i >= 0]
    return text[start:min(ends) + 1 if ends else len(text)]


def _drop(labels: list[str], evidence: list[Evidence], label: str, why: str = "") -> None:
    """Set ``label`` aside. Its evidence stays in the list under a marked label ("-concede") with
    ``why``, for ``set_aside`` (see ``_split_set_aside``); no step reads a marked label."""
    if label in labels:
        labels.remove(label)
        _mark_aside(evidence, label, why)


_ASIDE = "-"


def _mark_aside(evidence: list[Evidence], label: str, why: str) -> None:
    evidence[:] = [Evidence(_ASIDE + e.label, e.phrase, e.rule, why) if e.label == label else e for e in evidence]


def _as_written(cleaned: str, norm: str, found: list[Evidence]) -> list[Evidence]:
    """The phrases quoted as the speaker typed them: the rules read the simplified text, but a trainer
    who wrote 簽份還款協議 sees 簽份還款協議, not 签份还款协议. (Converting to simplified keeps every
    character in its place; where it did not, the simplified phrase is kept.)"""
    if len(cleaned) != len(norm):
        return found
    out = []
    for e in found:
        i = norm.find(e.phrase) if e.phrase else -1
        out.append(Evidence(e.label, cleaned[i:i + len(e.phrase)], e.rule, e.why) if i >= 0 else e)
    return out


def _split_set_aside(evidence: list[Evidence], labels: list[str]) -> tuple[list[Evidence], list[Evidence]]:
    """The evidence of the labels given, and that of the labels set aside and not given after all
    (each phrase once, with the first reason)."""
    kept = [e for e in evidence if not e.label.startswith(_ASIDE)]
    aside: list[Evidence] = []
    for e in evidence:
        label = e.label[len(_ASIDE):]
        if e.label.startswith(_ASIDE) and label not in labels and not any(a.label == label and a.phrase == e.phrase for a in aside):
            aside.append(Evidence(label, e.phrase, e.rule, e.why))
    return kept, aside


def _add(labels: list[str], evidence: list[Evidence], label: str, phrase: str, rule: str) -> None:
    if label not in labels:
        labels.append(label)
        evidence.append(Evidence(label, phrase, rule))


# Chinese often asks without a question mark: "三万二,今天能付多少".
_ASKS_TERMS_END = re.compile(r"(?:多少|几号|哪天|哪一天|什么时候|啥时候|几时)[吧呢啊呀]?\s*[。!！]?\s*$")
_PARTIAL = re.compile(r"一半|half|[一二两三四五六七八九]成|一部分|\bpart\b|\bportion\b", re.I)
_OUR_OBLIGATION = re.compile(r"(?:我们|我司|公司|咱们|我)[^,，。!！?？]{0,8}(?:要|得|需要|必须)?(?:还|付|交|发)[^,，。!！?？]{0,4}"
                             r"(?:银行|贷款|工资|供应商|上游|房租|社保|税|厂家|纸厂|钢厂|货款|料款|材料款)|"
                             r"(?:我们|我司|公司|咱们|我)[^,，。!！?？]{0,6}(?:要|得|需要|必须)(?:给|跟)(?:供应商|上游|厂家|厂里|[\u4e00-\u9fff]{1,2}厂)|"
                             r"\b(?:we|i)\b[^.,;!?]{0,20}\b(?:pay|repay|make|meet|cover)\b[^.,;!?]{0,12}"
                             r"\b(?:payroll|wages|salaries|loan|the bank|rent|suppliers?|taxes?)\b", re.I)
_IMPOSED_ON_US = re.compile(r"(?:要|让|逼|要求|只收|只认)(?:我们|我司|咱们|我哋)|\b(?:want|wants|require|requires|demand|demands|make|makes)\s+us\b", re.I)
_CLAUSE_END = re.compile(r"[,，。;；!！?？]|\.(?:\s|$)")


def _where(text: str, evidence: list[Evidence], label: str) -> tuple[int, int]:
    """Where the first evidence of ``label`` stands in ``text`` ((-1, -1) when not found)."""
    for e in evidence:
        if e.label == label:
            i = text.find(e.phrase)
            if i < 0:
                i = text.lower().find(e.phrase.lower())
            if i >= 0:
                return i, i + len(e.phrase)
    return -1, -1


def _model_only(evidence: list[Evidence], label: str) -> bool:
    """Whether only the model read ``label`` (no rule found it)."""
    return all(model_reading(e.rule) is not None for e in evidence if e.label == label)


def _clause_at(text: str, start: int, end: int) -> str:
    """The clause holding text[start:end]."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = _CLAUSE_END.search(text, end)
    return text[left:right.start() if right else len(text)]


def _same_clause(text: str, evidence: list[Evidence], a: str, b: str) -> bool:
    """Whether the evidence of ``a`` overlaps that of ``b`` or shares its clause."""
    a0, a1 = _where(text, evidence, a)
    b0, b1 = _where(text, evidence, b)
    if a0 < 0 or b0 < 0:
        return False
    if a0 < b1 and b0 < a1:
        return True
    lo, hi = (a1, b0) if a1 <= b0 else (b1, a0)
    return not _CLAUSE_END.search(text, lo, hi)


_QUOTED = re.compile(r"“[^”]{1,40}”|「[^」]{1,40}」|\"[^\"]{1,40}\"")


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] reaches into a quotation."""
    return start >= 0 and any(q.start() < end and start < q.end() for q in _QUOTED.finditer(text))


_AS_AGREED = re.compile(r"按(?:照)?(?:说好的|约定|之前说的|刚才说的|咱们说的)|说好(?:了)?的|讲好(?:咗|了)?嘅?|\bas (?:we )?(?:agreed|promised|discussed)\b", re.I)


_WHOLE_SUM = re.compile(r"\b(?:the full|the whole|the entire|the total|in full|full amount|full payment|full balance|whole balance|"
                        r"entire balance|all of it|everything)\b|全款|全额|全部|全数|所有的?(?:货款|欠款|钱)|一次性", re.I)


def _collector_structure(text: str, labels: list[str], evidence: list[Evidence],
                         amount: float | None, date: dt.date | None) -> list[str]:
    # Giving in found inside quotation marks quotes the debtor: "剩下那两万多“等下来再说”没个准数".
    for label in ("concede", "accept_offer"):
        if label in labels and _quoted(text, *_where(text, evidence, label)):
            _drop(labels, evidence, label, "said inside quotation marks: the debtor's words quoted")
    # A concession tied to a condition is conditional ("只要今天签协议,违约金可以不算"), but an "if"
    # about their straits gives freely ("如果这个月真的不方便,那就下个月再说", "你要是实在困难,那就等
    # 明年春节前吧", "no rush if…").
    if "concede" in labels and (m := _CONDITION.search(text)) and not _STRAITS.match(text, m.end()) \
            and not _NO_RUSH_IF.search(text):
        _drop(labels, evidence, "concede", "a condition is attached: conditional_concession")
        _add(labels, evidence, "conditional_concession", m.group(0), "structure:condition")
    if "conditional_concession" in labels:
        _drop(labels, evidence, "concede", "beside a conditional_concession")
    # Keeping a concession already agreed gives nothing new ("违约金按说好的给您免了", "as agreed, the
    # late fee is waived").
    if "concede" in labels:
        start, end = _where(text, evidence, "concede")
        if start >= 0 and _AS_AGREED.search(_clause_at(text, start, end)):
            _drop(labels, evidence, "concede", "keeps a concession already agreed")
    # A condition that only says what happens if they do not pay is pressure, not a concession the
    # model may read in it: "if we can't agree today I have to put the account on credit hold".
    if "conditional_concession" in labels and "lawful_pressure" in labels and _model_only(evidence, "conditional_concession") \
            and _IF_NOT.search(text):
        _drop(labels, evidence, "conditional_concession", "only says what happens if they do not pay: pressure")
    # Taking their terms in so many words ("we'll go with what you just said") is accepting, whatever
    # the model made of it.
    if "concede" in labels and "accept_offer" in labels and _model_only(evidence, "concede"):
        _drop(labels, evidence, "concede", "the model's, beside taking their terms in so many words")
    # "那行吧,年后再说" gives in: a bare 行/好 is not accepting an offer but conceding.
    if "concede" in labels and "accept_offer" in labels:
        phrase = next(e.phrase for e in evidence if e.label == "accept_offer")
        if re.fullmatch(r"[那就]*(?:行|好|可以|成|好的|ok|okay|fine|alright|sure)[吧啊的]?[,，。!！]?", phrase.strip(), re.I):
            _drop(labels, evidence, "accept_offer", "a bare yes that gives in: concede")
    # Refusing and accepting at once: the refusal wins ("不行,这样不行").
    if "refuse_offer" in labels and "accept_offer" in labels:
        _drop(labels, evidence, "accept_offer", "refused in the same line: the refusal wins")
    # Bare terms with a paying verb, a sum or a share, and nothing else read, propose them
    # ("妳這個星期先幫他還五萬", "你先俾30%,即係三萬六"); a likeliest guess gives way. Beside any
    # other reading such terms demand, total, threaten or accept far more often than they
    # counter (measured on train/: 20 right of 175).
    pay = _PAY_VERB.search(text)
    guessed = [x for x in labels if _only_guessed(evidence, x)]
    if pay and len(guessed) == len(labels) and (amount is not None or _PARTIAL.search(text) or _INSTALMENTS.search(text)) \
            and not _asks(text):
        for x in guessed:
            _drop(labels, evidence, x, "bare terms: counter_offer")
        _add(labels, evidence, "counter_offer", _clause_at(text, pay.start(), pay.end()).strip(), "structure:terms")
    # A rule invoked to announce a step is that step, not a separate reason ("公司规定超过九十天的账
    # 就要转法务", "按规定仓库就不能给您出库"); paying first to get goods is the cash-on-delivery
    # condition, not a demand for the debt ("以后要货,麻烦先打款,见款发货").
    for label, roles in (("give_reason", ("lawful_pressure", "explain_cost")), ("demand_payment", ("cash_on_delivery",))):
        if label in labels and any(_same_clause(text, evidence, label, r) for r in roles if r in labels):
            _drop(labels, evidence, label, "the rule invoked announces the step itself")
    # Cash terms someone imposes on us are our reason, not our condition on them
    # ("纸厂要我们现款提货", "our mill wants cash up front from us").
    if "cash_on_delivery" in labels:
        start, _ = _where(text, evidence, "cash_on_delivery")
        before = _CLAUSE_END.split(text[max(0, start - 30):start])[-1] if start >= 0 else ""
        if _IMPOSED_ON_US.search(before):
            _drop(labels, evidence, "cash_on_delivery", "cash terms imposed on us: our reason")
            _add(labels, evidence, "give_reason", before.strip(), "structure:imposed-on-us")
    # What we ourselves must pay is our reason, not a demand on them ("我们公司月底要还银行贷款",
    # "we have payroll to make on Friday"): the rules know it, the model's n-grams may not.
    if "demand_payment" in labels and _model_only(evidence, "demand_payment"):
        start, end = _where(text, evidence, "demand_payment")
        ours = _OUR_OBLIGATION.search(_clause_at(text, start, end) if start >= 0 else text)
        if ours:
            _drop(labels, evidence, "demand_payment", "what we ourselves must pay: our reason")
            _add(labels, evidence, "give_reason", ours.group(0), "structure:our-obligation")
    # Restating agreed terms to wrap up, or giving in, proposes nothing ("好,说定了:周五先付三万").
    # (Refusing their figure and naming one's own is a counter even when it gives ground:
    # "八折真系太多……咁八五折啦,两万今日俾".)
    if "counter_offer" in labels and ("close" in labels or ("concede" in labels and "refuse_offer" not in labels)):
        _drop(labels, evidence, "counter_offer", "restating agreed terms or giving in proposes nothing")
    # Accepting their terms is not proposing new ones.
    if "accept_offer" in labels and "counter_offer" in labels and "refuse_offer" not in labels:
        # Saying yes first and then restating their terms accepts them ("九折……好,…那旧账就月底先付一半").
        if _where(text, evidence, "accept_offer")[0] < _where(text, evidence, "counter_offer")[1]:
            _drop(labels, evidence, "counter_offer", "accepting their terms proposes none")
    # "今天能先付多少,剩下的哪天结清?" asks for terms; it proposes none.
    if "counter_offer" in labels and _TERMS_QUESTION.search(text) and amount is None:
        _drop(labels, evidence, "counter_offer", "asks for terms: request_commitment")
        _add(labels, evidence, "request_commitment", _TERMS_QUESTION.search(text).group(0), "structure:terms-question")
    if "counter_offer" in labels and amount is None and not _INSTALMENTS.search(text) \
            and not _PARTIAL.search(text):
        _drop(labels, evidence, "counter_offer", "no sum, share or plan proposed")
    # A question about when they pay asks for a commitment; a bare order demands payment.
    if "demand_payment" in labels and _QUESTION.search(text) and _WHEN_PAY.search(text):
        _add(labels, evidence, "request_commitment", _QUESTION.search(text).group(0), "structure:question")
    # A sum and a day put as a question, with no terms of one's own, asks them to say yes to those
    # terms ("Thanks. And the 3,240 on the 7th?", "剩下的三千二,七号?").
    if amount is not None and date is not None and re.search(r"[?？]\W*$", text):
        guessed = [x for x in labels if _only_guessed(evidence, x)]
        last = _sentence_at(text.rstrip(), len(text.rstrip()) - 1)
        if re.search(r"\d|[一二两三四五六七八九十][千万]", last) \
                and not (set(labels) - {"close", "greet", "other"} - set(guessed)):
            for x in guessed:
                _drop(labels, evidence, x, "a sum and a day asked as a question: request_commitment")
            _add(labels, evidence, "request_commitment", last.strip(), "structure:terms-asked")
    return labels


# A paying verb inside a condition or a reason is no offer: "他们汇了我就马上汇给你",
# "the minute they pay, you get paid", "他不签我们不能付", "make payroll".
_CONDITIONAL_PAY = re.compile(r"等.{0,10}了|他们.{0,6}了(?:我|就)|才能|不能付|付不了|付不出|没法付|"
                              r"\bthe minute\b|\bas soon as (?:they|he|she|the)\b|\bonce (?:they|he|she|the)\b|"
                              r"\bpayroll\b|\bpayments?\b|\bwhen (?:they|he|she|the \w+) (?:pay|paid)|"
                              r"\b(?:when|once|(?:as )?soon as|after) (?!i\b|we\b)[a-z]\w{1,20} (?:pays?|paid|pays up|settles?|comes? in|lands?)\b|"
                              r"\b(?:blokes|guys|lads|men|staff|workers|wages|subbies|subcontractors|suppliers) to pay\b|"
                              r"(?:工人|员工|工资|供应商)[^,，。]{0,4}要(?:付|发|给)", re.I)
_IN_FULL = re.compile(r"全部|全额|本金|一次性|一次过|俾晒|给齐|抵账|顶账|抵债|拿货抵|抵给|in full|the principal|the whole (?:amount|lot)|in kind", re.I)


# Terms put to the collector for a yes ("…,行了吧?", "得唔得?", "Deal?"), assent opening a line
# ("好啦,…", "Fine. …", "Yes. …"), and words that keep a promise loose.
_ASKS_YES = re.compile(r"(?:这样|那这样|要不|不如)(?:吧|啦|啊)?[,，:：]|\bhow about\b|\bwhat if\b|\blet'?s say\b|(?:可以|行|好|成|中|得|ok|okay)(?:了)?(?:吧|吗|嘛|不|么|唔得|不行|啵)?\s{0,2}[?？]|(?:好不好|行不行|可不可以|得唔得|怎么样|如何)[?？]?\s{0,2}$|\b(?:deal|ok|okay|fair|alright|all right)\s{0,2}\?|\bhow about\b|\bcan (?:we|i)\b|\bis that ok", re.I)
_ASSENT = re.compile(r"(?:^|[.!?。！？]\s{0,2})\W{0,3}(?:[(（][^)）]{0,30}[)）]\s{0,2})?(?:(?:好|行|成|中|ok|okay)(?:啦|吧|了|嘞|喔|啊){0,2}[,，.。!！\s]{1,3}){1,3}|(?:^|[.!?]\s{0,2})\W{0,3}(?:yes|yeah|yep|fine|ok(?:ay)?|alright|all right|agreed|sure)\b", re.I)
_FIRM = re.compile(r"一定|肯定|保证|发誓|一次(?:性)?付清|一次过|绝不|\b(?:definitely|for sure|without fail|i promise|i swear|guaranteed)\b", re.I)
# What one is able to pay is put forward, not promised ("I can do 5,000 now and the rest at the end
# of December", "我可以先付五千,剩下的月底").
_PROPOSES = re.compile(r"\b(?:i|we) (?:can|could) (?:do|pay|manage|stretch to|offer|give|send)\b|"
                       r"我(?:们)?(?:可以|能)(?:先)?(?:付|给|转|打|还|凑)|可以先(?:付|给|转|打|还)", re.I)
_RHETORICAL = re.compile(r"are we done|happy now|satisfied now|满意了吧|满意了没", re.I)
_LOOSE = re.compile(r"再说|尽量|争取|看看|看情况|估计|大概|也许|可能|说不好|不一定|左右|差不多|\b(?:try|maybe|perhaps|probably|hopefully|i guess|should be able|not sure)\b", re.I)
# A day named loosely is still a day: an offer "even vague" (GUIDELINES) keeps it.
_VAGUE_WHEN = re.compile(r"年后|年前|明年|过年|开春|下个月|下月|月底|月初|月中|下周|下礼拜|过两天|过几天|过段时间|"
                         r"\b(?:until|till) (?:the )?(?:first|second|third|last|mid|end|start|beginning)|\bnext (?:week|month)\b|\bend of (?:the )?(?:week|month)\b", re.I)
# A part left for a day nobody can hold anyone to ("剩下的……下个月", "the rest after Christmas").
_VAGUE_DAY = re.compile(r"年后|过年|开春|秋后|下个月|下月(?!\d|[一二三四五六七八九十])|过两天|过几天|过段时间|以后|"
                        r"\bnext month\b|\bafter (?:christmas|the holidays|new year)|\bin the new year\b|\bsometime\b|\bat some point\b", re.I)
_CANNOT_PAY = re.compile(r"(?:转|付|打|汇|拿)不(?:出|了|过去)|拿不出|付不起|付不了|给不了|还不起|没(?:那么多|钱)|冇钱|\b(?:can'?t|cannot|won'?t|unable to)\b", re.I)


# A loose time, then paying as the end of the clause: "下个月,下个月肯定给你", "月底一定还你",
# "I'll pay you next month", "I'll sort you out end of the month".
_LOOSE_PROMISE = re.compile(
    r"(?:年后|年前|过年|开春|下个月|下月|月底|月初|月中|下周|下礼拜|过两天|过几天|明年(?:[一二三四五六七八九十]{1,2}月)?)"
    r"[,，]?(?:(?!订单|订货|下单|单子|的货)[^,，。!！?？]){0,8}?(?:肯定|一定|保证|就|再)?(?:一次(?:过|性))?"
    r"(?:给你(?:转|打|汇|结|弄|搞|凑)?(?:过去|过来)?|还你|付你|转给你|打给你|汇给你|结给你|给您|还您|付您|付清|还清|结清|付款|还钱|给钱|俾(?:晒|齐|返)?(?:你|您))(?:钱|款)?"
    r"(?:哈|啊|吧|啦)?(?=[,，。!！~～\s]|$)|"
    # "Maybe next week when he's back he can pay something": a loose time, someone to pay
    r"\b(?:next (?:week|month)|after (?:christmas|new year|the holidays)|in a (?:few|couple of) days)\b[^.?!]{0,30}"
    r"\b(?:he|she|we|i|the boss)(?: can|'ll| will| could) (?:pay|transfer|settle)\b|"
    # "好啦好啦,明天一定,明天一定": a day and a vow, the paying left unsaid
    r"(?:今天|明天|后天|这周[一二三四五六日]?|下周[一二三四五六日]?|周[一二三四五六日]|月底|月初)[,，]?\s?(?:一定|肯定)(?=[,，。!！~\s]|$)|"
    # "Realistically we're looking at sometime in the new year, probably February"
    r"\b(?:we[''’]re|we are|i[''’]m|i am) (?:realistically )?looking at (?:sometime |some time |paying |settling )?"
    r"(?:in |around |by |early |mid[- ]?|late |the end of )?(?:the new year|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|next (?:week|month|year)|after (?:christmas|new year|the holidays))\b|"
    r"\bi[''’]?ll (?:pay (?:you|it|the \w+)|sort (?:you|it) out|settle (?:it|up|the \w+)|get (?:it|the money|you (?:paid|the money)) to you|clear (?:it|the \w+))"
    r"[^.?!]{0,20}\b(?:next (?:week|month)|end of (?:the |this )?(?:week|month)|after (?:christmas|new year|the holidays)|in a (?:few|couple of) (?:days|weeks))\b", re.I)
_NOT_PAYING = re.compile(r"不(?:给|付|还|会给|会付)|没(?:钱|法)|别想|\b(?:not|never|won'?t|can'?t)\b", re.I)


_REJECTS_WORD = re.compile(r"不可能|没门|做不到|办不到|不行|休想|别想|开什么玩笑|"
                           r"\b(?:impossible|no way|not possible|forget it|you wish|dream on|joking|kidding)\b", re.I)
_REJECTS = re.compile(r"[?？]|" + _REJECTS_WORD.pattern, re.I)
_RIGHT_AWAY = re.compile(r"先|马上|现在|立刻|立即|\b(?:now|first|upfront|right away|straight away)\b", re.I)


def _only_guessed(evidence: list[Evidence], label: str) -> bool:
    """The label stands on the model's likeliest guess alone (nothing was found)."""
    own = [e for e in evidence if e.label == label]
    return bool(own) and all((model_reading(e.rule) or (0, False))[1] for e in own)


_HABIT = re.compile(r"一直|每次|从来|向来|历来|always|every time|never (?:missed|been late|once)|for years", re.I)


# Paying as a topic, not a deed: "付款的事都是他定", "结算要走流程"; calling someone: "我帮你打俾佢".
_PAY_TOPIC = re.compile(r"(?:付款|付钱|结款|还款|打款)(?:的|这|那)(?:个|件)?(?:事|问题|流程|手续)|付款(?:流程|审批|手续|申请)|结算(?:流程|周期|方式)|"
                        r"打(?:个)?(?:电话)?俾(?:佢|我|你)(?![^,，。]{0,4}(?:钱|数|万|千|蚊))", re.I)


def _free_pay(text: str) -> re.Match | None:
    """The first paying verb that is not part of saying it cannot be paid ("钱转不出去,明天一早肯定转")
    nor of paying as a topic ("付款的事都是他定")."""
    blocked = [m.span() for m in _CANNOT_PAY.finditer(text)] + [m.span() for m in _PAY_TOPIC.finditer(text)]
    return next((m for m in _PAY_VERB.finditer(text) if not any(a <= m.start() < b for a, b in blocked)), None)


_PAID_WORD = re.compile(r"付|转|打|汇|给|还|结|俾|过数|入数|刷|现金|支票|到账|收到|款|钱|\$|¥|￥|\d|"
                        r"\b(?:pa(?:y|id)|sent|send|transfer|wire|wired|card|cash|cheque|check|deposit|done it|gone through|went through|settled|cleared)\b", re.I)


_NO_MORE_CALLS = re.compile(r"(?:别|不要|不准)再(?:打|找我|来)|以后别(?:打|找我)|\bdon'?t (?:ever )?(?:call|contact|message) "
                            r"(?:me|us|this number|here) again\b|\bstop calling\b|\blose my number\b", re.I)
_NO_DISPUTE = re.compile(r"(?:都|也|确实|是)?没(?:有)?(?:问题|毛病|错)|(?:数|账|帐)(?:是)?(?:对的|没错|都对)|"
                         r"\b(?:no (?:problem|issue)s? with|(?:is|are|looks?|look) (?:all )?(?:correct|right|fine)|all correct)\b", re.I)
# What someone else said they would pay ("说是这个月底到", "佢哋话十二月中会俾一半", "they said mid-December").
_HEARSAY = re.compile(r"说是|据说|听说|佢哋话|佢地话|他们说|她们说|\bthey (?:said|say|told me)\b", re.I)
_THEIR_SCHEDULE = re.compile(r"(?:按说|按理说?|按合同|合同上|本来|他们|她们|开发商|甲方|业主|总包|客户|人家|对方|"
                              r"通路|渠道|经销商|分销商|代理商|下游|商场|超市|平台|天猫|淘宝|京东|拼多多|抖音|美团|亚马逊|佢哋|佢地|说是|据说|听说|(?:跟|和|同)我(?:们)?$|"
                              r"\bthey\b|\bthe client\b|\bthe developer\b|\bmy customers?\b|\bour customers?\b)"
                              r"[^,，。;；!！?？]{0,10}$", re.I)


def _theirs(text: str, pos: int) -> bool:
    """Whether what stands at ``pos`` is someone else's schedule (按说…, 他们…, "they…")."""
    return bool(_THEIR_SCHEDULE.search(text[max(0, pos - 14):pos]))


_REPORTED = re.compile(r"\W{0,3}(?:佢话|佢讲|他说|她说|老板说|老细话|\b(?:he|she|they) (?:said|says)\b)", re.I)
_WAIT_BEFORE = re.compile(r"(?:等|待)[^,，。!！?？]{0,10}$|\b(?:when|once|after|as soon as)\b[^,.!?]{0,20}$", re.I)


def _debtor_structure(text: str, labels: list[str], evidence: list[Evidence],
                      amount: float | None, date: dt.date | None,
                      instalments: list[Instalment] | None = None, today: dt.date | None = None) -> list[str]:
    # A payment the model read where no money, sum or paying word appears is no payment
    # ("我现在就报警"): the rules' own readings stand.
    # Nor in a refusal ("以后别想从我这儿拿一分钱").
    # Nor a habit ("I've always paid you", "我每次都按时付的").
    if "pay" in labels and (not _PAID_WORD.search(text) or "refuse" in labels or _HABIT.search(text)) \
            and _model_only(evidence, "pay"):
        _drop(labels, evidence, "pay", "the model's, with no paying word, in a refusal or a habit")
    # A promise the model read beside a payment the rules found is the payment's, unless a rest is
    # still to come: "That went out Friday, the full 12,400" pays; "paid 5k, the rest Friday" promises.
    if "commit" in labels and "pay" in labels and _model_only(evidence, "commit") \
            and not _model_only(evidence, "pay") and not _REST.search(text) and not _FIRM.search(text):
        _drop(labels, evidence, "commit", "the model's, beside a payment made")
    # An offer the model read in a rejection is none ("Twenty thousand by Friday is impossible"),
    # nor one merely guessed in a question ("欠你三十万?"); an offer put as a question stands
    # ("What if I do 4471 now and 4502 on the 10th?").
    if "offer" in labels and _model_only(evidence, "offer") \
            and (_REJECTS_WORD.search(text) or _NOT_PAYING.search(text)
                 or (_only_guessed(evidence, "offer") and _QUESTION.search(text))):
        _drop(labels, evidence, "offer", "the model's, in a rejection or a question")
    # An offer the model read where the only day named is past tells what happened, not what will:
    # "上周五银行系统升级,钱转不出去", "the transfer bounced on Monday".
    if "offer" in labels and _model_only(evidence, "offer") and today is not None and date is not None \
            and date < today and not any(i.date is not None and i.date >= today for i in instalments or []):
        _drop(labels, evidence, "offer", "the model's, where the only day named is past")
    # Someone else's word is no offer the model may read ("佢话礼拜四先返……", "he said Thursday").
    if "offer" in labels and _model_only(evidence, "offer") and _REPORTED.match(text):
        _drop(labels, evidence, "offer", "someone else's word")
    # Paying once someone else has paid is no payment: "余数等业主找咗数先俾你啦".
    if "pay" in labels and all(_WAIT_BEFORE.search(text[:max(0, text.find(e.phrase))])
                               for e in evidence if e.label == "pay" and e.phrase in text):
        _drop(labels, evidence, "pay", "to pay once someone else has paid")
    # Telling the collector never to call again ends the talk; it is no hiding the model reads there.
    if "hide" in labels and _model_only(evidence, "hide") and _NO_MORE_CALLS.search(text):
        _drop(labels, evidence, "hide", "the model's, in telling them never to call again")
    # A dispute the model read where the line says there is nothing wrong is none: "发票和订单都没问题,
    # 是交接时漏了", "数是对的", "the figures are correct".
    if "dispute" in labels and _model_only(evidence, "dispute") and _NO_DISPUTE.search(text):
        _drop(labels, evidence, "dispute", "the model's, where the line says nothing is wrong")
    # Someone else's schedule is no offer: "按说11月底付一期的,但是他们说要等审计", "they pay us end of month".
    if "offer" in labels and len([e for e in evidence if e.label == "offer"]) == 1:
        start, _ = _where(text, evidence, "offer")
        if start >= 0 and _theirs(text, start):
            _drop(labels, evidence, "offer", "someone else's schedule")
    # A plan of dated sums ("十二月十五号二十四万三,一月十五号二十四万三"), or a sum and a day after
    # assent ("好啦,十二月三十一号二十万", "Fine. $10,000 on Friday"), proposes to pay even with no paying
    # verb: put as a question for a yes it is an offer; stated without a hedge, a commitment.
    # A sum and a day sworn to ("12月10号前,NT$86,000 一次付清", "明天上午,8千,我发誓") is a commitment too.
    dated = [i for i in instalments or [] if i.date is not None and (i.amount or i.share or i.rest)]
    whole = amount is not None or bool(_WHOLE_SUM.search(text))
    plan = len(dated) >= 2 or (whole and date is not None and bool(_ASSENT.search(text) or _ASKS_YES.search(text)
                                                                   or _FIRM.search(text)))
    if plan and not {"dispute", "refuse", "pay"} & set(labels) and not _CANNOT_PAY.search(text) \
            and not _CONDITIONAL_PAY.search(text):
        asks = bool(_ASKS_YES.search(text) or (_QUESTION.search(text) and not _RHETORICAL.search(text)))
        if asks or _LOOSE.search(text) or _VAGUE_DAY.search(text) or (_PROPOSES.search(text) and not _FIRM.search(text)):
            if "commit" not in labels:
                _add(labels, evidence, "offer", text[:12], "structure:plan")
        else:
            _add(labels, evidence, "commit", text[:12], "structure:plan")
    # A share by a day is an offer, however loose ("Half on December 11 and the rest after Christmas").
    if date is not None and (part := _PARTIAL.search(text)) and not {"offer", "commit", "pay", "dispute", "refuse"} & set(labels) \
            and not _CANNOT_PAY.search(text) and not _CONDITIONAL_PAY.search(text) and not _QUESTION.search(text) \
            and not _theirs(text, part.start()):
        _add(labels, evidence, "offer", part.group(0), "structure:share")
    if "commit" in labels:
        _drop(labels, evidence, "offer", "a commitment is given: commit")
    # (a day already past tells what happened: "We released that last Friday" offers nothing;
    # nor does asking for more time with no sum: "俾多两个礼拜我啦", "We'll need 90 days")
    if (amount is not None or date is not None and not (today is not None and date < today) and "ask_concession" not in labels) \
            and "offer" not in labels and "commit" not in labels \
            and "pay" not in labels and _PAY_VERB.search(text) and not _QUESTION.search(text) \
            and not _CONDITIONAL_PAY.search(text) and (fp := _free_pay(text)) \
            and not _theirs(text, fp.start()):
        if not {"dispute", "refuse"} & set(labels):
            _add(labels, evidence, "offer", _free_pay(text).group(0), "structure:terms")
    # Bare terms: a sum with a day, or with "now"/"first", and nothing else said proposes them
    # ("八千,月底", "Eight thousand now.", "maybe 500 first lor"). A likeliest guess gives way.
    guessed = [x for x in labels if _only_guessed(evidence, x)]
    if amount is not None and (date is not None or _RIGHT_AWAY.search(text)) and len(guessed) == len(labels) \
            and not _QUESTION.search(text) and not _CANNOT_PAY.search(text) and not _NOT_PAYING.search(text) \
            and not _CONDITIONAL_PAY.search(text) and not _REJECTS.search(text) and not _HEARSAY.search(text):
        for x in guessed:
            _drop(labels, evidence, x, "bare terms: offer")
        _add(labels, evidence, "offer", text.strip()[:24], "structure:bare-terms")
    # A promise to pay by a loose time is still an offer (GUIDELINES: "even vague"):
    # "下个月,下个月肯定给你", "I'll sort you out next month".
    # (Judged within its own sentence: "…we're holding supplier payments until that comes through.
    # Realistically we're looking at sometime in the new year" promises, for all the sentence before.)
    loose = _LOOSE_PROMISE.search(text)
    said = _sentence_at(text, loose.start()) if loose else ""
    if loose and not {"offer", "commit", "pay", "dispute", "refuse"} & set(labels) \
            and not _QUESTION.search(said) and not _CONDITIONAL_PAY.search(said) and not _NOT_PAYING.search(said):
        _add(labels, evidence, "offer", loose.group(0), "structure:loose-promise")
    if "offer" in labels and amount is None and date is None and not _INSTALMENTS.search(text) \
            and not re.search(r"一半|一部分|half|part|some", text, re.I) and not _PARTIAL.search(text) \
            and not _IN_FULL.search(text) \
            and not any(e.label == "offer" and (_VAGUE_WHEN.search(e.phrase) or e.rule == "structure:loose-promise"
                                                and (_VAGUE_WHEN.search(said) or _VAGUE_DAY.search(said)))
                        for e in evidence):
        _drop(labels, evidence, "offer", "no sum, day, share or plan offered")
    return labels


_CLAUSE = re.compile(r"[,，](?!\d{3})|[;；。]|(?<=[a-z\d])\.\s|\bthen\b|\band\b|然后|再(?=付|给|打)")
_SHARE = re.compile(r"一半|半数|\bhalf\b|三分之一|\b(?:a|one) third\b|四分之一|\ba quarter\b|([一二两三四五六七八九])成|(\d{1,2})\s?%|百分之(\d{1,2}|[一二三四五六七八九十]+)", re.I)
_REST = re.compile(r"剩下|剩余|余下|其余|余款|尾款|\brest\b|\bremainder\b|\bbalance\b|\bremaining\b|\bthe other half\b", re.I)
REST_WORDS = _REST  # "剩下的", "the rest": what the scoring reads as a rest promised after a part
_MONTHLY = re.compile(r"每月|每个月|按月|\bmonthly\b|\ba month\b|\bper month\b", re.I)


# A share of the one sum named, to be paid: "您这笔三十万要是能先进来一半", "30% of the 150k by the 28th".
_ZH_SHARE = r"(一半|[一二两三四五六七八九]成|\d{1,2}\s?%|百分之(?:\d{1,2}|[一二三四五六七八九十]{1,3}))"
_SHARE_PAID_ZH = re.compile(r"(?:付|给|转|打|还|进来|结|拿|俾|畀|汇|收到|入|回|认)(?:个|出|上|返|咗)?(?:我|你|我们|您)?" + _ZH_SHARE + "|"
                            + _ZH_SHARE + r"(?:先)?(?:付|给|转|打|还|结|俾|畀|汇)")
_SHARE_OF_EN = re.compile(r"\b(half(?=\s+(?:the|your)\s)|(?:half|a third|one third|a quarter|\d{1,2}\s?%)(?=\s+of\s))"
                          r"(?:\s+of)?\s+(?:the\s+|it\s+|that\s+|this\s+|your\s+)?$", re.I)
_SHARE_AFTER_EN = re.compile(r"\b(?:at least|pay|send|transfer|need|want|clear)\s+(half|a third|one third|a quarter|\d{1,2}\s?%)"
                             r"(?:\s+of\s+(?:it|that|this))?\s+(?:now|today|this week|by\b|before\b|upfront|first|on\b)", re.I)
_SHARE_DENIED = re.compile(r"(?:不能|不可以|唔可以|唔能够|不会|别|\bcannot|\bcan'?t|\bwon'?t|\bdon'?t|\bnot)\s*(?:先)?$", re.I)
# The sum is itself the share ("三成,也就是五万四", "half, that's 9,800"), or someone's earlier word.
_SUM_IS_SHARE = re.compile(r"(?:也就是|即是|即系|就是|\bthat'?s|\bwhich is|\bi\.?e\.?)\W{0,2}$", re.I)
_EARLIER_WORD = re.compile(r"说|讲|话|答应|\bsaid\b|\bpromised\b", re.I)
# A total named as such ("总共十二万", "合计四十万"): a share asked for before it is a share of it.
_NAMED_TOTAL_BEFORE = re.compile(r"(?:总共|总数|合计|一共|总额|总计|共计)(?:是|系|为)?\W{0,2}$")
_SHARE_FIRST_ZH = re.compile(r"先" + _ZH_SHARE)


def _share_of(text: str, money) -> float | None:
    """The sum at stake when the line asks for or offers a share of the one sum it names."""
    en = _SHARE_OF_EN.search(text[max(0, money.start - 24):money.start])
    after = text[money.end:]
    just_before = text[max(0, money.start - 8):money.start]
    zh = None if en else _SHARE_PAID_ZH.search(after[:28])
    if zh and (_REST.search(after[:zh.start()]) or re.search(r"[?？]", after[:zh.start()])
               or _SUM_IS_SHARE.search(just_before) or _EARLIER_WORD.search(after[:zh.start()])):
        zh = None
    if not en and not zh and _NAMED_TOTAL_BEFORE.search(just_before):
        # "今天先一半,另外一半下礼拜五。总共是十二万": the share asked for before the total
        zh = _SHARE_PAID_ZH.search(text[:money.start]) or _SHARE_FIRST_ZH.search(text[:money.start])
        if zh and _REST.search(text[max(0, zh.start() - 6):zh.start()]):
            zh = None
    if zh and _SHARE_DENIED.search(after[max(0, zh.start() - 8):zh.start()]):
        zh = None  # "不能先付一半"
    if not en and not zh and (later := _SHARE_AFTER_EN.search(after[:48])) and not _REST.search(after[:later.start()]) \
            and not re.search(r"[?？]", after[:later.start()]) and not _SHARE_DENIED.search(after[max(0, later.start() - 10):later.start()]):
        en = later  # "Balance is N3.6 million. I need at least half this week."
    said = en.group(1) if en else zh.group(0) if zh else None
    sh = _SHARE.search(said) if said else None
    part = _share(sh) if sh else None
    return round(money.value * part, 2) if part else None


def _share(m: re.Match) -> float | None:
    word = m.group(0).lower()
    if word in ("一半", "半数", "half"):
        return 0.5
    if word in ("三分之一", "a third", "one third"):
        return 1 / 3
    if word in ("四分之一", "a quarter"):
        return 0.25
    if word.endswith("成") and len(word) == 2:
        return round(("一二三四五六七八九".find(word[0].replace("两", "二")) + 1) / 10, 2)
    number = m.group(2) or m.group(3)
    if number:
        value = int(number) if number.isdigit() else _cn_int(number)
        return value / 100 if value else None
    return None


def _cn_int(s: str) -> int | None:
    v = _cn_value(s)
    return int(v) if v is not None else None


_NOW_CLAUSE = re.compile(r"先|现在|马上|立刻|当场|首付|今儿|今朝|\bnow\b|\bupfront\b|\bup front\b|\bfirst\b|\bright away\b", re.I)


_EACH = re.compile(r"每期|每笔|每次|每一期|每个?月(?:还|付|给|打|转|交|俾|(?=[0-9一二两三四五六七八九十](?![0-9一二两三四五六七八九十]{0,2}[号日])))|\beach\b|\bper (?:instal?ment|payment)\b", re.I)


def _instalments(text: str, amount: float | None, dates, today: dt.date, scale: float | None = None) -> list[Instalment]:
    """A payment plan in the utterance, as structured parts ("分三期", "half now, half on the 15th")."""
    m = _INSTALMENTS.search(text)
    if m and m.group(0).endswith("个月") and _REST_SPLIT_BEFORE.search(text[max(0, m.start() - 10):m.start()]):
        m = None  # "先付三万,剩下的分三个月,每个月一万": the months spread the rest; the first part is at stake
    if m:
        n = m.group(1) or m.group(2)
        count = int(n) if n.isdigit() else _N_INSTAL.get(n.lower(), 0)
        if count >= 2:
            # "分三期:今天一万,下周五一万,月底把剩下的八千结了": the parts named one by one
            named = _plan_parts(text, dates, today, scale)
            if len(named) >= 2 and all(p.amount is not None or p.rest for p in named):
                return named
            # "分三期,每期五万" names each part's sum; "分三期还十五万" the whole
            each = _EACH.search(text)
            if each:
                after = [x for x in money_in(text, scale) if x.start >= each.end()]
                share = after[0].value if after else amount
            else:
                share = round(amount / count, 2) if amount else None
            found = [d.date for d in dates]
            if len(found) == 1 and _MONTHLY.search(text):
                first = found[0]
                found = [plus_months(first, i) for i in range(count)]
            return [Instalment(share, found[i] if i < len(found) else None, round(1 / count, 4)) for i in range(count)]
    if len(dates) < 2 and not ((_SHARE.search(text) or _REST.search(text)) and (dates or _NOW_CLAUSE.search(text))):
        return []
    return _plan_parts(text, dates, today, scale)


def money_in(text: str, scale: float | None = None) -> list[Money]:
    """The sums in a text; with ``scale`` (the debt), bare figures meant as thousands too."""
    money = find_money(text)
    if scale:
        money = scaled(money, scale)
    elif _LATIN_WORD.search(text):
        # Within one line a sum in thousands sets the scale of a bare figure paid beside it:
        # "3k on a 45k bill doesn't move anything. We need the 45 by the 30th."
        scale = max((m.value for m in money if m.value >= 10_000), default=None)
    if not scale:
        return money
    extra = [b for b in bare_thousands(text, scale) if not any(m.start < b.end and b.start < m.end for m in money)]
    return sorted(money + extra, key=lambda m: m.start) if extra else money


def _residue(text: str) -> int:
    """How many letters or characters are left of a clause beside its date (and its hour: "明天上午十点前")."""
    return len(re.sub(r"[\W_]+", "", _HOUR.sub("", text)))


_HOUR = re.compile(r"(?:上午|下午|早上|中午|晚上|傍晚|今早|一早)?(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})[点时](?:半|钟)?|"
                   r"上午|下午|早上|中午|晚上|(?:之|以)?前|\b\d{1,2}(?::\d\d)?\s?(?:am|pm)\b|\bnoon\b|\bmorning\b|\bby\b", re.I)


def _plan_parts(text: str, dates, today: dt.date, scale: float | None = None) -> list[Instalment]:
    """The parts of a plan named clause by clause ("half now, half on the 15th"), or none."""
    parts: list[Instalment] = []
    for clause in (c for c in _CLAUSE.split(text) if c and c.strip()):
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", clause) else "en"
        # (a day given as a reason or for someone's whereabouts is no part's day: "when he's in on the first")
        ds = [d for d in find_dates(clause, today, lang) if not context_date(clause, d)]
        money = money_in(clause, scale)
        sh = _SHARE.search(clause)
        rest = bool(_REST.search(clause))
        if not (ds or rest or sh or money):
            continue
        if money and _REJECTED_AFTER.match(clause[money[0].end:]):
            continue  # "Friday 10k isn't enough": a sum turned down is no part of the plan
        if money and not (ds or rest or sh) and _SUMMED_BEFORE.search(clause[:money[0].start]) \
                and not _PAY_VERB.search(clause):
            continue  # "先确认一下:总数二十万": the total the parts add up to is no part
        date = ds[0].date if ds else (today if (money or sh) and _NOW_CLAUSE.search(clause) else None)
        if date is None and not rest and not sh:
            continue
        if not (money or rest or sh) and not _PAY_VERB.search(clause) \
                and _residue(clause[:ds[0].start] + clause[ds[0].end:]) > 4:
            continue  # "i'll text u thurs as reminder": a day for something else than a part
        parts.append(Instalment(pick_amount(clause, money) if money else None, date, _share(sh) if sh else None, rest))
    # A sum and its day in two clauses are one part ("剩下的一万零六百,十二月十号前转给你").
    merged: list[Instalment] = []
    for p in parts:
        prev = merged[-1] if merged else None
        if prev is not None and prev.date is None and p.date is not None and p.amount is None \
                and p.share is None and not p.rest:
            merged[-1] = Instalment(prev.amount, p.date, prev.share, prev.rest)
        elif prev is not None and prev.date is not None and prev.amount is None and prev.share is None \
                and not prev.rest and p.date is None and (p.amount is not None or p.share is not None):
            merged[-1] = Instalment(p.amount, prev.date, p.share, p.rest)  # "明天上午十点前,先打一万二"
        else:
            merged.append(p)
    parts = merged
    dated = [p for p in parts if p.date is not None]
    # Two days with no sum, share or rest between them are no plan ("聽日開支票…30號你上嚟拎").
    priced = any(p.amount is not None or p.share is not None or p.rest for p in parts)
    return parts if len(parts) >= 2 and len(dated) >= 2 and priced else []
