"""Channel length counting."""

from __future__ import annotations

from macros.engine.counting import twitter_length


def test_twitter_length_counts_cjk_double_and_urls_as_23():
    assert twitter_length("abc") == 3
    assert twitter_length("登录") == 4
    assert twitter_length("看 https://status.example.com/incidents/2026-0001") == 2 + 1 + 23
