"""Amounts of money in Chinese and English: 两万八千六, 2.8万, 28,600元, 15k, ¥12000, twenty thousand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


CN_DIGITS = "零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
# (廿 and 卅 are twenty and thirty: "廿五萬" is 250,000)
_CN_NUM = f"[{CN_DIGITS}廿卅]{{1,12}}(?:点[{CN_DIGITS}]{{1,4}})?"  # bounded: no numeral is longer
_TENS = str.maketrans({"廿": "二十", "卅": "三十"})
# The banker's 叁 written 參 becomes 参 in simplified characters ("壹拾貳萬參仟伍佰元"): a three
# only between the banker's numerals, never in 参加 or 参考.
_BANKERS_THREE = re.compile(r"(?<=[壹贰叁肆伍陆柒捌玖拾佰仟万亿])参|参(?=[仟佰拾万亿])")
# (and "84.000", "9.860,00", "450.000.000": thousands grouped with dots, as in Brazil, Indonesia,
# Vietnam and much of Europe)
_AR_NUM = r"\d{1,3}(?:\.\d{3})+,\d{2}(?!\d)|\d{1,3},\d{1,2}(?=\s?(?:juta|miliar|triệu|tỷ)\b)|\d{1,3}(?:\.\d{3}){2,5}(?![\d.,])|\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,4})?(?!\d|,\d)|\d{1,2}(?:,\d{2}){1,3},\d{3}(?!\d|,\d)|\d{1,15}(?:\.\d{1,4})?"
# A number followed by one of these is not money (a date, a count, a percentage...).
# A number followed by one of these is never money (a year, a percentage, a day of the month...).
_NOT_MONEY_AFTER = re.compile(
    r"^\s*(?:号|日|期|点|%|％|年|折|岁|次|遍|(?:来|多|余)?(?:度|瓦|千瓦)|kw|kwh|多?号人|多?[人名位家]|多(?:个|批|箱|件|天|年)|"
    r"(?:来|多|余)?(?:盒|瓶|袋|套|桶|卷|双|辆|斤|公斤|平方|平米|本(?![金周月息年期])|份|张(?![支票])|条|只|支(?!票)|部|根|包(?!括|含|邮))|"
    r"percent|%|instal|installments?|payments?\b|times|units?\b|pcs\b|pieces\b|pm|am|:|st\b|nd\b|rd\b|th\b|"
    r"(?:cases|boxes|cartons|crates|pallets|rolls|bags|sets|people|staff|workers|tons?|tonnes?|kg|metres?|meters?|km|"
    r"hours?|minutes?|miles?|containers?|trucks?|calls?|emails?|invoices?|orders?)\b)",
    re.I)
# "两万一起给你", "一笔两万一笔八千", "二十八万一分都不少", "三千一月": the 一 begins a word
_ONE_WORD = re.compile(r"(?:笔|月|个月|起|到(?!\d)|分(?:都|也|不|钱)|下|直|定|样|般|共|块儿|口气|把)")
_TIME_OF_YEAR = re.compile(r"\s*年(?:底|前|后|內|内|初|中)")
_YEAR_AFTER_DATE = re.compile(r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?|"
                              r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?|"
                              r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?|"
                              r"\b(?:spring|summer|autumn|fall|winter|fy|q[1-4]|h[12]))\s$", re.I)
_THRESHOLD_AFTER = re.compile(r"\s*(?:以上|以下)")  # matched at a position
# ...and a small number followed by one of these is a count, not money (两周, 3个月, 12 days).
_COUNT_AFTER = re.compile(
    r"^\s*(?:个月|月|天|周|星期|礼拜|个|批|箱|件|吨|台|米|小时|分钟|days?|weeks?|months?|years?)", re.I)
_NOT_MONEY_BEFORE = re.compile(r"(?:第|[A-Za-z]-?|#|no\.\s?|[-/]|(?:invoice|inv|order|po|ref|reference|number|num|nr|单号|订单号?|发票号?|合同号?|编号|号码|尾号|流水号?|回单号|交易号|参考号|账号|卡号|\bends?(?: in| with)?|\bending(?: in| with)?)\s?(?:no\.?|#)?\s?)$", re.I)
# "invoice 3301 or 3302", "发票88210、88214": the next number of a list of references is one too
_REFERENCE_LIST_BEFORE = re.compile(r"(?:invoices?|inv|orders?|po|ref|reference|单号|订单号?|发票号?|合同号?|编号)\s?(?:no\.?|#)?\s?"
                                    r"[A-Za-z]{0,3}-?\d{3,}(?:\s?(?:,|、|/|&|and|or|to|和|及|至)\s?[A-Za-z]{0,3}-?\d{3,}){0,6}"
                                    r"\s?(?:,|、|/|&|and|or|to|和|及|至)\s?(?:not\s)?$", re.I)
# Currencies written with dots between thousands ("R$ 84.000", "€ 9.860", "Rp 4.500.000")
_DOT_THOUSANDS_PRE = re.compile(r"r\$|rp|€|eur|idr|vnd|brl", re.I)
_MIL_THOUSAND_PRE = re.compile(r"mxn|brl|r\$", re.I)
_NAIRA_RAND_BEFORE = re.compile(r"(?<![A-Za-z])[NR]$")
# "a few grand", "couple of k": a vague sum is no amount
_DIMES_AFTER = re.compile(r"([一二两三四五六七八九])(?:毛|角|毫|(?=[\s,，。.!！?？;；、:：)）]|$))")
_VAGUE_BEFORE = re.compile(r"\b(?:a few|few|a couple of|couple of|a couple|couple|several|some)\s$", re.I)
_MONEY = re.compile(
    # (the currency codes as a trie: one letter tried, not twenty alternatives at every character)
    rf"(?P<pre>[¥￥$€£₱]|(?<![a-z])(?:r(?:mb|m|s\.?|\$|p\.?|(?=\d{{1,3}}(?:,\d{{3}})+(?![\d,])))|cny|u(?:sd|s\$)|h(?:kd|k\$)|n(?:td|t\$)|twd|s(?:gd|\$)|myr|"
    rf"eur|gbp|a(?:ud|\$)|php|inr|idr|vnd|brl|mxn|kes|aed|pln|cad|ngn|zar)\s?(?=\d))?"
    rf"(?P<num>{_AR_NUM}|{_CN_NUM})\s?(?:(?:多|几|来)(?=万|千))?"  # "一百多万" is over a million: read as a million
    rf"(?P<unit>万元|万块|万(?:[1-9]千(?:[1-9](?![\d千百万]))?|[1-9](?![\d千百万]))?|千元|千块|千|百|皮|旧水|球|撇|k(?![a-z])|w[1-9](?![\d千百万a-z])|w(?![a-z])|个\s?w(?![a-z])|grand\b|thousand\b|thou\b|million\b|mil\b|lakhs?\b|lacs?\b|crores?\b|juta\b|ribu\b|miliar\b|billion\b|bn\b|tỷ|triệu|m(?![a-z]))?\s?"
    rf"(?P<cur>元|块钱|块|圆|蚊|rmb\b|cny\b|yuan\b|dollars?\b|bucks\b|usd\b)?",
    re.I)
_UNITS = {"个w": 1e4, "个 w": 1e4, "万": 1e4, "万元": 1e4, "万块": 1e4, "w": 1e4, "千": 1e3, "千元": 1e3, "千块": 1e3, "k": 1e3,
          "grand": 1e3, "thousand": 1e3, "thou": 1e3, "百": 100, "million": 1e6, "mil": 1e6, "m": 1e6,
          "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "crore": 1e7, "crores": 1e7,  # Indian English
          "juta": 1e6, "ribu": 1e3, "miliar": 1e9, "billion": 1e9, "bn": 1e9, "tỷ": 1e9, "triệu": 1e6,  # Indonesian, Vietnamese
          "皮": 1e4, "旧水": 100, "球": 1e6, "撇": 1e3}  # Cantonese slang: 三皮 is 30,000, 五旧水 500

_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1,
}
_THOUSAND_WORDS = ("thousand", "grand", "k", "thou")
_UNIT_WORDS = _THOUSAND_WORDS + ("million",)
# Every sum in words names one of these: the word patterns run only where one appears.
_EN_UNIT_HINT = re.compile(r"thousand|grand|million|hundred|\bk\b|\bthou\b", re.I)
_W = (r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
      r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a|hundred|and|half|point")
_EN_NUMBER = re.compile(
    rf"\b((?:(?:{_W})[\s-]+){{0,6}}(?:thousand|grand|million|k|thou)(?:[\s-]+and[\s-]+a[\s-]+half)?"
    # "one million five hundred twenty thousand": the thousands after the millions
    rf"(?:[\s-]+(?:and[\s-]+)?(?:(?:{_W})[\s-]+){{1,6}}(?:thousand|grand|k|thou))?"
    r"(?:[\s-]+(?:and[\s-]+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)){0,5}|"
    # "twelve hundred", "fifteen hundred bucks": hundreds counted past ten
    r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"[\s-]+hundred|"
    # "eight hundred and eighty yuan": a sum under a thousand, in words
    r"(?:one|two|three|four|five|six|seven|eight|nine|a)[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?(?:(?:twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))?)\b", re.I)

# "thirty-two five", "fourteen-five": thousands and hundreds, as sums are said aloud (32,500; 14,500)
_EN_SHORTHAND = re.compile(
    r"\b((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)[\s-]|"
    r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)-)"
    r"(one|two|three|four|five|six|seven|eight|nine)\b"
    r"(?![\s-]*(?:hundred|thousand|grand|k\b|thou\b|million|percent|%|per\b|o'?clock|am\b|pm\b|[-/:]|"
    r"(?!(?:is|was|has|as|this|plus|yes|its|thus)\b)[a-z]+s\b))", re.I)


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
    s = s.replace("俩", "两").translate(_TENS)
    import cn2an  # imported on the first Chinese numeral: it takes ~0.17 s, and English never needs it

    for reading in dict.fromkeys((s, _RANGE.sub(r"\1", s))):  # the range read only when there is one
        try:
            return float(cn2an.cn2an(reading, "smart"))
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            continue
    return None


# "七八千", "两三万", "三四十万", "十二三万", "三万四五千": a rough sum between two, read as the lower one
# (as a payment it is what can be counted on). Only before a unit: "七八" alone stays 78.
_RANGE = re.compile(r"(一(?=[二两])|二(?=三)|两(?=三)|三(?=[四五])|四(?=五)|五(?=六)|六(?=七)|七(?=八)|八(?=九))[二两三四五六七八九](?=[十百千万亿])")


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
    place = 0.0  # after "point": the value of the next digit ("one point eight six million")
    words = re.split(r"[\s-]+", s)
    for i, word in enumerate(words):
        if word in ("and", "") or (word == "a" and i + 1 < len(words) and words[i + 1] in _EN_WORDS):
            continue  # "a ninety-two thousand bill": the article counts nothing
        if word == "point":
            if place or not current:
                return None
            place = 0.1
            continue
        if place:
            if word in _UNIT_WORDS:
                place = 0.0  # the digits after "point" end at the unit, which multiplies them
            elif _EN_WORDS.get(word, 10) > 9:
                return None
            else:
                current += _EN_WORDS[word] * place
                place /= 10
                continue
        if word in _EN_WORDS:
            if last_unit == 1000 and not current and i == len(words) - 1 and 1 <= _EN_WORDS[word] <= 9 \
                    and words[i - 1] in _THOUSAND_WORDS:
                current += _EN_WORDS[word] * 100  # "eight thousand six": 8,600, as it is said
                continue
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
        elif word in _UNIT_WORDS:
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
    if "参" in text:
        text = _BANKERS_THREE.sub("叁", text)  # the same length: every offset stays
    for m in _MONEY.finditer(text):
        num, unit, pre, cur = m.group("num"), m.group("unit"), m.group("pre"), m.group("cur")
        tail = text[m.end("num"):]
        end = m.end()
        if num[0] in CN_DIGITS and not unit and not cur and len(num) >= 3 and num[-2] in "万千" \
                and num[-1] in "一二两三四五六七八九" \
                and (_NOT_MONEY_AFTER.match(tail) or num[-1] == "一" and _ONE_WORD.match(tail)):
            # "三十万一次性结清": the 一 begins 一次性, it is not 三十万一 (301,000)
            num, end = num[:-1], m.end("num") - 1
            tail = text[end:]
        if num[0] in CN_DIGITS and not unit and not cur and tail[:1] == "月":
            # "剩下的一万二十二月五号": 一万二, then 十二月五号 — a month's number is not the sum's
            month = re.search(r"(?:十[一二]|[一二三四五六七八九十])$", num)
            if month and month.start() >= 2 and num[month.start() - 2] == "万" and num[month.start() - 1] in "一二两三四五六七八九":
                num, end = num[:month.start()], m.end("num") - len(month.group())
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
        if not unit and not cur and _NOT_MONEY_AFTER.match(tail) \
                and not (num[-1] in "万千" and len(num) >= 2 and _TIME_OF_YEAR.match(tail)):
            continue  # ("剩下那十二万年底前结清": 万 makes it money, 年底 is when)
        if not pre and _YEAR_AFTER_DATE.search(text[max(0, m.start() - 14):m.start()]) and re.fullmatch(r"20\d\d", num):
            continue  # "31 December 2026": a year
        if not (pre or unit or cur) and re.fullmatch(r"20[23]\d", num):
            continue  # "we'd be into 2029": a year (no sum at stake in the corpus falls between 2020 and 2039)
        if _THRESHOLD_AFTER.match(text, m.end()):
            continue  # "5万以上要总部审批": a bound in a rule, not a sum at stake
        extra_thousands = 0
        if unit and len(unit) >= 2 and unit[0] in "万wW" and unit[1].isdigit():
            # 12万3 = 123,000; 38万6千 = 386,000; 12万7千5 = 127,500
            extra_thousands = int(unit[1]) + (int(unit[3]) / 10 if len(unit) == 4 else 0)
            unit = "万"
        if _NOT_MONEY_BEFORE.search(text[max(0, m.start() - 12):m.start()]) and not pre \
                and not (unit and _NAIRA_RAND_BEFORE.search(text[max(0, m.start() - 2):m.start()])):
            continue  # (but "N1.8m", "R200k": naira and rand with a unit are money)
        if not pre and not unit and not cur and num.isdigit() \
                and _REFERENCE_LIST_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
            continue
        if num[0] == "0" and len(num) > 2 and num.isdigit() and not pre:
            continue  # "cheque 004512": a leading zero marks a number, not a sum
        if cur in ("块", "蚊") and num == "一" and not unit:
            continue  # "一块儿", "跟前面的一块算": together, not one yuan; "一蚊都唔会俾": not a cent
        start = m.start()
        if num[0] in CN_DIGITS or num[0] in "廿卅":
            if (text[m.start() - 1:m.start()] == "周" or text[m.start() - 2:m.start()] in ("星期", "礼拜")) \
                    and len(num) > 1 and num[0] in "一二三四五六日天":
                num, start = num[1:], start + 1  # "周五一万": the weekday digit is not part of the sum
            if num in ("一", "两", "二", "十", "百", "千", "万", "点") and not unit and not cur:
                continue  # 一下, 两个, 万一: words, not sums
            if re.fullmatch(r"[一二两三四五六七八九十]{1,12}", num) and not (unit or cur) and len(num) < 3:
                continue
            value, used = cn_read if cn_read is not None and start == m.start() else _cn_money_value(num)
        elif re.fullmatch(r"\d{1,3},\d{1,2}", num):
            value = float(num.replace(",", "."))  # "Rp 1,2 miliar": a decimal comma before a unit
        elif "." in num and (num.count(".") >= 2 or "," in num or pre and _DOT_THOUSANDS_PRE.match(pre)) \
                and re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{2})?", num):
            value = float(num.replace(".", "").replace(",", "."))
        else:
            try:
                value = float(num.replace(",", ""))
            except ValueError:
                value = None
        if value is None:
            continue
        if unit and unit.lower() == "mil" and pre and _MIL_THOUSAND_PRE.match(pre):
            value *= 1000  # "MXN 180 mil", "R$ 84 mil": Spanish and Portuguese mil is a thousand
        elif unit:
            value *= _UNITS.get(unit.lower(), _UNITS.get(unit, 1))
        value += extra_thousands * 1000
        if cur in ("元", "块", "蚊") and (dime := _DIMES_AFTER.match(text, m.end())):
            value += ("一二三四五六七八九".index(dime.group(1).replace("两", "二")) + 1) / 10
            end = dime.end()  # "五万三千二百一十八块五", "四十五蚊六毫": tenths after the unit
        marked = bool(pre or cur or unit)
        if not marked and value >= 1e9:
            continue  # thirteen bare digits are a reference, not a sum
        if not marked and (value < 100 or _COUNT_AFTER.match(tail) and value < 1000):
            continue  # "3", "15", "两周": days or counts more often than money
        found.append(Money(value, start, end, marked))
    for m in (_EN_NUMBER.finditer(text) if _EN_UNIT_HINT.search(text) else ()):
        if _VAGUE_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            continue
        if m.group(1).lower() in _UNIT_WORDS:
            continue  # a unit with no number ("N3.6 million" has its number in figures)
        value = _en_words_value(m.group(1))
        if value and value < 1000 and (_NOT_MONEY_AFTER.match(text[m.end():m.end() + 16]) or _COUNT_AFTER.match(text[m.end():m.end() + 16])):
            continue  # "three hundred cartons", "a hundred percent"
        if value and not any(f.start <= m.start() < f.end for f in found):
            found.append(Money(value, m.start(), m.end(), True))
    for m in _EN_SHORTHAND.finditer(text):
        if not any(f.start < m.end() and m.start() < f.end for f in found):
            thousands = _en_words_value(m.group(1)) or 0  # "thirty-two" of "thirty-two five"
            found.append(Money(thousands * 1000 + _EN_WORDS[m.group(2).lower()] * 100, m.start(), m.end(), True))
    found.sort(key=lambda f: f.start)
    return found


_PAY_BEFORE = re.compile(r"(先付|先打|先转|先给|先还|付|打|转|给|还|结|交|汇|拿|凑|收您|收你|最少|至少|起码|就按|按|加到|pay|paying|transfer|wire|send|settle|clear|at least|minimum|min\.?|make it|call it|bump it (?:up )?to|more like|首付)\W{0,3}\S{0,4}$", re.I)
_PAY_AFTER = re.compile(r"^\W{0,2}(?:的话)?(?:您|你|你们|我|我们)?(?:就)?(?:今天|今日|明天|马上|现在|立刻|先)?(?:就)?(?:一次性|一次过|一口气|一次)?"
                        r"(?:结|付|打|转|汇|俾|到账|过来|算|给我|pay|paid|transfer|wired|by\b|today|now)", re.I)
_DROPPED_BEFORE = re.compile(r"(?:抵掉|抵扣|抵|扣掉|扣除|扣(?!款)|减掉|减去|免掉|免|降|让|少算|少收|便宜|knock(?:ed)? off|take off|taking off|deduct(?:ed)?|credit(?:ed)?|waive[ds]?)(?:\s+the)?\W{0,2}\S{0,2}$", re.I)
_VAGUE_IN = re.compile(r"[多几来](?=[万千])")
_SUMMED_AFTER = re.compile(r"\s?(?:total|in total|altogether|in all)\b", re.I)
_ROUGH_AFTER = re.compile(r"\s?(?:出头|多点|多一点)")  # "五十个w出头,具体是五十万零四千三"
_MOVED_BEFORE = re.compile(r"(?:户头|账户|帐户|户口|账上|帐上).{0,3}(?:调|挪|转)(?:拨)?$|(?:调|挪)(?:拨)?$")
# "首期五万…剩余七万…": the sum at stake is the first part, not the rest that follows
_REST_BEFORE = re.compile(r"(?:剩下|剩余|余下|其余|余款|尾款|另外|\bthe rest\b|\bremaining\b|\bremainder\b|\bbalance of\b|\bother\b)\W{0,3}\S{0,4}$", re.I)
# ...but once a part is paid, what is left is at stake ("已付五万,剩余十三万四千五", "你已经俾咗三十万,仲差十二万")
_LEFT_BEFORE = re.compile(r"(?:剩下|剩余|余下|余款|尾款|余额|还差|仲差|还欠|仲欠|差的|差嘅|\bthe rest\b|\bremaining\b|\bremainder\b|\bbalance\b|"
                          r"\bstill (?:owe|open|due)\b|\bleft\b)\W{0,3}\S{0,4}$", re.I)
_FIRST_BEFORE = re.compile(r"(?:首期|首笔|头期|第一笔|第一期|先|\bfirst\b|\bupfront\b)\W{0,2}\S{0,3}$", re.I)
# "Friday 10k isn't enough", "三千不够", "一千不行", "三万一次拿不出来", "一个月还三千?": a sum turned down is not the one at stake
_REJECTED_AFTER = re.compile(r"^\s?[?？]|^\W{0,2}(?:也|都|就|肯定|绝对)?(?:不行|唔得)|^\W{0,3}(?:\S{0,3})?(?:不够|太少|少了点|哪够|付不了|付不出|给不了|还不了|拿不出|"
                             r"\bis(?:n'?t| not) enough\b|\bwon'?t (?:cut it|do)\b|\bis too (?:little|low|small)\b|"
                             r"\b(?:is(?:n'?t| not)|ain'?t) (?:gonna|going to) (?:cut it|do|work)\b)|"
                             # "您说的月底先付五万,我们领导没同意": the sum was not agreed to
                             r"^\W{0,3}\S{0,8}?(?:没同意|不同意|没法答应|不能答应|答应不了|没答应)", re.I)
# "we can't accept 500 per month": a sum turned down before it is said
_REJECTED_BEFORE = re.compile(r"(?:\b(?:can'?t|cannot|won'?t|will not|don'?t) (?:accept|take)|不能接受|接受不了|没法接受|唔接受)\W{0,3}\S{0,3}$", re.I)
# "三千免了", "服务费那三千我自己做主给你减掉": a sum let go
_DROPPED_AFTER = re.compile(r"^\W{0,3}(?:\S{0,2}(?:算了|不要了|免了|抹了|off\b|waived?)|\S{0,10}?(?:减掉|免掉|扣掉|抹掉))", re.I)
# Something is being paid somewhere in the line (then a stated total is not the sum at stake).
_PAYING = re.compile(r"付|转|打款|汇|还|结清|结掉|给你|收您|收你|\b(?:pay|paying|paid|transfer|wire|send|settle|clear)\b", re.I)
# "二十万的六成就是十二万", "30% of that, so 45,000", "扣掉…,是82,150": the sum restated after working it out is the one
_RESTATED_BEFORE = re.compile(r"(?:就是|也就是|即是|即系|即|等于|合计就|净返|正好|应该是|(?:现在|而家|目前)(?:还)?(?:是|欠)|[,，]\s?(?:而是|是|系)|"
                              r"\bthat'?s\b|\bthat is\b|\bwhich is\b|\bso\b|\b(?:it'?s|is) now\b|\bnow stands at\b|"
                              r"\bso (?:the )?(?:correct |right |real )?(?:balance|total|amount) is\b(?:\s?(?:usd|us\$|\$|eur|rmb|hkd))?|\b(?:balance|total) (?:is )?still\b)\W{0,2}$", re.I)
# "一半就是…", "八万的七成,五万六", "Half of 18k is 9k": the sum worked out from a share
_WORKED_OUT_BEFORE = re.compile(r"(?:(?:一半|[一二两三四五六七八九]成|\d{1,2}\s?%)(?:是|就是|即|=|等于|行不|行吗|好不|吧|啊|呢)?|"
                                r"\b(?:half|a third|\d{1,2}\s?%)(?:\s+of\s+\S{1,14}\s+(?:is|would be|comes to))?)[\s,，:：?？]{0,3}$", re.I)
# "两个加起来四万四千四", "net 8,855": a total summed up after the sums it adds
_SUMMED_BEFORE = re.compile(r"(?:加起来|加埋|合共|合计|共计|一共|总共|总计|总额|总数|\btotal\b|\bnet\b|\baltogether\b|\bin all\b|"
                            r"\ball up\b|\bcomes to\b|\badds up to\b)\W{0,3}\S{0,3}$", re.I)
# "收到3000…剩下9800周四", "已付五万", "你已经俾咗三十万", "got the 200": a sum already paid is not the one at stake
_PAID_BEFORE = re.compile(r"(?:(?:收到|已收|收了|收下|到账了|已付|已经付|付了|付过|给过|还过|俾过|已经给|给了|已还|还了|俾咗|畀咗|已经俾|已支付|入账|入帐|"
                          r"(?<![要该应得需])(?:付|俾|畀|汇|转|给|还)(?:的|嘅)|"
                          r"\breceived\b|\bgot (?:the|your)\b|\b(?:already |have |has )?paid\b|\bi can see (?:it|the (?:payment|transfer))\b)\W{0,3}\S{0,3}|"
                          r"(?:扣掉|扣除|扣埋|减去|减掉|减埋|\bminus\b|\bless\b|\bdeducting\b)[^,，。]{0,8})$", re.I)
_PAID_AFTER = re.compile(r"^\W{0,3}(?:我)?(?:也|都)?(?:已经)?(?:收到了|收了|收到|已收|到账了|已到账|收下了|\breceived\b|\bis in\b|\bcame in\b|"
                         r"(?:that )?(?:you|u) (?:already )?(?:paid|sent|transferred)\b)", re.I)
# "你欠的不是三万,是三万八", "not 5k but 8k", "你说一万五,我们单子上是十五万": a sum corrected or only claimed
_CORRECTED_BEFORE = re.compile(r"(?:不是|并非|唔系|\bnot\b|\bisn'?t\b)\W{0,2}$|(?:你说|您说|你讲|你话|你刚说|\byou said\b|\byou say\b|"
                               r"\byour side says\b|\byou want\b|\byou'?re offering\b|\byou are offering\b|\byou offered\b|\byour offer of\b)\W{0,3}\S{0,2}$", re.I)
# "每箱145", "千字一百二", "单价三百二", "一页三百五", "at USD 11.30": a price per unit, not a sum to pay
_UNIT_PRICE_BEFORE = re.compile(r"(?:每|单价|千字|一(?:页|张|箱|件|套|平米?|吨|份|台|瓶|斤|公斤|小时|天))\S{0,2}$|"
                                r"\b(?:per|each|at|@)\s?(?:usd|eur|rmb|us\$|\$|¥)?\s?$", re.I)
# "其中七月那张四万二的发票": a part of the sum just named
_PART_OF_BEFORE = re.compile(r"(?:其中|包括|包含|\bincluding\b|\bof which\b)\S{0,8}$", re.I)
_TOTAL_BEFORE = re.compile(r"(总共|一共|合计|总计|总数|总额|欠|余额|尾款|货款|total|owe|owing|outstanding|balance|invoice)\W{0,3}\S{0,6}$|\b(?:total|balance|outstanding)(?:\s+(?:now|comes|is|was|stands|to|at|of|still)){1,3}\s*$", re.I)


# "我呢边净系见到七千": what one sees arrived; "for a 64k balance": the sum a share is measured against
_SEEN_BEFORE = re.compile(r"(?:见到|看到|\bsee\b|\bseeing\b)\S{0,3}$", re.I)
_BASE_AFTER = re.compile(r"\s?(?:balance|total|bill|invoice|debt|account|的账|的帐|的货款|的欠款|嘅数)", re.I)


def _countered(text: str, m: Money) -> bool:
    """Whether a later sum reads as a counter: not a total, a rough sum, a payment or a question."""
    before = text[max(0, m.start - 16):m.start]
    return not (_TOTAL_BEFORE.search(before) or _SUMMED_BEFORE.search(before) or _PAID_BEFORE.search(before)
                or _SEEN_BEFORE.search(before) or _VAGUE_IN.search(text[m.start:m.end])
                or _BASE_AFTER.match(text[m.end:m.end + 16]) or re.match(r"\s?[?？]", text[m.end:m.end + 2]))


_SPLIT_AFTER = re.compile(r"\s?(?:in|over|split into)\s(?:\w+\s){0,2}(?:instal+ments|payments|parts|tranches|transfers)|"
                          r"\W{0,2}分(?:成)?[\d一二两三四五六七八九十]{1,2}(?:期|次|笔|个月)", re.I)


def _paid_after(text: str, m: Money, following: list[Money]) -> bool:
    """A paying word after the sum, unless it leads straight into the next sum, whose it is
    ("总数二十万,你今天付五万": the 付 is the five's)."""
    after = _PAY_AFTER.match(text[m.end:m.end + 12])
    return bool(after) and not (following and not text[m.end + after.end():following[0].start].strip())


def pick_amount(text: str, money: list[Money], paid_aside: bool = True) -> float | None:
    """The sum proposed for payment: near a paying verb first; a stated total last.

    ``paid_aside``: a sum said to be paid already is not the one at stake, the rest is (a
    collector's "收到3000,剩下9800周四"); false for a debtor, whose payment is the news."""
    if not money:
        return None
    if len(money) == 1:
        return money[0].value

    paying = bool(_PAYING.search(text))

    # Whether each sum has a paying word beside it, and whether it is said to be paid: read once.
    cued = [bool(_PAY_BEFORE.search(text[max(0, m.start - 16):m.start]) or _paid_after(text, m, money[i + 1:i + 2]))
            for i, m in enumerate(money)]
    paid = [paid_aside and bool(_PAID_BEFORE.search(text[max(0, m.start - 16):m.start])
                                or _PAID_AFTER.match(text[m.end:m.end + 10])) for m in money]
    some_paid = any(paid)

    def score(i: int) -> int:
        m = money[i]
        before = text[max(0, m.start - 16):m.start]
        s = 0
        if cued[i]:
            s += 2
        rejected = _REJECTED_AFTER.match(text[m.end:m.end + 16])
        if rejected and rejected.group(0).strip() in ("?", "？"):
            # "一个月还三千?…至少一个月五万", "一千五?这也太少了吧,两万": a sum questioned is turned down
            # only when a counter follows (not the total it is measured against: "三千块?您欠的是十二万")
            rejected = any((cued[j] or _countered(text, money[j])) and money[j].value != m.value
                           for j in range(i + 1, len(money)))
        if _DROPPED_AFTER.match(text[m.end:m.end + 16]) or _DROPPED_BEFORE.search(before) or rejected \
                or _REJECTED_BEFORE.search(before):
            s -= 5
        if _TOTAL_BEFORE.search(before):
            s += -1 if paying else 1  # a stated total is the sum only when nothing is being paid
        if some_paid and _LEFT_BEFORE.search(before):
            s += 6  # a part is paid: the rest is at stake
        elif _REST_BEFORE.search(before):
            s -= 1
        elif _FIRST_BEFORE.search(before):
            s += 1
        if _RESTATED_BEFORE.search(before):
            s += 4
        elif (w := _WORKED_OUT_BEFORE.search(before)) and (" of " in w.group(0).lower()
                                                          or any(o.end <= m.start - len(before) + w.start() for o in money)):
            s += 3  # only when worked out from a sum named before the share ("先付六成,二十万的…", "half of 18k is")
        # The total said last after the sums it adds, when no other sum is being paid
        if _SUMMED_BEFORE.search(before) and i == len(money) - 1 and not any(cued[:-1]):
            s += 4
        if paid[i]:
            s -= 3
        if i < len(money) - 1 and _SPLIT_AFTER.match(text[m.end:m.end + 24]):
            s -= 3  # "pay the 2.35 tỷ in three instalments: 800 million on 5 December…": the parts are at stake
        if _CORRECTED_BEFORE.search(before):
            s -= 2
        if _UNIT_PRICE_BEFORE.search(before[-6:]) or _PART_OF_BEFORE.search(before):
            s -= 2
        if (_VAGUE_IN.search(text[m.start:m.end]) or _ROUGH_AFTER.match(text[m.end:m.end + 6])) and len(money) > 1:
            s -= 3  # "两百多万…结我们这笔八万": the rough sum is what they have, the exact one what is owed
        if _MOVED_BEFORE.search(before):
            s -= 2  # "从另一个户头调五万过来,今天汇二十万": money moved between one's own accounts
        if i >= 2 and abs(sum(o.value for o in money[:i]) - m.value) < 0.5 and not any(cued[i + 1:]) \
                and (_SUMMED_BEFORE.search(before) or before.rstrip().endswith("=")
                     or _SUMMED_AFTER.match(text[m.end:m.end + 10])):
            s += 6  # "$4,100 + $6,250 + $2,880 = $13,230 total": the sum of the sums before it, called their total
        # "二十四万你说二十万就二十万吧": X就X agrees to X
        nxt = money[i + 1] if i + 1 < len(money) else None
        if nxt is not None and nxt.value == m.value and text[m.end:nxt.start].strip() == "就":
            s += 3
        return s

    best = max(range(len(money)), key=lambda i: (score(i), -money[i].start))
    return money[best].value


# A bare figure said in thousands ("20 today", "I can do 15 now", "Fine. 25.") when the talk is
# about a debt of thousands: not money by itself, money only next to paying words.
_BARE = re.compile(r"(?<![\w.,/:$¥€£#-])(\d{1,3})(?![\w,/:%]|\.\d|\s?(?:%|号|日|月|点|天|个|年|st\b|nd\b|rd\b|th\b))")
_BARE_WORD = re.compile(
    r"\b((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b(?![\s-]+(?:thousand|grand|k|hundred|million|percent|days?|weeks?|months?|years?))", re.I)
_BARE_PAY_AFTER = re.compile(
    r"^\s?(?:today|now|tonight|tomorrow|tmr|this (?:week|fri|friday|mon|monday|tue|tuesday|wed|wednesday|thu|thursday)|"
    r"upfront|up front|first|by\b|on (?:the\b|fri|mon|tue|wed|thu|sat)|before\b|end of|next\b|immediately|right away|"
    r"今天|现在|马上|先|这周|本周|下周|月底|明天)", re.I)
_BARE_PAY_BEFORE = re.compile(
    r"(?:\bpay|\bpaying|\btransfer|\bwire|\bsend|\bgive you|\bi can do|\bwe can do|\bcan do|\bmake it|\bhow about|\bwhat about|"
    r"\boffer(?:ing)?|\baccept|\bat least|\bonly|\bjust|\bsettle for|\bmeet (?:you )?at|先付|先给|先打|先转)\s{0,2}$", re.I)
_BARE_ALONE = re.compile(r"^\W{0,3}(?:(?:ok|okay|fine|alright|all right|right|yes|yeah|so)\W{1,3})*$", re.I)
_BARE_ALONE_AFTER = re.compile(r"^\s?[.!]?\s*$")


def bare_thousands(text: str, scale: float | None) -> list[Money]:
    """Bare figures meaning thousands in a talk about ``scale`` (the debt): "20 today" on 46,800."""
    if not scale or scale < 5000:
        return []
    found = []
    for pattern in (_BARE, _BARE_WORD):
        for m in pattern.finditer(text):
            value = float(m.group(1)) if m.group(1).isdigit() else _en_words_value(m.group(1))
            if not value or value < 2 or value * 1000 > scale * 1.05:
                continue
            before, after = text[max(0, m.start() - 16):m.start()], text[m.end():m.end() + 16]
            line_start = text[:m.start()].rsplit(".", 1)[-1] if "." in text[:m.start()] else text[:m.start()]
            if _BARE_PAY_AFTER.match(after) or _BARE_PAY_BEFORE.search(before) \
                    or (_BARE_ALONE.match(line_start) and _BARE_ALONE_AFTER.match(after)):
                found.append(Money(value * 1000, m.start(), m.end(), False))
    return sorted(found, key=lambda f: f.start)


def scaled(money: list[Money], scale: float | None) -> list[Money]:
    """Sums under a thousand that cannot be meant as such in a talk about ``scale`` ("three hundred
    today" on a debt of 1.2 million) read as thousands."""
    if not scale or scale < 100_000:
        return money
    return [Money(m.value * 1000, m.start, m.end, m.marked) if m.value < 1000 and m.value < scale * 0.001
            and m.value * 1000 <= scale * 1.05 else m for m in money]
