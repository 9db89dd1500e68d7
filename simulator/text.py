"""Terminal text measured by cell width (Chinese characters take two cells), never len()."""

from __future__ import annotations

from wcwidth import wcswidth, wcwidth


def width(text: str) -> int:
    w = wcswidth(text)
    if w >= 0:
        return w
    return sum(max(wcwidth(ch), 0) for ch in text)


def pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` terminal cells (never cut)."""
    return text + " " * max(0, cells - width(text))


def clip(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, with an ellipsis when cut."""
    if width(text) <= cells:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > cells - 1:
            break
        out += ch
        used += w
    return out + "…"
