"""Bounded repetition in lexicon patterns: a guard against slow (quadratic or worse) matching.

Python's ``re`` backtracks; a pattern like ``[0-9]{3,}.{0,24}x`` on a long run of digits tries
every start and every length. Lexicon patterns therefore repeat at most a bounded number of times.
"""

from __future__ import annotations

import re

_OPEN_BOUND = re.compile(r"\{(\d+),\}")


def unbounded(pattern: str) -> list[int]:
    """Positions of unbounded quantifiers (``+``, ``*``, ``{n,}``) outside character classes."""
    found: list[int] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":
                i += 1  # "[]...]": a literal ] first
        elif ch in "+*" and i > 0 and pattern[i - 1] not in "(|":
            found.append(i)
        elif ch == "{" and _OPEN_BOUND.match(pattern, i):
            found.append(i)
        i += 1
    return found


def bound(pattern: str, most: int = 12) -> str:
    """The pattern with every unbounded quantifier given an upper bound."""
    out: list[str] = []
    last = 0
    for i in unbounded(pattern):
        out.append(pattern[last:i])
        ch = pattern[i]
        if ch == "+":
            out.append(f"{{1,{most}}}")
            last = i + 1
        elif ch == "*":
            out.append(f"{{0,{most}}}")
            last = i + 1
        else:
            m = _OPEN_BOUND.match(pattern, i)
            low = int(m.group(1))
            out.append(f"{{{low},{max(most, low + 4)}}}")
            last = m.end()
    out.append(pattern[last:])
    return "".join(out)
