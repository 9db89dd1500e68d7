"""Amounts of money in Chinese and English: 两万八千六, 2.8万, 28,600元, 15k, ¥12000, twenty thousand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


CN_DIGITS = "零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_NUM = f"[{CN_DIGITS}]{{1,12}}(?:点[{CN_DIGITS}]{{1,4}})?"  # bounded: no numeral is longer
_AR_NUM = r"\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,4})?(?!\d|,\d)|\d{1,15}(?:\.\d{1,4})?"
# A number followed by one of these is not money (a date, a count, a percentage...).
# A number followed by one of these is never money (a year, a percentage, a day of the month...).
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:号|日|期|点|%|％|年|折|岁|次|遍|多?号人|多?[人名位家]|多(?:个|批|箱|件|天|年)|"
    r"percent|%|instal|installments?|payments?\b|times|units?\b|pcs\b|pieces\b|pm|am|:|st\b|nd\b|rd\b|th\b)",
    re.I)
_THRESHOLD_AFTER = re.compile(r"\s*(?:以上|以下)")  # matched at a position
# ...and a small number followed by one of these is a count, not money (两周, 3个月, 12 days).
_COUNT_AFTER = re.compile(
    r"^\s*(?:个月|月|天|周|星期|礼拜|个|批|箱|件|吨|台|米|小时|分钟|days?|weeks?|months?|years?)", re.I)
_NOT_MONEY_BEFORE = re.compile(r"(?:第|[A-Za-z]-?|#|no\.\s?|[-/]|(?:invoice|inv|order|po|ref|reference|number|num|nr|单号|订单号?|发票号?|合同号?|编号|号码|尾号)\s?(?:no\.?|#)?\s?)$", re.I)
# "a few grand", "couple of k": a vague sum is no amount
_VAGUE_BEFORE = re.compile(r"\b(?:a few|few|a couple of|couple of|a couple|couple|several|some)\s$", re.I)
_MONEY = re.compile(
    rf"(?P<pre>[¥￥$€]|rmb\s?|cny\s?|usd\s?|hk\$\s?|nt\$\s?)?"
    rf"(?P<num>{_AR_NUM}|{_CN_NUM})\s?"
    rf"(?P<unit>万元|万块|万(?:[1-9](?![\d千百万]))?|千元|千块|千|百|k(?![a-z])|w(?![a-z])|grand\b|thousand\b|million\b|mil\b|m(?![a-z]))?\s?"
    rf"(?P<cur>元|块钱|块|圆|rmb\b|cny\b|yuan\b|dollars?\b|bucks\b|usd\b)?",
    re.I)
_UNITS = {"万": 1e4, "万元": 1e4, "万块": 1e4, "w": 1e4, "千": 1e3, "千元": 1e3, "千块": 1e3, "k": 1e3,
          "grand": 1e3, "thousand": 1e3, "百": 100, "million": 1e6, "mil": 1e6, "m": 1e6}

_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1,
}
_EN_NUMBER = re.compile(
    r"\b((?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a|hundred|and|half)"
    r"[\s-]+){0,6}(?:thousand|grand|million|k)(?:[\s-]+and[\s-]+a[\s-]+half)?"
    r"(?:[\s-]+(?:and[\s-]+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)){0,5}|"
    # "twelve hundred", "fifteen hundred bucks": hundreds counted past ten
    r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"[\s-]+hundred)\b", re.I)


@dataclass(frozen=True)
class Money:
    value: float
    start: int
    end: int
    marked: bool  # had a currency sign, unit or word: surely money


@lru_cache(maxsize=2048)
def _cn_value(s: str) -> float | None:
    """A Chinese numeral's value (cn2an is slow to call, and the same few numerals recur)."""
    if len(s) > 16:
        return None
    s = s.replace("俩", "两")
    try:
        import cn2an  # imported on the first Chinese numeral: it takes ~0.17 s, and English never needs it

        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None


def _cn_money_value(s: str) -> tuple[float | None, int]:
    """A Chinese numeral, forgiving a trailing word ("三万八一分不差" → 三万八): (value, chars used)."""
    for cut in range(0, min(3, len(s) - 1) + 1):
        head = s[:len(s) - cut]
        value = _cn_value(head)
        if value is not None:
            return value, len(head)
    return None, 0


