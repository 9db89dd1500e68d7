"""Load a scenario: parse, validate, resolve the persona's ``extends`` chain, check references.

The same function serves ``cuikuan check``, ``cuikuan run``, the app and the tests, so what
``check`` accepts is exactly what plays.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from simulator import vocabulary as V
from simulator.scenario import source as src
from simulator.scenario.diagnostics import Diagnostic, Location, ScenarioError, did_you_mean
from simulator.scenario.lint import lint_part_states, lint_persona
from simulator.understanding.bounds import bound, unbounded
from simulator.understanding.lexicon import numbered_reference
from simulator.scenario.models import (
    LineSpec, Localized, PersonaSpec, ScenarioSpec, StateSpec, Terms,
    TransitionSpec, text_in,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir() -> Path:
    """The bundled scenarios: the checkout's ``scenarios/`` or the installed copy."""
    for candidate in (PACKAGE_DIR.parent / "scenarios", PACKAGE_DIR / "bundled_scenarios"):
        if (candidate / "personas").is_dir():
            return candidate
    return PACKAGE_DIR.parent / "scenarios"


DEFAULT_PARAMS = {
    "resistance": 25.0, "span": 50.0, "silence_bonus": 0.2, "gate_persistence": 2,
    "repeat_decay": 0.6, "commit_progress": 0.45,
}
DEFAULT_TRAITS = {"ability": 0.6, "willingness": 0.5, "temper": 0.3, "face": 0.5}
DEFAULT_METERS = {"pressure": 10.0, "rapport": 50.0, "hostility": 0.0}
DEFAULT_RULE = {"excuses": 2, "counters": [], "feeds": []}

CONDITION = re.compile(r"^\s*(?:(not)\s+)?([a-z_]+)\s*(?:(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?))?\s*$")
NUMERIC_NAMES = (*V.METERS, "progress", "turn")


@dataclass(frozen=True)
class Condition:
    name: str
    op: str | None = None
    value: float = 0.0
    negate: bool = False

    def __str__(self) -> str:
        if self.op:
            return f"{self.name} {self.op} {self.value:g}"
        return f"not {self.name}" if self.negate else self.name


@dataclass
class Persona:
    """A fully resolved persona: what the engine plays."""

    chain: list[str]
    name: Localized | str | None
    tactics: list[str]
    traits: dict[str, float]
    meters: dict[str, float]
    params: dict[str, float]
    first_offer: Terms
    best_terms: Terms
    states: list[StateSpec]
    transitions: list[tuple[TransitionSpec, list[Condition]]]
    effects: dict[str, dict[str, float]]
    tactic_rules: dict[str, dict[str, Any]]
    lines: dict[str, list[LineSpec]]

    def state(self, state_id: str) -> StateSpec:
        return next(s for s in self.states if s.id == state_id)

    @property
    def initial(self) -> str:
        return next(s.id for s in self.states if s.initial)


@dataclass
class Scenario:
    spec: ScenarioSpec
    persona: Persona
    path: Path
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.spec.id

    def lexicon_patterns(self, speaker: str) -> dict[str, dict[str, list[str]]]:
        """The case's own patterns for a speaker; the decider's names are always among them."""
        table: dict[str, dict[str, list[str]]] = {"zh": {}, "en": {}}
        if speaker == "collector":
            case = self.spec.case
            for lang in ("zh", "en"):
                names = {text_in(case.decider or case.debtor_name, lang)} - {""}
                for name_ in names:
                    n = re.escape(name_)
                    table[lang].setdefault("ask_decision_maker", []).extend(
                        [rf"(?:找|请|让|叫|转|换|麻烦).{{0,4}}{n}", rf"{n}.{{0,6}}(?:在吗|在不在|在公司|在办公室|在店里|电话|回来|接|方便|有空)"]
                        if lang == "zh" else
                        [rf"(?:speak|talk) (?:to|with) {n}", rf"\bis {n} (?:in|there|around|available|back)\b",
                         rf"(?:put me through to|get me) {n}"])
        extra = getattr(self.spec.lexicon, speaker, None) if self.spec.lexicon else None
        for lang, labels in (extra or {}).items():
            for label, patterns in labels.items():
                table[lang].setdefault(label, []).extend(patterns)
        return table

    def case_fields(self, lang: str) -> dict[str, str]:
        """Template fields from the case (the engine adds amounts and dates)."""
        case = self.spec.case
        fields = {
            "creditor": text_in(case.creditor, lang),
            "debtor_company": text_in(case.debtor_company, lang),
            "debtor_name": text_in(case.debtor_name, lang),
            "debtor_role": text_in(case.debtor_role, lang),
            "decider": text_in(case.decider or case.debtor_name, lang),
            "gatekeeper": text_in(case.gatekeeper, lang),
            "days_overdue": str(case.debt.days_overdue),
            "currency": case.debt.currency,
        }
        fields.update({k: text_in(v, lang) for k, v in case.facts.items()})
        return fields


