"""``rmtui plan …``: the monthly, weekly and daily plans on the command line.

Every action prints a readable table, or JSON with ``--json``; a problem the
user can fix exits with status 2 and one message. Heavy modules (the
solver, the database) are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _pairs(values: list[str] | None, what: str) -> dict[str, str]:
    from rmtui.errors import InputError

    out = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{what} {item!r} is not KEY=VALUE", title="Plan")
        out[key.strip()] = value.strip()
    return out


def _file_options(q: argparse.ArgumentParser, metavar: str, out_help: str) -> None:
    q.add_argument("--out", metavar=metavar, help=out_help)
    q.add_argument("--lang", choices=("zh", "en"), help="language of the text (default: the configured locale)")


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("plan", help="monthly, weekly and daily plans", parents=[common])
    ps = p.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str, func: Callable, arg: str, arg_help: str) -> argparse.ArgumentParser:
        q = ps.add_parser(name, help=help_text, parents=[common])
        q.add_argument(arg, help=arg_help)
        q.add_argument("--json", action="store_true", help="print JSON instead of a table")
        q.set_defaults(func=func)
        return q

    week_help = "the ISO week: YYYY-Www (2026-W49), 'this' or 'next'"
    q = add("month", "build or show the monthly plan", _run_month, "month", "the month: YYYY-MM, 'this' or 'next'")
    q.add_argument("--confirm", action="store_true", help="confirm the plan (draft → confirmed)")
    q.add_argument("--target", action="append", metavar="KEY=VALUE", help="set a target (repeatable)")
    q.add_argument("--focus", help="the month's focus (本月重点)")
    q = add("review", "month-end review: planned against done", _run_review, "month", "the month: YYYY-MM")
    q.add_argument("--done", help="what was done (text kept with the review)")
    q.add_argument("--shortfalls", help="what fell short, and why")
    q.add_argument("--improvements", help="what to improve next month")
    q.add_argument("--achieved", action="append", metavar="KEY=VALUE",
                   help="achievement of a target rmtui cannot count itself (repeatable)")
    q = add("week", "build or show the weekly plan (the Friday job)", _run_week, "week", week_help)
    q.add_argument("--rebuild", action="store_true", help="build again, keeping changes made by hand")
    q.add_argument("--time-limit", type=float, metavar="SECONDS", help="cap the optimisation time")
    q = add("submit", "check and submit the weekly plan", _run_submit, "week", week_help)
    q.add_argument("--reason", action="append", metavar="CODE=TEXT",
                   help="why a due visit of customer CODE is not in the plan (repeatable)")
    _file_options(q, "DIR", "folder for the submission files (default: <database folder>/submissions)")
    q = add("files", "write the submission files (xlsx and Markdown) of a week again", _run_files, "week",
            week_help)
    _file_options(q, "DIR", "folder for the files (default: <database folder>/submissions)")
    q = add("calendar", "the week's visits as an iCalendar file (Outlook, Google Calendar)", _run_calendar,
            "week", week_help)
    _file_options(q, "FILE.ics", "where to write it (default: <database folder>/calendar/<manager>-<week>.ics)")
    q = add("approve", "supervisor: approve a submitted plan", _run_approve, "week", week_help)
    q.add_argument("--comment", default="", help="the supervisor's comment")
    q = add("return", "supervisor: return a submitted plan with a comment", _run_return, "week", week_help)
    q.add_argument("--comment", default="", help="what to change (required)")
    add("deviations", "changes made to a submitted plan", _run_deviations, "week", week_help)
    q = add("move", "move a planned visit to another day (kept on a rebuild)", _run_edit, "visit", "visit id")
    q.add_argument("day", help="the new day: YYYY-MM-DD")
    q.add_argument("--position", type=int, help="its place in the day's route (1 = first)")
    q.add_argument("--reason", default="", help="why (recorded when the plan is submitted)")
    q.set_defaults(edit="move")
    for name, text in (("pin", "pin a visit to its day and time"), ("unpin", "unpin a visit")):
        q = add(name, text, _run_edit, "visit", "visit id")
        q.set_defaults(edit=name)
    q = add("remove", "take a visit out of the plan (kept out on a rebuild)", _run_edit, "visit", "visit id")
    q.add_argument("--reason", required=True, help="why it is removed (required)")
    q.set_defaults(edit="remove")
    q = add("add", "add a visit by hand", _run_edit, "week", week_help)
    q.add_argument("customer", help="customer code")
    q.add_argument("day", help="the day: YYYY-MM-DD")
    q.add_argument("--purpose", default="", help="what the visit is for")
    q.add_argument("--minutes", type=int, help="planned length (default: the tier's)")
    q.set_defaults(edit="add")
    q = add("task", "record a task handed down by the supervisor", _run_task, "title", "what to do")
    q.add_argument("--customer", help="customer code (without one it is an office task)")
    q.add_argument("--due", help="due day: YYYY-MM-DD")
    q.add_argument("--minutes", type=int, default=30, help="time it takes at the customer (default 30)")
    q = add("day", "the daily plan: route, carried visits, urgent items, materials", _run_day, "day",
            "the day: YYYY-MM-DD, 'today' or 'tomorrow'")
    q.add_argument("--replan", action="store_true", help="plan the day again (visits already done are kept)")


@contextmanager
def _workspace(args: argparse.Namespace) -> Iterator:
    """The workspace of the command's configuration, closed when the block ends."""
    from rmtui.workspace import open_workspace

    ws = open_workspace(args.config)
    try:
        yield ws
    finally:
        ws.close()


