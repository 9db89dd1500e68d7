"""Dates relative to a given day: 明天, 下周五, 月底, 本月15号, 十二月十五号, 年前, next Friday, December 15."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from simulator.datafile import load_yaml
from simulator.understanding.numbers import CN_DIGITS, _cn_value
from simulator.understanding import prefix

# 廿 and 卅 (twenty, thirty) name days in writing and in Cantonese: "十二月廿號", "廿五号前" (_cn_value reads them)
_N = rf"(?:\d{{1,2}}|[{CN_DIGITS}廿卅]{{1,3}})"
_JAN = rf"(?<![\d{CN_DIGITS}万千百块角.])元"  # "元月五号", not the 元 of "五千元月底"
_WD_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5,
          "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_WD_EN = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_WD_EN.update({d[:3]: i for d, i in list(_WD_EN.items())})
_WD_EN.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3, "fri.": 4})
_MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS_EN.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS_EN["sept"] = 9
_EN_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
             "couple of": 2, "a couple of": 2, "few": 3, "a few": 3, "fifteen": 15, "twenty": 20, "thirty": 30,
             "sixty": 60, "ninety": 90}


@dataclass(frozen=True)
class Found:
    date: dt.date
    start: int
    now: bool = False
    end: int = 0
    past: bool = False


@lru_cache(maxsize=1)
def _spring_festivals() -> dict[int, dt.date]:
    data = load_yaml((Path(__file__).parent / "data" / "calendar.yaml").read_text(encoding="utf-8"))
    return {int(y): d for y, d in data["spring_festival"].items()}


def _num(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = _cn_value(s.replace("元", "一"))  # 元月: January
    return int(v) if v is not None else None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: dt.date, n: int) -> tuple[int, int]:
    m = d.month - 1 + n
    return d.year + m // 12, m % 12 + 1


def plus_months(d: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later, kept inside shorter months (Jan 31 + 1 → Feb 28)."""
    year, month = _add_months(d, n)
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday(today: dt.date, wd: int, week_offset: int) -> dt.date:
    """This week's (offset 0: the coming one), next week's (offset 1) or last week's (offset -1) weekday ``wd``."""
    if week_offset == 0:
        delta = (wd - today.weekday()) % 7
        return today + dt.timedelta(days=delta)
    monday_next = today + dt.timedelta(days=7 - today.weekday())
    return monday_next + dt.timedelta(days=wd + 7 * (week_offset - 1))


def _next_month_day(today: dt.date, month: int, day: int) -> dt.date | None:
    """That month and day this year, or next year if it has passed (十二月五号, December 5) —
    unless it passed within half a year: "八月十五号到期的" (said in November) looks back."""
    d = _safe(today.year, month, day)
    if d and d < today:
        if (today - d).days <= 183:
            return d
        d = _safe(today.year + 1, month, day)
    return d


def _next_day_of_month(today: dt.date, day: int) -> dt.date | None:
    """That day of this month, or of next month if it has passed (15号, the 15th)."""
    d = _safe(today.year, today.month, day)
    if d is None or d < today:
        d = _safe(*_add_months(today, 1), day)
    return d


