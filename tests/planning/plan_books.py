"""Small random customer books for the planning tests."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta


OFFICE = (32.041544, 118.784048)
HOURS = ["", "Mo-Fr 09:00-18:00", "Mo-Sa 08:30-12:00,14:00-18:00", "Mo-Su 10:00-20:00",
         "Mo-Fr 09:00-17:00; We off", "Tu-Su 09:00-17:30"]


def book_rows(n: int, seed: int, today: date, *, radius_m: float = 6000, tiers=("core", "potential", "regular"),
              weights=(0.1, 0.3, 0.6), hours=HOURS) -> list[dict]:
    """``n`` customers around the office with random tiers, hours and last visits."""
    rng = random.Random(seed)
    intervals = {"core": 14, "potential": 30, "regular": 90}
    rows = []
    for k in range(n):
        r, a = radius_m * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        tier = rng.choices(tiers, weights)[0]
        last = today - timedelta(days=rng.randrange(1, intervals.get(tier, 30) + 10))
        rows.append({"code": f"C{k:04d}", "name": f"客户{k:04d}", "tier": tier,
                     "lat": OFFICE[0] + r * math.sin(a) / 111_000, "lon": OFFICE[1] + r * math.cos(a) / 94_000,
                     "geo_source": "test", "geo_quality": "exact", "opening_hours": rng.choice(hours),
                     "address": f"测试路{k}号", "last_visit_imported": last})
    return rows
