"""``rmtui geocode``: place customers from their addresses; set a location by hand.

``rmtui geocode [--limit N] [--dry-run] [--retry-not-found]`` looks up the
customers without an exact location (resumable: cached addresses are not
asked again, each answer is saved at once). ``rmtui geocode set CODE
LOCATION`` places a customer from ``lat,lon`` or a map link;
``rmtui geocode pending`` lists who still needs a confirmed location.
"""

from __future__ import annotations

import argparse
import sys


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("geocode", parents=[common],
                       help="find customers' locations from their addresses (resumable)",
                       description="Look up customers without an exact location. Approximate answers "
                                   "(district, street, outside the service area) are never used as exact.")
    p.add_argument("--limit", type=int, metavar="N", help="ask the service about at most N addresses")
    p.add_argument("--dry-run", action="store_true", help="show what would be looked up; ask and write nothing")
    p.add_argument("--retry-not-found", action="store_true",
                   help="ask again about addresses the service did not know last time")
    p.set_defaults(func=run_geocode)
    gsub = p.add_subparsers(dest="geocode_command", metavar="ACTION")
    s = gsub.add_parser("set", parents=[common], help="set a customer's location by hand",
                        description="Set a customer's location from 'lat,lon' or a map link "
                                    "(OpenStreetMap, Amap, Baidu, Google). It counts as exact.")
    s.add_argument("code", metavar="CODE", help="the customer's code")
    s.add_argument("location", metavar="LOCATION", help="'32.0415,118.7840' or a map link (quote it)")
    s.add_argument("--datum", choices=("wgs84", "gcj02", "bd09"),
                   help="the datum of the coordinates, when not WGS-84 or not implied by the link")
    s.add_argument("--outside-area", action="store_true",
                   help="accept a location outside geocoding.service_area")
    s.set_defaults(func=run_set)
    ls = gsub.add_parser("pending", parents=[common], help="list customers that need a confirmed location")
    ls.set_defaults(func=run_pending)


def _print_needing(needing) -> None:
    if not needing:
        print("every customer has a confirmed location")
        return
    print(f"{len(needing)} customer(s) need a confirmed location:")
    for n in needing:
        print(f"  {n.code}  {n.name}  [{n.quality}] {n.reason}")
    print("  set one with: rmtui geocode set CODE 'lat,lon or map link'")


def run_geocode(args: argparse.Namespace) -> int:
    from rmtui.errors import InputError
    from rmtui.geo.providers import make_geocoder
    from rmtui.geo.runner import CustomerDone, RunFinished, RunStarted, geocode_book
    from rmtui.workspace import open_workspace

    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit {args.limit}: give a number of addresses of 1 or more")
    ws = open_workspace(args.config)
    try:
        geocoder = make_geocoder(ws.settings)
        finished: RunFinished | None = None
        try:
            for event in geocode_book(ws, geocoder, limit=args.limit, dry_run=args.dry_run,
                                      retry_not_found=args.retry_not_found):
                if isinstance(event, RunStarted):
                    _print_started(event, ws.settings.geocoding.min_delay_seconds, args.dry_run)
                elif isinstance(event, CustomerDone):
                    _print_done(event)
                else:
                    finished = event
        except KeyboardInterrupt:
            print("rmtui: geocoding interrupted; every answer so far is saved — run 'rmtui geocode' to go on",
                  file=sys.stderr)
            return 130
        assert finished is not None
        c = finished.counts
        if args.dry_run:
            print(f"dry run: {c['would_look_up']} to look up, {c['exact'] + c['approximate'] + c['not_found']} "
                  "answered from the cache; nothing written")
        else:
            print(f"done: {c['exact']} exact, {c['approximate']} approximate, {c['not_found']} not found, "
                  f"{c['rejected']} refused; {finished.looked_up} lookup(s)")
        if finished.stopped and finished.unreachable is None:
            print(f"stopped early: {finished.stopped}; run 'rmtui geocode' again to go on")
        _print_needing(finished.needs_location)
        if finished.unreachable is not None:
            raise finished.unreachable
        return 0
    finally:
        ws.close()


def _print_started(e, delay: float, dry_run: bool) -> None:
    eta = f" (about {e.to_look_up * max(delay, 0.2):.0f} s)" if e.to_look_up and not dry_run else ""
    print(f"geocoding {e.total} customer(s) with {e.provider}: {e.to_look_up} to look up{eta}, "
          f"{e.cached} cached; {e.without_address} without an address")
    if e.to_look_up and not dry_run:
        print("Ctrl-C stops at any time; answers are saved as they come, run again to resume.")


def _print_done(e) -> None:
    width = len(str(e.total))
    head = f"[{e.index:>{width}}/{e.total}] {e.code} {e.name}:"
    cached = " (cached)" if e.from_cache else ""
    if e.outcome == "exact":
        print(f"{head} exact {e.lat:.5f},{e.lon:.5f}{cached}")
    elif e.outcome == "approximate":
        print(f"{head} approximate — {e.reason}{cached}")
    elif e.outcome == "would_look_up":
        print(f"{head} would look up {e.query!r}")
    else:
        print(f"{head} {e.outcome.replace('_', ' ')} — {e.reason}{cached}")
    sys.stdout.flush()


def run_set(args: argparse.Namespace) -> int:
    from rmtui.services.customer_location import place_by_hand
    from rmtui.workspace import open_workspace

    ws = open_workspace(args.config)
    try:
        placed = place_by_hand(ws, args.code, args.location, datum=args.datum, outside_area=args.outside_area)
    finally:
        ws.close()
    location = placed.location
    converted = "" if location.datum == "wgs84" else f", converted from {location.datum.upper()}"
    print(f"{args.code} {placed.name}: located at {location.lat:.6f},{location.lon:.6f} "
          f"(WGS-84{converted}; from {location.source})")
    if location.warning:
        print(f"check: {location.warning}")
    return 0


def run_pending(args: argparse.Namespace) -> int:
    from rmtui.services.customer_location import locations_needed
    from rmtui.workspace import open_workspace

    ws = open_workspace(args.config)
    try:
        needing = locations_needed(ws)
    finally:
        ws.close()
    _print_needing(needing)
    return 0
