"""Lint: what loads but is probably a mistake. Every finding is a warning with a stable code.

(Unknown ids, missing states, lines and template fields are errors of the loader, E001–E025.)

W001  a state cannot be reached from the initial state
W002  a non-final state has no way out (no transition leaves it, not even `*`)
W004  a persona part in `personas/` that no checked scenario uses
W005  the same scenario id in two files
W006  a state id listed twice in one persona part (the later one wins)
W007  a final state (`committed`, `broken_off`) that nothing leads to: the talk cannot end that way
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Iterable

from simulator import vocabulary as V
from simulator.scenario.diagnostics import Diagnostic, Location


def lint_persona(persona, source, spec) -> list[Diagnostic]:
    """Warnings about one resolved persona (the scenario's own part located where possible)."""
    out: list[Diagnostic] = []
    here = source.where(("persona",))
    states = {s.id: s for s in persona.states}
    if not states or sum(s.initial for s in persona.states) != 1:
        return out  # already an error
    non_final = [s.id for s in persona.states if s.kind not in V.FINAL_KINDS]
    edges: dict[str, set[str]] = {s: set() for s in states}
    for t, _ in persona.transitions:
        sources = non_final if "*" in t.from_ else [s for s in t.from_ if s in states]
        for s in sources:
            if t.to in states:
                edges[s].add(t.to)
    seen = {persona.initial}
    queue = deque([persona.initial])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    for s in persona.states:
        where = s.where or here
        if s.id not in seen:
            code = "W007" if s.kind in V.FINAL_KINDS else "W001"
            what = "nothing leads to it: the talk can never end this way" if code == "W007" else \
                f"it cannot be reached from the initial state `{persona.initial}`"
            out.append(Diagnostic(where, "warning", code, f"state `{s.id}`: {what}",
                                  f"add a transition with `to: {s.id}`, or remove the state"))
        elif s.kind not in V.FINAL_KINDS and not (edges[s.id] - {s.id}):
            out.append(Diagnostic(where, "warning", "W002", f"state `{s.id}` has no way out",
                                  f"add a transition `from: [{s.id}]` (or `from: '*'`) to another state"))
    return out


def lint_part_states(part, source, base: tuple) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for i, s in enumerate(part.states or []):
        if s.id in seen:
            out.append(Diagnostic(source.where(base + ("states", i)), "warning", "W006",
                                  f"state `{s.id}` is listed twice (first as item {seen[s.id] + 1}); the later one wins",
                                  "merge the two entries"))
        else:
            seen[s.id] = i
    return out


def lint_set(scenarios: Iterable, folders: Iterable[Path]) -> list[Diagnostic]:
    """Warnings across the checked files: duplicate ids, persona parts nobody uses."""
    out: list[Diagnostic] = []
    by_id: dict[str, Path] = {}
    used: set[str] = set()
    for sc in scenarios:
        used.update(sc.persona.chain)
        used.update(sc.persona.tactics)  # a mixed persona borrows its tactics' archetypes
        first = by_id.get(sc.id)
        if first is not None and first.resolve() != sc.path.resolve():
            out.append(Diagnostic(Location(str(sc.path), 1, 1), "warning", "W005",
                                  f"scenario id `{sc.id}` is also used by {first}",
                                  "give each scenario its own `id`"))
        else:
            by_id.setdefault(sc.id, sc.path)
    if not by_id:
        return out
    for folder in folders:
        personas = folder / "personas"
        if not personas.is_dir():
            continue
        for part in sorted(personas.glob("*.yaml")):
            if part.stem not in used and part.stem != "base":
                out.append(Diagnostic(Location(str(part), 1, 1), "warning", "W004",
                                      f"persona part `{part.stem}` is not used by any scenario checked here",
                                      f"extend it (`persona: {{extends: {part.stem}}}`) or remove it"))
    return out
