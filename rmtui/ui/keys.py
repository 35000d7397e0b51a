"""Binding labels in the interface language.

Bindings are declared once per class with an ``id``; their footer and help
labels come from the catalogue key ``key.<id>`` of the current locale.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from rmtui.i18n import Translator


def localize_bindings(node: DOMNode, t: Translator) -> None:
    """Relabel ``node``'s bindings that have an id with a catalogue entry.

    Does nothing when the labels are already in ``t``'s language: every
    refresh makes the footer rebuild all its keys, the costliest part of
    opening a screen.
    """
    table = node._bindings.key_to_bindings  # noqa: SLF001 - Textual keeps per-instance bindings here
    changed = False
    for key, bindings in table.items():
        relabelled = []
        for b in bindings:
            label = t(f"key.{b.id}") if b.id else None
            if label is not None and label != f"key.{b.id}" and label != b.description:
                b = replace(b, description=label)
                changed = True
            relabelled.append(b)
        table[key] = relabelled
    if changed:
        node.refresh_bindings()
