"""Building blocks for plausible Chinese customer names, people and phones.

Everything here is invented: shop and company names are made from common
字号 (trade names) and trades, people from common surnames and given names,
mobile numbers from real carrier prefixes with random digits. The functions
take the caller's ``random.Random`` so that the demo book stays
deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
    "袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦"
    "邱江尹薛段雷侯史陶贺顾毛郝龚邵万钱严戴孔汤殷"
)
GIVEN_NAMES = (
    "建国", "志强", "秀英", "丽华", "敏", "静", "伟", "芳", "军", "磊", "洋", "勇",
    "艳", "杰", "娟", "涛", "超", "霞", "平", "刚", "桂英", "海燕", "玉兰", "文",
    "斌", "鹏", "晨", "雪", "婷", "浩", "宇", "欣怡", "宏伟", "建华", "国强",
    "春梅", "德明", "晓东", "立新", "金凤", "红梅", "永刚", "振华", "雅琴", "卫东",
    "学军", "海峰", "慧", "琳", "颖", "俊", "波", "凯", "蕾", "梦洁", "子豪",
    "佳怡", "文博", "思远", "小红", "长青", "福生", "庆华", "新民", "玉珍", "爱华",
)

# Trade names (字号) that Nanjing shops and companies like to use.
TRADE_WORDS = (
    "金陵", "秦淮", "钟山", "紫金", "石城", "玄武", "天元", "华联", "万家", "惠民",
    "福满", "顺达", "鑫源", "宏达", "聚福", "和顺", "永兴", "瑞丰", "祥和", "嘉禾",
    "盛华", "恒通", "新华", "佳佳", "乐家", "东方", "长江", "扬子", "凤凰", "雨花",
    "莫愁", "金鼎", "百合", "明城", "六朝", "江南", "白鹭", "龙江", "红山", "汇通",
    "德丰", "博雅", "信诚", "华泰", "宁福", "好邻居", "旺角", "同庆", "益民", "润发",
)

COMPANY_TRADES = (
    "商贸", "贸易", "科技", "电子", "建材", "物流", "餐饮管理", "文化传媒", "装饰工程",
    "医疗器械", "信息技术", "食品", "服饰", "印务", "汽车服务", "家政服务", "教育咨询",
    "环保科技", "机电设备", "供应链管理",
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "177", "180",
    "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
)


@dataclass(frozen=True, slots=True)
class CustomerKind:
    """A kind of customer: how it is named, when it opens, who is met.

    ``hours`` names opening-hours templates of :mod:`rmtui.demo.hours`;
    ``tier_weight`` biases the tier draw (companies and VIPs are more often
    core or potential than a corner shop); ``roles`` are who is met on a visit.
    """

    key: str
    weight: float
    hours: tuple[str, ...]
    tier_weight: float
    roles: tuple[str, ...]


KINDS: tuple[CustomerKind, ...] = (
    CustomerKind("convenience", 14, ("all_day", "long_day", "shop_day"), 0.6, ("店主", "店长")),
    CustomerKind("tobacco", 14, ("shop_day", "long_day", "shop_lunch"), 0.6, ("店主", "老板娘")),
    CustomerKind("supermarket", 6, ("long_day", "mall"), 1.2, ("店长", "财务")),
    CustomerKind("restaurant", 12, ("restaurant", "restaurant_late"), 0.7, ("老板", "店长")),
    CustomerKind("pharmacy", 5, ("shop_day", "long_day"), 1.0, ("店长", "执业药师")),
    CustomerKind("company", 18, ("office", "office_sat", "office_long"), 1.9, ("总经理", "财务经理", "法人代表")),
    CustomerKind("trade", 10, ("trade", "office_sat"), 1.3, ("老板", "业务经理")),
    CustomerKind("service", 9, ("salon", "clinic", "mall"), 0.9, ("店长", "老板")),
    CustomerKind("hotel", 3, ("long_day",), 1.5, ("总经理", "前厅经理")),
    CustomerKind("vip", 9, ("vip",), 2.4, ("本人", "本人及家属")),
)

_SHOP_WORDS = {
    "tobacco": ("烟酒商行", "副食便利店", "烟酒店", "副食品商店", "名烟名酒"),
    "supermarket": ("生活超市", "购物中心", "超市", "生鲜超市"),
    "pharmacy": ("大药房", "医药连锁", "药店"),
}
_RESTAURANTS = (
    "{surname}记鸭血粉丝汤", "老{surname}家盐水鸭", "{word}小笼包", "{word}酒家",
    "{surname}家锅贴", "{word}面馆", "{word}大排档", "{word}土菜馆", "{word}茶餐厅",
    "{surname}记皮肚面",
)
_SERVICES = (
    "{word}美发沙龙", "{surname}氏口腔诊所", "{word}洗衣店", "{word}眼镜店",
    "{word}茶庄", "{word}鲜花坊", "{word}宠物医院", "{word}健身工作室",
    "{word}汽车维修服务部", "{word}母婴用品店",
)
_HOTELS = ("{word}商务酒店", "{word}精品酒店", "{word}宾馆")
_CONVENIENCE = ("{word}便利店", "苏果便利({street}店)", "{word}便利({street}店)", "{word}二十四小时便利店")


def person_name(rng: random.Random) -> str:
    """A full Chinese name: surname plus given name."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with a real carrier prefix (fake)."""
    return rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def customer_name(rng: random.Random, kind: str, *, street: str, district: str,
                  owner: str) -> str:
    """A plausible name for a customer of ``kind`` on ``street`` in ``district``."""
    word = rng.choice(TRADE_WORDS)
    surname = owner[0]
    short_street = street[:-2] if street.endswith("大街") else street
    if kind == "convenience":
        template = rng.choice(_CONVENIENCE)
    elif kind in _SHOP_WORDS:
        if kind == "supermarket" and rng.random() < 0.3:
            return f"{district}{word}超市"
        if kind == "pharmacy" and rng.random() < 0.5:
            return f"{word}大药房({short_street}店)"
        return word + rng.choice(_SHOP_WORDS[kind])
    elif kind == "restaurant":
        template = rng.choice(_RESTAURANTS)
    elif kind == "service":
        template = rng.choice(_SERVICES)
    elif kind == "hotel":
        template = rng.choice(_HOTELS)
    elif kind == "company":
        return f"南京{word}{rng.choice(COMPANY_TRADES)}有限公司"
    elif kind == "trade":
        trade = rng.choice(("五金建材", "电器", "水产", "粮油", "家居", "灯饰", "茶叶", "办公用品"))
        return f"{district}{word}{trade}经营部" if rng.random() < 0.4 else f"{word}{trade}商行"
    elif kind == "vip":
        return f"{owner}(贵宾)"
    else:  # pragma: no cover - every kind is handled above
        raise ValueError(kind)
    return template.format(word=word, surname=surname, street=short_street)


