"""Runbook-ready publishing: links never break, redirects, the offline copy, safe publish, audit.

The publish tests here run real MkDocs builds; every destination case (refusals,
symlink releases, rollback, leftovers) is in test_destinations.py without one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from macros.commands.audit import overdue, report
from macros.model.handbook import Handbook

from ..conftest import ROOT, SEED_ORDER, mkdocs_env, rename_with_redirect, run_build
from ..support.htmlscan import Scan, scan
from ..support.projectcopy import copy_project
from ..support.treestate import tree_digest

PUBLISHED = ROOT / "tests" / "fixtures" / "published-urls.txt"


def target_file(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The built file an internal href points to, and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    if not parts.path:
        return page, parts.fragment
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = []
    scans: dict[Path, Scan] = {}  # each page is parsed once, however many links point to it

    def scanned(page: Path) -> Scan:
        if page not in scans:
            scans[page] = scan(page)
        return scans[page]

    for page in sorted(built_site.rglob("*.html")):
        if page.name == "404.html":  # served at any path, so its links are root-absolute
            continue
        for href in scanned(page).links:
            found = target_file(built_site, page, href)
            if found is None:
                continue
            target, fragment = found
            if not target.is_file():
                broken.append((str(page.relative_to(built_site)), href, "no such page"))
            elif fragment and target.suffix == ".html" and fragment not in scanned(target).ids:
                broken.append((str(page.relative_to(built_site)), href, "no such anchor"))
    assert broken == []


def redirect_target(html: str) -> str | None:
    match = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', html)
    return match.group(1) if match else None


def test_published_urls_and_anchors_still_resolve(built_site):
    """The recorded public API: each URL is a page with its anchor, or redirects to one."""
    missing = []
    for line in PUBLISHED.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        path, _, anchor = line.partition("#")
        page = built_site / path.strip("/") / "index.html"
        if page.is_file() and (target := redirect_target(page.read_text(encoding="utf-8"))):
            page = (page.parent / target.split("#")[0] / "index.html").resolve()
        if not page.is_file() or (anchor and anchor not in scan(page).ids):
            missing.append(line)
    assert missing == []


def test_links_page_lists_every_template_url_anchor_and_markdown_link(built_site, hb):
    html = (built_site / "links" / "index.html").read_text(encoding="utf-8")
    text = html_text(html)
    for slug in SEED_ORDER:
        url = f"{hb.site_url}templates/{slug}/"
        assert f"<code>{url}</code>" in html
        assert f"[{hb.templates[slug].title}]({url})" in text
        for anchor in ("message", "example", "variables"):
            assert f"templates/{slug}/#{anchor}" in html


def html_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_robots_txt_disallows_everything(built_site):
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").split("\n")
    assert "User-agent: *" in lines and "Disallow: /" in lines


def test_a_renamed_page_keeps_its_old_url(project_copy):
    rename_with_redirect(project_copy, "templates/escalation.md", "templates/escalate.md")
    result = run_build(project_copy, project_copy / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    old = project_copy / "site/templates/escalation/index.html"
    assert redirect_target(old.read_text(encoding="utf-8")) == "../escalate/"
    assert (project_copy / "site/templates/escalate/index.html").is_file()


@pytest.mark.build
def test_offline_zip_has_every_page_as_html_files(tmp_path):
    out = tmp_path / "dist" / "handbook-offline.zip"
    code = subprocess.run(
        [sys.executable, "-m", "macros.commands.cli", "offline", "--out", str(out)],
        cwd=ROOT,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
    )
    assert code.returncode == 0, code.stderr[-3000:]
    names = zipfile.ZipFile(out).namelist()
    for slug in SEED_ORDER:
        assert f"handbook/templates/{slug}.html" in names
    assert "handbook/index.html" in names
    assert not any("search_index" in n for n in names)


def publish(project_dir: Path, dest: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "macros.commands.cli",
            "--config",
            str(project_dir / "mkdocs.yml"),
            "publish",
            "--dest",
            str(dest),
            "--allow-placeholders",  # the seed's own settings: 400-xxx-xxxx, example.com
            *more,
        ],
        cwd=project_dir,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def first_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real publish of the unchanged project, for the tests that start from a site
    already published: each gets its own copy (a release is not tied to its path)."""
    project = copy_project(tmp_path_factory.mktemp("first") / "handbook")
    dest = project.parent / "www" / "handbook"
    result = publish(project, dest)
    assert result.returncode == 0, result.stderr[-3000:]
    return dest


