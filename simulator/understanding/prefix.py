"""The literal text a pattern's matches must start with, so that it is tried only where that is.

Python's regex engine scans fast for a match when every alternative of a pattern starts with a
literal character: it skips, in C, every position whose character none of them can start with.
A rule's alternatives rarely do: they start with a group ("(?:能不能|可不可以)今天付"), an optional
word ("(?:就)?先付"), a short class ("[这那]笔"), a look-behind ("(?<!不)付款") or, in English,
a word boundary ("\\bpay"); and one such alternative is enough for a whole label to be tried
alternative by alternative at every character of the input. ``starts`` writes out the texts an
alternative's matches can begin with:

    (?:能不能|可不可以)今天付  →  能不能, 可不可
    (?:就)?先付               →  就先付, 先付
    [这那]笔                  →  这笔, 那笔
    (?<!不)付款               →  付款          (look-arounds and \\b take no text: passed over)
    \\bpay(?:ing)?\\b          →  pay

so the lexicon can look for those first, with one fast search, and try the alternatives only
where one of them is (``lexicon.LabelMatcher``). A start is necessary for a match, not enough.
An alternative whose start cannot be written out (".{0,5}", "\\d", "[\\u4e00-\\u9fff]", a capturing
group…) gets None and is searched as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SPECIAL = frozenset(".^$*+?{}[]\\|()")
MAX_STARTS = 256  # an alternative with more possible starts than this is searched as it is
MAX_CLASS = 64  # a class of more characters than this is not written out
MOST = 3  # starts are written out this many characters at most (longer ones find few fewer places)

_PLAIN = re.compile(r"[^.^$*+?{}\[\]\\|()]+")
_Start = tuple  # the atoms of a start as written ("付", "款"; "\\." for an escaped full stop)


def starts(branch: str, most: int | None = None) -> list[str] | None:
    """The literal texts (as regex source) one of which every match of ``branch`` begins with,
    each at most ``most`` characters; None if that cannot be known."""
    found = _alternation(branch, most or MOST)
    if found is None or any(not text for text, _ in found):
        return None  # a match could begin anywhere
    return list(dict.fromkeys("".join(text) for text, _ in found))


def any_start(begins) -> str:
    """One alternation of literal starts (regex source), without those that begin with a shorter
    one: "付款" finds nothing that "付" does not."""
    begins = set(begins)
    return "|".join(sorted(s for s in begins if not any(s[:k] in begins for k in range(1, len(s)))))


def finder(pattern: str, flags: int = 0) -> re.Pattern | None:
    """A fast search that must succeed wherever ``pattern`` can match: its starts, in one
    alternation of literals; None when some alternative could begin anywhere."""
    found: set[str] = set()
    for branch in split_top(pattern):
        begins = starts(branch)
        if begins is None:
            return None
        found.update(begins)
    return re.compile(any_start(found), flags) if found else None


def _alternation(p: str, most: int) -> list[tuple[_Start, bool]] | None:
    """Each (start, complete) of ``p``: every match begins with one start; ``complete`` when the
    match is then exactly that start and nothing more."""
    out: list[tuple[_Start, bool]] = []
    for alternative in split_top(p):
        part = _sequence(alternative, most)
        if part is None:
            return None
        out += part
        if len(out) > MAX_STARTS:
            return None
    return list(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def _sequence(p: str, most: int) -> list[tuple[_Start, bool]] | None:
    if not p:
        return [((), True)]
    # Look-arounds, \b, ^ and $ take no text.
    if p.startswith(("(?<!", "(?<=", "(?=", "(?!")):
        return _sequence(p[_group_end(p, 0):], most)
    if p.startswith(("\\b", "\\B", "\\A", "\\Z")):
        return _sequence(p[2:], most)
    if p[0] in "^$":
        return _sequence(p[1:], most)
    run = _PLAIN.match(p)
    if run:
        # Plain characters ("今天付款"): no parsing needed for a start that ends inside them.
        text = run.group()
        if run.end() < len(p) and p[run.end()] in "?*+{":
            text = text[:-1]  # the last one is repeated: it is not certain
        if len(text) >= most:
            return [(tuple(text[:most]), False)]
        if text:
            return [((*text, *t), c) if len(text) + len(t) <= most else ((*text, *t)[:most], False)
                    for t, c in _sequence(p[len(text):], most - len(text)) or [((), False)]]
    atom = _atom(p)
    if atom is None:
        return [((), False)]  # from here on, anything
    q, after = _quantifier(p, len(atom))
    rest = p[after:]
    if atom.startswith("(?:"):
        heads = _alternation(atom[3:-1], most)
    elif atom.startswith("(?a:"):
        heads = _alternation(atom[4:-1], most)
    elif atom.startswith("["):
        heads = [((c,), True) for c in _class_chars(atom[1:-1])]
    else:
        heads = [((atom,), True)]
    if heads is None:
        heads = [((), False)]
    low, high = _bounds(q)
    if high == 0:
        return _sequence(rest, most)
    if high is None:
        # "x*", "x+": once or more, then anything the repeat and the rest allow; the start ends here.
        again = None
    else:
        again = f"{atom}{{{max(low - 1, 0)},{high - 1}}}{rest}" if high > 1 else rest
    out: list[tuple[_Start, bool]] = []
    tail: list[tuple[_Start, bool]] | None = None
    for head, complete in heads:
        if complete and len(head) < most and again is not None:
            if tail is None:
                tail = _sequence(again, most) or [((), False)]
                if len(tail) * len(heads) > MAX_STARTS:
                    tail = [((), False)]  # too many ways on: the start ends here
            out += [((head + t)[:most], c and len(head + t) <= most) for t, c in tail]
        else:
            out.append((head[:most], False))
        if len(out) > MAX_STARTS:
            return None
    if low == 0:
        without = _sequence(rest, most)
        if without is None:
            return None
        out += without
    return out


def _bounds(q: str) -> tuple[int, int | None]:
    """How often a quantifier lets its atom occur: "" (1, 1), "?" (0, 1), "{2,5}?" (2, 5),
    "+" (1, None)…"""
    core = q[:-1] if len(q) > 1 and q[-1] in "?+" else q  # lazy "x*?" and possessive "x*+" repeat as often
    if core in ("", "?"):
        return (1, 1) if core == "" else (0, 1)
    if core in ("*", "+"):
        return (0 if core == "*" else 1), None
    body = core[1:-1]
    low_s, comma, high_s = body.partition(",")
    low = int(low_s or 0)
    return low, (low if not comma else int(high_s) if high_s else None)


# What nests in a pattern: escapes and classes are passed over whole; parentheses and bars count.
_TOKEN = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.S)


@lru_cache(maxsize=4096)
def split_top(pattern: str) -> list[str]:
    """A pattern's top-level alternatives: "a|b(?:c|d)" → ["a", "b(?:c|d)"]."""
    out: list[str] = []
    depth = start = 0
    for m in _TOKEN.finditer(pattern):
        t = m.group()
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
        elif t == "|" and depth == 0:
            out.append(pattern[start:m.start()])
            start = m.end()
    out.append(pattern[start:])
    return out