def _zh_rules(today: dt.date):
    y, mo = today.year, today.month

    def month_day(month: int, day: int) -> dt.date | None:
        return _next_month_day(today, month, day)

    def bare_day(day: int) -> dt.date | None:
        return _next_day_of_month(today, day)

    return [
        (rf"(?:这个?|本|今个?)月({_N})[号日]", lambda m: _safe(y, mo, _num(m[1]) or 0)),
        (rf"每(?:个)?月({_N})[号日]", lambda m: bare_day(_num(m[1]) or 0)),
        (rf"下(?:个)?月({_N})[号日]", lambda m: _safe(*_add_months(today, 1), _num(m[1]) or 0)),
        # (the month as a month is written: in "二十二万十二月七号" the sum's 万 must not start it)
        (rf"(十[一二]|[一二三四五六七八九十]|1[0-2]|0?[1-9]|{_JAN})月(?:份)?({_N})[号日]?", lambda m: month_day(_num(m[1]) or 0, _num(m[2]) or 0)),
        (r"下(?:个)?月(?:底|末|尾)", lambda m: _month_end(*_add_months(today, 1))),
        # "一月底前", "十二月底": a named month's end (the next one to come)
        (rf"(十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9]|{_JAN})月(?:份)?(?:底|末|尾)", lambda m: _named_month_end(today, _num(m[1]) or 0)),
        (r"(?:这个?|本|今个?)?(?<![一二三四五六七八九十\d])月(?:底|末|尾)", lambda m: _month_end(y, mo)),
        (r"年(?:底|末|尾)", lambda m: dt.date(y, 12, 31)),
        (r"(?:过)?年前|春节前|过年之前", lambda m: spring_eve(today)),
        (r"元旦(?:之?前|以前)|到元旦", lambda m: dt.date(y, 12, 31)),
        # the middle of a month is its 15th: "十二月中", "月中给我吧" (this month's, or next month's once past)
        (r"(十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9])月(?:份)?中(?:旬)?(?![国心间午])", lambda m: _next_month_day(today, _num(m[1]) or 0, 15)),
        (r"(?<![一二三四五六七八九十\d个])月中(?:旬)?(?![国心间午])", lambda m: bare_day(15)),
        (r"(?:这个?|本)?(?:周末|週末)(?:之?前|以前)", lambda m: _weekday(today, 4, 0)),
        # days of the first lunar month: "正月十五之前", "过完年初八"
        (r"正月(初[一二三四五六七八九十]|十[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十)|(?:过完年|过了年|年后|大年)初([一二三四五六七八九十])",
         lambda m: _lunar_first_month(today, m[1] or "初" + m[2])),
        (r"(?<!\d)(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])(?![\d/])", lambda m: month_day(int(m[1]), int(m[2]))),
        (r"大后天|大后日", lambda m: today + dt.timedelta(days=3)),
        (r"昨天|昨日", lambda m: today - dt.timedelta(days=1)),
        (r"前天", lambda m: today - dt.timedelta(days=2)),
        (r"后天|后日(?!子)", lambda m: today + dt.timedelta(days=2)),  # 后日: Cantonese
        (r"明天|明日|明儿(?:个)?|明个儿|明早|明晚|明天一早|听日|聽日", lambda m: today + dt.timedelta(days=1)),
        (r"今天|今日|今儿(?:个)?|今朝|今早|今晚|马上|立刻|立即|现在|即刻|这会儿|"
         r"(?<![天日儿期拜周末一二三四五六七八九十\d])(?:早上|上午|下午|晚上)", lambda m: today),
        (r"双十二", lambda m: month_day(12, 12)),
        (r"双十一", lambda m: month_day(11, 11)),
        (r"圣诞(?:节)?(?:前|之前)", lambda m: month_day(12, 24)),
        (r"下下(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])", lambda m: _weekday(today, _WD_ZH[m[1]], 2)),
        (r"下(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7末])", lambda m: _weekday(today, _WD_ZH[m[1]], 1)),
        # "上周五银行系统升级": last week's day is past, not this week's
        (r"上(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7末])", lambda m: _weekday(today, _WD_ZH[m[1]], -1)),
        # (a bare weekday said on that very day is next week's: "礼拜一早上我亲自拿现金过去" on a Monday)
        (r"(这|本)?(?:周|星期|礼拜)([一二三四五六日天1-7末])", lambda m: _weekday(today, _WD_ZH[m[2]], 0)
         if m[1] or _WD_ZH[m[2]] != today.weekday() or _TODAY_IS.search(m.string)
         else today + dt.timedelta(days=7)),
        (rf"({_N})(?:个)?(?:工作)?(?:天|日)(?:之?内|以?内|之?后|以后|后)", lambda m: today + dt.timedelta(days=_num(m[1]) or 0)),
        (rf"({_N})(?:个)?(?:星期|礼拜|周)(?:之?内|以?内|之?后|以后|后)", lambda m: today + dt.timedelta(days=7 * (_num(m[1]) or 0))),
        (r"一周内|一个星期内|一个礼拜内|一星期内", lambda m: today + dt.timedelta(days=7)),
        (r"(?:宽限|再给|多给|再缓|缓)(?:我|我们)?半个月|半个月(?:之?内|以?内|之?后|以后|后)", lambda m: today + dt.timedelta(days=15)),
        # more time in days or weeks: "再宽限一个礼拜", "再给我三天" (months stay vague: "往后挪一个月")
        (rf"(?:宽限|再给|多给|再缓|缓)(?:我|我们)?({_N})(?:个)?(?:天|日)(?!之?内|之?后|以?内)", lambda m: today + dt.timedelta(days=_num(m[1]) or 0)),
        (rf"(?:宽限|再给|多给|再缓|缓)(?:我|我们)?({_N})(?:个)?(?:星期|礼拜|周)(?!之?内|之?后|以?内)", lambda m: today + dt.timedelta(days=7 * (_num(m[1]) or 0))),
        # more time asked or granted in other words: "再给你们延两周", "再宽你一个礼拜", "晚一个礼拜",
        # "俾多两个礼拜我", "再等我两个礼拜", "侬再等两天" (a month stays vague: "再宽限一个月", as most
        # readers have it; "晚一天就…" is a penalty, not a day)
        (rf"(?<!每)(?:再|多|延|宽|缓|等|给|俾|畀|晚|挪|最多|顶多|最快也得|最快也要|还要|还得)(?:限|后)?(?:你|你们|我|我们|佢|他)?(?:多|个)?"
         rf"({_N})(?:个)?(星期|礼拜|周)(?![前内后])", lambda m: _more_time(m, _span(today, _num(m[1]) or 0, "week"))),
        (rf"(?<![每就])(?:再|多|延|宽|缓|等|给|俾|畀|挪|最多|顶多|最快也得|最快也要)(?:限|后)?(?:你|你们|我|我们|佢|他)?(?:多|个)?"
         rf"({_N})(?:个)?天(?![前内后都])", lambda m: _more_time(m, _span(today, _num(m[1]) or 0, "day"))),
        (rf"(?<![月\d{CN_DIGITS}廿卅])(\d{{1,2}}|[{CN_DIGITS}廿卅]{{1,3}})[号日](?!子)", lambda m: bare_day(_num(m[1]) or 0)),
    ]


def _thanksgiving(today: dt.date) -> dt.date:
    """The fourth Thursday of November (this year's, or next year's once it has passed)."""
    for year in (today.year, today.year + 1):
        first = dt.date(year, 11, 1)
        day = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
        if day >= today:
            return day
    return day


