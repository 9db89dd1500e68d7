"""Located findings about scenario files: ``FILE:LINE:COL: error|warning CODE: message``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``code`` is stable and documented; ``fix`` says how to mend it."""

    where: Location
    severity: Severity
    code: str
    message: str
    fix: str | None = None

    def __str__(self) -> str:
        text = f"{self.where}: {self.severity} {self.code}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class ScenarioError(Exception):
    """Raised when a scenario cannot be loaded; carries every finding, errors first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.severity != "error", d.where))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A ``did you mean `x`?`` hint for a misspelt id, or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None
