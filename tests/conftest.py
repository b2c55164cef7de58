from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros import state
from macros.load.handbook import load_from_config, load_handbook
from macros.model.handbook import Handbook

from .support.projectcopy import REAL_SETTINGS, ROOT, copy_project

collect_ignore = ["bench"]

# The user's seed document. shared/ sits beside the checkout in CI; a clone elsewhere
# uses the snapshot in tests/fixtures, which a test keeps identical to shared/.
SHARED_SEED = ROOT.parent / "shared" / "seed" / "incident-communication-templates.md"
SEED_SNAPSHOT = ROOT / "tests" / "fixtures" / "seed.md"
SEED = SHARED_SEED if SHARED_SEED.is_file() else SEED_SNAPSHOT
MKDOCS = [sys.executable, "-m", "mkdocs"]

# The seed's code blocks, in order, and the template each one became.
SEED_ORDER = [
    "initial-internal",
    "initial-public",
    "update-internal",
    "update-public",
    "resolved-internal",
    "resolved-public",
    "incident-report",
    "escalation",
    "partner-notice",
    "support-standard",
    "support-upset",
    "social-media",
]


def mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_build(project_dir: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_builds((project_dir, site_dir))[0]


def run_builds(*projects: tuple[Path, Path]) -> list[subprocess.CompletedProcess[str]]:
    """Strict builds of (project, site) pairs, run side by side (one per core is free)."""
    running = [
        (
            command := [*MKDOCS, "build", "--strict", "--clean", "--site-dir", str(site_dir)],
            subprocess.Popen(
                command,
                cwd=project_dir,
                env=mkdocs_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for project_dir, site_dir in projects
    ]
    results = []
    for command, process in running:
        try:
            out, err = process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


@pytest.fixture(scope="session")
def hb() -> Handbook:
    return load_from_config(ROOT / "mkdocs.yml")


@pytest.fixture(scope="session")
def real_hb() -> Handbook:
    """The handbook with an organisation's real settings instead of the seed's placeholders."""
    return load_handbook(ROOT, ROOT / "docs", REAL_SETTINGS, site_url="https://handbook.huida.cn/")


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(f"seed document not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one strict build of the real site for the whole test session."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-4000:]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == []
    return site


def rename_with_redirect(project_dir: Path, old: str, new: str) -> None:
    """Move docs/<old> to docs/<new> as an author would: references and nav updated,
    the old URL redirected."""
    (project_dir / "docs" / old).rename(project_dir / "docs" / new)
    old_slug, new_slug = Path(old).stem, Path(new).stem
    for data in [*(project_dir / "docs").rglob("*.yml"), *(project_dir / "docs").rglob("*.md")]:
        text = data.read_text(encoding="utf-8")
        for field in ("template", "next"):
            text = text.replace(f"{field}: {old_slug}\n", f"{field}: {new_slug}\n")
        text = text.replace(old, new)  # Markdown links to the page
        data.write_text(text, encoding="utf-8")
    config = project_dir / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(f": {old}", f": {new}")
    text = text.replace("redirect_maps: {}", f"redirect_maps:\n        {old}: {new}")
    config.write_text(text, encoding="utf-8")


@pytest.fixture
def fresh_state() -> Iterator[state.BuildState]:
    """The process's kept build state, emptied before the test and again after it (so a
    build the test runs leaves no held HTML or loaded site behind)."""
    state.current().reset()
    yield state.current()
    state.current().reset()


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project to break on purpose."""
    return copy_project(tmp_path / "handbook")


# Fixtures that mean a full MkDocs build: tests using them are left out of `make check`.
BUILD_FIXTURES = {"built_site", "project_copy", "offline_copy", "renamed_site", "first_release"}

# Every test in tests/browser/ drives Chromium: it is marked `browser` (left out of `make
# check`) and, under `make test`'s two workers, runs on the worker that holds the browser.
BROWSER_TESTS = "tests/browser/"


# tryfirst: the browser marker must be on the items before `-m` selects among them.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """`make test` runs two pytest-xdist workers: one drives Chromium through every browser
    test, the other runs the rest. Two Chromiums at once on two cores are slower than one.

    A scheduler of our own, because --dist loadgroup no longer groups under pytest 9.2:
    xdist 3.6-3.8 tag a group onto `item._nodeid`, which pytest 9 no longer reads."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserApart(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith(BROWSER_TESTS) else "rest"

    return BrowserApart(config, log)
