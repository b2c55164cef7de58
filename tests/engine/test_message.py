"""Parsing a message: blanks in order, and every look-alike blank refused with a fix."""

from __future__ import annotations

import pytest

from macros.engine.message import parse_message
from macros.errors import HandbookError

from ..support.builders import small_catalog


def test_keys_are_listed_in_order_of_first_use():
    msg = parse_message("{start_time} {service} {start_time} {features}", "p.md", small_catalog())
    assert msg.keys == ("start_time", "service", "features")


def test_unknown_blank_names_page_key_and_suggests():
    with pytest.raises(HandbookError) as err:
        parse_message("时间：{strat_time}", "docs/templates/x.md", small_catalog())
    text = str(err.value)
    assert "docs/templates/x.md" in text and "strat_time" in text
    assert "你是不是想写 'start_time'" in text and "修复" in text


def test_error_lines_count_from_the_file_when_the_message_starts_there():
    with pytest.raises(HandbookError) as err:
        parse_message("a\nb {strat_time}", "x.md", small_catalog(), first_line=12)
    assert str(err.value).startswith("x.md:13: strat_time:")


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("时间：{Start_time}", "Start_time"),
        ("时间：{ start_time }", "start_time"),
        ("时间：｛start_time｝", "全角花括号"),
        ("影响：{影响范围}", "改成 {impact}"),
        ("服务：{{service}}", "写成 {service}"),
    ],
    ids=["capital", "spaces", "full-width", "label-in-braces", "double-braces"],
)
def test_look_alike_blanks_are_errors_with_a_fix(source, needle):
    with pytest.raises(HandbookError) as err:
        parse_message(source, "x.md", small_catalog())
    assert needle in str(err.value)


def test_every_mistake_in_a_message_is_reported_at_once():
    with pytest.raises(HandbookError) as err:
        parse_message("{strat_time}\n{servce}\n{{x}}", "x.md", small_catalog())
    assert len(err.value.problems) == 3
