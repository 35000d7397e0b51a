"""The daily report (每日工作汇报): composed from the day's facts, rendered as Markdown.

The manager writes it at 17:00–18:00 from what the day left behind: the
visit records, the follow-ups opened and closed, what is still open and the
next working day's plan. ``compose_report`` turns those plain facts into
sections in the manager's language (the structure of the seed documents:
visits, needs, business progress, problems, support needed, follow-ups,
market and competitor news, the plan ahead); ``render_markdown`` gives the
text the manager edits, saves and sends. ``split_sections`` reads an edited
text back into sections so the stored report keeps its structure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rmtui.domain.followups import FollowUpInfo, FollowUpKind

_WEEKDAYS = {"zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
             "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
_ZH_NUMBERS = "一二三四五六七八九十"
_SECTION_KEYS = ("visits", "needs", "progress", "problems", "support", "followups", "market", "plan")

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "每日工作汇报 — {day}",
        "manager": "客户经理：{name}",
        "sec.visits": "今日拜访",
        "sec.needs": "客户需求",
        "sec.progress": "业务进展",
        "sec.problems": "问题与困难",
        "sec.support": "需要支持与协调的事项",
        "sec.followups": "跟进事项",
        "sec.market": "市场动态与竞品信息",
        "sec.plan": "后续工作计划",
        "none": "（无）",
        "summary": "计划拜访 {planned} 个，完成 {done} 个{extra}。",
        "summary.adhoc": "（含计划外 {n} 个）",
        "summary.missed": "，未完成 {n} 个",
        "summary.unlogged": "，尚未记录 {n} 个",
        "mix": "客户构成：{parts}。",
        "mix.new": "；其中首次拜访 {n} 个",
        "sep": "、",
        "visit.done": "{when}{name}（{tier}，{mode}）— {outcome}{notes}",
        "visit.missed": "{name}（{tier}）— 未完成：{reason}",
        "visit.first": "首次拜访",
        "no_outcome": "结果未填",
        "need": "{name}：{text}",
        "progress.order": "{name}：下单{products}",
        "progress.agreement": "{name}：达成意向{products}",
        "progress.products": "（介绍产品：{text}）",
        "progress.next": "{name}：下一步 {text}",
        "problem.missed": "{name} 未能拜访：{reason}",
        "problem.complaint": "{name} 投诉：{text}",
        "problem.overdue": "{n} 项跟进已逾期，最久逾期 {late}（见“跟进事项”）",
        "problem.low_sat": "{name} 满意度偏低（{score}/5）",
        "support.request": "{name}：{title}（截止 {due}）",
        "fu.opened": "今日新增 {n} 项：",
        "fu.closed": "今日完成 {n} 项：",
        "fu.open": "未完成 {n} 项，其中逾期 {late} 项；需尽快处理：",
        "fu.open_none": "没有未完成的跟进事项。",
        "fu.open_ok": "未完成 {n} 项，均未逾期；近期到期：",
        "fu.answer": "{due} 前需首次答复",
        "fu.rest": "另有 {n} 项未到期。",
        "fu.item": "[{kind}] {name}：{title}（截止 {due}）",
        "fu.item_done": "[{kind}] {name}：{title} — {result}",
        "fu.item_open": "[{kind}] {name}：{title}（{when}）",
        "fu.overdue": "已逾期 {late}",
        "fu.due": "{due} 到期",
        "market": "{name}：{text}",
        "plan.next": "{day}共安排 {n} 个拜访：",
        "plan.next_none": "{day}暂无安排拜访。",
        "plan.none": "下一个工作日尚无计划。",
        "plan.item": "{when}{name}（{tier}）— {purpose}",
        "plan.later": "近期安排：{days}。",
        "plan.later_day": "{day} {n} 个",
        "kind.follow_up": "跟进",
        "kind.complaint": "投诉",
        "kind.callback": "回访",
        "kind.request": "业务需求",
        "mode.on_site": "上门",
        "mode.phone": "电话",
        "mode.online": "线上",
        "outcome.order": "下单",
        "outcome.agreement": "达成意向",
        "outcome.nothing": "无结果",
        "outcome.follow_up": "待跟进",
    },
    "en": {
        "title": "Daily report — {day}",
        "manager": "Customer manager: {name}",
        "sec.visits": "Visits today",
        "sec.needs": "Customer needs",
        "sec.progress": "Business progress",
        "sec.problems": "Problems",
        "sec.support": "Support needed",
        "sec.followups": "Follow-ups",
        "sec.market": "Market and competitor news",
        "sec.plan": "Plan ahead",
        "none": "(none)",
        "summary": "Planned {planned}, done {done}{extra}.",
        "summary.adhoc": " ({n} unplanned)",
        "summary.missed": ", not done {n}",
        "summary.unlogged": ", not logged yet {n}",
        "mix": "Customers: {parts}.",
        "mix.new": "; first visits {n}",
        "sep": ", ",
        "visit.done": "{when}{name} ({tier}, {mode}) — {outcome}{notes}",
        "visit.missed": "{name} ({tier}) — not done: {reason}",
        "visit.first": "first visit",
        "no_outcome": "no outcome recorded",
        "need": "{name}: {text}",
        "progress.order": "{name}: order{products}",
        "progress.agreement": "{name}: agreement{products}",
        "progress.products": " (presented: {text})",
        "progress.next": "{name}: next step {text}",
        "problem.missed": "{name} not visited: {reason}",
        "problem.complaint": "{name} complained: {text}",
        "problem.overdue": "{n} follow-ups overdue, the oldest by {late} (see Follow-ups)",
        "problem.low_sat": "{name} satisfaction low ({score}/5)",
        "support.request": "{name}: {title} (due {due})",
        "fu.opened": "Opened today ({n}):",
        "fu.closed": "Closed today ({n}):",
        "fu.open": "Open: {n}, overdue: {late}; to handle first:",
        "fu.open_none": "No open follow-ups.",
        "fu.open_ok": "Open: {n}, none overdue; due soon:",
        "fu.answer": "first answer due {due}",
        "fu.rest": "{n} more not yet due.",
        "fu.item": "[{kind}] {name}: {title} (due {due})",
        "fu.item_done": "[{kind}] {name}: {title} — {result}",
        "fu.item_open": "[{kind}] {name}: {title} ({when})",
        "fu.overdue": "overdue by {late}",
        "fu.due": "due {due}",
        "market": "{name}: {text}",
        "plan.next": "{day} — {n} visits planned:",
        "plan.next_none": "{day} — no visits planned yet.",
        "plan.none": "No plan for the next working day yet.",
        "plan.item": "{when}{name} ({tier}) — {purpose}",
        "plan.later": "Coming days: {days}.",
        "plan.later_day": "{day} {n}",
        "kind.follow_up": "follow-up",
        "kind.complaint": "complaint",
        "kind.callback": "call-back",
        "kind.request": "request",
        "mode.on_site": "on site",
        "mode.phone": "phone",
        "mode.online": "online",
        "outcome.order": "order",
        "outcome.agreement": "agreement",
        "outcome.nothing": "nothing",
        "outcome.follow_up": "follow-up",
    },
}


@dataclass(frozen=True, slots=True)
class ReportVisit:
    """One visit record of the day, as the report needs it."""

    customer_name: str
    tier_name: str
    status: str  # done | not_done
    arrived: time | None = None
    mode: str = "on_site"
    purpose: str = ""
    discussed: str = ""
    needs: str = ""
    complaints: str = ""
    competitor_info: str = ""
    products: str = ""
    outcome: str = ""
    satisfaction: int | None = None
    next_steps: str = ""
    not_done_reason: str = ""
    first_visit: bool = False
    planned: bool = True


@dataclass(frozen=True, slots=True)
class ReportPlanItem:
    """One planned visit of the next working day."""

    start: time | None
    customer_name: str
    tier_name: str
    purpose: str


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """Everything the report is composed from, read from the database beforehand."""

    day: date
    now: datetime
    manager_name: str
    planned_count: int  # visits planned for the day (removed ones not counted)
    visits: tuple[ReportVisit, ...] = ()
    followups_opened: tuple[FollowUpInfo, ...] = ()
    followups_closed: tuple[FollowUpInfo, ...] = ()
    followups_urgent: tuple[FollowUpInfo, ...] = ()  # open, overdue or due by the next working day
    open_total: int = 0
    overdue_total: int = 0
    next_day: date | None = None
    next_plan: tuple[ReportPlanItem, ...] = ()
    later: tuple[tuple[date, int], ...] = ()  # further working days and their planned visit counts


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A titled part of the report; ``body`` is Markdown."""

    key: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class DailyReport:
    """A composed report: a title line, who wrote it, and its sections in order."""

    day: date
    locale: str
    title: str
    byline: str
    sections: tuple[ReportSection, ...]

    def section(self, key: str) -> ReportSection:
        return next(s for s in self.sections if s.key == key)


