"""One engine, two front ends: the browser fills and lints exactly as the CLI does.

The browser's copy of the engine (assets/javascripts/workspace.js) runs in Chromium on the
built /incident/ page, on the data the build emitted; Python fills and lints the same
templates with the same values. Every text and every finding must be identical.
"""

from __future__ import annotations

import pytest

from macros.engine import fill
from macros.engine.lint import linter
from macros.model.handbook import Handbook

from ..conftest import SEED_ORDER
from .conftest import LAPTOP

pytestmark = pytest.mark.browser

# A payment outage at 09:12: values unlike the seed's, lists included, some claims unknown.
PAYMENT = {
    "severity": "P1",
    "incident_id": "2026-1126",
    "incident_date": "2026-11-26",
    "start_time": "09:12",
    "update_time": "09:41",
    "service": "支付服务",
    "impact": "约三成用户支付失败",
    "user_symptom": "部分用户在支付时遇到失败",
    "affected_features": ["订单支付", "余额充值"],
    "working_features": ["浏览商品", "加入购物车"],
    "ic_name": "李四",
    "progress_summary": "我们已找到问题原因，正在切换到备用支付通道。",
    "progress_percent": "40",
    "root_cause": "支付网关证书过期",
    "fix_plan": "切换到备用支付通道",
    "fix_action": "切换",
    "in_progress": ["观察切换后的成功率"],
    "next_steps": ["09:50 完成切换", "10:00 复查"],
    "partial_recovery": "部分用户已可以正常支付",
    "eta_minutes": "20",
    "hashtags": "#支付服务",
    "retry_action": "支付",
    "end_time": "10:02",
    "affected_share": "部分",
    "escalation_recipients": "CTO",
    "ic_role": "支付负责人",
    "oncall_names": ["王五"],
}
# Fifteen minutes in, cause and recovery time unknown: optional parts drop out.
EARLY = {
    k: PAYMENT[k] for k in ("severity", "incident_id", "start_time", "service", "progress_summary")
}
EARLY["update_time"] = "09:27"
EARLY["incident_date"] = "2026-11-26"


@pytest.fixture(scope="module")
def engine_page(browser, origin):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(f"{origin}/incident/")
    page.wait_for_function("window.HB && window.HB_DATA && window.HB_ALL")
    yield page
    context.close()


def browser_text(page, slug: str, values: dict) -> str:
    return page.evaluate(
        """([slug, values]) => {
          const messages = HB_ALL.messages;
          const m = messages.find(x => x.slug === slug);
          return HB.fill(HB.definitions(HB_ALL), m, values).text;
        }""",
        [slug, values],
    )


@pytest.mark.parametrize("values", [PAYMENT, EARLY, {}], ids=["payment", "early", "empty"])
def test_browser_and_cli_fill_every_template_identically(engine_page, hb: Handbook, values):
    for slug in SEED_ORDER:
        expected = fill.text(hb, hb.templates[slug], "values", values)
        assert browser_text(engine_page, slug, values) == expected, slug


def browser_findings(page, text: str, audience: str, channel: str | None) -> list[tuple]:
    found = page.evaluate(
        "([t, a, c]) => HB.lint(HB.definitions(HB_ALL), t, a, c)"
        ".map(f => [f.line, f.col, f.rule, f.text])",
        [text, audience, channel],
    )
    return [tuple(f) for f in found]


def test_browser_and_cli_lint_agree_on_every_rule_example(engine_page, hb: Handbook):
    lint = linter(hb)
    for rule in hb.rules:
        audience = sorted(rule.audiences)[0]
        for text in (*rule.good, *rule.bad):
            expected = [
                (f.line, f.col, f.rule, f.text)
                for f in lint.check(text, audience, rule.example_channel)
            ]
            assert (
                browser_findings(engine_page, text, audience, rule.example_channel) == expected
            ), text


def test_browser_and_cli_lint_agree_on_the_filled_templates(engine_page, hb: Handbook):
    lint = linter(hb)
    for values in (PAYMENT, EARLY, {}):
        for t in hb.templates.values():
            text = fill.text(hb, t, "values", values)
            expected = [
                (f.line, f.col, f.rule, f.text) for f in lint.check(text, t.audience, t.channel)
            ]
            assert browser_findings(engine_page, text, t.audience, t.channel) == expected, t.slug


def test_browser_derivations_match_the_engine_on_edge_cases(engine_page):
    from macros.engine.derive import OPERATIONS

    cases = [
        ("date_long", ["2026-01-23"]),
        ("date_long", ["2026-13-45"]),
        ("minutes_between", ["23:50", "00:20"]),
        ("minutes_between", ["09:12", "9:41"]),
        ("add_minutes", ["23:55", "15"]),
        ("add_minutes", ["x", "15"]),
        ("count_updates", ["11:00", "12:30", "15"]),
        ("count_updates", ["11:00", "11:05", "15"]),
        ("count_updates", ["11:00", "11:05", "0"]),
    ]
    for op, args in cases:
        got = engine_page.evaluate("([op, args]) => HB.operations[op](...args)", [op, args])
        assert got == OPERATIONS[op].run(*args), (op, args)