# ---------------------------------------------------------------------------------------------
# Public entry points


def resolve_path(ref: str | Path, scenarios_dir: Path | None = None) -> Path:
    """A scenario reference — a path or a bundled id — to a file path (which may not exist)."""
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.exists() or "/" in str(ref):
        return p
    base = scenarios_dir or bundled_dir()
    for candidate in (base / f"{ref}.yaml", base / f"{ref}.yml"):
        if candidate.exists():
            return candidate
    return p


def load_scenario(ref: str | Path, scenarios_dir: Path | None = None) -> Scenario:
    """Load and fully check one scenario; raises ScenarioError with every finding."""
    path = resolve_path(ref, scenarios_dir)
    if not path.exists() and not Path(ref).suffix and "/" not in str(ref):
        hint = did_you_mean(str(ref), [p.stem for p in iter_scenario_files([scenarios_dir or bundled_dir()])])
        raise ScenarioError([Diagnostic(Location(str(ref), 1, 1), "error", "E001",
                                        f"no scenario file or bundled scenario `{ref}`",
                                        hint or "see `cuikuan list` for the bundled ones")])
    source = src.load(path, _display(path))
    spec = _validate(ScenarioSpec, source.data, source, ())
    problems: list[Diagnostic] = []
    problems += _check_part(spec.persona, source, ("persona",))
    problems += lint_part_states(spec.persona, source, ("persona",))
    problems += _check_lexicon(spec, source)
    persona = _resolve(spec, source, path, problems)
    if persona is not None:
        problems += _check_resolved(spec, persona, source)
        if not any(d.severity == "error" for d in problems):
            problems += lint_persona(persona, source, spec)
    errors = [d for d in problems if d.severity == "error"]
    if errors:
        raise ScenarioError(problems)
    return Scenario(spec, persona, path, [d for d in problems if d.severity == "warning"])


def archetype_rules() -> dict[str, dict[str, Any]]:
    """Each tactic's counters and feeds as its bundled archetype defines them (for scoring
    conversations that have no persona of their own: typed-up calls and visits)."""
    rules: dict[str, dict[str, Any]] = {}
    dirs = [bundled_dir() / "personas"]
    for tactic in V.TACTICS:
        problems: list[Diagnostic] = []
        start = PersonaSpec(extends=tactic)
        start._where = Location(str(dirs[0] / f"{tactic}.yaml"), 1, 1)
        chain = _chain(start, dirs, problems)[:-1]
        merged = _merge(chain) if chain and not problems else {"tactic_rules": {}}
        rules[tactic] = {**DEFAULT_RULE, **merged["tactic_rules"].get(tactic, {})}
    return rules


def iter_scenario_files(paths: Iterable[Path]) -> list[Path]:
    """Scenario files under the given files or folders; persona parts are not scenarios."""
    found: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            # `*.test.yaml` files next to scenarios are scenario tests (`cuikuan test`), not scenarios
            found += sorted(q for q in p.glob("*.y*ml") if q.suffix in (".yaml", ".yml")
                            and not q.name.endswith((".test.yaml", ".test.yml")))
        else:
            found.append(p)
    return found


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Validation with locations


def _validate(model: type[BaseModel], data: Any, source: src.Source, base: tuple):
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_pydantic_diagnostics(exc, source, base)) from None
    _attach(obj, source, base)
    return obj