def day_label(d: date, locale: str) -> str:
    """``2026-11-24 周二`` / ``2026-11-24 Tue``."""
    return f"{d.isoformat()} {_WEEKDAYS[_loc(locale)][d.weekday()]}"


def short_day(d: date, locale: str) -> str:
    """``11-25 周三`` / ``Wed 11-25``."""
    wd = _WEEKDAYS[_loc(locale)][d.weekday()]
    return f"{d:%m-%d} {wd}" if _loc(locale) == "zh" else f"{wd} {d:%m-%d}"


def duration_label(delta: timedelta, locale: str) -> str:
    """A late or remaining span, coarse: ``2天3小时`` / ``2d 3h``, ``45分钟`` / ``45m``."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if _loc(locale) == "zh":
        if days:
            return f"{days}天{hours}小时" if hours else f"{days}天"
        return f"{hours}小时{mins}分" if hours and mins else (f"{hours}小时" if hours else f"{mins}分钟")
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    return f"{hours}h {mins}m" if hours and mins else (f"{hours}h" if hours else f"{mins}m")


def compose_report(inputs: ReportInputs, locale: str) -> DailyReport:
    """The day's report in ``locale`` ("zh" or "en"), one section per part of the standard report."""
    loc = _loc(locale)
    tx = _TEXT[loc]
    bodies = {
        "visits": _visits(inputs, loc),
        "needs": _per_visit(inputs.visits, "needs", "need", loc),
        "progress": _progress(inputs, loc),
        "problems": _problems(inputs, loc),
        "support": _support(inputs, loc),
        "followups": _followups(inputs, loc),
        "market": _per_visit(inputs.visits, "competitor_info", "market", loc),
        "plan": _plan(inputs, loc),
    }
    sections = tuple(
        ReportSection(key, _numbered(n, tx[f"sec.{key}"], loc), _bullets(bodies[key], loc))
        for n, key in enumerate(_SECTION_KEYS, start=1)
    )
    return DailyReport(day=inputs.day, locale=loc, title=tx["title"].format(day=day_label(inputs.day, loc)),
                       byline=tx["manager"].format(name=inputs.manager_name) if inputs.manager_name else "",
                       sections=sections)


