"""The weekly plan as Markdown: the same content as the workbook, as tables.

Readable as plain text and rendered by any Markdown viewer (GitHub-style
pipe tables); a ``|`` or ``\\`` inside a cell is escaped and line breaks
become ``<br>`` so a cell never breaks the table.
"""

from __future__ import annotations

from rmtui.exports.submission_doc import (
    Cell,
    SubmissionDoc,
    Table,
    day_table,
    days_table,
    facts,
    lists,
    target_tables,
    title,
    unplaced_table,
)


def submission_to_markdown(doc: SubmissionDoc) -> str:
    """The whole submission as one Markdown document."""
    out = [f"# {_inline(title(doc))}", ""]
    out += [f"- **{_inline(label)}**: {_inline(value)}" for label, value in facts(doc)]
    tables = [*target_tables(doc), days_table(doc)]
    unplaced = unplaced_table(doc)
    if unplaced is not None:
        tables.append(unplaced)
    for table in tables:
        out += ["", f"## {_inline(table.title)}", "", *markdown_table(table)]
    for heading, items in lists(doc):
        out += ["", f"## {_inline(heading)}", "", *(f"- {_inline(i)}" for i in items)]
    for d in doc.plan.days:
        table = day_table(doc, d)
        out += ["", f"## {_inline(table.title)}", ""]
        out += markdown_table(table) if table.rows else [doc.t("submission.no_visits")]
    return "\n".join(out) + "\n"


def markdown_table(table: Table) -> list[str]:
    """Pipe-table lines of ``table``; numbers right-aligned, the total row in bold."""
    numeric = [all(isinstance(r[k], (int, float)) for r in table.rows) and bool(table.rows)
               for k in range(len(table.headers))]
    lines = [_row(table.headers), "| " + " | ".join("---:" if n else "---" for n in numeric) + " |"]
    lines += [_row(r) for r in table.rows]
    if table.total is not None:
        lines.append(_row(tuple(f"**{_cell(v)}**" if _cell(v) else "" for v in table.total), escaped=True))
    return lines


def _row(values: tuple[Cell, ...], escaped: bool = False) -> str:
    return "| " + " | ".join(str(v) if escaped else _cell(v) for v in values) + " |"


def _cell(value: Cell | None) -> str:
    if value is None:
        return ""
    return _inline(str(value)).replace("\\", "\\\\").replace("|", "\\|")


def _inline(text: str) -> str:
    return "<br>".join(text.strip().splitlines())
