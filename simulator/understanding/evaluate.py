"""Measure understanding against a labelled corpus: per-id P/R/F1, micro/macro F1, exact sets,
amount and date accuracy — for the tuning part and the held-out part separately.

The corpus (``tests/corpus/``) is a set of YAML files; ``heldout/`` holds the fifth that no rule
was tuned on. ``cuikuan evaluate`` prints the figures; tests pin floors on both parts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from simulator import vocabulary as V
from simulator.understanding import understand

TODAY = dt.date(2026, 11, 23)  # the corpus's reference day (a Monday), see GUIDELINES.md
SPEAKER_OF = {"collector": "collector", "debtor": "debtor"}


@dataclass
class Item:
    text: str
    script: str
    labels: list[str]
    amount: float | None
    date: dt.date | None
    speaker: str
    source: str


@dataclass
class Scores:
    """Counts for one slice of the corpus; the figures are derived."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    items: int = 0
    exact: int = 0
    amount_total: int = 0
    amount_right: int = 0
    date_total: int = 0
    date_right: int = 0
    spurious_amounts: int = 0
    spurious_dates: int = 0
    errors: list[tuple[Item, list[str], float | None, dt.date | None]] = field(default_factory=list)

    def add(self, item: Item, predicted: list[str], amount, date) -> None:
        gold, pred = set(item.labels), set(predicted)
        for label in gold & pred:
            self.tp[label] += 1
        for label in pred - gold:
            self.fp[label] += 1
        for label in gold - pred:
            self.fn[label] += 1
        self.items += 1
        self.exact += gold == pred
        if item.amount is not None:
            self.amount_total += 1
            self.amount_right += amount is not None and abs(amount - item.amount) < 0.5
        elif amount is not None:
            self.spurious_amounts += 1
        if item.date is not None:
            self.date_total += 1
            self.date_right += date == item.date
        elif date is not None:
            self.spurious_dates += 1
        if gold != pred or (item.amount is not None and (amount is None or abs(amount - item.amount) >= 0.5)) \
                or (item.date is not None and date != item.date):
            self.errors.append((item, predicted, amount, date))

    def prf(self, label: str) -> tuple[float, float, float, int]:
        tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    @property
    def micro_f1(self) -> float:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    @property
    def macro_f1(self) -> float:
        present = [l for l in self.labels if self.tp[l] + self.fn[l] > 0]
        return sum(self.prf(l)[2] for l in present) / len(present) if present else 0.0

    @property
    def exact_accuracy(self) -> float:
        return self.exact / self.items if self.items else 0.0

    @property
    def amount_accuracy(self) -> float | None:
        return self.amount_right / self.amount_total if self.amount_total else None

    @property
    def date_accuracy(self) -> float | None:
        return self.date_right / self.date_total if self.date_total else None

    def summary(self) -> dict:
        return {
            "items": self.items, "micro_f1": round(self.micro_f1, 4), "macro_f1": round(self.macro_f1, 4),
            "exact_accuracy": round(self.exact_accuracy, 4),
            "amount_accuracy": None if self.amount_accuracy is None else round(self.amount_accuracy, 4),
            "amounts": self.amount_total, "spurious_amounts": self.spurious_amounts,
            "date_accuracy": None if self.date_accuracy is None else round(self.date_accuracy, 4),
            "dates": self.date_total, "spurious_dates": self.spurious_dates,
        }


def default_corpus() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "corpus"


def load_items(folder: Path) -> list[Item]:
    """Every labelled item of the YAML files directly in ``folder``."""
    items: list[Item] = []
    for path in sorted(folder.glob("*.yaml")):
        speaker = "debtor" if path.stem.startswith("debtor") else "collector"
        known = V.ACTS if speaker == "debtor" else V.MOVES
        for i, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            where = f"{path.name}#{i + 1}"
            unknown = [l for l in raw["labels"] if l not in known]
            if unknown:
                raise ValueError(f"{where}: unknown label(s) {unknown}")
            date = raw.get("date")
            items.append(Item(
                text=raw.get("text") or "", script=raw["script"], labels=list(raw["labels"]),
                amount=float(raw["amount"]) if raw.get("amount") is not None else None,
                date=dt.date.fromisoformat(str(date)) if date else None, speaker=speaker, source=where,
            ))
    return items


def evaluate(items: Iterable[Item]) -> dict[tuple[str, str], Scores]:
    """Scores keyed by (speaker, script), plus (speaker, "all")."""
    table: dict[tuple[str, str], Scores] = defaultdict(Scores)
    for item in items:
        u = understand(item.text, item.speaker, TODAY)
        for key in ((item.speaker, item.script), (item.speaker, "all")):
            table[key].add(item, u.labels, u.amount, u.date)
    return table


def report(parts: dict[str, dict[tuple[str, str], Scores]], per_id: bool = True, errors: int = 0) -> str:
    lines: list[str] = []
    for part, table in parts.items():
        lines.append(f"== {part} ==")
        for (speaker, script), sc in sorted(table.items()):
            s = sc.summary()
            amount = "n/a" if s["amount_accuracy"] is None else f"{s['amount_accuracy']:.3f} of {s['amounts']}"
            date = "n/a" if s["date_accuracy"] is None else f"{s['date_accuracy']:.3f} of {s['dates']}"
            lines.append(f"{speaker:9} {script:4} n={s['items']:<4} micro-F1 {s['micro_f1']:.3f}  macro-F1 {s['macro_f1']:.3f}  "
                         f"exact {s['exact_accuracy']:.3f}  amount {amount} (+{s['spurious_amounts']} spurious)  "
                         f"date {date} (+{s['spurious_dates']} spurious)")
        if per_id:
            for speaker in ("collector", "debtor"):
                sc = table.get((speaker, "all"))
                if not sc:
                    continue
                lines.append(f"  {speaker}: id                      P      R      F1   support")
                for label in (V.MOVES if speaker == "collector" else V.ACTS):
                    p, r, f, n = sc.prf(label)
                    lines.append(f"  {'':{len(speaker)}}  {label:22} {p:6.3f} {r:6.3f} {f:6.3f} {n:6d}")
        if errors:
            for speaker in ("collector", "debtor"):
                sc = table.get((speaker, "all"))
                for item, pred, amount, date in (sc.errors if sc else [])[:errors]:
                    lines.append(f"  ✗ {item.source} [{item.script}] {item.text!r}\n"
                                 f"      gold {sorted(item.labels)} {item.amount} {item.date}\n"
                                 f"      got  {sorted(pred)} {amount} {date}")
        lines.append("")
    return "\n".join(lines)


def run(corpus: Path, parts: list[str]) -> dict[str, dict[tuple[str, str], Scores]]:
    out = {}
    for part in parts:
        folder = corpus / "heldout" if part == "heldout" else corpus
        out[part] = evaluate(load_items(folder))
    return out
