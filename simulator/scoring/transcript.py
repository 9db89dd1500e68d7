"""A conversation to score: from a live session, or read from a transcript file (contracts.md).

A transcript file is YAML or JSON (``language``, ``today``, ``debt``, ``turns``) or plain text,
one turn a line, prefixed ``debtor:`` / ``collector:`` or ``债务人:`` / ``催款人:``. Every problem is
reported as ``FILE:LINE:COL: error CODE: message — fix`` (codes T001–T020).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.scenario import source as src
from simulator.scenario.models import text_in
from simulator.session.turn import Line
from simulator.scenario.diagnostics import Diagnostic, Location, ScenarioError, did_you_mean
from simulator.understanding import understand
from simulator.understanding.normalize import language as language_of

SPEAKERS = ("debtor", "collector")
KEYS = ("language", "today", "debt", "turns", "expected", "title")
MAX_TURNS = 20_000
_PREFIX = re.compile(
    r"^\s*(debtor|collector|债务人|債務人|催款人|催收人|欠款人)\s*[:\uff1a]\s?(.*)$", re.IGNORECASE)
_PREFIX_SPEAKER = {"债务人": "debtor", "債務人": "debtor", "欠款人": "debtor", "催款人": "collector", "催收人": "collector"}


@dataclass
class Transcript:
    lines: list[Line]
    language: str = "zh"
    today: dt.date | None = None
    debt: float | None = None
    currency: str = "CNY"
    scenario: str | None = None
    title: str | None = None
    seed: int | None = None
    expected: dict[str, Any] | None = None  # hand labels, for `cuikuan agreement`
    path: str | None = None
    tactic_rules: dict[str, dict[str, Any]] | None = None  # the persona's own, for live sessions
    # The case's people and facts, in the session's language ("decider", "name", "overdue_days"),
    # for the debrief's better lines; a transcript file has none.
    facts: dict[str, str] = field(default_factory=dict)


def from_session(session) -> Transcript:
    """The transcript of a live ``Session`` (persona states and meters included)."""
    lines = list(session.turns)  # a session's turns are lines (scoring only reads them)
    sc = session.scenario
    title = sc.spec.title
    case = sc.spec.case
    facts = {"name": text_in(case.debtor_name, session.lang)}
    if case.decider is not None:
        facts["decider"] = text_in(case.decider, session.lang)
    if case.debt.days_overdue:
        facts["overdue_days"] = str(case.debt.days_overdue)
    return Transcript(lines, session.lang, session.today, float(case.debt.amount), case.debt.currency,
                      scenario=sc.id, title=title if isinstance(title, str) else getattr(title, session.lang, None),
                      seed=session.seed, tactic_rules=sc.persona.tactic_rules, facts={k: v for k, v in facts.items() if v})


def understood(turns: list[tuple[str, str]], today: dt.date, language: str | None = None,
               debt: float | None = None) -> list[Line]:
    """Label each (speaker, text) with the understanding module (``debt`` reads bare figures:
    "20 today" on a debt of 46,800 is 20,000)."""
    lines = []
    for i, (speaker, text) in enumerate(turns, 1):
        u = understand(text, speaker, today, scale=debt)
        lines.append(Line(i, speaker, text, list(u.labels), amount=u.amount, date=u.date, now=u.now,
                          instalments=list(u.instalments),
                          evidence=[{"label": e.label, "phrase": e.phrase, "rule": e.rule} for e in u.evidence]))
    return lines


# ---------------------------------------------------------------------------------------------
# Reading transcript files


def _err(where: Location, code: str, message: str, fix: str | None = None) -> ScenarioError:
    return ScenarioError([Diagnostic(where, "error", code, message, fix)])


def load_transcript(path: str | Path, today: dt.date | None = None) -> Transcript:
    """Read and understand a transcript file. Raises ScenarioError with located findings."""
    shown = str(path)
    try:
        text = src.read_text(path, shown)
    except ScenarioError as exc:  # same checks as scenario files, with transcript wording
        d = exc.diagnostics[0]
        code = {"E001": "T001", "E002": "T002", "E004": "T003"}.get(d.code, d.code)
        message = d.message.replace("scenario files", "transcripts").replace("a scenario file", "a transcript")
        fix = d.fix.replace(" or the scenario id (`cuikuan list`)", "") if d.fix else None
        raise ScenarioError([Diagnostic(d.where, "error", code, message, fix)]) from None
    return parse_transcript(text, shown, today)


def parse_transcript(text: str, shown: str = "<transcript>", today: dt.date | None = None) -> Transcript:
    kind = _kind(text, shown)
    if kind == "text":
        return _from_plain(text, shown, today)
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _err(Location(shown, exc.lineno, exc.colno), "T002", f"JSON syntax: {exc.msg}") from None
        try:  # JSON is YAML: parse again only to locate values for later messages
            located = src.parse(text, shown)
        except ScenarioError:
            located = src.Source(shown, data)
        located.data = data
        return _from_data(located, today)
    try:
        located = src.parse(text, shown)
    except ScenarioError as exc:
        d = exc.diagnostics[0]
        if d.code == "E010":
            raise _err(d.where, "T010", "the transcript is empty", "write `turns:` with one `debtor:` or `collector:` a line") from None
        raise ScenarioError([Diagnostic(d.where, "error", "T002" if d.code == "E002" else "T003", d.message, d.fix)]) from None
    return _from_data(located, today)


def _kind(text: str, shown: str) -> str:
    suffix = Path(shown).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    if first.lstrip().startswith(("{", "[")):
        return "json"
    if _PREFIX.match(first):
        return "text"
    return "yaml"


def _from_plain(text: str, shown: str, today: dt.date | None) -> Transcript:
    turns: list[tuple[str, str]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _PREFIX.match(raw)
        if not m:
            raise _err(Location(shown, no, 1), "T013", "this line names no speaker",
                       "start it with `debtor:` or `collector:` (or 债务人: / 催款人:)")
        who = m.group(1)
        speaker = _PREFIX_SPEAKER.get(who, who.lower())
        turns.append((speaker, m.group(2).strip()))
    if not turns:
        raise _err(Location(shown, 1, 1), "T015", "the transcript has no turns",
                   "write one turn a line: `debtor: …` or `collector: …`")
    if len(turns) > MAX_TURNS:
        raise _err(Location(shown, 1, 1), "T016", f"{len(turns)} turns; a transcript is limited to {MAX_TURNS}")
    day = today or dt.date.today()
    lang = _language(t for _, t in turns)
    return Transcript(understood(turns, day), lang, day, path=shown)


def _from_data(s: src.Source, today: dt.date | None) -> Transcript:
    data = s.data
    shown = s.file
    if not isinstance(data, dict):
        raise _err(s.where(()), "T011", "a transcript is a mapping with a `turns:` list",
                   "see contracts.md: `turns:` then `- debtor: …` / `- collector: …`")
    for key in data:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS)
            raise _err(s.where((key,), key=True), "T020", f"unknown key `{key}`",
                       hint or f"a transcript has {', '.join(f'`{k}`' for k in KEYS[:4])}")
    if "turns" not in data:
        raise _err(s.where(()), "T010", "missing key `turns`", "add `turns:` with one `- debtor: …` or `- collector: …` a line")
    turns_data = data["turns"]
    if not isinstance(turns_data, list):
        raise _err(s.where(("turns",)), "T011", "`turns` must be a list", "write each turn on its own line starting with `- `")
    if not turns_data:
        raise _err(s.where(("turns",)), "T015", "the transcript has no turns", "add at least one `- debtor: …` or `- collector: …`")
    if len(turns_data) > MAX_TURNS:
        raise _err(s.where(("turns",)), "T016", f"{len(turns_data)} turns; a transcript is limited to {MAX_TURNS}")
    turns: list[tuple[str, str]] = []
    for i, item in enumerate(turns_data):
        where = s.where(("turns", i))
        if not isinstance(item, dict) or len(item) != 1:
            raise _err(where, "T012", "each turn is a mapping with exactly one key, `debtor` or `collector`",
                       "write `- debtor: …` or `- collector: …`")
        (speaker, said), = item.items()
        if speaker not in SPEAKERS:
            hint = did_you_mean(str(speaker), SPEAKERS) or "the speaker is `debtor` or `collector`"
            raise _err(s.where(("turns", i, speaker), key=True), "T013", f"unknown speaker `{speaker}`", hint)
        if said is None:
            said = ""
        if isinstance(said, (int, float)) and not isinstance(said, bool):
            said = str(said)
        if not isinstance(said, str):
            raise _err(s.where(("turns", i, speaker)), "T014", "the text of a turn must be a string",
                       "put the words on the same line, quoted if they contain `: `")
        turns.append((speaker, said))
    file_day = _date(data, s)  # checked even when the command line gives the day
    day = today or file_day or dt.date.today()
    lang = data.get("language")
    if lang is not None and lang not in ("zh", "en"):
        raise _err(s.where(("language",)), "T017", f"unknown language `{lang}`", "write `zh` or `en`, or leave it out")
    debt, currency = _debt(data, s)
    expected = data.get("expected") if isinstance(data.get("expected"), dict) else None
    title = data.get("title") if isinstance(data.get("title"), str) else None
    return Transcript(understood(turns, day, debt=debt), lang or _language(t for _, t in turns), day, debt, currency,
                      title=title, expected=expected, path=shown)


def _date(data: dict, s: src.Source) -> dt.date | None:
    value = data.get("today")
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _err(s.where(("today",)), "T018", f"`{value}` is not a date", "write YYYY-MM-DD, e.g. 2026-11-23") from None


def _debt(data: dict, s: src.Source) -> tuple[float | None, str]:
    debt = data.get("debt")
    if debt is None:
        return None, "CNY"
    if isinstance(debt, (int, float)) and not isinstance(debt, bool):
        return float(debt), "CNY"
    if not isinstance(debt, dict) or not isinstance(debt.get("amount"), (int, float)) or isinstance(debt.get("amount"), bool):
        raise _err(s.where(("debt",)), "T019", "`debt` must be `{amount: NUMBER, currency: CNY}`",
                   "e.g. `debt: {amount: 28600, currency: CNY}`")
    return float(debt["amount"]), str(debt.get("currency") or "CNY")


def _language(texts) -> str:
    votes = {"zh": 0, "en": 0}
    for t in texts:
        if t.strip():
            votes[language_of(t)] += 1
    return "en" if votes["en"] > votes["zh"] else "zh"
