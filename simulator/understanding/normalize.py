"""Text normalisation: width, traditional → simplified, language and script detection."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
# Terminal escape sequences pasted with coloured text ("\x1b[31m"): a colour code is no sum.
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
MAX_CHARS = 4000  # longer input is cut: nobody says more in one turn, and rules stay fast


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: only Chinese text needs it

    return opencc.OpenCC("t2s")


_DIGIT_SPACE_CJK = re.compile(r"(?<=\d) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=\d)")


def clean(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII), terminal escapes and control characters removed."""
    text = text[:MAX_CHARS]
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    # NFKC keeps the Chinese ellipsis; unify the dots people type for a pause.
    text = text.replace("…", "...").replace("⋯", "...")
    # "12 月 4 日", "USD 24,600 全数": spaces typed between figures and Chinese characters go
    # (an auto-spacing habit), so dates and sums read as if written together.
    return _DIGIT_SPACE_CJK.sub("", text) if " " in text else text


def language(text: str) -> str:
    """``zh`` when the text has Chinese characters and not mostly Latin words, else ``en``."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0:
        return "en"
    return "zh" if cjk * 3 >= latin else "en"


def to_simplified(text: str) -> tuple[str, bool]:
    """The simplified text, and whether it was traditional (anything changed)."""
    if not _CJK.search(text):
        return text, False
    simplified = _t2s().convert(text)
    # OpenCC turns 帳 into 帐, which simplified writers use for 账 too ("对帐", "帐上"): one spelling
    # for the lexicons (a tent, 帐篷, is seldom owed money).
    return simplified.replace("帐", "账"), simplified != text
