"""Real Nanjing streets with anchor coordinates, for placing demo customers.

Each :class:`Street` is a real road in one of the main urban districts, with
an anchor point on it (WGS-84, from memory of the map: good to a few hundred
metres, which is all a demo needs), the road's bearing near the anchor and a
plausible range of house numbers there. A customer is put on a street at
``anchor + t`` metres along the bearing (``|t| <= 250``); its house number
grows with ``t`` so that address and coordinates agree.

Streets are grouped into territories (片区/线路 such as ``鼓楼-01``): streets
close together share a tag, the way a manager divides a book into routes.

``on_land_in_nanjing`` is the guard every generated point must pass: inside
the city's bounding box, on the south-east bank of the Yangtze, and not in
玄武湖, 莫愁湖, 月牙湖, 南湖 or on 紫金山.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NANJING_BBOX = (31.85, 32.20, 118.60, 119.05)
"""(south, north, west, east) of the area where demo points may lie."""

NO_GO_BOXES: dict[str, tuple[float, float, float, float]] = {
    # (south, north, west, east), drawn a little larger than the water.
    "玄武湖": (32.062, 32.087, 118.785, 118.806),
    "莫愁湖": (32.031, 32.042, 118.752, 118.764),
    "月牙湖": (32.027, 32.036, 118.822, 118.829),
    "南湖": (32.014, 32.021, 118.753, 118.762),
    "紫金山": (32.055, 32.085, 118.820, 118.875),
}

# The Yangtze's south-east bank, simplified, as (lat, lon) from south-west to
# north-east. Points must lie south of this line (urban Nanjing's bank).
YANGTZE_BANK: tuple[tuple[float, float], ...] = (
    (31.90, 118.60),
    (32.00, 118.68),
    (32.10, 118.73),
    (32.15, 118.85),
    (32.18, 118.95),
    (32.20, 119.05),
)

CITY_CENTRE = (32.0417, 118.7840)
"""新街口, the commercial centre (and the demo branch's office)."""

_M_PER_DEG_LAT = 111_320.0


@dataclass(frozen=True, slots=True)
class Street:
    """A real street: district, route territory, anchor, bearing, house numbers."""

    district: str
    territory: str
    name: str
    lat: float
    lon: float
    bearing: float  # degrees clockwise from north, direction of rising numbers
    first_number: int
    last_number: int

    def point(self, t: float, side: float = 0.0) -> tuple[float, float]:
        """The point ``t`` metres along the street and ``side`` metres to its right."""
        rad = math.radians(self.bearing)
        north = t * math.cos(rad) - side * math.sin(rad)
        east = t * math.sin(rad) + side * math.cos(rad)
        dlat = north / _M_PER_DEG_LAT
        dlon = east / (_M_PER_DEG_LAT * math.cos(math.radians(self.lat)))
        return self.lat + dlat, self.lon + dlon

    def number(self, t: float, half_length: float) -> int:
        """The house number at ``t`` (numbers grow along the bearing)."""
        share = (t + half_length) / (2 * half_length)
        return self.first_number + round(share * (self.last_number - self.first_number))


def _s(district: str, territory: str, name: str, lat: float, lon: float,
       bearing: float, numbers: tuple[int, int]) -> Street:
    return Street(district, territory, name, lat, lon, bearing, *numbers)


STREETS: tuple[Street, ...] = (
    # 玄武区 — 珠江路/长江路 (新街口东北)
    _s("玄武区", "玄武-01", "珠江路", 32.0505, 118.7905, 90, (60, 360)),
    _s("玄武区", "玄武-01", "长江路", 32.0455, 118.7905, 90, (20, 260)),
    _s("玄武区", "玄武-01", "洪武北路", 32.0460, 118.7930, 0, (10, 120)),
    _s("玄武区", "玄武-01", "丹凤街", 32.0545, 118.7905, 0, (2, 80)),
    _s("玄武区", "玄武-01", "进香河路", 32.0555, 118.7885, 0, (2, 60)),
    _s("玄武区", "玄武-01", "中山路", 32.0480, 118.7830, 350, (100, 300)),
    # 玄武区 — 太平北路/北京东路/龙蟠路
    _s("玄武区", "玄武-02", "太平北路", 32.0530, 118.7985, 0, (20, 180)),
    _s("玄武区", "玄武-02", "北京东路", 32.0590, 118.8000, 90, (10, 120)),
    _s("玄武区", "玄武-02", "成贤街", 32.0560, 118.7950, 0, (10, 118)),
    _s("玄武区", "玄武-02", "黄埔路", 32.0460, 118.8080, 0, (1, 40)),
    _s("玄武区", "玄武-02", "中山东路", 32.0415, 118.8080, 90, (180, 400)),
    _s("玄武区", "玄武-02", "龙蟠路", 32.0760, 118.8110, 340, (100, 280)),
    # 玄武区 — 中山门外
    _s("玄武区", "玄武-03", "中山门大街", 32.0390, 118.8450, 80, (1, 300)),
    _s("玄武区", "玄武-03", "孝陵卫街", 32.0360, 118.8580, 80, (1, 220)),
    _s("玄武区", "玄武-03", "卫岗", 32.0425, 118.8330, 90, (1, 80)),
    # 秦淮区 — 太平南路/洪武路 (新街口东南)
    _s("秦淮区", "秦淮-01", "太平南路", 32.0360, 118.7960, 0, (1, 400)),
    _s("秦淮区", "秦淮-01", "洪武路", 32.0350, 118.7905, 0, (20, 400)),
    _s("秦淮区", "秦淮-01", "白下路", 32.0320, 118.7985, 90, (1, 300)),
    _s("秦淮区", "秦淮-01", "建康路", 32.0280, 118.7920, 90, (1, 300)),
    _s("秦淮区", "秦淮-01", "中山南路", 32.0330, 118.7835, 180, (1, 300)),
    # 秦淮区 — 中华路/升州路/集庆路
    _s("秦淮区", "秦淮-02", "中华路", 32.0240, 118.7815, 180, (1, 400)),
    _s("秦淮区", "秦淮-02", "升州路", 32.0290, 118.7750, 270, (1, 300)),
    _s("秦淮区", "秦淮-02", "集庆路", 32.0240, 118.7710, 280, (1, 280)),
    _s("秦淮区", "秦淮-02", "莫愁路", 32.0345, 118.7700, 180, (200, 420)),
    _s("秦淮区", "秦淮-02", "石鼓路", 32.0375, 118.7765, 270, (1, 200)),
    _s("秦淮区", "秦淮-02", "长乐路", 32.0195, 118.7930, 90, (1, 200)),
    # 秦淮区 — 龙蟠中路/御道街/光华路
    _s("秦淮区", "秦淮-03", "龙蟠中路", 32.0300, 118.8070, 180, (100, 400)),
    _s("秦淮区", "秦淮-03", "御道街", 32.0310, 118.8185, 180, (1, 120)),
    _s("秦淮区", "秦淮-03", "光华路", 32.0245, 118.8400, 80, (1, 200)),
    _s("秦淮区", "秦淮-03", "瑞金路", 32.0370, 118.8130, 90, (1, 100)),
    _s("秦淮区", "秦淮-03", "大光路", 32.0225, 118.8110, 90, (1, 160)),
    # 秦淮区 — 中华门外
    _s("秦淮区", "秦淮-04", "雨花路", 32.0060, 118.7795, 180, (1, 160)),
    _s("秦淮区", "秦淮-04", "卡子门大街", 32.0005, 118.8110, 90, (1, 120)),
    _s("秦淮区", "秦淮-04", "龙蟠南路", 32.0120, 118.8000, 200, (1, 200)),
    # 鼓楼区 — 汉中路/广州路/上海路 (新街口西北)
    _s("鼓楼区", "鼓楼-01", "汉中路", 32.0410, 118.7720, 275, (1, 300)),
    _s("鼓楼区", "鼓楼-01", "广州路", 32.0510, 118.7730, 280, (1, 300)),
    _s("鼓楼区", "鼓楼-01", "上海路", 32.0475, 118.7745, 5, (1, 200)),
    _s("鼓楼区", "鼓楼-01", "华侨路", 32.0450, 118.7790, 270, (1, 120)),
    # 鼓楼区 — 鼓楼/北京西路/湖南路
    _s("鼓楼区", "鼓楼-02", "北京西路", 32.0610, 118.7690, 290, (1, 120)),
    _s("鼓楼区", "鼓楼-02", "湖南路", 32.0670, 118.7800, 80, (1, 200)),
    _s("鼓楼区", "鼓楼-02", "中山北路", 32.0705, 118.7700, 315, (30, 300)),
    _s("鼓楼区", "鼓楼-02", "宁海路", 32.0575, 118.7670, 0, (1, 140)),
    _s("鼓楼区", "鼓楼-02", "云南北路", 32.0650, 118.7725, 0, (1, 90)),
    _s("鼓楼区", "鼓楼-02", "中央路", 32.0730, 118.7830, 10, (1, 200)),
    # 鼓楼区 — 西城: 草场门/虎踞路/清凉门
    _s("鼓楼区", "鼓楼-03", "草场门大街", 32.0580, 118.7430, 260, (1, 160)),
    _s("鼓楼区", "鼓楼-03", "虎踞路", 32.0500, 118.7590, 350, (1, 200)),
    _s("鼓楼区", "鼓楼-03", "清凉门大街", 32.0500, 118.7400, 270, (1, 120)),
    _s("鼓楼区", "鼓楼-03", "江东北路", 32.0620, 118.7385, 5, (1, 400)),
    # 鼓楼区 — 北部: 模范马路/福建路/建宁路
    _s("鼓楼区", "鼓楼-04", "模范马路", 32.0880, 118.7770, 90, (1, 120)),
    _s("鼓楼区", "鼓楼-04", "福建路", 32.0735, 118.7630, 20, (1, 80)),
    _s("鼓楼区", "鼓楼-04", "建宁路", 32.0880, 118.7500, 60, (1, 300)),
    # 建邺区 — 河西中部: 江东中路/河西大街/奥体
    _s("建邺区", "建邺-01", "江东中路", 32.0200, 118.7370, 180, (1, 400)),
    _s("建邺区", "建邺-01", "河西大街", 32.0100, 118.7250, 90, (1, 200)),
    _s("建邺区", "建邺-01", "庐山路", 32.0020, 118.7175, 0, (1, 280)),
    _s("建邺区", "建邺-01", "奥体大街", 32.0040, 118.7300, 90, (1, 120)),
    _s("建邺区", "建邺-01", "梦都大街", 32.0160, 118.7250, 90, (1, 200)),
    # 建邺区 — 集庆门/水西门/汉中门
    _s("建邺区", "建邺-02", "集庆门大街", 32.0245, 118.7480, 270, (1, 300)),
    _s("建邺区", "建邺-02", "水西门大街", 32.0320, 118.7440, 270, (1, 300)),
    _s("建邺区", "建邺-02", "汉中门大街", 32.0405, 118.7430, 270, (1, 300)),
    _s("建邺区", "建邺-02", "云锦路", 32.0200, 118.7470, 0, (1, 160)),
    # 建邺区 — 应天大街/新城科技园
    _s("建邺区", "建邺-03", "应天大街", 32.0060, 118.7480, 270, (400, 800)),
    _s("建邺区", "建邺-03", "江山大街", 31.9990, 118.7300, 90, (1, 120)),
    _s("建邺区", "建邺-03", "嘉陵江东街", 31.9950, 118.7300, 90, (1, 60)),
    # 雨花台区 — 雨花台/安德门
    _s("雨花台区", "雨花-01", "雨花南路", 31.9920, 118.7790, 180, (1, 120)),
    _s("雨花台区", "雨花-01", "安德门大街", 31.9940, 118.7620, 90, (1, 100)),
    _s("雨花台区", "雨花-01", "小行路", 31.9990, 118.7550, 90, (1, 80)),
    # 雨花台区 — 软件谷
    _s("雨花台区", "雨花-02", "软件大道", 31.9800, 118.7720, 180, (1, 180)),
    _s("雨花台区", "雨花-02", "花神大道", 31.9850, 118.7880, 180, (1, 100)),
    _s("雨花台区", "雨花-02", "凤信路", 31.9640, 118.7800, 90, (1, 60)),
    # 江宁区 — 东山
    _s("江宁区", "江宁-01", "天元中路", 31.9460, 118.8430, 90, (1, 260)),
    _s("江宁区", "江宁-01", "竹山路", 31.9540, 118.8470, 0, (1, 600)),
    _s("江宁区", "江宁-01", "上元大街", 31.9560, 118.8400, 90, (1, 400)),
    # 江宁区 — 双龙大道/胜太路
    _s("江宁区", "江宁-02", "双龙大道", 31.9600, 118.8170, 180, (1000, 1800)),
    _s("江宁区", "江宁-02", "胜太路", 31.9440, 118.8150, 90, (1, 120)),
    _s("江宁区", "江宁-02", "苏源大道", 31.9320, 118.8280, 180, (1, 120)),
    # 栖霞区 — 仙林
    _s("栖霞区", "栖霞-01", "仙林大道", 32.1040, 118.9200, 80, (1, 200)),
    _s("栖霞区", "栖霞-01", "文苑路", 32.1095, 118.9050, 90, (1, 100)),
    _s("栖霞区", "栖霞-01", "学则路", 32.0990, 118.9270, 0, (1, 80)),
    # 栖霞区 — 马群
    _s("栖霞区", "栖霞-02", "马群街", 32.0500, 118.8790, 90, (1, 100)),
    _s("栖霞区", "栖霞-02", "宁杭公路", 32.0560, 118.8950, 70, (1, 200)),
    # 栖霞区 — 迈皋桥
    _s("栖霞区", "栖霞-03", "和燕路", 32.1100, 118.8030, 10, (200, 500)),
    _s("栖霞区", "栖霞-03", "尧新大道", 32.1150, 118.8560, 60, (1, 200)),
)

DISTRICT_WEIGHTS: dict[str, float] = {
    # A 新街口 branch: most of the book in the old city, less further out.
    "鼓楼区": 0.22,
    "秦淮区": 0.21,
    "玄武区": 0.15,
    "建邺区": 0.16,
    "雨花台区": 0.09,
    "江宁区": 0.09,
    "栖霞区": 0.08,
}


def _river_lat(lon: float) -> float:
    """Latitude of the (simplified) Yangtze bank at ``lon``."""
    bank = YANGTZE_BANK
    if lon <= bank[0][1]:
        return bank[0][0]
    for (lat_a, lon_a), (lat_b, lon_b) in zip(bank, bank[1:]):
        if lon <= lon_b:
            return lat_a + (lat_b - lat_a) * (lon - lon_a) / (lon_b - lon_a)
    return bank[-1][0]


def no_go_area(lat: float, lon: float) -> str | None:
    """The name of the lake or hill the point lies in, or None."""
    for name, (south, north, west, east) in NO_GO_BOXES.items():
        if south <= lat <= north and west <= lon <= east:
            return name
    return None


def on_land_in_nanjing(lat: float, lon: float) -> bool:
    """True when the point is in the bbox, south of the river, off lakes and hills."""
    south, north, west, east = NANJING_BBOX
    if not (south <= lat <= north and west <= lon <= east):
        return False
    return lat < _river_lat(lon) and no_go_area(lat, lon) is None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12_742.0 * math.asin(math.sqrt(a))
