"""What demo visit records and follow-ups say: Chinese text by customer kind.

A bank branch's customer manager sells loans, merchant acquiring, payroll
and wealth products; the texts below are the kind of thing such a manager
writes in a visit record, kept short as records logged at day end are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PRODUCTS: dict[str, tuple[str, ...]] = {
    "shop": ("收单聚合码", "商户经营贷", "信用卡", "手机银行", "税务贷", "个人结算账户"),
    "firm": ("代发工资", "企业网银", "对公结算账户", "供应链融资", "税务贷", "普惠经营贷"),
    "vip": ("大额存单", "理财产品", "养老金账户", "贵金属", "基金定投", "手机银行"),
}
PURPOSES: dict[str, tuple[str, ...]] = {
    "shop": ("例行拜访，了解经营情况", "客户关系维护", "介绍新产品", "收单机具巡检", "节前走访"),
    "firm": ("例行拜访，了解经营情况", "客户关系维护", "介绍新产品", "贷后例行检查",
             "代发工资业务沟通"),
    "vip": ("例行拜访，资产配置沟通", "理财到期提醒及续作沟通", "客户关系维护", "养老规划咨询"),
    "special": ("上门办理签约", "跟进上次遗留事项"),
}
_DISCUSSED = (
    "了解近期经营情况，月营业额约{n}万元，较上月{trend}",
    "介绍{product}的办理条件和费率",
    "核对收单机具使用情况，交易正常",
    "沟通{product}的后续安排",
    "听取客户对我行服务的意见",
    "说明本月{product}优惠政策",
)
_NEEDS: dict[str, tuple[str, ...]] = {
    "shop": ("希望提高经营贷额度", "希望降低收单费率", "希望上门协助开通手机银行", "暂无新需求",
             "关注贷款利率下调", "暂无新需求"),
    "firm": ("需要代发工资服务", "需要开具资信证明", "希望提高授信额度", "关注供应链融资",
             "暂无新需求", "暂无新需求"),
    "vip": ("想了解期限短一些的理财", "关注大额存单新一期额度", "咨询个人养老金缴存",
            "暂无新需求", "希望理财到期前提醒"),
}
_COMPLAINTS = ("网点排队时间较长", "手机银行转账限额偏低", "上次办理业务时材料要求反复补充")
_COMPETITOR = (
    "某股份制银行推出年化3.2%的经营贷", "附近农商行客户经理每周上门", "他行大额存单利率略高",
    "竞品收单费率报价0.38%", "邮储银行在周边做商户推广",
)
_NEXT = {
    "order": ("一周后电话回访使用情况", "准备合同归档", "下次拜访送达回单"),
    "agreement": ("准备申请材料清单，下周上门收取", "发送产品说明给客户", "与支行确认优惠审批"),
    "nothing": ("按频次下次拜访", "节前再次走访", "留意客户资金动向"),
    "follow_up": ("回行协调后答复客户", "三个工作日内反馈处理结果", "请产品经理一起上门"),
}
FOLLOW_UP_TITLES = (
    ("提供经营贷申请材料清单", "客户有意申请经营贷，需整理材料清单并说明审批流程。"),
    ("协调解决收单到账延迟", "客户反映收单款项偶有次日到账，需与运营部门核实。"),
    ("回复代发工资收费方案", "客户询问代发工资费用，需报支行确认优惠后答复。"),
    ("上门协助开通企业网银", "客户财务不熟悉企业网银操作，约定上门协助开通。"),
    ("大额存单额度确认", "客户希望购买大额存单，需确认本期剩余额度。"),
    ("开具资信证明", "客户投标需要资信证明，需协调网点出具。"),
)
CALLBACK = ("购买后一周电话回访", "客户上周办理{product}，按规定一周后电话回访使用情况。")
RESULTS = ("已电话答复客户，客户认可", "材料已送达，客户已签收", "已协调处理，客户表示满意",
           "已办结，结果已告知客户")


def product_group(kind: str) -> str:
    """Which product family a customer of ``kind`` is offered."""
    if kind == "vip":
        return "vip"
    return "firm" if kind in ("company", "trade", "hotel", "supermarket") else "shop"


@dataclass(frozen=True, slots=True)
class VisitText:
    """The free-text fields of one visit record."""

    discussed: str
    needs: str
    complaints: str
    competitor_info: str
    products: str
    next_steps: str


def purpose(rng: random.Random, kind: str, special: bool) -> str:
    """The stated purpose of a visit."""
    if special:
        return rng.choice(PURPOSES["special"])
    return rng.choice(PURPOSES[product_group(kind)])


def visit_text(rng: random.Random, kind: str, outcome: str) -> VisitText:
    """What was discussed, needed and agreed at a visit with ``outcome``."""
    family = product_group(kind)
    group = PRODUCTS[family]
    shown = rng.sample(group, rng.choice((1, 1, 2)))
    discussed = rng.choice(_DISCUSSED).format(
        n=rng.randint(3, 60), trend=rng.choice(("持平", "略有增长", "有所下降")), product=shown[0]
    )
    return VisitText(
        discussed=discussed,
        needs=rng.choice(_NEEDS[family]),
        complaints=rng.choice(_COMPLAINTS) if rng.random() < 0.08 else "",
        competitor_info=rng.choice(_COMPETITOR) if rng.random() < 0.15 else "",
        products="、".join(shown),
        next_steps=rng.choice(_NEXT[outcome]),
    )
