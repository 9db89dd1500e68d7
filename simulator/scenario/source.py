"""Safe YAML loading that remembers where every value came from.

Only ``yaml.SafeLoader`` is used (no tags that build Python objects). The node tree is walked
by hand so that every value and every mapping key keeps its line and column, duplicate keys are
reported instead of silently overwritten, and alias bombs are stopped by a node budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.scenario.diagnostics import Diagnostic, Location, ScenarioError

MAX_BYTES = 2 * 1024 * 1024  # a scenario is a few KiB; anything this large is a mistake
MAX_NODES = 200_000  # counts nodes reached through aliases too: stops "billion laughs"

Path_ = tuple[str | int, ...]
# libyaml's safe loader when PyYAML has it (same safe semantics and marks, several times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    """A parsed YAML document with the location of each value and mapping key."""

    file: str
    data: Any
    values: dict[Path_, Location] = field(default_factory=dict)
    keys: dict[Path_, Location] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> Location:
        """The location of the value (or key) at ``path``, else of its nearest ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), Location(self.file, 1, 1))


def _error(file: str, line: int, col: int, code: str, message: str, fix: str | None = None):
    return ScenarioError([Diagnostic(Location(file, line, col), "error", code, message, fix)])


def read_text(path: str | Path, display: str | None = None) -> str:
    """Read a UTF-8 file, turning every failure into a located error."""
    shown = display or str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise _error(shown, 1, 1, "E001", "file not found", "check the path or the scenario id (`cuikuan list`)")
    except OSError as exc:
        raise _error(shown, 1, 1, "E001", f"cannot read the file: {exc.strerror}")
    if p.is_dir():
        raise _error(shown, 1, 1, "E001", "this is a folder, not a scenario file")
    if size > MAX_BYTES:
        raise _error(shown, 1, 1, "E004", f"file is {size // 1024} KiB; scenario files are limited to {MAX_BYTES // 1024 // 1024} MiB",
                     "split the scenario, or check that this is the right file")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise _error(shown, 1, 1, "E001", f"cannot read the file: {exc.strerror}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(shown, line, col, "E002", "the file is not UTF-8 text", "save it as UTF-8")


def parse(text: str, file: str) -> Source:
    """Parse one YAML document, keeping locations. Raises ScenarioError on any problem."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, file, text) from None
        except yaml.YAMLError as exc:
            raise _error(file, 1, 1, "E002", f"YAML error: {exc}") from None
        source = Source(file, None)
        if node is None:
            raise _error(file, 1, 1, "E010", "the file is empty", "start from `cuikuan new` or a bundled scenario")
        budget = [MAX_NODES]
        source.data = _walk(node, (), source, loader, budget, set())
        return source
    finally:
        loader.dispose()


def load(path: str | Path, display: str | None = None) -> Source:
    shown = display or str(path)
    return parse(read_text(path, shown), shown)


def _syntax_error(exc: yaml.MarkedYAMLError, file: str, text: str) -> ScenarioError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    fix = None
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "\t" in bad_line[: max(col, 1)] or "'\\t'" in problem:
        problem = "a tab character is used for indentation"
        fix = "YAML indents with spaces only; replace the tab with spaces"
    elif "mapping values are not allowed" in problem:
        fix = "a value containing ': ' must be quoted, or the indentation is off"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        fix = "check the indentation of this line against the lines above it"
    elif "found undefined alias" in problem:
        fix = "define the anchor (&name) before using the alias (*name)"
    return ScenarioError([Diagnostic(Location(file, line, col), "error", "E002", f"YAML syntax: {problem}", fix)])


def _walk(node: yaml.Node, path: Path_, source: Source, loader: yaml.SafeLoader, budget: list[int], active: set[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        mark = node.start_mark
        raise _error(source.file, mark.line + 1, mark.column + 1, "E004",
                     f"the document expands to more than {MAX_NODES} values (aliases nested too deep?)",
                     "remove the nested aliases (&anchor / *alias)")
    mark = node.start_mark
    source.values.setdefault(path, Location(source.file, mark.line + 1, mark.column + 1))
    if id(node) in active:
        raise _error(source.file, mark.line + 1, mark.column + 1, "E004", "an alias refers to itself",
                     "remove the recursive alias")
    if isinstance(node, yaml.MappingNode):
        active.add(id(node))
        loader.flatten_mapping(node)  # resolves `<<:` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            try:
                key = loader.construct_object(key_node, deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                km = key_node.start_mark
                raise _error(source.file, km.line + 1, km.column + 1, "E002", f"bad key `{key_node.value}`",
                             "quote the key") from None
            if isinstance(key, (list, dict)):
                km = key_node.start_mark
                raise _error(source.file, km.line + 1, km.column + 1, "E002", "a mapping key must be a plain value")
            key = key if isinstance(key, str) else str(key) if not isinstance(key, bool) else str(key).lower()
            km = key_node.start_mark
            if key in result:
                first = source.keys[path + (key,)]
                raise _error(source.file, km.line + 1, km.column + 1, "E003",
                             f"duplicate key `{key}` (first given at line {first.line})",
                             "remove one of the two, or merge them")
            source.keys[path + (key,)] = Location(source.file, km.line + 1, km.column + 1)
            result[key] = _walk(value_node, path + (key,), source, loader, budget, active)
        active.discard(id(node))
        return result
    if isinstance(node, yaml.SequenceNode):
        active.add(id(node))
        items = [_walk(item, path + (i,), source, loader, budget, active) for i, item in enumerate(node.value)]
        active.discard(id(node))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise _error(source.file, mark.line + 1, mark.column + 1, "E002", f"bad value: {exc}") from None
    except (ValueError, OverflowError) as exc:  # e.g. 2026-13-01 looks like a date to YAML but is none
        raise _error(source.file, mark.line + 1, mark.column + 1, "E002", f"bad value `{node.value}`: {exc}",
                     "write a real date as YYYY-MM-DD, or quote the value to keep it as text") from None
