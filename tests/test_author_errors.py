"""Every mistake an author can make fails the build and says where, which key, and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import run_build


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def build_fails(project_dir: Path) -> str:
    result = run_build(project_dir, project_dir / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    return output


def macro_failure(project_dir: Path) -> str:
    """The macros plugin and our define_env exit with SystemExit(100)."""
    result = run_build(project_dir, project_dir / "site")
    assert result.returncode == 100, (result.returncode, result.stderr[-3000:])
    assert "Traceback" not in result.stderr
    return result.stderr


def test_unknown_blank_in_a_message_names_page_key_and_suggestion(project_copy):
    edit(project_copy / "docs/templates/initial-internal.md", "{start_time}", "{strat_time}")
    out = macro_failure(project_copy)
    assert "docs/templates/initial-internal.md" in out
    assert "strat_time" in out and "你是不是想写 'start_time'" in out
    assert "修复" in out and "docs/_data/variables.yml" in out


def test_unknown_blank_in_prose_names_page_key_and_suggestion(project_copy):
    edit(
        project_copy / "docs/checklist.md",
        "## 发送前确认",
        "{{ blank('strat_time') }}\n\n## 发送前确认",
    )
    out = macro_failure(project_copy)
    assert "docs/checklist.md" in out and "strat_time" in out
    assert "你是不是想写 'start_time'" in out and "修复" in out


def test_catalog_entry_missing_a_field_names_key_and_field(project_copy):
    edit(
        project_copy / "docs/_data/variables.yml",
        "  source: 服务目录中的服务名；对外用产品名而非内部代号\n",
        "",
    )
    out = macro_failure(project_copy)
    assert "docs/_data/variables.yml" in out and "service" in out
    assert "缺少必填字段：source" in out and "修复" in out


def test_malformed_catalog_yaml_names_file_and_line(project_copy):
    edit(
        project_copy / "docs/_data/variables.yml",
        "severity:\n  label: 故障级别",
        "severity:\n  label: [故障级别",
    )
    out = macro_failure(project_copy)
    assert re.search(r"docs/_data/variables\.yml:\d+: YAML 格式错误", out)
    assert "修复" in out


def test_stray_jinja_braces_name_page_line_and_fix(project_copy):
    edit(
        project_copy / "docs/principles.md",
        "{{ principles() }}",
        "用 {{ 表示变量。\n\n{{ principles() }}",
    )
    out = macro_failure(project_copy)
    assert re.search(r"docs/principles\.md:\d+", out)
    assert "{% raw %}" in out and "修复" in out


def test_stray_block_tag_is_caught_too(project_copy):
    edit(project_copy / "docs/checklist.md", "## 发送后跟进", "{% 注意 %}\n\n## 发送后跟进")
    out = macro_failure(project_copy)
    assert "docs/checklist.md" in out and "修复" in out


def test_undefined_jinja_variable_names_page_and_name(project_copy):
    edit(project_copy / "docs/checklist.md", "## 发送后跟进", "{{ timelne() }}\n\n## 发送后跟进")
    out = macro_failure(project_copy)
    assert "docs/checklist.md" in out and "timelne" in out
    assert "你是不是想写 'timeline'" in out and "修复" in out


def test_missing_handbook_setting_names_template_setting_and_fix(project_copy):
    edit(project_copy / "mkdocs.yml", "    hotline: 400-xxx-xxxx\n", "")
    out = macro_failure(project_copy)
    assert "docs/templates/partner-notice.md" in out and "hotline" in out
    assert "extra.handbook" in out and "修复" in out


def test_unknown_handbook_setting_suggests_the_right_key(project_copy):
    edit(project_copy / "mkdocs.yml", "    hotline: 400", "    hotlnie: 400")
    out = macro_failure(project_copy)
    assert "hotlnie" in out and "你是不是想写 'hotline'" in out


def test_missing_page_metadata_names_page_field_and_fix(project_copy):
    edit(project_copy / "docs/templates/escalation.md", "owner: 工程管理组\n", "")
    out = macro_failure(project_copy)
    assert "docs/templates/escalation.md" in out and "owner" in out and "修复" in out


def test_broken_front_matter_yaml_names_page_and_line(project_copy):
    edit(project_copy / "docs/templates/escalation.md", "owner: 工程管理组", "owner: [工程管理组")
    out = macro_failure(project_copy)
    assert re.search(r"docs/templates/escalation\.md:\d+: YAML 格式错误", out)


def test_next_pointing_nowhere_is_an_error(project_copy):
    edit(
        project_copy / "docs/templates/escalation.md",
        "next: update-internal",
        "next: update-internernal",
    )
    out = macro_failure(project_copy)
    assert "update-internernal" in out and "你是不是想写 'update-internal'" in out


def test_broken_link_fails_the_strict_build(project_copy):
    edit(
        project_copy / "docs/checklist.md",
        "## 发送后跟进",
        "[旧页面](old-page.md)\n\n## 发送后跟进",
    )
    out = build_fails(project_copy)
    assert "checklist.md" in out and "old-page.md" in out


def test_broken_anchor_fails_the_strict_build(project_copy):
    edit(
        project_copy / "docs/checklist.md",
        "## 发送后跟进",
        "[看这里](principles.md#no-such-anchor)\n\n## 发送后跟进",
    )
    out = build_fails(project_copy)
    assert "checklist.md" in out and "no-such-anchor" in out


@pytest.mark.parametrize(
    "value", ["<script>alert(1)</script>", "{{ config.site_name }}", "{% raw %}"]
)
def test_catalog_values_are_data_never_markup_or_jinja(project_copy, value, tmp_path):
    path = project_copy / "docs/_data/variables.yml"
    edit(path, 'example: "登录服务"', f"example: {value!r}".replace("'", '"'))
    result = run_build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project_copy / "site/templates/social-media/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    escaped = value.replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in page
