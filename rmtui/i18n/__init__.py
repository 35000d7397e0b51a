"""Interface text in Chinese and English.

``Translator(locale)("key", **values)`` returns the text for the key in that
locale (falling back to English, then to the key itself, so a missing entry
shows up plainly instead of crashing). Catalogues live in ``catalog.py``.
"""

from __future__ import annotations

from rmtui.i18n.catalog import EN, ZH

LOCALES = ("zh", "en")


class Translator:
    """Looks up interface text for one locale."""

    def __init__(self, locale: str = "zh") -> None:
        if locale not in LOCALES:
            raise ValueError(f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")
        self.locale = locale
        self._table = ZH if locale == "zh" else EN

    def __call__(self, key: str, **values: object) -> str:
        text = self._table.get(key) or EN.get(key) or key
        return text.format(**values) if values else text

    def other(self) -> Translator:
        """The translator for the other language (the F2 switch)."""
        return Translator("en" if self.locale == "zh" else "zh")
