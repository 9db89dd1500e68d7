"""Agreement of scoring with hand-labelled transcripts (``tests/transcripts``).

Each transcript carries an ``expected`` block (``status`` and a verdict per principle) written by
a person from ``tests/transcripts/GUIDELINES.md``. Agreement is the share of (transcript,
principle) verdicts the program gives exactly as the person did; ``heldout/`` is never looked at
while the rules are adjusted, and is reported on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator import vocabulary as V
from simulator.scenario.diagnostics import Diagnostic, Location, ScenarioError
from simulator.scoring.assess import assess
from simulator.scoring.transcript import load_transcript


def default_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "transcripts"


@dataclass
class Result:
    files: int = 0
    agree: Counter = field(default_factory=Counter)  # principle -> agreements
    total: Counter = field(default_factory=Counter)  # principle -> judged
    status_agree: int = 0
    status_total: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, got) -> n
    disagreements: list[tuple[str, str, str, str, list[int]]] = field(default_factory=list)

    @property
    def overall(self) -> float:
        n = sum(self.total.values())
        return sum(self.agree.values()) / n if n else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"transcripts": self.files, "agreement": round(self.overall, 4),
                "status_agreement": round(self.status_agree / self.status_total, 4) if self.status_total else None,
                "per_principle": {p: round(self.agree[p] / self.total[p], 4) for p in V.PRINCIPLES if self.total[p]},
                "disagreements": [{"file": f, "principle": p, "expected": e, "got": g, "turns": t}
                                  for f, p, e, g, t in self.disagreements]}


def run(folder: Path, part: str) -> Result:
    where = folder / "heldout" if part == "heldout" else folder
    result = Result()
    for path in sorted(where.glob("*.yaml")):
        transcript = load_transcript(path)
        expected = transcript.expected or {}
        verdicts = expected.get("principles") or {}
        bad = [p for p, v in verdicts.items() if p not in V.PRINCIPLES or v not in V.VERDICTS]
        if not verdicts or bad:
            raise ScenarioError([Diagnostic(Location(str(path), 1, 1), "error", "T021",
                                            f"`expected.principles` is missing or names unknown ids/verdicts: {bad}",
                                            "give every principle id of domain.md §4 one of followed/violated/missed/not_applicable")])
        a = assess(transcript)
        result.files += 1
        for p, want in verdicts.items():
            got = a.findings[p].verdict
            result.total[p] += 1
            result.confusion[(want, got)] += 1
            if got == want:
                result.agree[p] += 1
            else:
                result.disagreements.append((path.name, p, want, got, a.findings[p].turns))
        if expected.get("status"):
            result.status_total += 1
            result.status_agree += int(expected["status"] == a.outcome.status)
            if expected["status"] != a.outcome.status:
                result.disagreements.append((path.name, "status", expected["status"], a.outcome.status, []))
    return result


def report(results: dict[str, Result], show: bool = False) -> str:
    lines = []
    for part, r in results.items():
        status = f"{r.status_agree}/{r.status_total}" if r.status_total else "—"
        lines.append(f"== {part} ==  transcripts {r.files}  verdict agreement {r.overall:.3f} "
                     f"({sum(r.agree.values())}/{sum(r.total.values())})  outcome status {status}")
        for p in V.PRINCIPLES:
            if r.total[p]:
                lines.append(f"  {p:28} {r.agree[p] / r.total[p]:.3f}  ({r.agree[p]}/{r.total[p]})")
        if show:
            for f, p, want, got, turns in r.disagreements:
                lines.append(f"  ≠ {f}: {p}: expected {want}, got {got} {turns or ''}")
    return "\n".join(lines)
