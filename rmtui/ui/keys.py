"""Binding labels in the interface language.

Bindings are declared once per class with an ``id``; their footer and help
labels come from the catalogue key ``key.<id>`` of the current locale.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from rmtui.i18n import Translator


def localize_bindings(node: DOMNode, t: Translator) -> None:
    """Relabel ``node``'s bindings that have an id with a catalogue entry."""
    table = node._bindings.key_to_bindings  # noqa: SLF001 - Textual keeps per-instance bindings here
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=t(f"key.{b.id}")) if b.id and t(f"key.{b.id}") != f"key.{b.id}" else b
            for b in bindings
        ]
    node.refresh_bindings()
