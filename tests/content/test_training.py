"""Onboarding: the path, the case study, drills answered by the real templates, the quiz."""

from __future__ import annotations

import re
from html import unescape

from macros.engine import fill
from macros.engine.lint import linter as make_linter
from macros.model.handbook import Handbook

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
    source = _source("training/index.md")
    steps = re.findall(r"\| (\d+)(?:–(\d+))? 分钟 \|", source)
    least = sum(int(a) for a, _ in steps)
    most = sum(int(b or a) for a, b in steps)
    low, high = (int(n) for n in re.search(r"用 (\d+)–(\d+) 分钟", source).groups())
    assert low <= least <= most <= high  # the steps fit the time the path announces


def test_learning_path_teaches_the_workspace_before_the_command_line(built_site):
    text = page_text(built_site, "training")
    for words in (
        "事件工作台",
        "现在该发什么",
        "复制并记录为已发送",
        "撤销",
        "只记录，不复制",
        "倒计时",
        "标签页的标题",
        "只需填空",
    ):
        assert words in text, words
    assert text.index("复制并记录为已发送") < text.index("handbook fill")
    assert "end_time" in text and "验证通过" in text  # the glossary says which moment it is


def _source(path: str) -> str:
    return (ROOT / "docs" / path).read_text(encoding="utf-8")


def test_case_study_runs_from_1432_to_the_postmortem_with_links(built_site, hb: Handbook):
    steps = hb.case_study.steps
    assert steps[0].time == "14:32" and steps[-1].time == "18:00"
    assert any(s.time == "15:10" for s in steps)
    assert [s.time for s in steps] == sorted(s.time for s in steps)
    html = (built_site / "training" / "case-study" / "index.html").read_text(encoding="utf-8")
    for step in steps:
        assert f'id="{step.anchor}"' in html
        for principle in step.principles:
            assert f'href="../../principles/#{principle}"' in html
        if step.template:
            assert f'href="../../templates/{step.template}/"' in html
            # the message shown is the template filled with the facts known at that minute
            text = fill.text(hb, hb.templates[step.template], "values", step.values)
            assert text.split("\n")[0] in unescape(re.sub(r"<[^>]+>", "", html))


# Keys whose value differs from one message to the next (the catalog says so).
def per_message(hb: Handbook) -> set[str]:
    return {k for k, v in hb.catalog.items() if v.per_message}


def test_case_study_facts_never_change_once_known(hb: Handbook):
    """A count, a name or a claim shown in two steps is the same in both (14:35 vs 14:55 …)."""
    seen: dict[str, object] = {}
    changed = []
    for step in hb.case_study.steps:
        for key, value in step.values.items():
            if key in seen and seen[key] != value and key not in per_message(hb):
                changed.append((step.time, key, seen[key], value))
            seen[key] = value
    assert changed == []


def test_case_study_durations_and_numbers_are_computed_from_its_times(hb: Handbook):
    """Every elapsed time, duration and update number shown equals the one its times give."""
    start = minutes(hb.case_study.values["start_time"])
    updates = 0
    for step in hb.case_study.steps:
        if not step.template:
            continue
        text = fill.text(hb, hb.templates[step.template], "values", step.values)
        now = step.values.get("update_time")
        end = step.values.get("end_time")
        elapsed = numbers(re.findall(r"已持续 (\d+) 分钟|持续时长：(\d+)分钟\n", text))
        lasted = numbers(
            re.findall(r"（(\d+)分钟）|持续时长：(\d+)分钟（|出现了(\d+)分钟的中断", text)
        )
        for n in elapsed:
            assert n == minutes(now) - start, (step.time, n)
        for n in lasted:
            assert n == minutes(end) - start, (step.time, n)
        if step.template == "update-internal":
            updates += 1
            assert f"进度更新 #{updates} " in text, step.time
    assert updates >= 1


PROSE_FIGURE = re.compile(r"(?:持续|共|已持续)\s*\d+\s*分钟|\d+\s*分钟后|#\d+|第\s*\d+\s*次")


