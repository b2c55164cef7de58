"""Every mistake an author can make: one message naming file, line, key and fix (in-process).

Each case changes the small fixture handbook (tests/fixtures/mini) and loads it
with the same loader the build uses. Full builds are kept for what only MkDocs
checks (links, anchors) and for the exit code of the build itself.
"""

from __future__ import annotations

import pytest

from ..support.minihandbook import edited, load, load_errors, mini

V = "docs/_data/variables.yml"
A = "docs/templates/alpha.md"

CASES = [
    (
        "unknown-blank",
        edited(A, "{start_time}", "{strat_time}"),
        ["docs/templates/alpha.md:16: strat_time:", "你是不是想写 'start_time'", "修复"],
    ),
    (
        "catalog-entry-missing-field",
        edited(V, "  source: 服务目录\n", ""),
        ["docs/_data/variables.yml:15: service.source: 缺少字段 source", "修复"],
    ),
    (
        "malformed-catalog-yaml",
        edited(V, "  label: 受影响服务", "  label: [受影响服务"),
        ["docs/_data/variables.yml:17: YAML 格式错误"],
    ),
    (
        "catalog-unquoted-time",
        edited(V, 'example: "14:32"', "example: 14:32"),
        ["start_time.example: 14:32 没有加引号，YAML 把它读成了数字 872", '"14:32"'],
    ),
    (
        "catalog-value-cut-by-comment",
        edited(V, "  format: 名词短语", "  format: 以 # 开头"),
        ["docs/_data/variables.yml:19: format:", "加上引号"],
    ),
    (
        "unknown-setting",
        edited("mkdocs.yml", "    company_name: 小公司", "    company_nme: 小公司"),
        ["company_nme", "你是不是想写 'company_name'"],
    ),
    (
        "missing-setting",
        edited("mkdocs.yml", "    company_name: 小公司\n", ""),
        ["docs/templates/beta.md: company_name:", "extra.handbook", "修复"],
    ),
    (
        "missing-page-metadata",
        edited(A, "owner: 值班组\n", ""),
        ["docs/templates/alpha.md:1: owner: 缺少字段 owner"],
    ),
    (
        "broken-front-matter",
        edited(A, "owner: 值班组", "owner: [值班组"),
        ["docs/templates/alpha.md:11: YAML 格式错误"],
    ),
    (
        "drill-answer-missing-a-value",
        edited("docs/_data/drills.yml", '    service: "支付服务"\n', ""),
        [
            "docs/_data/drills.yml: first-drill.values.service:",
            "参考答案（alpha）还缺这些值：service",
        ],
    ),
    (
        "next-pointing-nowhere",
        edited(A, "next: beta", "next: betta"),
        ["docs/templates/alpha.md:9: next:", "你是不是想写 'beta'"],
    ),
]


@pytest.mark.parametrize(("edits", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_author_mistake_is_reported_with_file_line_key_and_fix(tmp_path, edits, needles):
    report = load_errors(mini(tmp_path / "h", edits))
    for needle in needles:
        assert needle in report, report
    assert "Traceback" not in report


def test_the_unchanged_fixture_loads(tmp_path):
    assert sorted(load(mini(tmp_path / "h")).templates) == ["alpha", "beta"]


def test_three_mistakes_in_three_files_are_reported_together(tmp_path):
    files = {
        **edited(A, "{start_time}", "{strat_time}"),
        **edited(V, "  source: 服务目录\n", ""),
        **edited("mkdocs.yml", "    company_name: 小公司", "    company_nme: 小公司"),
    }
    report = load_errors(mini(tmp_path / "h", files))
    assert "strat_time" in report and "service.source" in report and "company_nme" in report
    assert report.endswith("处错误。")