def _lunar_first_month(today: dt.date, day: str) -> dt.date | None:
    """A day of the next first lunar month ("初八", "十五"): that many days from the Spring Festival."""
    n = _num(day.removeprefix("初"))
    for year in (today.year, today.year + 1):
        sf = _spring_festivals().get(year)
        if sf and n and sf + dt.timedelta(days=n - 1) >= today:
            return sf + dt.timedelta(days=n - 1)
    return None


def spring_eve(today: dt.date) -> dt.date | None:
    """The eve of the next Spring Festival (年前, before Chinese New Year)."""
    for year in (today.year, today.year + 1):
        sf = _spring_festivals().get(year)
        if sf and sf - dt.timedelta(days=1) >= today:
            return sf - dt.timedelta(days=1)
    return None


def _named_month_end(today: dt.date, month: int) -> dt.date | None:
    """The end of the named month: this year's, or next year's when that is the nearer (a month
    just gone is talk of the past, no date to pay by)."""
    if not 1 <= month <= 12:
        return None
    if month >= today.month:
        return _month_end(today.year, month)
    ahead = _month_end(today.year + 1, month)
    behind = _month_end(today.year, month)
    # "I told your office it'd be cleared by the end of October" (said in November) looks back
    return ahead if (ahead - today) < (today - behind) else None