def _pydantic_diagnostics(exc: ValidationError, source: src.Source, base: tuple) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and ("[" in x or x in ("str", "Localized", "function-before"))))
        path = base + loc
        kind = err["type"]
        dotted = ".".join(str(x) for x in loc) or "(top level)"
        key = (path, kind)
        if key in seen:
            continue
        seen.add(key)
        if kind == "missing":
            where = source.where(path[:-1])
            out.append(Diagnostic(where, "error", "E010", f"`{dotted}` is missing", f"add `{loc[-1]}:` here"))
        elif kind == "extra_forbidden":
            where = source.where(path, key=True)
            field_ = str(loc[-1])
            if any("\u4e00" <= ch <= "\u9fff" for ch in field_) or " " in field_.strip():
                # `{zh: 合作三年,以前准时}`: the ASCII comma ended the text inside braces.
                out.append(Diagnostic(where, "error", "E011",
                                      f"text was cut at a comma: `{field_}` became a field name",
                                      "inside { … } an ASCII comma separates fields: quote the text, or use a full-width comma ，"))
            else:
                out.append(Diagnostic(where, "error", "E011", f"unknown field `{field_}`" + (f" in `{'.'.join(map(str, loc[:-1]))}`" if len(loc) > 1 else ""),
                                      "remove it, or check its spelling and indentation"))
        else:
            where = source.where(path)
            msg = err["msg"].replace("Input should be", "should be")
            out.append(Diagnostic(where, "error", "E012", f"`{dotted}`: {msg}", None))
    # A union of str | {zh, en} reports twice; keep the clearer one per location.
    return _dedupe(out)


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    """One finding per place; a `str | {zh, en}` union reports both branches, keep the telling one."""
    telling = [d for d in diags if not d.message.endswith("should be a valid string")]
    covered = {(d.where.file, d.where.line) for d in telling}
    kept = telling + [d for d in diags if d not in telling and (d.where.file, d.where.line) not in covered]
    best: dict[Location, Diagnostic] = {}
    for d in kept:
        best.setdefault(d.where, d)
    return list(best.values())


