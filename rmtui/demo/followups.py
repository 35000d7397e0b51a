"""Follow-up items from the visit history, and the two live complaints.

Every visit that ended in ``follow_up`` leaves an item (a follow-up or an
urgent business request, due within 2 working days); some orders leave a
one-week phone callback; an older visit where the customer complained leaves
a resolved ordinary complaint. Items due well before today are done; recent
ones are still open, some already late. Exactly two complaints are open, with
their SLA clocks running at ``now`` (08:45 on the reference day):

- an ordinary complaint raised at yesterday's visit, logged at 15:00;
- a severe complaint phoned in at 08:30 today.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from rmtui.demo.model import DemoFollowUp, DemoVisit
from rmtui.demo.records import CALLBACK, FOLLOW_UP_TITLES, RESULTS
from rmtui.domain.workdays import WorkCalendar

ORDINARY_COMPLAINT = ("收单款项隔日未到账", "客户反映昨日收单款项未按时到账，影响进货付款，要求说明原因并尽快处理。")
SEVERE_COMPLAINT = ("收单机具无法交易，影响营业", "客户早上来电：收单机具自昨晚起无法完成交易，店内只能收现金，要求今天恢复。")
_OLD_COMPLAINT = ("手机银行转账限额偏低", "客户反映手机银行单笔转账限额偏低，影响付货款，要求调整。")


def build_follow_ups(visits: list[DemoVisit], *, today: date, calendar: WorkCalendar,
                     rng: random.Random, sla_hours: dict[str, tuple[int, int]],
                     complaint_visit: DemoVisit | None, ordinary_customer: str,
                     severe_customer: str) -> list[DemoFollowUp]:
    """All follow-up items as of 08:45 on ``today``, numbered F0001… by creation."""
    now = datetime.combine(today, time(8, 45))
    items: list[DemoFollowUp] = []
    old_complaint_done = False
    for visit in visits:
        if visit is complaint_visit:
            continue
        logged = datetime.combine(visit.date, visit.depart) + timedelta(minutes=rng.randint(20, 90))
        if visit.outcome == "follow_up":
            if not old_complaint_done and (today - visit.date).days > 20:
                # One resolved ordinary complaint, for the history.
                old_complaint_done = True
                first, resolve = sla_hours["ordinary"]
                items.append(_item("complaint", "ordinary", visit, _OLD_COMPLAINT, logged,
                                   logged + timedelta(hours=first), logged + timedelta(hours=resolve),
                                   now, rng, calendar))
                continue
            if rng.random() < 0.25:
                due_day = calendar.add_working_days(visit.date, 2)
                items.append(_item("request", "normal", visit, rng.choice(FOLLOW_UP_TITLES), logged,
                                   None, datetime.combine(due_day, time(17, 0)), now, rng, calendar))
            else:
                due_day = calendar.add_working_days(visit.date, rng.randint(3, 8))
                items.append(_item("follow_up", "normal", visit, rng.choice(FOLLOW_UP_TITLES), logged,
                                   None, datetime.combine(due_day, time(17, 0)), now, rng, calendar))
        elif visit.outcome == "order" and rng.random() < 0.5:
            product = visit.products.split("、")[0]
            due_day = calendar.add_working_days(visit.date + timedelta(days=6), 0)
            text = (CALLBACK[0], CALLBACK[1].format(product=product))
            items.append(_item("callback", "normal", visit, text, logged, None,
                               datetime.combine(due_day, time(17, 0)), now, rng, calendar))
    items.extend(_open_complaints(today, sla_hours, complaint_visit, ordinary_customer, severe_customer))
    items.sort(key=lambda f: (f.created_at, f.customer_code, f.kind))
    return [_numbered(f, i) for i, f in enumerate(items, start=1)]


def _item(kind: str, sla_class: str, visit: DemoVisit, text: tuple[str, str], created: datetime,
          first_answer: datetime | None, due: datetime, now: datetime, rng: random.Random,
          calendar: WorkCalendar) -> DemoFollowUp:
    """A history item: done if it fell due well before now, else mostly open."""
    if kind == "complaint":
        done = True
    elif due < now - timedelta(days=5):
        done = True
    elif due < now:
        done = rng.random() < 0.4  # some recent items are late and still open
    else:
        done = rng.random() < 0.15
    done_at = None
    if done:
        # Mostly on time, now and then a day late; always in office hours.
        latest = min(now - timedelta(minutes=30), due + timedelta(hours=rng.choice((0, 0, 0, 20))))
        done_at = _office_moment(created, latest, calendar, rng)
    return DemoFollowUp(
        code="",
        customer_code=visit.customer_code,
        kind=kind,
        sla_class=sla_class,
        title=text[0],
        detail=text[1],
        created_at=created,
        first_answer_due=first_answer,
        due_at=due,
        status="done" if done else "open",
        done_at=done_at,
        result=rng.choice(RESULTS) if done else "",
        origin_visit_date=visit.date,
    )


def _office_moment(after: datetime, latest: datetime, calendar: WorkCalendar,
                   rng: random.Random) -> datetime:
    """A moment in office hours (09:00–17:30 of a working day) in ``(after, latest]``."""
    days = calendar.working_days(after.date(), latest.date())
    for _ in range(20):
        if not days:
            break
        moment = datetime.combine(rng.choice(days), time(9, 0)) + timedelta(minutes=rng.randint(0, 510))
        if after < moment <= latest:
            return moment
    return min(latest, after + timedelta(minutes=60))


def _open_complaints(today: date, sla_hours: dict[str, tuple[int, int]],
                     complaint_visit: DemoVisit | None, ordinary_customer: str,
                     severe_customer: str) -> list[DemoFollowUp]:
    yesterday = datetime.combine(today - timedelta(days=1), time(15, 0))
    first, resolve = sla_hours["ordinary"]
    ordinary = DemoFollowUp(
        code="", customer_code=ordinary_customer, kind="complaint", sla_class="ordinary",
        title=ORDINARY_COMPLAINT[0], detail=ORDINARY_COMPLAINT[1], created_at=yesterday,
        first_answer_due=yesterday + timedelta(hours=first), due_at=yesterday + timedelta(hours=resolve),
        status="open", done_at=None, result="",
        origin_visit_date=complaint_visit.date if complaint_visit else None,
    )
    created = datetime.combine(today, time(8, 30))
    first, resolve = sla_hours["severe"]
    severe = DemoFollowUp(
        code="", customer_code=severe_customer, kind="complaint", sla_class="severe",
        title=SEVERE_COMPLAINT[0], detail=SEVERE_COMPLAINT[1], created_at=created,
        first_answer_due=created + timedelta(hours=first), due_at=created + timedelta(hours=resolve),
        status="open", done_at=None, result="", origin_visit_date=None,
    )
    return [ordinary, severe]


def _numbered(item: DemoFollowUp, number: int) -> DemoFollowUp:
    return replace(item, code=f"F{number:04d}")