def test_training_prose_never_types_a_duration_or_an_update_number(hb: Handbook):
    """Durations and update numbers in the case study and the drills are {blanks}, not typed."""
    import yaml

    for name in ("case-study.yml", "drills.yml"):
        raw = (ROOT / "docs" / "_data" / name).read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
        texts: list[str] = []

        def collect(node: object, key: str = "", texts: list[str] = texts) -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    if k != "values":
                        collect(v, k)
            elif isinstance(node, list):
                for v in node:
                    collect(v, key)
            elif isinstance(node, str) and key in {
                "summary",
                "title",
                "event",
                "why",
                "facts",
                "ask",
            }:
                texts.append(node)

        collect(data)
        typed = [t for t in texts if PROSE_FIGURE.search(t)]
        assert typed == [], (name, typed)


TIME = re.compile(r"(?<!\d)(\d{1,2}:\d{2})(?!\d)")
PERCENT = re.compile(r"\d+%")


def test_every_drill_answer_agrees_with_the_drill_facts(hb: Handbook):
    """Times and percentages in a model answer are the ones the drill gives or derives."""
    for d in hb.drills:
        told = " ".join([*d.facts, *(t.ask for t in d.tasks), *(t.when for t in d.tasks)])
        for task in d.tasks:
            t = hb.templates[task.template]
            answer = fill.text(hb, t, "values", task.values)
            resolve = fill.resolver(hb, t, "values", task.values)
            derived = {
                v
                for k in t.message.keys
                if hb.catalog[k].type == "time" and isinstance(v := resolve(k)[0], str)
            }
            for time in TIME.findall(answer):
                assert time in told or time in derived, (d.id, task.template, time)
            for percent in PERCENT.findall(answer):
                assert percent in told.replace(" ", ""), (d.id, task.template, percent)


def test_drill_three_answers_claim_no_cause_and_no_recovery_time(hb: Handbook):
    drill = next(d for d in hb.drills if d.id == "long-no-progress")
    texts = {
        task.template: fill.text(hb, hb.templates[task.template], "values", task.values)
        for task in drill.tasks
    }
    internal = texts["update-internal"]
    done = internal.split("✅ 已完成：", 1)[1].split("🔄", 1)[0]
    assert "根因" not in done  # nothing about the cause is listed as done
    assert "根因尚未定位" in internal
    assert "预计恢复：确认后第一时间更新" in texts["update-public"]
    assert "折" not in texts["support-upset"] and "预计" not in texts["support-upset"]


def numbers(groups: list[tuple[str, ...]]) -> list[int]:
    """The numbers found by a regex with several alternative groups."""
    return [int(x) for group in groups for x in group if x]


def minutes(hhmm: object) -> int:
    h, m = str(hhmm).split(":")
    return int(h) * 60 + int(m)


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


def test_model_answers_practise_what_the_handbook_preaches(real_hb: Handbook):
    linter = make_linter(real_hb)
    for d in real_hb.drills:
        for task in d.tasks:
            t = real_hb.templates[task.template]
            text = fill.text(real_hb, t, "values", task.values)
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
    assert 8 <= len(questions) <= 16 and len(answers) == len(questions)


def test_the_workspace_drill_copies_exactly_its_model_answer(built_site, hb: Handbook):
    """What the trainee types into /incident/ (the page's tables) fills each message to the
    model answer printed below it: the same engine, the same values."""
    from macros.render.training import workspace_entries

    drills = [d for d in hb.drills if d.workspace]
    assert len(drills) == 1
    d = drills[0]
    once, per_task = workspace_entries(hb, d)
    text = page_text(built_site, "training/drills")
    answers = [
        unescape(re.sub(r"<[^>]+>", "", block))
        for block in re.findall(
            r"<details class=\"example\">(.*?)</details>",
            (built_site / "training/drills/index.html").read_text(encoding="utf-8"),
            flags=re.S,
        )
    ]
    assert any(t.record_only for t in d.tasks) and "只记录，不复制" in text
    for task, entries in zip(d.tasks, per_task, strict=True):
        for key, value in [*once, *entries]:  # each value the trainee types is on the page
            assert hb.catalog[key].label in text
            for item in value if isinstance(value, tuple) else (value,):
                assert item in text, (key, item)
        typed = dict([*once, *entries])
        copied = fill.text(hb, hb.templates[task.template], "values", typed)
        model = fill.text(hb, hb.templates[task.template], "values", task.values)
        assert copied == model, task.template
        assert fill.missing(hb, hb.templates[task.template], typed) == []
        assert any(model in a for a in answers), task.template