def _en_words_value(s: str) -> float | None:
    """ "forty two thousand five hundred", "two and a half million", "half a million", "twelve hundred"."""
    s = re.sub(r"\band[\s-]+a[\s-]+half\b", " +half ", s.lower())
    s = re.sub(r"\bhalf[\s-]+a\b", " half ", s)
    total, current, last_unit = 0.0, 0.0, 0.0
    words = re.split(r"[\s-]+", s)
    for i, word in enumerate(words):
        if word in ("and", "") or (word == "a" and i + 1 < len(words) and words[i + 1] in _EN_WORDS):
            continue  # "a ninety-two thousand bill": the article counts nothing
        if word in _EN_WORDS:
            current += _EN_WORDS[word]
        elif word == "half":
            current = 0.5
        elif word == "+half":  # "two and a half million": a half more of what comes next, or of what came
            if current:
                current += 0.5
            else:
                total += last_unit / 2
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "grand", "k", "million"):
            last_unit = 1_000_000 if word == "million" else 1000
            total += (current or 1) * last_unit
            current = 0
        else:
            return None
    value = total + current
    return float(value) if value else None


def find_money(text: str) -> list[Money]:
    """Every sum of money in the (normalised, simplified) text, in order."""
    found: list[Money] = []
    for m in _MONEY.finditer(text):
        num, unit, pre, cur = m.group("num"), m.group("unit"), m.group("pre"), m.group("cur")
        tail = text[m.end("num"):]
        end = m.end()
        if num[0] in CN_DIGITS and not unit and not cur and len(num) >= 3 and num[-2] in "万千" \
                and num[-1] in "一二两三四五六七八九" and _NOT_MONEY_AFTER.match(tail):
            # "三十万一次性结清": the 一 begins 一次性, it is not 三十万一 (301,000)
            num, end = num[:-1], m.end("num") - 1
            tail = text[end:]
        cn_read = None
        if num[0] in CN_DIGITS and not unit and not cur:
            # "六万八一次汇清": the numeral may run into a word; judge what follows what it means.
            cn_read = _cn_money_value(num)
            used = cn_read[1]
            if 0 < used < len(num):
                tail = text[m.start("num") + used:]
                if not _NOT_MONEY_AFTER.match(tail[len(num) - used:]) and not _NOT_MONEY_AFTER.match(tail):
                    tail = ""
        if not unit and not cur and _NOT_MONEY_AFTER.match(tail):
            continue
        if _THRESHOLD_AFTER.match(text, m.end()):
            continue  # "5万以上要总部审批": a bound in a rule, not a sum at stake
        extra_thousands = 0
        if unit and len(unit) == 2 and unit[0] == "万" and unit[1].isdigit():
            extra_thousands, unit = int(unit[1]), "万"  # 12万3 = 123,000
        if _NOT_MONEY_BEFORE.search(text[max(0, m.start() - 12):m.start()]) and not pre:
            continue
        if num[0] == "0" and len(num) > 2 and num.isdigit() and not pre:
            continue  # "cheque 004512": a leading zero marks a number, not a sum
        if cur == "块" and num == "一" and not unit:
            continue  # "一块儿", "跟前面的一块算": together, not one yuan
        start = m.start()
        if num[0] in CN_DIGITS:
            if (text[m.start() - 1:m.start()] == "周" or text[m.start() - 2:m.start()] in ("星期", "礼拜")) \
                    and len(num) > 1 and num[0] in "一二三四五六日天":
                num, start = num[1:], start + 1  # "周五一万": the weekday digit is not part of the sum
            if num in ("一", "两", "二", "十", "百", "千", "万", "点") and not unit and not cur:
                continue  # 一下, 两个, 万一: words, not sums
            if re.fullmatch(r"[一二两三四五六七八九十]{1,12}", num) and not (unit or cur) and len(num) < 3:
                continue
            value, used = cn_read if cn_read is not None and start == m.start() else _cn_money_value(num)
        else:
            try:
                value = float(num.replace(",", ""))
            except ValueError:
                value = None
        if value is None:
            continue
        if unit:
            value *= _UNITS.get(unit.lower(), _UNITS.get(unit, 1))
        value += extra_thousands * 1000
        marked = bool(pre or cur or unit)
        if not marked and (value < 100 or _COUNT_AFTER.match(tail) and value < 1000):
            continue  # "3", "15", "两周": days or counts more often than money
        found.append(Money(value, start, end, marked))
    for m in _EN_NUMBER.finditer(text):
        if _VAGUE_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        value = _en_words_value(m.group(1))
        if value and not any(f.start <= m.start() < f.end for f in found):
            found.append(Money(value, m.start(), m.end(), True))
    found.sort(key=lambda f: f.start)
    return found


