"""Remembering the column mapping of a file layout, so the next import reuses it.

After an import is written its mapping is stored in the database's ``meta``
table under ``import.mapping.<signature>``, where the signature is a hash of
the file's header names (see ``header_signature``). A later file with the
same headers gets the same mapping, including any corrections made in the
app's mapping editor. ``--mapping FILE.yaml`` always takes precedence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy.orm import Session

from rmtui.importing.mapping import HEADER_ALIASES, header_signature
from rmtui.store.models import Meta

PREFIX = "import.mapping."


def _key(header: tuple[str, ...]) -> str:
    return PREFIX + header_signature(header)


def saved_mapping(session: Session, header: tuple[str, ...]) -> dict[str, str] | None:
    """The mapping last used for files with this header, if it still fits the header."""
    row = session.get(Meta, _key(header))
    if row is None:
        return None
    try:
        mapping = json.loads(row.value)["mapping"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(mapping, dict):
        return None
    columns = set(header)
    if any(f not in HEADER_ALIASES or h not in columns for f, h in mapping.items()):
        return None
    return dict(mapping)


def save_mapping(session: Session, header: tuple[str, ...], mapping: Mapping[str, str]) -> None:
    """Remember ``mapping`` for files with this header."""
    value = json.dumps({"header": [h for h in header if h], "mapping": dict(mapping)}, ensure_ascii=False)
    row = session.get(Meta, _key(header))
    if row is None:
        session.add(Meta(key=_key(header), value=value))
    else:
        row.value = value