def _week(args: argparse.Namespace, ws):
    from rmtui.domain.planning.periods import parse_week

    return parse_week(args.week, ws.today())


def _month(args: argparse.Namespace, ws):
    from rmtui.domain.planning.periods import parse_month

    return parse_month(args.month, ws.today())


def _print_json(data) -> None:
    from rmtui.domain.planning.model import to_jsonable

    print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=1))


def _emit(args: argparse.Namespace, data, text: Callable[[], str]) -> int:
    """Print ``data`` as JSON with ``--json``, else the readable ``text()``."""
    _print_json(data) if args.json else print(text())
    return 0


def _run_week(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import week_text
    from rmtui.services.planning import build_week

    with _workspace(args) as ws:
        info = build_week(ws, _week(args, ws), rebuild=args.rebuild, time_limit=args.time_limit)
        locale = ws.settings.locale
    return _emit(args, info, lambda: week_text(info, locale))


def _run_submit(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import files_text, submitted_text, week_text
    from rmtui.services.submission import SubmissionFilesError, submit_and_write

    with _workspace(args) as ws:
        locale = args.lang or ws.settings.locale
        week = _week(args, ws)
        try:
            result, files = submit_and_write(ws, week, _pairs(args.reason, "--reason"), _out(args), args.lang)
        except SubmissionFilesError as exc:  # submitted all the same: say so, then the error
            if not args.json:
                print(week_text(exc.result.plan, locale) + "\n\n" + submitted_text(exc.result, locale))
            raise
    return _emit(args, {"plan": result.plan, "late": result.late, "deadline": result.deadline,
                        "files": _files_json(files)},
                 lambda: "\n\n".join((week_text(result.plan, locale), submitted_text(result, locale),
                                       files_text(files, locale))))


def _run_files(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import files_text
    from rmtui.services.submission import write_submission_files

    with _workspace(args) as ws:
        locale = args.lang or ws.settings.locale
        files = write_submission_files(ws, _week(args, ws), _out(args), args.lang)
    return _emit(args, _files_json(files), lambda: files_text(files, locale))


def _run_calendar(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import calendar_text
    from rmtui.services.calendar_export import export_week_calendar

    with _workspace(args) as ws:
        locale = args.lang or ws.settings.locale
        done = export_week_calendar(ws, _week(args, ws), _out(args), args.lang)
    return _emit(args, {"path": str(done.path), "events": done.events, "cancelled": done.cancelled},
                 lambda: calendar_text(done, locale))


def _out(args: argparse.Namespace):
    from pathlib import Path

    return Path(args.out).expanduser() if args.out else None


def _files_json(files) -> dict:
    return {"xlsx": str(files.xlsx), "markdown": str(files.markdown), "frozen": files.frozen}


def _run_approve(args: argparse.Namespace) -> int:
    return _review(args, approve=True)


def _run_return(args: argparse.Namespace) -> int:
    return _review(args, approve=False)


def _review(args: argparse.Namespace, *, approve: bool) -> int:
    from rmtui.commands.plan_text import status
    from rmtui.services.plan_edits import review_week

    with _workspace(args) as ws:
        info = review_week(ws, _week(args, ws), approve=approve, comment=args.comment)
        locale = ws.settings.locale
    return _emit(args, {"week": info.week, "status": info.status, "comment": info.supervisor_comment,
                        "approved_at": info.approved_at, "returned_at": info.returned_at},
                 lambda: f"{info.week}: {status(info.status, locale)}"
                 + (f" — {info.supervisor_comment}" if info.supervisor_comment else ""))


def _run_deviations(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import deviations_text
    from rmtui.services.plan_edits import week_deviations

    with _workspace(args) as ws:
        week = _week(args, ws)
        recorded, changes, snap = week_deviations(ws, week)
        locale = ws.settings.locale
    return _emit(args, {"week": str(week), "submitted_at": snap.get("submitted_at"), "recorded": recorded,
                        "changes": changes},
                 lambda: deviations_text(str(week), recorded, changes, locale))


def _run_month(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import month_text
    from rmtui.services.plan_month import build_month

    with _workspace(args) as ws:
        info = build_month(ws, _month(args, ws), confirm=args.confirm, targets=_pairs(args.target, "--target"),
                           focus=args.focus)
        locale = ws.settings.locale
    return _emit(args, info, lambda: month_text(info, locale))


def _run_review(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import review_text
    from rmtui.services.plan_month import review_month

    with _workspace(args) as ws:
        info = review_month(ws, _month(args, ws), done=args.done, shortfalls=args.shortfalls,
                            improvements=args.improvements, achieved=_pairs(args.achieved, "--achieved"))
        locale = ws.settings.locale
    return _emit(args, info, lambda: review_text(info, locale))


def _run_day(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import day_text
    from rmtui.domain.planning.periods import parse_day
    from rmtui.services.plan_day import plan_day

    with _workspace(args) as ws:
        info = plan_day(ws, parse_day(args.day, ws.today()), replan=args.replan)
        locale = ws.settings.locale
    return _emit(args, info, lambda: day_text(info, locale))


def _visit_id(text: str) -> int:
    from rmtui.errors import InputError

    if not text.isdigit():
        raise InputError(f"{text!r} is not a visit id (a number, as shown by --json)", title="Plan")
    return int(text)


def _run_edit(args: argparse.Namespace) -> int:
    from rmtui.commands.plan_text import week_text
    from rmtui.domain.planning.periods import IsoWeek, parse_day
    from rmtui.services import plan_edits
    from rmtui.services.planning import show_week

    with _workspace(args) as ws:
        today = ws.today()
        if args.edit == "add":
            week = _week(args, ws)
            result = {"id": plan_edits.add_visit(ws, week, args.customer, parse_day(args.day, today), args.purpose,
                                                 args.minutes)}
        else:
            vid = _visit_id(args.visit)
            if args.edit == "move":
                day = parse_day(args.day, today)
                plan_edits.move_visit(ws, vid, day, args.position, args.reason)
                week = IsoWeek.of(day)
            elif args.edit in ("pin", "unpin"):
                week = IsoWeek.of(plan_edits.pin_visit(ws, vid, args.edit == "pin"))
            else:
                week = IsoWeek.of(plan_edits.remove_visit(ws, vid, args.reason))
            result = {"id": vid}
        info = show_week(ws, week)
        locale = ws.settings.locale
    return _emit(args, {**result, "plan": info}, lambda: week_text(info, locale))


def _run_task(args: argparse.Namespace) -> int:
    from rmtui.domain.planning.periods import parse_day
    from rmtui.services.plan_edits import add_supervisor_task

    with _workspace(args) as ws:
        due = parse_day(args.due, ws.today()) if args.due else None
        task_id = add_supervisor_task(ws, args.title, args.customer, due, args.minutes)
    return _emit(args, {"id": task_id}, lambda: f"task {task_id}: {args.title}")