NOTES: dict[str, tuple[str, ...]] = {
    "convenience": ("店主夫妻轮班，下午客流较少", "收银使用聚合收款码", "有开第二家店的打算",
                    "附近新开一家连锁便利店，竞争加剧"),
    "tobacco": ("老板娘负责进货，上午较忙", "烟酒礼盒节前备货量大", "店面较小，拜访时间宜短",
                "对经营贷额度提升有兴趣"),
    "supermarket": ("店长每周一开例会，周一上午不宜拜访", "代发工资约二十人", "收单流水稳定",
                    "有装修改造计划，资金需求较大"),
    "restaurant": ("午餐和晚餐高峰不宜拜访，下午三点前后最好", "外卖占营业额一半以上",
                   "老板对商户贷利率较敏感", "计划明年开分店"),
    "pharmacy": ("医保结算账户在他行", "店长换人，需重新建立联系", "连锁总部统一采购"),
    "company": ("财务每月初较忙，避开一至五日", "法人常出差，一般见财务经理", "有代发工资需求",
                "对公账户在我行，结算量逐月增加", "关注供应链融资产品"),
    "trade": ("停车不便，建议地铁前往", "旺季在年底，资金周转需求明显", "老板习惯电话沟通"),
    "service": ("预约后再去，店里忙时不便交谈", "会员储值资金量不小", "对收单费率比较在意"),
    "hotel": ("前厅经理对接日常业务", "入住率回升，有设备更新计划"),
    "vip": ("需提前一天电话预约", "偏好上午见面", "关注养老金融和大额存单",
            "子女在外地，本人决策", "理财到期前一周需提醒"),
}
