"""`cuikuan new`: a scenario file from a persona archetype, valid the moment it is written."""

from __future__ import annotations

import json
import re

from simulator import vocabulary as V

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new scenario from the `{archetype}` archetype ({zh} {archetype}). Edit the case and the
# persona's offers, then: cuikuan check {file} && cuikuan graph {file} && cuikuan balance {file}
# The format, field by field, and every check code: docs/authoring.md
id: {id}
title:
  zh: {title_zh}
  en: {title_en}
summary:
  zh: 写一两句:欠款是什么、拖了多久、对方惯用什么说法。
  en: One or two sentences - what is owed, for how long, and what the debtor keeps saying.
difficulty: 2
languages: [zh, en]
max_turns: 40

case:
  creditor: {{zh: 你们公司, en: Your Company}}
  debtor_company: {{zh: 对方公司, en: The Customer Ltd}}
  debtor_name: {{zh: 王老板, en: Mr. Wang}}
  debtor_role: {{zh: 老板, en: owner}}
  debt:
    amount: 30000
    currency: CNY
    days_overdue: 60
    invoices:
      - {{number: INV-2026-0901, date: 2026-09-01, amount: 18000, item: {{zh: 第一批货, en: first delivery}}}}
      - {{number: INV-2026-0915, date: 2026-09-15, amount: 12000, item: {{zh: 第二批货, en: second delivery}}}}
  background:
    - {{zh: 两张送货单都有对方签收。, en: Both delivery notes are signed by the customer.}}
  facts:
    product: {{zh: 货, en: goods}}

persona:
  extends: {archetype}
  # What the debtor offers first, and the best that steady, principled pressure can win.
  first_offer: {{pay_now: 0, amount: 8000, days: 30}}
  best_terms: {{pay_now: 10000, amount: 20000, days: 7}}
"""


def new_scenario(scenario_id: str, archetype: str, title_zh: str | None = None, title_en: str | None = None,
                 file: str = "my-scenario.yaml") -> str:
    if archetype not in V.TACTICS:
        raise ValueError(f"unknown archetype `{archetype}` (one of {', '.join(V.TACTICS)})")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", scenario_id):
        raise ValueError(f"`{scenario_id}` is not a valid id: lower-case letters, digits and '-', starting with a letter")
    from pathlib import Path

    import simulator.scenario

    schema = (Path(simulator.scenario.__file__).resolve().parent / "schema.json").as_uri()
    return TEMPLATE.format(
        schema=schema,
        archetype=archetype, zh=V.TACTICS[archetype]["zh"], id=scenario_id, file=file,
        title_zh=json.dumps(title_zh or f"新场景\uff1a{V.TACTICS[archetype]['zh']}", ensure_ascii=False),
        title_en=json.dumps(title_en or f"New scenario: {archetype}", ensure_ascii=False),
    )
