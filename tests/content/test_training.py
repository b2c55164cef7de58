"""Onboarding: the path, the case study, drills answered by the real templates, the quiz."""

from __future__ import annotations

import re
from html import unescape

from macros.engine import fill
from macros.engine.lint import Linter
from macros.model.handbook import Handbook
from macros.render.pages import message_html

from ..conftest import ROOT, run_build


def page_text(site, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_learning_path_links_principles_timeline_case_drills_quiz_and_card(built_site):
    html = (built_site / "training" / "index.html").read_text(encoding="utf-8")
    for target in (
        "../principles/",
        "../",
        "case-study/",
        "drills/",
        "quiz/",
        "../quick-reference/",
    ):
        assert f'href="{target}"' in html, target
    minutes = [
        int(m) for m in re.findall(r"\| (\d+)(?:–\d+)? 分钟 \|", _source("training/index.md"))
    ]
    assert 30 <= sum(minutes) <= 60


def _source(path: str) -> str:
    return (ROOT / "docs" / path).read_text(encoding="utf-8")


def test_case_study_runs_from_1432_to_the_postmortem_with_links(built_site, hb: Handbook):
    steps = hb.case_study
    assert steps[0].time == "14:32" and steps[-1].time == "18:00"
    assert any(s.time == "15:10" for s in steps)
    assert [s.time for s in steps] == sorted(s.time for s in steps)
    html = (built_site / "training" / "case-study" / "index.html").read_text(encoding="utf-8")
    for step in steps:
        assert f'id="t{step.time.replace(":", "")}"' in html
        for principle in step.principles:
            assert f'href="../../principles/#{principle}"' in html
        if step.template:
            assert f'href="../../templates/{step.template}/"' in html
            # the message shown is the template's own filled example, not a copy
            t = hb.templates[step.template]
            assert message_html(hb, t, "example", from_page="training/case-study.md") in html


def test_at_least_three_drills_each_with_facts_tasks_answers_and_self_check(hb: Handbook):
    drills = hb.drills
    assert len(drills) >= 3
    seed_slugs_used = set()
    for d in drills:
        assert d.facts and d.tasks and len(d.self_check) >= 3
        seed_slugs_used |= {t.template for t in d.tasks}
    assert len(seed_slugs_used) >= 5


def test_model_answers_are_rendered_from_the_templates_inside_details(built_site, hb):
    html = (built_site / "training" / "drills" / "index.html").read_text(encoding="utf-8")
    details = re.findall(r"<details class=\"example\">(.*?)</details>", html, flags=re.S)
    drills = hb.drills
    assert len(details) == sum(len(d.tasks) for d in drills)
    answers = [unescape(re.sub(r"<[^>]+>", "", block)) for block in details]
    for d in drills:
        for task in d.tasks:
            expected = fill.text(hb, hb.templates[task.template], "values", task.values)
            assert any(expected in a for a in answers), (d.id, task.template)


def test_model_answers_practise_what_the_handbook_preaches(hb: Handbook):
    linter = Linter(hb)
    for d in hb.drills:
        for task in d.tasks:
            t = hb.templates[task.template]
            text = fill.text(hb, t, "values", task.values)
            findings = linter.check(text, t.audience, t.channel)
            assert findings == [], (d.id, t.slug, [str(f) for f in findings])


def test_a_template_change_shows_up_in_its_drill_answer(project_copy):
    page = project_copy / "docs/templates/support-upset.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("• 优先处理您后续的需求", "• 专人跟进您后续的需求"), encoding="utf-8"
    )
    assert run_build(project_copy, project_copy / "site").returncode == 0
    drills = (project_copy / "site/training/drills/index.html").read_text(encoding="utf-8")
    assert "专人跟进您后续的需求" in drills and "优先处理您后续的需求" not in drills


def test_quiz_has_8_to_12_questions_each_with_a_details_answer(built_site):
    html = (built_site / "training" / "quiz" / "index.html").read_text(encoding="utf-8")
    questions = re.findall(r'<h3 id="q\d+"', html)
    answers = re.findall(r'<details class="question">', html)
    assert 8 <= len(questions) <= 12 and len(answers) == len(questions)
