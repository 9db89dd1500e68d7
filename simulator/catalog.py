"""The scenarios a trainee can pick from: bundled ones and the trainer's own, broken ones included.

Plain data for the picker of the app (and anything else that lists scenarios): each entry is a
loaded scenario or the findings that keep a file from loading, so a broken file is listed with
its error instead of hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator import vocabulary as V
from simulator.persona.format import format_money
from simulator.scenario.diagnostics import ScenarioError
from simulator.scenario.loader import Scenario, bundled_dir, iter_scenario_files, load_scenario
from simulator.scenario.models import text_in


@dataclass
class Entry:
    path: Path
    scenario: Scenario | None
    error: str | None = None

    @property
    def id(self) -> str:
        return self.scenario.id if self.scenario else self.path.stem

    @property
    def ok(self) -> bool:
        return self.scenario is not None

    def title(self, lang: str) -> str:
        return text_in(self.scenario.spec.title, lang) if self.scenario else self.path.name

    @property
    def tactics(self) -> list[str]:
        return list(self.scenario.persona.tactics) if self.scenario else []

    @property
    def difficulty(self) -> int | None:
        return self.scenario.spec.difficulty if self.scenario else None

    @property
    def languages(self) -> list[str]:
        return list(self.scenario.spec.languages) if self.scenario else []


def scan(folders: list[Path] | None = None) -> list[Entry]:
    """Every scenario file under the folders (default: the bundled ones), in order."""
    entries = []
    seen: set[Path] = set()
    for path in iter_scenario_files(folders or [bundled_dir()]):
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        try:
            entries.append(Entry(path, load_scenario(path)))
        except ScenarioError as exc:
            first = exc.errors[0] if exc.errors else exc.diagnostics[0]
            more = len(exc.errors) - 1
            entries.append(Entry(path, None, str(first) + (f" (+{more} more)" if more > 0 else "")))
        except OSError as exc:
            entries.append(Entry(path, None, f"{path}: {exc.strerror}"))
    return entries


def tactic_label(tactic: str, lang: str) -> str:
    """躲 hide — the Chinese character always, with the English name."""
    return f"{V.TACTICS[tactic]['zh']} {V.TACTICS[tactic]['en']}"


@dataclass
class CaseFile:
    """What the trainee sees beside the conversation (preparing is a principle of seed 001)."""

    title: str
    summary: str
    debtor: str
    company: str
    decider: str
    debt: str
    overdue: int
    invoices: list[str]
    background: list[str]


def case_file(sc: Scenario, lang: str) -> CaseFile:
    case = sc.spec.case
    debt = case.debt
    role = text_in(case.debtor_role, lang)
    invoices = [" ".join(x for x in (inv.number, inv.date.isoformat() if inv.date else "",
                                     format_money(inv.amount, lang, debt.currency), text_in(inv.item, lang)) if x)
                for inv in debt.invoices]
    return CaseFile(
        title=text_in(sc.spec.title, lang),
        summary=text_in(sc.spec.summary, lang),
        debtor=text_in(case.debtor_name, lang) + (f"({role})" if role and lang == "zh" else f" ({role})" if role else ""),
        company=text_in(case.debtor_company, lang),
        decider=text_in(case.decider or case.debtor_name, lang),
        debt=format_money(debt.amount, lang, debt.currency),
        overdue=debt.days_overdue,
        invoices=invoices,
        background=[text_in(b, lang) for b in case.background],
    )
