"""Filling a parsed message: list layout, plain text, and the three views."""

from __future__ import annotations

from macros.engine import fill
from macros.engine.derive import date_cn
from macros.engine.message import parse_message
from macros.model.handbook import Handbook

from ..support.builders import small_catalog


def resolve_with(values):
    def resolve(key):
        if key in values:
            return values[key], "filled"
        return None, "blank"

    return resolve


def text(source: str, values: dict) -> str:
    msg = parse_message(source, "page.md", small_catalog())
    rendered = fill.layout(msg, resolve_with(values), labels=small_catalog().labels)
    return fill.to_text(rendered, small_catalog().labels)


def test_blank_renders_as_label_in_brackets_in_text():
    assert text("服务：{service}", {}) == "服务：【待填：服务】"


def test_list_after_a_marker_repeats_the_line_per_item():
    out = text("• {features}\n1. {features}", {"features": ("登录", "下单")})
    assert out == "• 登录\n• 下单\n1. 登录\n2. 下单"


def test_list_inside_a_sentence_is_joined():
    assert text("功能：{features}", {"features": ("登录", "下单")}) == "功能：登录、下单"


def test_date_cn_writes_the_long_chinese_date():
    assert date_cn("2026-01-23") == "2026年1月23日"
    assert date_cn("2026-13-45") == "2026-13-45"


def test_blank_view_fills_settings_only_and_example_fills_everything(hb: Handbook):
    t = hb.templates["partner-notice"]
    blank = fill.text(hb, t, "blank")
    assert "support@example.com" in blank and "【待填：受影响的 API】" in blank
    assert "【" not in fill.text(hb, t, "example")


def test_derived_date_follows_its_source(hb: Handbook):
    t = hb.templates["incident-report"]
    out = fill.text(hb, t, "values", {"incident_date": "2026-03-05"})
    assert out.startswith("# 2026年3月5日")
    assert "【待填：故障日期（中文）】" in fill.text(hb, t, "blank")