def _attach(obj: Any, source: src.Source, path: tuple) -> None:
    """Remember, on every model instance, where in the file it was written."""
    if isinstance(obj, BaseModel):
        obj._where = source.where(path)  # type: ignore[attr-defined]
        for name, info in type(obj).model_fields.items():
            _attach(getattr(obj, name), source, path + (info.alias or name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            _attach(item, source, path + (i,))
    elif isinstance(obj, dict):
        for k, item in obj.items():
            _attach(item, source, path + (k,))


# ---------------------------------------------------------------------------------------------
# Checks on one persona part (ids, conditions, templates): located in that part's file


def parse_condition(text: str) -> Condition | None:
    m = CONDITION.match(text)
    if not m:
        return None
    negate, name, op, value = m.groups()
    if op and negate:
        return None
    return Condition(name, op, float(value) if value else 0.0, bool(negate))


def _unknown(where: Location, what: str, value: str, choices: Iterable[str], code: str = "E020") -> Diagnostic:
    choices = list(choices)
    hint = did_you_mean(value, choices) or f"known {what}s: {', '.join(choices[:12])}{' …' if len(choices) > 12 else ''}"
    return Diagnostic(where, "error", code, f"unknown {what} `{value}`", hint)


def _check_part(part: PersonaSpec, source: src.Source, base: tuple) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    w = source.where
    for i, t in enumerate(part.tactics or []):
        if t not in V.TACTICS:
            out.append(_unknown(w(base + ("tactics", i)), "tactic", t, V.TACTICS))
    for k in (part.meters or {}):
        if k not in V.METERS:
            out.append(_unknown(w(base + ("meters", k), key=True), "meter", k, V.METERS))
    for move, deltas in (part.effects or {}).items():
        if move not in V.MOVES:
            out.append(_unknown(w(base + ("effects", move), key=True), "move", move, V.MOVES))
        for meter in deltas:
            if meter not in V.METERS:
                out.append(_unknown(w(base + ("effects", move, meter), key=True), "meter", meter, V.METERS))
    for tactic, rule in (part.tactic_rules or {}).items():
        if tactic not in V.TACTICS:
            out.append(_unknown(w(base + ("tactic_rules", tactic), key=True), "tactic", tactic, V.TACTICS))
        for field_ in ("counters", "feeds"):
            allowed = [*V.MOVES, *V.PSEUDO_COUNTERS] if field_ == "counters" else list(V.MOVES)
            for i, move in enumerate(getattr(rule, field_) or []):
                if move not in allowed:
                    out.append(_unknown(w(base + ("tactic_rules", tactic, field_, i)), "move", move, allowed))
    for i, st in enumerate(part.states or []):
        if st.tactic is not None and st.tactic not in V.TACTICS:
            out.append(_unknown(w(base + ("states", i, "tactic")), "tactic", st.tactic, V.TACTICS))
    for i, tr in enumerate(part.transitions or []):
        for j, move in enumerate(tr.moves):
            if move != "tick" and move not in V.MOVES:
                out.append(_unknown(w(base + ("transitions", i, "moves", j)), "move", move, [*V.MOVES, "tick"]))
        for j, cond in enumerate(tr.when):
            out += _check_condition(cond, w(base + ("transitions", i, "when", j)))
    for key, lines in (part.lines or {}).items():
        if key not in V.LINE_KEYS:
            out.append(_unknown(w(base + ("lines", key), key=True), "line key", key, V.LINE_KEYS))
        for i, line in enumerate(lines):
            for j, act in enumerate(line.acts or []):
                if act not in V.ACTS:
                    out.append(_unknown(w(base + ("lines", key, i, "acts", j)), "act", act, V.ACTS))
    return out


def _check_lexicon(spec: ScenarioSpec, source: src.Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if spec.lexicon is None:
        return out
    for speaker, known, what in (("collector", V.MOVES, "move"), ("debtor", V.ACTS, "act")):
        for lang, table in (getattr(spec.lexicon, speaker) or {}).items():
            for label, patterns in table.items():
                base = ("lexicon", speaker, lang, label)
                if label not in known:
                    out.append(_unknown(source.where(base, key=True), what, label, known))
                for i, pattern in enumerate(patterns):
                    try:
                        re.compile(pattern)
                    except re.error as exc:
                        out.append(Diagnostic(source.where(base + (i,)), "error", "E014",
                                              f"bad pattern `{pattern}`: {exc.msg}",
                                              "write a Python regular expression; escape ( ) [ ] ? * + with \\"))
                        continue
                    if numbered_reference(pattern):
                        out.append(Diagnostic(source.where(base + (i,)), "error", "E014",
                                              f"pattern `{pattern}` refers to a group by number (\\1)",
                                              "a label's patterns are searched joined together, so numbers shift: "
                                              "name the group, e.g. `(?P<n>[0-9]{1,3}万)就(?P=n)`"))
                        continue
                    if unbounded(pattern):
                        out.append(Diagnostic(source.where(base + (i,)), "error", "E015",
                                              f"pattern `{pattern}` repeats without a limit (+, * or {{n,}})",
                                              f"give the repetition an upper bound, e.g. `{bound(pattern)}`: "
                                              "unbounded repeats can make matching very slow"))
    return out


def _check_condition(text: str, where: Location) -> list[Diagnostic]:
    cond = parse_condition(text)
    if cond is None:
        return [Diagnostic(where, "error", "E013", f"cannot read the condition `{text}`",
                           "write `METER OP NUMBER` (e.g. `pressure >= 40`) or a flag (e.g. `decider_reached`, `not hardened`)")]
    if cond.op:
        if cond.name not in NUMERIC_NAMES:
            return [_unknown(where, "meter", cond.name, NUMERIC_NAMES)]
    elif cond.name not in V.FLAGS:
        return [_unknown(where, "flag", cond.name, V.FLAGS)]
    return []


# ---------------------------------------------------------------------------------------------
# Resolving the extends chain


def _persona_dirs(scenario_path: Path) -> list[Path]:
    dirs = [scenario_path.resolve().parent / "personas", bundled_dir() / "personas"]
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


# Persona parts are shared by many scenarios (every one extends base.yaml): each file is parsed and
# checked once per version. Parts are never modified after validation, so sharing them is safe.
_PARTS: dict[tuple[Path, int, int], tuple[PersonaSpec | None, list[Diagnostic]]] = {}


def _load_part(name: str, dirs: list[Path], where: Location, problems: list[Diagnostic]) -> PersonaSpec | None:
    for d in dirs:
        path = d / f"{name}.yaml"
        if path.exists():
            stat = path.stat()
            key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
            if key not in _PARTS:
                _PARTS[key] = _parse_part(path)
            part, found = _PARTS[key]
            problems.extend(found)
            return part
    known = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")})
    problems.append(_unknown(where, "persona", name, known, code="E021"))
    return None


def _parse_part(path: Path) -> tuple[PersonaSpec | None, list[Diagnostic]]:
    try:
        source = src.load(path, _display(path))
        if not isinstance(source.data, dict):
            return None, [Diagnostic(source.where(()), "error", "E012", "a persona file must be a mapping of fields")]
        part = _validate(PersonaSpec, source.data, source, ())
    except ScenarioError as exc:
        return None, list(exc.diagnostics)
    return part, _check_part(part, source, ()) + lint_part_states(part, source, ())


def _chain(start: PersonaSpec, dirs: list[Path], problems: list[Diagnostic]) -> list[PersonaSpec]:
    """The persona parts from the root archetype down to ``start``."""
    chain = [start]
    seen: list[str] = []
    current = start
    while current.extends:
        name = current.extends
        where = current.where or Location("?", 1, 1)
        if name in seen:
            problems.append(Diagnostic(where, "error", "E021", f"persona `{name}` extends itself (cycle: {' → '.join(seen + [name])})",
                                       "remove the `extends:` that closes the loop"))
            break
        seen.append(name)
        parent = _load_part(name, dirs, where, problems)
        if parent is None:
            break
        chain.append(parent)
        current = parent
        if len(chain) > 10:
            problems.append(Diagnostic(where, "error", "E021", "the `extends:` chain is longer than 10"))
            break
    return list(reversed(chain))


def _merge(parts: list[PersonaSpec]) -> dict[str, Any]:
    merged: dict[str, Any] = {
        "chain": [], "name": None, "tactics": None, "traits": dict(DEFAULT_TRAITS),
        "meters": dict(DEFAULT_METERS), "params": dict(DEFAULT_PARAMS), "first_offer": None,
        "best_terms": None, "states": {}, "transitions": [], "effects": {}, "tactic_rules": {}, "lines": {},
    }
    for part in parts:
        merged["chain"].append(part.id or "scenario")
        for key in ("name", "tactics", "first_offer", "best_terms"):
            if getattr(part, key) is not None:
                merged[key] = getattr(part, key)
        if part.traits:
            merged["traits"].update(part.traits.model_dump(exclude_none=True))
        if part.params:
            merged["params"].update(part.params.model_dump(exclude_none=True))
        merged["meters"].update(part.meters or {})
        for st in part.states or []:
            merged["states"][st.id] = st
        # A part's own transitions are tried before those it inherits.
        merged["transitions"] = list(part.transitions or []) + merged["transitions"]
        for move, deltas in (part.effects or {}).items():
            merged["effects"].setdefault(move, {}).update(deltas)
        for tactic, rule in (part.tactic_rules or {}).items():
            merged["tactic_rules"].setdefault(tactic, dict(DEFAULT_RULE)).update(rule.model_dump(exclude_none=True))
        merged["lines"].update(part.lines or {})
    return merged


def _resolve(spec: ScenarioSpec, source: src.Source, path: Path, problems: list[Diagnostic]) -> Persona | None:
    dirs = _persona_dirs(path)
    before = len(problems)
    parts = _chain(spec.persona, dirs, problems)
    if any(d.severity == "error" for d in problems[before:]):
        return None  # the chain is broken: what follows would only repeat it
    merged = _merge(parts)
    tactics = merged["tactics"] or []
    where = source.where(("persona",))
    if not tactics:
        problems.append(Diagnostic(where, "error", "E010", "the persona uses no tactic", "add `tactics: [delay]` (or another of 躲拉赖拖推磨)"))
    # A mixed persona borrows the excuses and rules of each tactic's own archetype.
    for tactic in tactics:
        if tactic in V.TACTICS and (tactic not in merged["lines"] or tactic not in merged["tactic_rules"]):
            borrower = PersonaSpec(extends=tactic)
            borrower._where = where
            archetype = _chain(borrower, dirs, problems)[:-1]
            if archetype:
                borrowed = _merge(archetype)
                merged["lines"].setdefault(tactic, borrowed["lines"].get(tactic, []))
                if tactic in borrowed["tactic_rules"]:
                    merged["tactic_rules"].setdefault(tactic, borrowed["tactic_rules"][tactic])
    for key in ("first_offer", "best_terms"):
        if merged[key] is None:
            problems.append(Diagnostic(where, "error", "E010", f"`persona.{key}` is missing",
                                       f"add `{key}: {{pay_now: 0, amount: …, days: …}}`"))
    if any(d.severity == "error" for d in problems):
        return None
    transitions = [(t, [parse_condition(c) for c in t.when]) for t in merged["transitions"]]
    return Persona(
        chain=merged["chain"], name=merged["name"], tactics=tactics, traits=merged["traits"],
        meters=merged["meters"], params=merged["params"], first_offer=merged["first_offer"],
        best_terms=merged["best_terms"], states=list(merged["states"].values()),
        transitions=transitions, effects=merged["effects"],
        tactic_rules={t: {**DEFAULT_RULE, **merged["tactic_rules"].get(t, {})} for t in V.TACTICS},
        lines=merged["lines"],
    )


# ---------------------------------------------------------------------------------------------
# Checks on the resolved persona: references across parts


def _check_resolved(spec: ScenarioSpec, persona: Persona, source: src.Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    here = source.where(("persona",))
    state_ids = {s.id for s in persona.states}
    initial = [s for s in persona.states if s.initial]
    if not persona.states:
        out.append(Diagnostic(here, "error", "E023", "the persona has no states", "extend an archetype (`extends: delay`) or list `states:`"))
    elif len(initial) != 1:
        where = initial[1].where if len(initial) > 1 and initial[1].where else here
        out.append(Diagnostic(where, "error", "E023",
                              f"the persona needs exactly one initial state, has {len(initial)}"
                              + (f" ({', '.join(s.id for s in initial)})" if initial else ""),
                              "mark one state `initial: true`"))
    for t, _ in persona.transitions:
        w = t.where or here
        for s in t.from_:
            if s != "*" and s not in state_ids:
                out.append(_unknown(w, "state", s, state_ids, code="E022"))
        if t.to not in state_ids:
            out.append(_unknown(w, "state", t.to, state_ids, code="E022"))
    for st in persona.states:
        if st.kind == "stall" and st.tactic and st.tactic not in persona.tactics:
            out.append(Diagnostic(st.where or here, "error", "E020",
                                  f"state `{st.id}` stalls with `{st.tactic}`, which the persona does not use",
                                  f"add `{st.tactic}` to `tactics`, or remove `tactic:`"))
    if "hide" in persona.tactics and not any(s.kind == "gate" for s in persona.states):
        out.append(Diagnostic(here, "error", "E022", "the persona hides but has no `gate` state",
                              "extend the `hide` archetype, or add a state with `kind: gate`"))
    # Offers: the best terms must be at least as good as the first, and within the debt.
    debt = spec.case.debt.amount
    fo, bt = persona.first_offer, persona.best_terms
    for name_, terms in (("first_offer", fo), ("best_terms", bt)):
        if terms.total > debt + 1e-6:
            out.append(Diagnostic(terms.where or here, "error", "E012",
                                  f"`{name_}` pays {terms.total:g}, more than the debt ({debt:g})",
                                  "lower `pay_now` + `amount` to at most the debt"))
        if terms.total <= 0:
            out.append(Diagnostic(terms.where or here, "error", "E012", f"`{name_}` pays nothing", "give it an `amount`"))
    if bt.total < fo.total or bt.pay_now < fo.pay_now:
        out.append(Diagnostic(bt.where or here, "error", "E012",
                              "`best_terms` pay less than `first_offer`",
                              "the best terms are what pressure can win: more money, sooner"))
    out += _check_lines(spec, persona, source)
    return out


def required_line_keys(persona: Persona) -> list[str]:
    keys = list(V.REQUIRED_LINE_KEYS) + [t for t in persona.tactics]
    if any(s.kind == "gate" for s in persona.states):
        keys.append("gatekeeper")
    return keys


def _check_lines(spec: ScenarioSpec, persona: Persona, source: src.Source) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    here = source.where(("persona",))
    case_fields = set(Scenario(spec, persona, Path()).case_fields("zh"))
    known_fields = case_fields | set(V.ENGINE_TEMPLATE_FIELDS)
    for key in required_line_keys(persona):
        if not persona.lines.get(key):
            out.append(Diagnostic(here, "error", "E025", f"the persona has no `{key}` lines",
                                  f"add `lines: {{{key}: [{{zh: …, en: …}}]}}`"))
    formatter = string.Formatter()
    for key, lines in persona.lines.items():
        for line in lines:
            w = line.where or here
            for lang in spec.languages:
                text = getattr(line, lang)
                if not text:
                    out.append(Diagnostic(w, "error", "E025", f"a `{key}` line has no `{lang}` text, but the scenario is played in `{lang}`",
                                          f"add `{lang}: …` to this line"))
                    continue
                try:
                    names = [f for _, f, _, _ in formatter.parse(text) if f is not None]
                except ValueError as exc:
                    out.append(Diagnostic(w, "error", "E024", f"bad template in a `{key}` line: {exc}",
                                          "write fields as {name}; a literal brace is {{ or }}"))
                    continue
                for f in names:
                    base = f.split(".")[0].split("[")[0]
                    if base not in known_fields:
                        out.append(Diagnostic(w, "error", "E024", f"template field `{{{f}}}` is not defined by the case",
                                              did_you_mean(base, known_fields) or f"define it under `case.facts.{base}`"))
    return out
