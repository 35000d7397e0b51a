"""Search keys for Chinese names: full pinyin and initials, so "jlfs" or
"jinling" finds 金陵副食便利店 on a laptop keyboard without an IME."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _pinyin():
    # pypinyin loads a large dictionary; import it only when a key is made.
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin, Style


def search_key(name: str) -> str:
    """``"金陵副食" → "jinlingfushi jlfs"`` (lower case; non-Chinese text kept as is)."""
    lazy_pinyin, style = _pinyin()
    syllables = [s.lower() for s in lazy_pinyin(name, errors="default") if s.strip()]
    initials = [s[0] for s in lazy_pinyin(name, style=style.FIRST_LETTER, errors="default") if s.strip()]
    full = "".join(syllables).replace(" ", "")
    return f"{full} {''.join(initials).lower()}"
