"""The cross-check on real messages: the case study's messages agree with each other, and a
contradiction planted in one is found there."""

from __future__ import annotations

import pytest

from macros.engine.crosscheck import crosscheck
from macros.model.handbook import Handbook

from ..conformance.cases import case_study_drafts, drafts

# The seed's templates disagreed once: the public recovery notice and the incident report
# always said "已采取措施防止类似问题再次发生" while the internal notice of the same moment
# listed "1周内完成预防措施" as still to do. Prevention is now stated only from the facts
# (issue 24, "claims need facts"), so the case study's messages agree throughout.
AGREED: set[tuple[str, str]] = set()

# (the template, what it says in the case study, what is planted instead, the rule that finds it)
PLANTED = [
    ("update-public", "预计恢复：15:00", "预计恢复：15:30", "cross-eta"),
    ("social-media", "预计恢复：15:00", "预计恢复：15:20", "cross-eta"),
    ("support-standard", "预计15:00前恢复（10分钟内）", "预计15:20前恢复（30分钟内）", "cross-eta"),
    ("update-public", "下次更新：15:00", "下次更新：15:20", "cross-next-update"),
    ("update-public", "我们已找到问题原因", "问题原因仍在排查", "cross-cause"),
    ("incident-report", "约10万用户", "约3万用户", "cross-affected-users"),
    (
        "resolved-public",
        "对给您带来的不便，我们深感抱歉。",
        "我们深感抱歉，已采取措施防止类似问题再次发生。",
        "cross-prevention",
    ),
    (
        "initial-public",
        "我们将每15分钟更新一次进展",
        "我们将每30分钟更新一次进展",
        "cross-next-update",
    ),
]


def found(hb: Handbook, messages: list[dict]) -> set[tuple[str, str]]:
    return {
        (c.file, c.finding.rule)
        for c in crosscheck(hb.facts, hb.stages, hb.audiences, drafts(messages))
    }


def test_the_case_study_messages_agree(hb: Handbook):
    assert found(hb, case_study_drafts(hb)) == AGREED


@pytest.mark.parametrize(("slug", "said", "planted", "rule"), PLANTED, ids=[p[2] for p in PLANTED])
def test_a_contradiction_planted_in_a_public_message_is_found_there(hb, slug, said, planted, rule):
    messages = case_study_drafts(hb)
    target = next(m for m in messages if m["file"] == slug)
    assert said in target["text"], f"{slug} no longer says {said}"
    target["text"] = target["text"].replace(said, planted)
    assert found(hb, messages) == AGREED | {(slug, rule)}


def test_every_fact_of_the_cross_check_is_planted_at_least_once(hb: Handbook):
    assert {f"cross-{f.id}" for f in hb.facts} <= {p[3] for p in PLANTED}