def published(first_release: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "www" / "handbook"
    shutil.copytree(first_release, dest, symlinks=True)
    return dest


def test_failed_build_leaves_the_published_site_byte_for_byte(
    project_copy, first_release, tmp_path
):
    dest = published(first_release, tmp_path)
    before = tree_digest(dest)
    assert "templates/initial-internal/index.html" in before
    page = project_copy / "docs/templates/initial-internal.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("{start_time}", "{strat_time}"), encoding="utf-8"
    )
    second = publish(project_copy, dest)
    assert second.returncode != 0
    assert "保持原样" in second.stderr
    assert tree_digest(dest) == before
    assert sorted(p.name for p in dest.parent.iterdir()) == ["handbook"]  # no leftovers
    assert "Traceback" not in second.stderr


def test_publish_into_a_symlink_keeps_it_a_link_and_rolls_back(project_copy, tmp_path):
    www = tmp_path / "www"
    (www / "empty").mkdir(parents=True)
    link = www / "handbook"
    link.symlink_to("empty")
    result = publish(project_copy, link)
    assert result.returncode == 0, result.stderr[-3000:]
    release = link.resolve()
    assert link.is_symlink() and release.name.startswith("handbook.release-")
    assert f"已发布到 {link}" in result.stdout and str(release) in result.stdout
    assert (link / "templates/initial-internal/index.html").is_file()
    assert (link / ".handbook-site.json").is_file()
    assert os.readlink(www / ".handbook.previous") == "empty"

    back = publish(project_copy, link, "--rollback")
    assert back.returncode == 0, back.stderr
    assert "已回滚" in back.stdout and link.resolve() == www / "empty"
    again = publish(project_copy, link, "--rollback")
    assert again.returncode == 0, again.stderr
    assert link.resolve() == release and (release / "index.html").is_file()


def test_readers_see_the_old_site_or_the_new_one_never_a_mix(project_copy, first_release, tmp_path):
    dest = published(first_release, tmp_path)
    target = dest / "templates/initial-internal/index.html"
    old = target.read_bytes()
    page = project_copy / "docs/templates/initial-internal.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("SRE 值班组", "SRE 值班组（新）"), encoding="utf-8"
    )
    seen: set[bytes] = set()
    errors: list[Exception] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            try:
                seen.add(target.read_bytes())
            except OSError as err:
                errors.append(err)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        result = publish(project_copy, dest)
    finally:
        done.set()
        thread.join()
    assert result.returncode == 0, result.stderr[-3000:]
    new = target.read_bytes()
    assert new != old and "SRE 值班组（新）".encode() in new
    assert errors == []
    assert seen <= {old, new}


def test_audit_lists_overdue_templates_against_a_fixed_date(hb: Handbook):
    t = hb.templates["initial-internal"]
    due = t.last_reviewed + dt.timedelta(days=t.review_every)
    assert t not in [o.template for o in overdue(hb, due)]  # due today is not late
    late = overdue(hb, due + dt.timedelta(days=1))
    assert t in [o.template for o in late]
    assert next(o.days_late for o in late if o.template is t) == 1


def test_audit_report_and_exit_code(hb: Handbook):
    early = min(t.last_reviewed for t in hb.templates.values())
    text, code = report(hb, early)
    assert code == 0 and "都在审核周期内" in text
    text, code = report(hb, dt.date(2030, 1, 1))
    assert code == 1
    for t in hb.templates.values():
        # one error format: file:line: key: problem — 修复：fix
        line = t.lines["last_reviewed"]
        assert f"{t.path}:{line}: last_reviewed: {t.title} 逾期 " in text, t.slug
        assert t.owner in text and "— 修复：" in text


def test_audit_command_exits_non_zero_when_any_template_is_overdue():
    late = subprocess.run(
        [sys.executable, "-m", "macros.commands.cli", "audit", "--today", "2030-01-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert late.returncode == 1 and "逾期未审核" in late.stdout
    fine = subprocess.run(
        [sys.executable, "-m", "macros.commands.cli", "audit", "--today", "2026-01-24"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert fine.returncode == 0, fine.stdout


def test_publish_refuses_while_settings_are_the_seeds_placeholders(tmp_path):
    dest = tmp_path / "www"
    result = subprocess.run(
        [sys.executable, "-m", "macros.commands.cli", "publish", "--dest", str(dest)],
        cwd=ROOT,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "拒绝发布：手册仍在使用示例设置：" in result.stderr
    assert "hotline（400-xxx-xxxx）" in result.stderr and "--allow-placeholders" in result.stderr
    assert not dest.exists()
