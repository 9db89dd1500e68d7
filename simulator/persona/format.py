"""Money and dates as a debtor says them, in Chinese or English."""

from __future__ import annotations

import datetime as dt

CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "TWD": "NT$"}
WEEKDAYS_ZH = "一二三四五六日"


def format_money(amount: float, lang: str, currency: str = "CNY") -> str:
    amount = float(amount)
    if lang == "zh":
        if currency == "CNY":
            if amount >= 10000 and amount % 100 == 0:
                return f"{amount / 10000:g}万"
            return f"{amount:,.0f}元".replace(",", "")
        return f"{amount:,.0f} {currency}"
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{amount:,.0f}" if sign else f"{currency} {amount:,.0f}"


def format_date(date: dt.date, today: dt.date, lang: str) -> str:
    days = (date - today).days
    if lang == "zh":
        if days == 0:
            return "今天"
        if days == 1:
            return "明天"
        return f"{date.month}月{date.day}号(周{WEEKDAYS_ZH[date.weekday()]})"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"{date.strftime('%A')}, {date.strftime('%B')} {date.day}"