def _en_rules(today: dt.date):
    y, mo = today.year, today.month

    def month_day(month: int, day: int) -> dt.date | None:
        return _next_month_day(today, month, day)

    def bare_day(day: int) -> dt.date | None:
        return _next_day_of_month(today, day)

    months = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
    days = "|".join(re.escape(d) for d in sorted(_WD_EN, key=len, reverse=True))  # "fri." is a literal dot
    small = r"\d+|a|one|two|three|four|five|six|seven|ten|a couple of|couple of|a few|few"
    return [
        (rf"\b({small})\s+(weeks?|days?)\s+from\s+(?:today|now)\b", lambda m: _span(today, _en_small(m[1]), m[2])),
        (rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", lambda m: month_day(_MONTHS_EN[m[1].lower()], int(m[2]))),
        (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({months})\b", lambda m: month_day(_MONTHS_EN[m[2].lower()], int(m[1]))),
        (r"\bend of next month\b", lambda m: _month_end(*_add_months(today, 1))),
        (r"\bend of next week\b", lambda m: _weekday(today, 4, 1)),
        # "Friday week": a week on from the coming Friday
        (rf"\b({days})\s+week\b", lambda m: _weekday(today, _WD_EN[m[1].lower()], 1)),
        (rf"\bend of ({months})\b|\b({months})[- ]end\b", lambda m: _named_month_end(today, _MONTHS_EN[(m[1] or m[2]).lower()])),
        (r"\b(?:end of (?:the |this )?month|month[- ]end|eom)\b", lambda m: _month_end(y, mo)),
        (r"\bend of (?:the |this )?year\b|\byear[- ]end\b", lambda m: dt.date(y, 12, 31)),
        (r"\bday after tomorrow\b", lambda m: today + dt.timedelta(days=2)),
        (r"\byesterday\b", lambda m: today - dt.timedelta(days=1)),
        (rf"\blast\s+({days})\b", lambda m: _weekday(today, _WD_EN[m[1].lower()], 0) - dt.timedelta(days=7)),
        (r"(?<![\d/])(1[0-2]|0?[1-9])/([12]\d|3[01]|0?[1-9])(?![\d/])", lambda m: month_day(int(m[1]), int(m[2]))),
        (r"\b(?:pay|paying|transfer|wire|send|half|part|some|\d[\d,.]{0,12}k?)\b[^.?!]{0,15}\bnow\b", lambda m: today),
        (r"\btomorrow\b|\btmr\b|\btmrw\b|\btmoro\b", lambda m: today + dt.timedelta(days=1)),
        # "I'll send the 42k in the morning": a promise for the morning is tomorrow's
        (r"(?:'ll|\bwill|\bgonna|\bgoing to)\b[^.?!;]{0,40}?\b(?:first thing )?in the morning\b", lambda m: today + dt.timedelta(days=1)),
        (r"\bbefore christmas\b|\bchristmas eve\b", lambda m: month_day(12, 24)),
        (r"\b(?:by|on) christmas\b", lambda m: month_day(12, 25)),
        (r"\bbefore (?:the )?(?:year ends|end of the year|new year(?:'s)?)\b", lambda m: dt.date(y, 12, 31)),
        (r"\b(?:by|before|until|till|after|on) thanksgiving\b", lambda m: _thanksgiving(today)),
        (r"\b(?:by|before) (?:the )?weekend\b", lambda m: _weekday(today, 4, 0)),
        (r"\b(?:until|till|by|before) (?:the )?(?:chinese new year|cny|lunar new year|spring festival)\b", lambda m: spring_eve(today)),
        (r"\bthis morning\b|\bthis evening\b", lambda m: today),
        (r"\btoday\b|\bright now\b|\bimmediately\b|\bright away\b|\bthis afternoon\b|\btonight\b|\basap\b|\b(?:pay|transfer|wire|settle|send (?:the money|it|payment))\b[^.?!]{0,20}\bnow\b", lambda m: today),
        (rf"\bnext\s+({days})\b", lambda m: _weekday(today, _WD_EN[m[1].lower()], 1)),
        (rf"\bthis\s+({days})\b", lambda m: _weekday(today, _WD_EN[m[1].lower()], 0)),
        (rf"\b({days})\b", lambda m: _weekday(today, _WD_EN[m[1].lower()], 0) if _WD_EN[m[1].lower()] != today.weekday()
         else today + dt.timedelta(days=7)),
        (rf"\b(?:(?:in|within|another|give me)\s+(?:({small})\s+)?|({small})\s+more\s+)(?:more\s+|extra\s+)?(?:business\s+|working\s+)?days?\b",
         lambda m: today + dt.timedelta(days=_en_small(m[1] or m[2]) if (m[1] or m[2]) else 1)),
        (rf"\b(?:in|within|another|give me)\s+({small})\s+(?:more\s+|extra\s+)?weeks?\b", lambda m: today + dt.timedelta(days=7 * _en_small(m[1]))),
        (r"\bwithin (?:a|one) week\b|\bin a week\b", lambda m: today + dt.timedelta(days=7)),
        (r"\b(\d|one|two|three|four|a)\s+more\s+weeks?\b", lambda m: today + dt.timedelta(days=7 * _en_small(m[1]))),
        # more time in other words: "another fortnight", "can we do two weeks?", "we'll need 90 days",
        # "45 days extension", "two weeks, tops" (a month stays vague: "one more month", as most readers have it)
        (r"\b(?:another|one more|a further)\s+(week|fortnight)\b|\b(?:in|within)\s+a\s+(fortnight)\b",
         lambda m: _span(today, 1, m[1] or m[2])),
        (rf"\b(?:do|need|give (?:me|us)|wait|extension of|grant us|push (?:it|everything|this|that) back|hold off\b[^.?!]{{0,30}}\bfor)\s+"
         rf"({small}|fifteen|twenty|thirty|sixty|ninety)\s+(?:more\s+|extra\s+)?(weeks?|days?)\b"
         r"(?!\s+(?:ago|overdue|late|since|past|after|from|of|credit|terms|net|instead))",
         lambda m: None if m[1].lower() in _VAGUE_COUNT else _more_time(m, _span(today, _en_small(m[1]), m[2]))),
        (rf"\b({small}|fifteen|twenty|thirty|sixty|ninety)\s+(?:more\s+)?(weeks?|days?)(?=\s*,?\s*(?:tops|max|maximum|extension|and it's|and you'll|and i'll|and we'll)\b)",
         lambda m: _span(today, _en_small(m[1]), m[2])),
        # days of the month in words: "Fourth January", "December fifteen(th)", "on the fifteenth of
        # next month", "until the fifteenth", "40k on the first of the month", "Fifteenth... okay."
        (rf"\bmid[- ]({months})\b", lambda m: month_day(_MONTHS_EN[m[1].lower()], 15)),
        (rf"\b({_ORD})\s+(?:of\s+)?({months})\b", lambda m: month_day(_MONTHS_EN[m[2].lower()], _ORD_EN[m[1].lower()])),
        (rf"\b({months})\s+(?:the\s+)?({_ORD}|fifteen|twenty|ten|five)\b",
         lambda m: month_day(_MONTHS_EN[m[1].lower()], _ORD_EN.get(m[2].lower()) or _EN_SMALL.get(m[2].lower()) or 0)),
        (rf"\bthe\s+({_ORD})\s+of\s+next\s+month\b", lambda m: _safe(*_add_months(today, 1), _ORD_EN[m[1].lower()])),
        (rf"\b(?:on|by|until|till|before)\s+the\s+({_ORD})\b(?:\s+of\s+(?:the|this|every|each)\s+month)?"
         r"(?=\s*(?:[.,;!?…]|$|and\b|then\b|at\b|please\b|latest\b|or\b))",
         lambda m: bare_day(_ORD_EN[m[1].lower()])),
        (rf"(?:^|[.,;!?…]\s{{0,2}})(?!first|second|third)({_ORD})(?=\s*(?:[.,!…]|$))", lambda m: bare_day(_ORD_EN[m[1].lower()])),
        (r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b", lambda m: bare_day(int(m[1]))),
        # "rest by 31st", "on 15th": an ordinal after a word for a deadline, without "the"
        (r"\b(?:by|on|before|until|till)\s+(\d{1,2})(?:st|nd|rd|th)\b", lambda m: bare_day(int(m[1]))),
        # "15th then.", "fine. 27th. all of it.", "Okay, 15th for the old one": a day of the month said alone
        (r"(?:^|[.,;!?]\s{0,2})(?:ok(?:ay)?,?\s)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:floor|time|year|anniversary|order|invoice|day|week|month|place))",
         lambda m: bare_day(int(m[1]))),
    ]


_NO_MORE_TIME = re.compile(r"(?:不可能|不会|没有|没|不|账期|票期|\bn't|\bnot|\bnever|\bterms)[^,，。.!?？]{0,6}$", re.I)


_VAGUE_COUNT = frozenset({"a", "few", "a few", "couple of", "a couple of"})  # "need a day", "a few more weeks": no day


def _more_time(m: re.Match, later: dt.date) -> dt.date | None:
    """The day more time runs to, unless it is refused or a credit term ("不可能再六十天",
    "doesn't give us 120 days")."""
    return None if _NO_MORE_TIME.search(m.string[max(0, m.start() - 12):m.start()]) else later


_ORD_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORD_EN = {w: i + 1 for i, w in enumerate(_ORD_UNITS)}
_ORD_EN.update({"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                "thirtieth": 30, "thirty-first": 31, "thirty first": 31})
_ORD_EN.update({f"twenty{sep}{w}": 20 + i + 1 for i, w in enumerate(_ORD_UNITS) for sep in ("-", " ")})
_ORD = "|".join(sorted(_ORD_EN, key=len, reverse=True))


def _span(today: dt.date, n: int, unit: str) -> dt.date:
    """``n`` days, weeks, fortnights or months from today."""
    unit = unit.lower().rstrip("s")
    if unit == "month":
        return plus_months(today, n)
    return today + dt.timedelta(days=n * {"day": 1, "week": 7, "fortnight": 14}[unit])


def _en_small(s: str) -> int:
    s = s.lower()
    return int(s) if s.isdigit() else _EN_SMALL.get(s, 1)


@lru_cache(maxsize=64)
def _compiled(today: dt.date, lang: str, folded: bool = False):
    """The day's patterns, compiled, each with its finder. ``folded``: with their letters
    lower-cased, to run without re.I on lower-cased text (about twice as fast on English)."""
    rules = _zh_rules(today) if lang == "zh" else _en_rules(today)
    if folded:
        rules = [(prefix.casefold(p), f) for p, f in rules]
    flags = 0 if folded else re.I
    # Each pattern with its finder (prefix.py): most patterns have no start in a given text, and
    # one fast search for the starts rules them out.
    return [(prefix.finder(p, flags), re.compile(p, flags), f) for p, f in rules]


# "今天就是周一了", "今日礼拜一": today named by its weekday, so that weekday is today throughout
# ("你上次话礼拜一俾,今日礼拜一喇").
_TODAY_IS = re.compile(r"(?:今天|今日|今儿)(?:就|已经)?(?:是|系|係)?(?:个)?(?:周|星期|礼拜)")

_WEEKDAY_ENDS = set("一二三四五六日天末1234567") | set("yY")
# "礼拜六就汇了": a weekday just past ("周五之前就全结了" is ahead: by Friday it will be settled).
_PAST_AFTER = re.compile(r"^(?!(?:之前|以前|前|之内|内|为止))[^,，。!?！？把]{0,4}?(?:(?:就|已经|早就|都)[^,，。!?！？把]{0,4}?(?:汇|付|打|转|结|交|入)(?:过去|过来|出去)?了|(?:汇|付|打|转|入)咗)")
# "I sent it on Saturday", "Payment was sent on the 20th": a day just past. Not "need it paid by
# Friday", "will be remitted on 4 December": a passive after a modal or a deadline word is ahead.
_PAST_BEFORE = re.compile(r"(?<!\bbe )(?<!\bbeen )(?<!\bget )(?<!\bgot )(?<!\bis )(?<!\bare )"
                          r"\b(?:paid|sent|transferred|wired|remitted|made the (?:payment|transfer)|went out|went through)\b"
                          r"(?:(?!\b(?:by(?! cheque| cash| card| bank| wire| transfer)|before|until|till|this|next|latest|no later)\b)[^.?!]){0,30}?\b(?:on|last)?\s?$", re.I)
_BARE_DAY = re.compile(r"(?:the\s+|on\s+)?\d{1,2}(?:st|nd|rd|th)|[0-9一二三四五六七八九十]{1,3}[号日]", re.I)
_NOW = re.compile(r"马上|立刻|立即|现在|即刻|今天|当天|right now|immediately|right away|today|asap|this afternoon|tonight", re.I)


# A word for the present is not always a payment date: "现在手上紧", "现在倒好" mean "these days"
# and date a payment only when tied to paying ("现在就转"); "王总今天没来", "今天老板不在呢",
# "Mike's not in today", "just not today" say where someone is or what is not happening.
_NOW_ONLY_TIED = re.compile(r"现在|这会儿|right now", re.I)  # dated only when tied to paying
_NOW_WORD = re.compile(r"今天|今日|今儿(?:个)?|今朝|今早|今晚|当天|早上|上午|下午|晚上|"
                       r"today|this afternoon|tonight|this morning|this evening", re.I)  # dated unless idle
_NOW_TIED_AFTER = re.compile(
    r"^\s?(?:之前|以前|前(?!天)|之内|以内|内|为止|截止|下班前|期限|"
    r"[^,，。!?！？;；]{0,6}?(?:付|给(?!我打|你写|你签|你打电话)|转|打(?!电话)|汇|结|还(?!没|是|有|要|在)|到账|到了|交(?!代|待)|俾|畀|过数|入|凑|拿(?!不)|清|"
    r"处理|办|安排|搞定|点前|\bpay|\btransfer|\bwire|\bsend|\bsettle|\bclear|\bget you|\bhave (?:it|the)|\bdue\b|\bdeadline|"
    r"\d|[一二两三四五六七八九十]{1,3}[万千]))", re.I)
_NOW_TIED_BEFORE = re.compile(r"(?:付|转|打|汇|结|给|交|\bpay|\bpaid|\btransfer|\bwire|\bsend|\bsent|\bsettle|\bclear|\bby|\bbefore|\buntil|\btill|\bwent out|\bgone out)[^,，。!?！？;；]{0,6}$", re.I)
# "Bank holiday in HK today", "Online banking's down for maintenance today": today is the reason.
_NOW_REASON_BEFORE = re.compile(r"\b(?:holiday|maintenance|(?:is|'s|are|was) (?:down|closed|shut)|on leave|off sick)\b[^.,;!?]{0,20}$", re.I)
_NOW_IDLE_BEFORE = re.compile(r"(?:截至|截止到|\bas of|\bas at|不是|\bnot(?: just| in| here| around| back)?|n't(?: in| here| around| back)?|\b(?:in|off|away|busy|closed|meetings?)|到)\s?$", re.I)
_NOW_IDLE_AFTER = re.compile(
    r"^[^,，。!?！？]{0,4}?(?:没来|不在|没在|唔喺|不见|谁都|谁也|整天|一天|都在|在外|出去|放假|放大假|休息|请假|"
    r"周[一二三四五六日]|礼拜[一二三四五六日天]|星期[一二三四五六日天]|被|又|才|倒好|手上|手头|账上|说不好|说不准|"
    r"不一定|不方便|在忙|很忙|真的?(?:是)?没|(?:是)?真?的?拿不出|真係冇|谈得|聊的|聊到|就聊|就谈|先到这|就到这|就这样|麻烦你了|辛苦|开始计)|^\s?(?:'s\b|’s\b|is\b|was\b)", re.I)


# "我现在写给你:…12月20日前归还", "我现在就跟你说死,本周五": writing or saying something now.
_NOW_TALK_AFTER = re.compile(r"^\s?(?:就)?(?:给你|跟你|和你|同你|帮你)?(?:写|说|讲|话)")


def _dated_now(text: str, word: str, start: int, end: int) -> bool:
    """Whether a word for the present (现在, 今天, today) dates a payment here."""
    before, after = text[max(0, start - 12):start], text[end:end + 14]
    if _NOW_TALK_AFTER.match(after) or _NOW_REASON_BEFORE.search(text[max(0, start - 40):start]):
        return False
    tied = bool(_NOW_TIED_AFTER.match(after) or _NOW_TIED_BEFORE.search(before))
    if _NOW_ONLY_TIED.fullmatch(word):
        return tied and not _NOW_IDLE_BEFORE.search(before)
    if _NOW_IDLE_BEFORE.search(before):
        return False
    return tied or not _NOW_IDLE_AFTER.match(after)


_LATIN = re.compile(r"[A-Za-z]")
_ENDS_NOW = re.compile(r"\bnow$", re.I)
_HAN = re.compile(r"[\u3400-\u9fff]")


def find_dates(text: str, today: dt.date, lang: str) -> list[Found]:
    """Every date in the text (simplified Chinese or lower-case English), in order."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    langs = ("zh", "en") if lang == "zh" else ("en", "zh")
    # Each language's patterns need its own script (both share the numeric "12/15"): a text
    # without Latin letters skips the English ones, one without Chinese characters the Chinese.
    has = {"en": bool(_LATIN.search(text)), "zh": bool(_HAN.search(text))}
    langs = tuple(lg for lg in langs if has[lg]) or langs[:1]
    # Lower-cased text (where lowering keeps every offset) runs the lower-cased patterns without re.I.
    low = text.lower()
    folded = len(low) == len(text)
    subject = low if folded else text
    for lg in langs:
        for starts, pattern, resolve in _compiled(today, lg, folded):
            if starts is not None and starts.search(subject) is None:
                continue
            for m in pattern.finditer(subject):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                try:
                    d = resolve(m)
                except (ValueError, KeyError, OverflowError):
                    d = None
                if d is None:
                    continue
                word = m.group(0).strip()
                if (_NOW_WORD.fullmatch(word) or _NOW_ONLY_TIED.fullmatch(word)) and not _dated_now(text, word, m.start(), m.end()):
                    taken.append((m.start(), m.end()))  # a word for the present, nothing to do with paying
                    continue
                if d > today and m.group(0)[-1:] in _WEEKDAY_ENDS and not m.group(0).startswith(("下", "这", "本")) \
                        and text[max(0, m.start() - 1):m.start()] not in ("这", "本") \
                        and _PAST_AFTER.match(text[m.end():m.end() + 12]) \
                        or d > today and _PAST_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
                    # "礼拜六就汇了", "I sent it on Saturday": the one just past; "sent on the 20th": this
                    # month's 20th (or last month's); a full date ("on 4 December") stays as said.
                    if _WEEKDAY_WORD.search(word):
                        d -= dt.timedelta(days=7)
                    elif _BARE_DAY.fullmatch(word):
                        d = _safe(*_add_months(d, -1), d.day) or d
                taken.append((m.start(), m.end()))
                now = bool(_NOW.fullmatch(word) or _ENDS_NOW.search(word))  # "pay the lot now"
                found.append(Found(d, m.start(), now, m.end(), d < today))
    found.sort(key=lambda f: f.start)
    # "Friday December 4th", "12月4号(周五)": a weekday beside a full date names the same day; the
    # full date is the one meant (the weekday may be next week's).
    kept = []
    for f in found:
        prev = kept[-1] if kept else None
        if prev is not None and _BESIDE.fullmatch(text[prev.end:f.start]):
            pw, fw = _WEEKDAY_WORD.search(text[prev.start:prev.end]), _WEEKDAY_WORD.search(text[f.start:f.end])
            if pw and not fw:
                kept[-1] = f
                continue
            if fw and not pw:
                continue
        kept.append(f)
    # "明天上午老板签字,下午就付", "本周五 三万 下午四点前到账": a time of day after a day named in
    # the same sentence is on that day, not today.
    for i, f in enumerate(kept):
        if i and _TIME_OF_DAY.fullmatch(text[f.start:f.end]):
            prev = kept[i - 1]
            if _NAMED_DAY.fullmatch(text[prev.start:prev.end]) and not _SENTENCE_END.search(text[prev.end:f.start]) \
                    and f.start - prev.end <= 16:
                kept[i] = Found(prev.date, f.start, f.now, f.end, prev.past)
    return kept


_TIME_OF_DAY = re.compile(r"早上|上午|中午|下午|晚上")
_NAMED_DAY = re.compile(r"明天|明日|明儿(?:个)?|明个儿|后天|后日|大后天|听日|聽日|(?:下下?|这|本)?(?:个)?(?:周|星期|礼拜)[一二三四五六日天1-7]|"
                        r"(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})[号日]|(?:\d{1,2}|[一二三四五六七八九十元]{1,2})月(?:份)?(?:\d{1,2}|[一二三四五六七八九十廿卅]{1,3})[号日]?")
_SENTENCE_END = re.compile(r"[。!?！？;；]")


_BESIDE = re.compile(r"[\s,，(（)）、]{0,3}")
_WEEKDAY_WORD = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天1-7]|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\b", re.I)


# "明天一早肯定转", "周三去办": a time of day, a modal or 去 may stand between the date and the paying verb.
_DEADLINE_AFTER = re.compile(r"^\S{0,2}?(?:一早|一大早|早上|上午|中午|下午|晚上|之前|以前|前)?(?:我|我们)?"
                             r"(?:就|一定|肯定|保证|准时|会|能|可以|再|先|去){0,2}"
                             r"(?:之前|以前|前|为止|内|先付|先打|先转|先入|付|打|转|结|还|给|汇|入|俾|到账|办|pay|transfer|wire|settle)", re.I)
_DEADLINE_BEFORE = re.compile(r"(?:\bby|\bbefore|\buntil|\btill|\bno later than|\bpay|\btransfer|\bwire|\bsettle|\bsend|截止|最晚|最迟|最快)\W{0,3}(?:\w+\W+){0,3}$", re.I)
# What follows a date given as a reason or a meeting, not as a payment date:
# "我们月底要还银行贷款", "郑总今天在公司吗", "he'll be back Monday".
_AMOUNT_NEAR = re.compile(r"\d[\d,.]{0,12}\s?(?:万|千|k|元|块)|[一二两三四五六七八九十]{1,4}万|[¥$]\s?\d|一半|\bhalf\b", re.I)
_CONTEXT_AFTER = re.compile(
    r"^\s?(?:我们|我哋|我|公司|银行|他|她|老板|[\u4e00-\u9fff]总)?\s?(?:(?:也|就|都)?(?:要|得|需要)"
    r"(?:出粮|发薪|交(?:铺租|房租|租金|租)|付(?:上游|供应商|工厂|厂里|原料|模具|房租|租金|铺租)|给工厂|给会计师|年审|查账)|"
    r"自己就断粮)|"
    r"^\s?(?:我们|我|公司|银行|他|她|老板|[\u4e00-\u9fff]总)?\s?(?:也)?(?:要|得|需要|就|会|能)?"
    r"(?:给工人|发工资|还银行|还贷|交税|给(?:供应商|上游|厂家|厂里|[\u4e00-\u9fff]{1,2}厂)|回来|回公司|出差|上班|开会|审计|在公司|在店|在办公室|在吗|见面|过来|上门|拜访|"
    r"(?:你)?再(?:来|打|拨|联系|说|谈|聊|约)|(?:也)?不一定|才(?:会|能)?(?:回|到|在|上班|有空|进公司)|了(?=[,，。!！?？…\s]|$)|"
    r"\s?(?:loan|payroll|audit|the bank|our bank)\b|is due\b|are due\b|(?:he|she)(?:'ll| will) be (?:back|in)\b)", re.I)


# "我上个月说15号给", "I know I said the 15th": a promise recounted from before dates nothing now.
_RECOUNTED_BEFORE = re.compile(r"(?:上次|上回|上个月|上礼拜|上周|之前|以前|当时|当初|last time|\bi know i|\bi already)"
                               r"[^,，。!?！？]{0,6}(?:说|讲|答应|承诺|\bsaid|\bpromised|\btold you)(?:的|过|了)?(?:是)?\s?(?:the\s)?$", re.I)


# The creditor's own dates, given as the reason: "our payroll runs on Wednesday", "our books close
# on the 20th", "the cotton supplier wants cash by the 28th".
_CONTEXT_BEFORE = re.compile(r"(?:\bpayroll(?:'s| runs| is| goes out)?|\boffice (?:closes|shuts)|\bbooks close|\b(?:fiscal|financial) year (?:closes|ends)|"
                             r"\bbank reviews\b[^.?!]{0,20}|\bto pay for|\b(?:he|she|they)(?:'s| is| are|'re|'ll be| will be) (?:only )?(?:in|back|around|here)|\bsuppliers? wants?\b[^.?!]{0,12}|\b(?:rent|wages|salaries) (?:is |are )?due)"
                             r"\s+(?:on\s+|by\s+|till\s+)?(?:the\s+)?$", re.I)


# "下个月十号发工资以后,我先给你五千", "下月5号发工资那天我第一笔就给你打": payday is when the debtor pays.
_PAYDAY_THEN = re.compile(r"^\s?(?:发工资|发薪|出粮)(?:日)?(?:以后|之后|后|那天|当天)")


def context_date(text: str, f: Found) -> bool:
    """A date given as a reason, a visit, a time of year or a recounted promise, not a payment date."""
    if _PAYDAY_THEN.match(text[f.end:f.end + 10]):
        return False
    return bool(_CONTEXT_AFTER.match(text[f.end:f.end + 10])
                or _RECOUNTED_BEFORE.search(text[max(0, f.start - 20):f.start])
                or _CONTEXT_BEFORE.search(text[max(0, f.start - 40):f.start]))


# A day turned down, among others: "月底?太迟了…后天先入两万", "Not the 15th, next Friday",
# "end of January is not happening", "forget the end of the month".
_REFUSED_AFTER = re.compile(r"^\s?(?:[^,，。!?！？]{0,3}?(?:转|打|付|给|汇|还|结|过|拿|交|俾)(?:不了|不出|唔到|唔切)|"
                            r"[?？]?\s?(?:也|就|是|都|可|那|那就|,\s?)?(?:太晚|太迟|太长|太久|不行|不可能|肯定不行|"
                            r"is too|is not happening|isn't happening|won't work|doesn't work|no good|is out|no\b|nope\b|nah\b))", re.I)
_QUESTIONED = re.compile(r"^\s?[?？]")  # "月底?", "Wednesday?": a day put back as a question, said alone
_CLAUSE_START = re.compile(r"(?:^|[,，。.!！?？;；:：…])\s?\W{0,2}$")
_REFUSED_BEFORE = re.compile(r"(?:\bnot|\bforget|\bno,?|\bcan'?t wait|\bcannot wait|\bpush|\bmove|不是|别说|不要|等不了|等不到)\s?(?:the\s)?$", re.I)
# Among other days, one promised before ("上次話十號俾,之後話二十號,今次真係月尾", "上次说好的十五号…再等一周",
# "I promised the 15th, then the 20th"), one that failed ("Friday didn't work", "I said Friday last time")
# or one that recurs ("每个月25号统一付款") is not the day now at stake. (Said alone, it still is:
# "当时说好年前付清的", "I said end of the month and I meant it".)
_PROMISED_BEFORE = re.compile(r"(?:上次|上回|之后|后来|本来|原来|当时|当初)(?:你|我|佢|他)?(?:说|话|讲|答应|约)(?:好|定)?(?:的|过|咗)?(?:是)?\s?$|"
                              r"\bpromised the \w+,\s?then\s(?:the\s)?$", re.I)
_RECOUNTED_AFTER = re.compile(r"^\s?(?:last time|didn'?t work|fell through|the system crashed)\b", re.I)


_DURATION = re.compile(r"(?:\d|[一二两三四五六七八九十半])(?:个)?(?:星期|礼拜|周|天|月)$|\b(?:weeks?|days?|months?|fortnight)$", re.I)


def _refused(text: str, f: Found) -> bool:
    after, before = text[f.end:f.end + 14], text[max(0, f.start - 10):f.start]
    alone = bool(_CLAUSE_START.search(before))
    return bool(_REFUSED_AFTER.match(after) and (alone or not _QUESTIONED.match(after))
                or alone and _QUESTIONED.match(after) or _REFUSED_BEFORE.search(before))


def pick_date(text: str, dates: list[Found]) -> Found | None:
    """The payment date: the one tied to paying or a deadline, not one given as a reason."""
    if not dates:
        return None
    if len(dates) == 1:
        only = dates[0]
        # "我们月底要还银行贷款": a date given as a reason is no payment date.
        return None if context_date(text, only) else only


    def score(f: Found) -> int:
        after = text[f.end:f.end + 10]
        before = text[max(0, f.start - 24):f.start]
        s = 0
        if _DEADLINE_AFTER.match(after) or _DEADLINE_BEFORE.search(before):
            s += 2
        if context_date(text, f):
            s -= 2
        if _AMOUNT_NEAR.search(text[max(0, f.start - 8):f.end + 8]):
            s += 1
        if f.past:
            s -= 1  # "I said last Friday... this time Wednesday": the promise is ahead
        if _refused(text, f) or text[f.start] in "每逢" or _RECOUNTED_AFTER.match(text[f.end:f.end + 20]) \
                or _PROMISED_BEFORE.search(text[max(0, f.start - 8):f.start]):
            s -= 3
        if _DURATION.search(text[f.start:f.end]):
            s -= 1  # "先缓一个月,下个月底一定处理": a day named beats a length of time
        return s

    best = max(dates, key=lambda f: (score(f), -f.start))
    # Every date a reason, a visit or a question ("明天?明天也不一定"): none is a payment date.
    return None if all(context_date(text, f) for f in dates) else best
