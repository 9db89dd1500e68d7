"""Script files for ``cuikuan run``: one trainee reply a line."""

from __future__ import annotations

from pathlib import Path

SILENT_LINES = {"……", "...", "/silence", "…", "。。。"}


class ScriptError(Exception):
    pass


def read_script(path: str | Path) -> list[str]:
    """The replies in a script file; blank and ``#`` lines are skipped, silences become ""."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScriptError(f"{path}: script file not found") from None
    except IsADirectoryError:
        raise ScriptError(f"{path}: is a folder, not a script file") from None
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the script: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScriptError(f"{path}:{line}: the script is not UTF-8 text; save it as UTF-8") from None
    return parse_script(text)


def parse_script(text: str) -> list[str]:
    replies: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        replies.append("" if stripped in SILENT_LINES else stripped)
    return replies
