"""``rmtui export route DAY``: a day's planned route as GPX, GeoJSON or map links."""

from __future__ import annotations

import argparse
import sys


def register(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", help="export data to files", parents=[common])
    esub = p.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    r = esub.add_parser("route", parents=[common], help="a day's planned route as GPX, GeoJSON or a map link",
                        description="Export the planned route of a day: the start place, the visits in order "
                                    "with their times, lunch and the end place. Visits whose customer has no "
                                    "exact location are left out with a warning (never guessed). Map links "
                                    "are printed for you to open; nothing is fetched.")
    r.add_argument("day", metavar="DAY", help="the day: YYYY-MM-DD, 'today' or 'tomorrow'")
    r.add_argument("--format", choices=("gpx", "geojson", "link"), default="gpx",
                   help="gpx (phone map apps), geojson, or link (a web map link to copy); default gpx")
    r.add_argument("--map", dest="map_site", choices=("osrm", "osm", "amap"), default="osrm",
                   help="for --format link: osrm (the whole route on map.project-osrm.org), osm or amap "
                        "(one directions link per leg; amap opens the Amap app in China); default osrm")
    r.add_argument("--out", metavar="FILE", help="write to FILE (replaced atomically) instead of printing")
    r.set_defaults(func=run_route)


def run_route(args: argparse.Namespace) -> int:
    from rmtui.domain.planning.periods import parse_day
    from rmtui.services.route_export import route_export, route_text, save_text
    from rmtui.workspace import open_workspace

    ws = open_workspace(args.config)
    try:
        day = parse_day(args.day, ws.today())
        route = route_export(ws, day)
        mode = ws.settings.travel.mode
    finally:
        ws.close()
    text = route_text(route, args.format, map_site=args.map_site, mode=mode)
    if route.skipped:
        print(f"warning: {len(route.skipped)} visit(s) left out, no exact location (never guessed):",
              file=sys.stderr)
        for s in route.skipped:
            what = "approximate location" if s.quality == "approximate" else "no location"
            print(f"  {s.code}  {s.name}  ({what})", file=sys.stderr)
        print("  set one with: rmtui geocode set CODE 'lat,lon or map link'", file=sys.stderr)
    if args.out:
        print(save_text(args.out, text))
    else:
        sys.stdout.write(text)
    return 0
