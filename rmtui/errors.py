"""Errors a user can act on.

Anything raised as a ``UserError`` is shown as one message (no traceback);
the CLI exits with status 2, the app shows it beside the field or in a modal.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input, files or environment, with a fix.

    ``title`` names what failed ("Configuration", "Import", "Database");
    ``str(error)`` says what is wrong and how to fix it.
    """

    exit_code = 2

    def __init__(self, message: str, *, title: str = "Error") -> None:
        super().__init__(message)
        self.title = title

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.args[0]


class ConfigError(UserError):
    """The configuration file is missing, unreadable or invalid."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="Configuration")


class DatabaseError(UserError):
    """The database cannot be opened, created or upgraded safely."""

    def __init__(self, message: str) -> None:
        super().__init__(message, title="Database")


class InputError(UserError):
    """A data file or JSON document given on the command line is invalid."""

    def __init__(self, message: str, *, title: str = "Input") -> None:
        super().__init__(message, title=title)