_PAY_BEFORE = re.compile(r"(先付|先打|先转|先给|先还|付|打|转|给|还|结|交|汇|拿|凑|收您|收你|最少|至少|起码|就按|按|pay|paying|transfer|wire|send|settle|clear|at least|minimum|min\.?|make it|call it|首付)\W{0,3}\S{0,4}$", re.I)
_PAY_AFTER = re.compile(r"^\W{0,2}(?:的话)?(?:就)?(?:一次性|一次过|一口气|一次)?(?:结|付|打|转|到账|过来|算|给我|pay|paid|transfer|wired|by\b|today|now)", re.I)
_DROPPED_BEFORE = re.compile(r"(?:抵掉|抵扣|抵|扣掉|扣除|减掉|减去|免掉|免|降|让|少算|少收|便宜|knock(?:ed)? off|deduct(?:ed)?|credit(?:ed)?|waive[ds]?)(?:\s+the)?\W{0,2}\S{0,2}$", re.I)
# "首期五万…剩余七万…": the sum at stake is the first part, not the rest that follows
_REST_BEFORE = re.compile(r"(?:剩下|剩余|余下|其余|余款|尾款|另外|\bthe rest\b|\bremaining\b|\bremainder\b|\bbalance of\b|\bother\b)\W{0,3}\S{0,4}$", re.I)
_FIRST_BEFORE = re.compile(r"(?:首期|首笔|头期|第一笔|第一期|先|\bfirst\b|\bupfront\b)\W{0,2}\S{0,3}$", re.I)
# "Friday 10k isn't enough", "三千不够": a sum turned down is not the one at stake
_REJECTED_AFTER = re.compile(r"^\W{0,3}(?:\S{0,3})?(?:不够|太少|少了点|哪够|\bis(?:n'?t| not) enough\b|\bwon'?t (?:cut it|do)\b|\bis too (?:little|low|small)\b)", re.I)
_DROPPED_AFTER = re.compile(r"^\W{0,3}\S{0,2}(?:算了|不要了|免了|抹了|off\b|waived?)", re.I)
# Something is being paid somewhere in the line (then a stated total is not the sum at stake).
_PAYING = re.compile(r"付|转|打款|汇|还|结清|结掉|给你|收您|收你|\b(?:pay|paying|paid|transfer|wire|send|settle|clear)\b", re.I)
# "二十万的六成就是十二万", "30% of that, so 45,000": the sum restated after working it out is the one
_RESTATED_BEFORE = re.compile(r"(?:就是|也就是|即是|即|等于|合计就|\bthat'?s\b|\bthat is\b|\bwhich is\b|\bso\b)\W{0,2}$", re.I)
_TOTAL_BEFORE = re.compile(r"(总共|一共|合计|总计|欠|余额|尾款|货款|total|owe|owing|outstanding|balance|invoice)\W{0,3}\S{0,6}$|\b(?:total|balance|outstanding)(?:\s+(?:now|comes|is|was|stands|to|at|of|still)){1,3}\s*$", re.I)


def pick_amount(text: str, money: list[Money]) -> float | None:
    """The sum proposed for payment: near a paying verb first; a stated total last."""
    if not money:
        return None
    if len(money) == 1:
        return money[0].value

    paying = bool(_PAYING.search(text))

    def score(m: Money) -> int:
        before = text[max(0, m.start - 16):m.start]
        after = text[m.end:m.end + 8]
        s = 0
        if _PAY_BEFORE.search(before) or _PAY_AFTER.match(after):
            s += 2
        if _DROPPED_AFTER.match(after) or _DROPPED_BEFORE.search(before) or _REJECTED_AFTER.match(text[m.end:m.end + 16]):
            s -= 5
        if _TOTAL_BEFORE.search(before):
            s += -1 if paying else 1  # a stated total is the sum only when nothing is being paid
        if _REST_BEFORE.search(before):
            s -= 1
        elif _FIRST_BEFORE.search(before):
            s += 1
        if _RESTATED_BEFORE.search(before):
            s += 4
        return s

    best = max(money, key=lambda m: (score(m), -m.start))
    return best.value
