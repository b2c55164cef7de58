"""The build itself: author errors end it with exit code 2, each printed once, no traceback."""

from __future__ import annotations

import pytest

from ..conftest import run_build
from ..support.minihandbook import edited, mini

pytestmark = pytest.mark.build


def test_author_errors_end_the_build_cleanly_each_printed_once(tmp_path):
    files = {
        **edited("docs/templates/alpha.md", "{start_time}", "{strat_time}"),
        **edited("docs/checklist.md", "## 发送后跟进", "[旧页面](old-page.md)\n\n## 发送后跟进"),
        **edited("mkdocs.yml", "    company_name: 小公司", "    company_nme: 小公司"),
    }
    project = mini(tmp_path / "h", files)
    result = run_build(project, project / "site")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("strat_time: 未知的空白变量") == 1
    assert result.stderr.count("未知的手册设置 'company_nme'") == 1
    assert not (project / "site").exists()


def test_a_broken_link_fails_the_strict_build_naming_page_and_target(tmp_path):
    files = edited(
        "docs/checklist.md",
        "## 发送后跟进",
        "[旧页面](old-page.md)\n\n[看这里](principles.md#nowhere)\n\n## 发送后跟进",
    )
    project = mini(tmp_path / "h", files)
    result = run_build(project, project / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "checklist.md" in out and "old-page.md" in out and "nowhere" in out