def render_markdown(report: DailyReport) -> str:
    """The report as Markdown: ``# title``, the byline, then ``## section`` blocks."""
    parts = [f"# {report.title}"]
    if report.byline:
        parts.append(report.byline)
    parts += [f"## {s.title}\n{s.body}" for s in report.sections]
    return "\n\n".join(parts) + "\n"


def split_sections(markdown: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """An edited report read back: its ``#`` title and each ``##`` section as (title, body).

    Text before the first ``##`` heading (the byline) is kept as a section
    with an empty title, so nothing the manager typed is lost.
    """
    title = ""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in markdown.splitlines():
        if line.startswith("# ") and not title and len(sections) == 1 and not "".join(sections[0][1]).strip():
            title = line[2:].strip()
        elif line.startswith("## "):
            sections.append((line[3:].strip(), []))
        else:
            sections[-1][1].append(line)
    out = tuple((t, "\n".join(lines).strip()) for t, lines in sections)
    return title, tuple(s for s in out if s[0] or s[1])


# -- sections ---------------------------------------------------------------

def _visits(inputs: ReportInputs, loc: str) -> list[str]:
    tx = _TEXT[loc]
    done = [v for v in inputs.visits if v.status == "done"]
    missed = [v for v in inputs.visits if v.status != "done"]
    adhoc = sum(1 for v in done if not v.planned)
    not_logged = max(0, inputs.planned_count - (len(done) - adhoc) - len(missed))
    extra = "".join(tx[key].format(n=n) for key, n in (("summary.adhoc", adhoc), ("summary.missed", len(missed)),
                                                       ("summary.unlogged", not_logged)) if n)
    lines = [tx["summary"].format(planned=inputs.planned_count, done=len(done), extra=extra)]
    if done:
        mix = Counter(v.tier_name for v in done)
        parts = tx["sep"].join(f"{name} {n}" for name, n in mix.items())
        firsts = sum(1 for v in done if v.first_visit)
        lines.append(tx["mix"].format(parts=parts + (tx["mix.new"].format(n=firsts) if firsts else "")))
    items: list[str] = []
    for v in sorted(done, key=lambda v: (v.arrived is None, v.arrived or time())):
        outcome = tx[f"outcome.{v.outcome}"] if v.outcome in _OUTCOMES else tx["no_outcome"]
        if v.first_visit:
            outcome = f"{tx['visit.first']}{tx['sep']}{outcome}"
        note = _one_line(v.discussed or v.purpose)
        items.append(tx["visit.done"].format(
            when=f"{v.arrived:%H:%M} " if v.arrived else "", name=v.customer_name, tier=v.tier_name,
            mode=tx.get(f"mode.{v.mode}", v.mode), outcome=outcome, notes=f" — {note}" if note else ""))
    for v in missed:
        items.append(tx["visit.missed"].format(name=v.customer_name, tier=v.tier_name,
                                               reason=_one_line(v.not_done_reason) or "-"))
    return [*lines, *[_ITEM + i for i in items]]


_OUTCOMES = ("order", "agreement", "nothing", "follow_up")
_ITEM = "\x00"  # marks a bullet item among plain paragraphs until _bullets formats them


def _per_visit(visits: Sequence[ReportVisit], field: str, key: str, loc: str) -> list[str]:
    tx = _TEXT[loc]
    return [_ITEM + tx[key].format(name=v.customer_name, text=_one_line(getattr(v, field)))
            for v in visits if getattr(v, field).strip()]


def _progress(inputs: ReportInputs, loc: str) -> list[str]:
    tx = _TEXT[loc]
    items = []
    for v in inputs.visits:
        if v.status != "done":
            continue
        products = tx["progress.products"].format(text=_one_line(v.products)) if v.products.strip() else ""
        if v.outcome in ("order", "agreement"):
            items.append(tx[f"progress.{v.outcome}"].format(name=v.customer_name, products=products))
        if v.next_steps.strip():
            items.append(tx["progress.next"].format(name=v.customer_name, text=_one_line(v.next_steps)))
    return [_ITEM + i for i in items]


def _problems(inputs: ReportInputs, loc: str) -> list[str]:
    tx = _TEXT[loc]
    items = []
    for v in inputs.visits:
        if v.status != "done":
            items.append(tx["problem.missed"].format(name=v.customer_name,
                                                     reason=_one_line(v.not_done_reason) or "-"))
        if v.complaints.strip():
            items.append(tx["problem.complaint"].format(name=v.customer_name, text=_one_line(v.complaints)))
        if v.satisfaction is not None and v.satisfaction <= 2:
            items.append(tx["problem.low_sat"].format(name=v.customer_name, score=v.satisfaction))
    late = [f for f in inputs.followups_urgent if f.overdue(inputs.now)]
    if inputs.overdue_total and late:
        oldest = min(f.next_deadline() for f in late)
        items.append(tx["problem.overdue"].format(n=inputs.overdue_total,
                                                  late=duration_label(inputs.now - oldest, loc)))
    return [_ITEM + i for i in items]


def _support(inputs: ReportInputs, loc: str) -> list[str]:
    tx = _TEXT[loc]
    seen: set[int] = set()
    items = []
    for f in (*inputs.followups_opened, *inputs.followups_urgent):
        if f.kind == FollowUpKind.REQUEST and f.status == "open" and f.id not in seen:
            seen.add(f.id)
            items.append(tx["support.request"].format(name=f.customer_name, title=f.title, due=_when(f.due_at)))
    return [_ITEM + i for i in items]


def _followups(inputs: ReportInputs, loc: str) -> list[str]:
    tx = _TEXT[loc]
    out: list[str] = []

    def kind(f: FollowUpInfo) -> str:
        return tx.get(f"kind.{f.kind}", f.kind)

    if inputs.followups_opened:
        out.append(tx["fu.opened"].format(n=len(inputs.followups_opened)))
        out += [_ITEM + tx["fu.item"].format(kind=kind(f), name=f.customer_name, title=f.title,
                                             due=_when(f.next_deadline()))
                for f in inputs.followups_opened]
    if inputs.followups_closed:
        out.append(tx["fu.closed"].format(n=len(inputs.followups_closed)))
        out += [_ITEM + tx["fu.item_done"].format(kind=kind(f), name=f.customer_name, title=f.title,
                                                  result=_one_line(f.result) or "-")
                for f in inputs.followups_closed]
    if inputs.open_total == 0:
        out.append(tx["fu.open_none"])
        return out
    key = "fu.open" if inputs.overdue_total else "fu.open_ok"
    out.append(tx[key].format(n=inputs.open_total, late=inputs.overdue_total))
    for f in sorted(inputs.followups_urgent, key=lambda f: f.next_deadline()):
        left = f.time_left(inputs.now)
        answer = f.next_deadline() != f.due_at
        if left.total_seconds() < 0:
            when = tx["fu.overdue"].format(late=duration_label(-left, loc))
        else:
            when = tx["fu.answer" if answer else "fu.due"].format(due=_when(f.next_deadline()))
        out.append(_ITEM + tx["fu.item_open"].format(kind=kind(f), name=f.customer_name, title=f.title, when=when))
    rest = inputs.open_total - len(inputs.followups_urgent)
    if rest > 0:
        out.append(tx["fu.rest"].format(n=rest))
    return out


def _plan(inputs: ReportInputs, loc: str) -> list[str]:
    tx = _TEXT[loc]
    if inputs.next_day is None:
        out = [tx["plan.none"]]
    elif not inputs.next_plan:
        out = [tx["plan.next_none"].format(day=short_day(inputs.next_day, loc))]
    else:
        out = [tx["plan.next"].format(day=short_day(inputs.next_day, loc), n=len(inputs.next_plan))]
        out += [_ITEM + tx["plan.item"].format(when=f"{p.start:%H:%M} " if p.start else "", name=p.customer_name,
                                               tier=p.tier_name, purpose=_one_line(p.purpose) or "-")
                for p in inputs.next_plan]
    later = [tx["plan.later_day"].format(day=short_day(d, loc), n=n) for d, n in inputs.later if n]
    if later:
        out.append(tx["plan.later"].format(days=tx["sep"].join(later)))
    return out


# -- helpers ----------------------------------------------------------------

def _loc(locale: str) -> str:
    return "zh" if locale == "zh" else "en"


def _numbered(n: int, title: str, loc: str) -> str:
    return f"{_ZH_NUMBERS[n - 1]}、{title}" if loc == "zh" else f"{n}. {title}"


def _bullets(lines: list[str], loc: str) -> str:
    """Plain lines and ``- item`` lines, kept compact: a blank line only where a list ends, so that
    the next line does not read as part of the last item in Markdown."""
    if not lines:
        return _TEXT[loc]["none"]
    out: list[str] = []
    prev_item = None
    for line in lines:
        item = line.startswith(_ITEM)
        text = f"- {line[1:]}" if item else line
        if prev_item and not item:
            out.append("")
        out.append(text)
        prev_item = item
    return "\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _when(at: datetime) -> str:
    return f"{at:%m-%d %H:%M}"
