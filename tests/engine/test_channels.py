"""Each message in the form its channels take (macros/engine/channels.py): every template is
within each of its channels' limits with the case study's facts, or is reported over; the
browser gets the channels from the one data file."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from macros.engine import channels
from macros.model.handbook import Handbook
from macros.render import workspace

from ..conformance.cases import CASES, case_study_values


def fit_cases() -> dict[tuple[str, str], dict]:
    cases = yaml.safe_load((CASES / "channels.yml").read_text(encoding="utf-8"))
    return {(c["slug"], c["channel"]): c for c in cases if c["op"] == "channel-fit"}


def test_every_template_in_every_channel_it_goes_to_has_a_conformance_case(hb: Handbook):
    wanted = {(t.slug, c) for t in hb.templates.values() for c in t.channels}
    assert wanted == set(fit_cases())


def test_every_template_is_within_its_channels_limits_or_reported_over(hb: Handbook):
    for t in hb.templates.values():
        values = case_study_values(hb, t.slug)
        for key in t.channels:
            result = channels.for_template(hb, t, key, values)
            if result.limit is None:
                assert result.count is None and not result.over
                continue
            assert result.count is not None
            assert result.over == (result.count > result.limit), (t.slug, key)
            if result.over:
                assert not result.ready and str(result.count) in result.describe()


# (channel, a value long enough to pass its limit, unit in the description)
OVER = [
    ("wecom-text", "故" * 700, "字节"),
    ("wecom-markdown", "故" * 1400, "字节"),
    ("slack-mrkdwn", "a" * 40_001, "字"),
    ("weibo", "故" * 141, "字"),
    ("x", "故" * 141, "加权"),
    ("feishu-post", "故" * 7000, "字节"),
]


@pytest.mark.parametrize(("key", "value", "unit"), OVER, ids=[o[0] for o in OVER])
def test_over_the_limit_is_not_ready_and_says_the_count(hb: Handbook, key, value, unit):
    t = hb.templates["update-public"]
    values = {**case_study_values(hb, t.slug), "progress_summary": value}
    message = dataclasses.replace(t, channels=(key,))
    result = channels.for_template(hb, message, key, values)
    assert result.over and not result.ready
    line = result.describe()
    assert f"{result.count} / {result.limit}" in line and unit in line and "超出上限" in line


def test_a_message_with_blanks_is_not_ready_in_any_channel(hb: Handbook):
    t = hb.templates["initial-internal"]
    for key in t.channels:
        result = channels.for_template(hb, t, key, {})
        assert not result.ready and "service" in result.missing


def test_mentions_use_the_id_only_where_one_is_known(hb: Handbook):
    t = hb.templates["initial-internal"]
    values = case_study_values(hb, t.slug)
    known = channels.for_template(hb, t, "slack-mrkdwn", values, {"张三": "U024BE7LH"})
    unknown = channels.for_template(hb, t, "slack-mrkdwn", values, {})
    assert "<@U024BE7LH>" in known.text and known.mentions == ("U024BE7LH",)
    assert "@张三" in unknown.text and unknown.mentions == ()


def test_the_browser_gets_every_channel_from_the_data_file(hb: Handbook):
    data = workspace.handbook_data(hb)
    assert data["channels"] == {k: workspace.channel_data(c) for k, c in hb.channels.items()}
    assert data["channel_text"]["subject_prefix"] == channels.SUBJECT_PREFIX
    for t in hb.templates.values():
        assert workspace.template_data(hb, t)["channels"] == list(t.channels)


def test_a_page_has_the_keys_the_status_rules_read(hb: Handbook):
    t = hb.templates["update-public"]
    scoped = workspace.page_data(hb, t)["scope"]["catalog"]
    rules = [r.known for r in hb.channels["statuspage"].status if r.known]
    assert rules and all(key in scoped for key in rules)


@pytest.mark.parametrize("name", ["lower", "A-B", "X;rm", "$X", ""])
def test_curl_refuses_an_environment_variable_name_that_is_not_one(hb: Handbook, name):
    t = hb.templates["update-internal"]
    result = channels.for_template(hb, t, "slack-mrkdwn", case_study_values(hb, t.slug))
    with pytest.raises(ValueError):
        channels.curl(result, {"SLACK_WEBHOOK_URL": name})
