"""Every message claims only what its facts support, and every promised time is a clock time.

Issue 24: a sentence that states something done or decided (a root cause, an ETA, prevention
measures, compensation, a published write-up) appears only when the fact behind it is given;
otherwise the message says something that promises nothing. Checked for every template with
the facts an incident has after 15 minutes, and again with the later facts added.
"""

from __future__ import annotations

import re

import pytest

from macros.engine import fill
from macros.engine.derive import add_minutes
from macros.model.catalog import Value
from macros.model.handbook import Handbook

from ..conftest import SEED_ORDER

# The facts of the first 15 minutes: the initial notices and the first update, before the
# cause, a recovery time, prevention or compensation are known.
FIRST_15_MINUTES: dict[str, Value] = {
    "severity": "P1",
    "incident_id": "2026-1126",
    "incident_date": "2026-11-26",
    "start_time": "09:12",
    "update_time": "09:27",
    "service": "支付服务",
    "impact": "约三成用户支付失败",
    "user_symptom": "部分用户在支付时遇到失败",
    "affected_features": ("订单支付", "余额充值"),
    "working_features": ("浏览商品", "加入购物车"),
    "affected_share": "约三成",
    "affected_users": "12万",
    "ic_name": "李四",
    "ic_role": "支付平台负责人",
    "oncall_names": ("王五", "赵六"),
    "escalation_recipients": "CTO、支付业务 VP",
    "done_steps": ("排除网络与缓存因素",),
    "in_progress": ("排查支付网关的错误日志",),
    "next_steps": ("09:40 对比最近两次发布",),
    "progress_summary": "我们仍在排查原因，已排除部分可能。",
    "retry_action": "支付",
    "workaround": "购物车中的商品会为您保留",
    "hashtags": "#支付服务",
}
# What is known later: the cause, a recovery time, prevention, compensation, the write-up.
LATER: dict[str, Value] = {
    "root_cause": "支付网关证书过期",
    "fix_plan": "切换到备用支付通道",
    "fix_action": "切换",
    "eta_minutes": "20",
    "cause_summary": "支付网关的证书过期，网关拒绝了部分支付请求。",
    "technical_details": ("证书自动续期任务失败且没有告警",),
    "prevention_measures": ("**证书监控**: 证书到期前 30 天告警",),
    "prevention_due": "1周内",
    "compensation_offer": "5元无门槛券",
    "compensation_deadline": "24小时",
    "compensation_eligibility": "故障期间支付失败的用户",
    "discount": "9",
    "partner_compensation": ("本月 API 调用配额 +20%",),
    "report_url": "https://status.corp-handbook.cn/incidents/2026-1126",
}

# Each kind of claim: the facts that stand behind it, and what stating it looks like.
CLAIMS: dict[str, tuple[tuple[str, ...], re.Pattern[str]]] = {
    "cause": (("root_cause", "cause_summary"), re.compile(r"根因已定位|定位根因|技术细节：")),
    "eta": (
        ("eta_time", "eta_minutes"),
        re.compile(r"预计\s*\d{1,2}:\d{2}|预计\d+分钟内|预计恢复：\d"),
    ),
    "prevention": (
        ("prevention_measures", "prevention_due"),
        re.compile(r"已采取[^。\n]*措施|完成预防措施"),
    ),
    "compensation": (
        ("compensation_offer", "discount", "partner_compensation"),
        re.compile(r"获得补偿|补偿方案：|补偿措施：|作为补偿|用户补偿\n|赠送|折优惠|将获得"),
    ),
    "write-up": (("report_url",), re.compile(r"详细说明：")),
}


def claims_in(text: str) -> set[str]:
    return {kind for kind, (_, pattern) in CLAIMS.items() if pattern.search(text)}


def backed(hb: Handbook, slug: str) -> set[str]:
    """The kinds of claim a template can make: those whose facts it uses."""
    message = hb.templates[slug].message
    used = {*message.keys, *message.conditions}
    return {kind for kind, (facts, _) in CLAIMS.items() if used & set(facts)}


