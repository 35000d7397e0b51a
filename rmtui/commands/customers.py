"""``rmtui customers list``: the book as a table or JSON."""

from __future__ import annotations

import argparse
import json


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("customers", help="the customer book", parents=[common])
    csub = p.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    ls = csub.add_parser("list", help="list customers", parents=[common])
    ls.add_argument("--tier", help="only customers of this tier id")
    ls.add_argument("--search", help="only customers whose name, code or address contains this text")
    ls.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ls.set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    from rmtui.errors import InputError
    from rmtui.store.customers import list_customers
    from rmtui.textfmt import table
    from rmtui.workspace import open_workspace

    ws = open_workspace(args.config)
    try:
        tiers = ws.tiers
        if args.tier and args.tier not in tiers:
            raise InputError(f"unknown tier {args.tier!r}; expected one of {', '.join(tiers)}")
        with ws.db.sessions() as session:
            customers = list_customers(session, ws.manager_id, tier=args.tier, search=args.search)
    finally:
        ws.close()
    if args.json:
        out = [
            {"code": c.code, "name": c.name, "address": c.address, "district": c.district, "lat": c.lat,
             "lon": c.lon, "geo_quality": c.geo_quality, "tier": c.tier, "contact": c.contact,
             "phone": c.phone, "opening_hours": c.opening_hours, "visit_minutes": c.visit_minutes,
             "territory": c.territory, "notes": c.notes,
             "last_visit": c.last_visit.isoformat() if c.last_visit else None}
            for c in customers
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    locale = ws.settings.locale
    rows = [(c.code, c.name, tiers[c.tier].name(locale) if c.tier in tiers else c.tier,
             c.last_visit.isoformat() if c.last_visit else "-", c.address) for c in customers]
    heads = ("编号", "名称", "等级", "上次拜访", "地址") if locale == "zh" else \
        ("Code", "Name", "Tier", "Last visit", "Address")
    print(table(heads, rows))
    print(f"{len(customers)} 位客户" if locale == "zh" else f"{len(customers)} customers")
    return 0
