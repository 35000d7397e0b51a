"""What the import reports, as data: a message key with values, worded when shown.

Validation runs once and its report is shown in whatever language the reader
uses (the app switches with F2; the CLI, the reject file and the report CSV
use the configured locale), so a ``Problem`` holds no text: its ``message``
is a catalogue key (``import_problem.…`` in ``rmtui/i18n/areas/
import_problems.py``) and the values that fill it. A value may itself be a
``Message`` (a part worded separately), ``ByLocale`` (a name that has a
Chinese and an English form, such as a field or a tier) or ``Items`` (a list
joined the way each language joins lists). ``ImportFileError`` is the same
for an import that cannot go on at all (an unreadable file, a mapping that
does not fit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rmtui.errors import InputError
from rmtui.i18n import Translator

_ENGLISH = Translator("en")


class Message:
    """A catalogue key and the values that fill its placeholders."""

    __slots__ = ("args", "key")

    def __init__(self, key: str, /, **args: object) -> None:
        self.key = key
        self.args = args

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.args) == (other.key, other.args)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.args.items())
        return f"Message({self.key!r}{args})"

    def render(self, t: Translator) -> str:
        """The text in ``t``'s language."""
        values = {k: _text(v, t) for k, v in self.args.items()}
        return t(self.key, **values) if values else t(self.key)

    def __str__(self) -> str:
        return self.render(_ENGLISH)


@dataclass(frozen=True, slots=True)
class ByLocale:
    """A name written differently in each language (客户等级 / tier)."""

    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Items:
    """Values listed: ``a, b`` / ``a、b`` (``list``) or ``x; y`` / ``x；y`` (``clauses``)."""

    items: tuple[object, ...]
    join: Literal["list", "clauses"] = "list"

    @classmethod
    def of(cls, items: Iterable[object], join: Literal["list", "clauses"] = "list") -> Items:
        return cls(tuple(items), join)


def _text(value: object, t: Translator) -> object:
    if isinstance(value, Message):
        return value.render(t)
    if isinstance(value, ByLocale):
        return value.zh if t.locale == "zh" else value.en
    if isinstance(value, Items):
        return t(f"import_problem.join.{value.join}").join(str(_text(v, t)) for v in value.items)
    return value


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a row: the file line, the column header as in the file, the cell, what is wrong."""

    line: int
    column: str
    value: str
    message: Message

    def text(self, t: Translator) -> str:
        """What is wrong and how to fix it, in ``t``'s language (for a report column of its own)."""
        return self.message.render(t)

    def render(self, t: Translator) -> str:
        """The whole problem on one line: line, column, value and message."""
        key = "import_problem.at_value" if self.value else "import_problem.at"
        return t(key, line=self.line, column=self.column, value=self.value, message=self.text(t))

    def __str__(self) -> str:
        return self.render(_ENGLISH)


class ImportFileError(InputError):
    """An import that cannot go on (the file or the mapping), worded when shown; ``str()`` is English."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message), title="Import")
        self.message = message

    def render(self, t: Translator) -> str:
        return self.message.render(t)


def in_file(path: object, key: str, /, **args: object) -> ImportFileError:
    """An error about the file at ``path``: ``path: what is wrong``."""
    return ImportFileError(Message("import_problem.in_file", path=str(path), problem=Message(key, **args)))