def _class_end(p: str, i: int) -> int:
    """The index just after the character class that starts at ``p[i] == "["``."""
    m = _TOKEN.match(p, i)
    return m.end() if m and m.group().startswith("[") else len(p)


def _group_end(p: str, i: int) -> int:
    """The index just after the group that opens at ``p[i] == "("``."""
    depth = 0
    for m in _TOKEN.finditer(p, i):
        t = m.group()
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            if depth == 0:
                return m.end()
    raise ValueError("unbalanced parenthesis")


def _quantifier(p: str, i: int) -> tuple[str, int]:
    """The quantifier at ``p[i:]`` ("", "?", "??", "*", "{1,3}"…) and the index after it."""
    if i >= len(p) or p[i] not in "?*+{":
        return "", i
    if p[i] == "{":
        j = p.find("}", i)
        if j < 0 or not all(c.isdigit() or c == "," for c in p[i + 1:j]):
            return "", i  # a literal "{"
        j += 1
    else:
        j = i + 1
    if j < len(p) and p[j] in "?+":
        j += 1
    return p[i:j], j


def _class_chars(body: str) -> list[str] | None:
    """The characters a simple class ("这那", "0-9") stands for, as written; None if it is
    negated, uses escapes or is too large to write out."""
    if not body or body[0] == "^" or "\\" in body:
        return None
    chars: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            lo, hi = ord(body[i]), ord(body[i + 2])
            if hi - lo >= MAX_CLASS:
                return None
            chars += [chr(c) for c in range(lo, hi + 1)]
            i += 3
        else:
            chars.append(body[i])
            i += 1
    chars = list(dict.fromkeys(chars))
    if len(chars) > MAX_CLASS or any(c in _SPECIAL or c == "-" for c in chars):
        return None
    return chars


def _atom(p: str) -> str | None:
    """The first element of ``p`` if it is one that can be written out: a literal character, a
    simple class, a non-capturing group or an ASCII-flag group; else None."""
    ch = p[0]
    if p.startswith("(?:") or p.startswith("(?a:"):
        return p[:_group_end(p, 0)]
    if ch == "[":
        end = _class_end(p, 0)
        return p[:end] if _class_chars(p[1:end - 1]) is not None else None
    if ch == "\\":
        # \d, \s, \w, \1…: a class or a reference, not one character
        return p[:2] if len(p) >= 2 and not p[1].isalnum() else None
    return None if ch in _SPECIAL else ch


def casefold(pattern: str) -> str:
    """Lower-case a pattern's literal letters, keeping escapes (\\S, \\W, \\B, \\D…) as written: the
    pattern then runs without re.I on lower-cased text, several times faster."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "(" and pattern.startswith("(?P<", i):
            end = pattern.index(">", i)
            out.append(pattern[i:end + 1])  # group names keep their case
            i = end + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)
