"""One engine, two front ends: the browser fills and lints exactly as the CLI does.

The browser's engine (assets/javascripts/workspace/engine.js) runs in Chromium on the
built /incident/ page, on the data the build emitted; Python fills and lints the same
templates with the same values. Every text and every finding must be identical.
"""

from __future__ import annotations

import pytest

from macros.engine import fill
from macros.engine.lint import linter
from macros.model.handbook import Handbook

from ..conftest import SEED_ORDER
from .conftest import LAPTOP, PAYMENT

# Fifteen minutes in, cause and recovery time unknown: optional parts drop out.
EARLY = {
    k: PAYMENT[k] for k in ("severity", "incident_id", "start_time", "service", "progress_summary")
}
EARLY["update_time"] = "09:27"
EARLY["incident_date"] = "2026-11-26"


@pytest.fixture(scope="module")
def engine_page(tabs, origin):
    """/incident/ in the shared laptop tab with JavaScript: its engine and the build's data."""
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}/incident/")
    page.wait_for_function("() => window.HB && window.HB.engine && window.HB_DATA && window.HB_ALL")
    return page


def browser_text(page, slug: str, values: dict) -> str:
    return page.evaluate(
        """([slug, values]) => {
          const messages = HB_ALL.messages;
          const m = messages.find(x => x.slug === slug);
          return HB.engine.fill(HB.ui.definitions(HB_ALL), m, values).text;
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
        "([t, a, c]) => HB.engine.lint(HB.ui.definitions(HB_ALL), t, a, c)"
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
        got = engine_page.evaluate("([op, args]) => HB.engine.operations[op](...args)", [op, args])
        assert got == OPERATIONS[op].run(*args), (op, args)