def test_the_two_fact_sets_are_catalog_keys_and_the_later_facts_back_every_claim(hb: Handbook):
    assert set(FIRST_15_MINUTES) | set(LATER) <= set(hb.catalog)
    assert not set(FIRST_15_MINUTES) & {f for facts, _ in CLAIMS.values() for f in facts}
    assert {f for facts, _ in CLAIMS.values() for f in facts} - {"eta_time"} <= set(LATER)


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_with_the_first_15_minutes_facts_no_message_claims_anything(hb: Handbook, slug: str):
    text = fill.text(hb, hb.templates[slug], "values", FIRST_15_MINUTES)
    assert claims_in(text) == set(), (slug, text)


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_with_the_later_facts_each_claim_appears_where_its_facts_are_used(hb: Handbook, slug: str):
    text = fill.text(hb, hb.templates[slug], "values", {**FIRST_15_MINUTES, **LATER})
    assert claims_in(text) == backed(hb, slug), (slug, text)


# Every kind of claim is made somewhere, and the replies, recovery notices and social reply
# make the ones issue 24 names.
EXPECTED_CLAIMS = {
    "resolved-public": {"prevention", "compensation", "write-up"},
    "resolved-internal": {"prevention"},
    "support-standard": {"eta", "compensation"},
    "support-upset": {"eta", "compensation"},
    "social-media": {"eta", "compensation"},
    "incident-report": {"cause", "prevention", "compensation"},
    "escalation": {"cause", "eta"},
}


@pytest.mark.parametrize(("slug", "kinds"), EXPECTED_CLAIMS.items())
def test_the_messages_named_in_issue_24_can_make_their_claims(
    hb: Handbook, slug: str, kinds: set[str]
):
    assert backed(hb, slug) == kinds


# Support replies: what an upset customer asks first, said only when it is confirmed.
REPLY_FACTS = {
    "order_status": "您的订单已为您保留 24 小时。",
    "charge_status": "未支付成功的订单没有扣款；如已扣款，将在 3 个工作日内自动退回。",
}


@pytest.mark.parametrize("slug", ["support-standard", "support-upset"])
def test_support_replies_name_the_service_and_state_order_and_charge_only_when_confirmed(
    hb: Handbook, slug: str
):
    t = hb.templates[slug]
    without = fill.text(hb, t, "values", FIRST_15_MINUTES)
    with_facts = fill.text(hb, t, "values", {**FIRST_15_MINUTES, **REPLY_FACTS})
    assert "支付服务" in without
    assert "订单" not in without and "扣款" not in without
    for sentence in REPLY_FACTS.values():
        assert sentence in with_facts
    assert "X" not in fill.text(hb, t, "example")  # the seed's literal X is filled


TIME = r"(\d{2}:\d{2})"
# Where a message promises the next update, and how it writes it.
NEXT_UPDATE = re.compile(rf"(?:下次更新|预计更新)：{TIME}")


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_every_promised_time_is_a_clock_time_computed_from_the_facts(hb: Handbook, slug: str):
    values = {**FIRST_15_MINUTES, **LATER}
    t = hb.templates[slug]
    text = fill.text(hb, t, "values", values)
    resolve = fill.resolver(hb, t, "values", values)
    # a relative time only glosses a clock time: 09:42（15分钟后）、09:47前恢复（20分钟内）
    for match in re.finditer(r"\d+\s*分钟(后|内)", text):
        around = text[max(0, match.start() - 12) : match.end() + 2]
        assert re.search(rf"{TIME}（\d+\s*分钟后）|{TIME}前恢复（\d+\s*分钟内）", around), (
            slug,
            around,
        )
    used = {*t.message.keys, *t.message.conditions}
    if used & {"next_update_time", "next_update_minutes", "update_interval_minutes"}:
        promised = NEXT_UPDATE.findall(text)
        expected = add_minutes(str(values["update_time"]), str(resolve("next_update_minutes")[0]))
        assert promised == [expected], (slug, text)
    if "预计" in text and claims_in(text) & {"eta"}:
        eta = add_minutes(str(values["update_time"]), str(values["eta_minutes"]))
        assert eta in text, (slug, text)
