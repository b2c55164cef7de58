"""Strict YAML: duplicate keys, lines, front matter, aliases, dates and times kept as written."""

from __future__ import annotations

import pytest

from macros.errors import HandbookError
from macros.load.yamlio import Sexagesimal, line_of, parse_yaml, split_front_matter


def test_yaml_duplicate_keys_are_refused_with_both_lines():
    with pytest.raises(HandbookError) as err:
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yml")
    assert str(err.value).startswith("x.yml:3:") and "重复的键 'a'（第一次出现在第 1 行）" in str(
        err.value
    )


def test_yaml_error_names_file_and_line():
    with pytest.raises(HandbookError) as err:
        parse_yaml("a: 1\nb: [unclosed\nc: 2\n", "docs/_data/x.yml")
    assert str(err.value).startswith("docs/_data/x.yml:")


def test_front_matter_is_split_and_bad_front_matter_is_an_error():
    meta, body = split_front_matter("---\ntitle: 标题\n---\n正文\n", "p.md")
    assert meta == {"title": "标题"} and body == "正文\n"
    assert line_of(meta, "title") == 2
    with pytest.raises(HandbookError, match=r"p\.md:"):
        split_front_matter("---\ntitle: [\n---\n", "p.md")


def test_an_unquoted_time_keeps_the_text_the_author_wrote():
    value = parse_yaml("start_time: 14:33\n", "i.yml")["start_time"]
    assert isinstance(value, Sexagesimal) and value == 873 and value.source == "14:33"


def test_dates_stay_text_so_an_impossible_date_is_not_a_traceback():
    assert parse_yaml("d: 2026-13-45\n", "x.yml") == {"d": "2026-13-45"}


def test_aliases_are_refused():
    with pytest.raises(HandbookError, match="别名"):
        parse_yaml("a: &x [1, 2]\nb: *x\n", "x.yml")
