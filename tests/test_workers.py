"""`make test`'s two workers (tests/conftest.py): browser tests on one, the rest on the other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .support.projectcopy import ROOT

# A session of four tests laid out like this repository, using this repository's conftest.
CONFTEST = "from tests.conftest import pytest_collection_modifyitems, pytest_xdist_make_scheduler\n"
RECORD = """import os, pathlib
def test_{name}():
    out = pathlib.Path(os.environ["WORKERS_OUT"]) / "{name}"
    out.write_text(os.environ["PYTEST_XDIST_WORKER"])
"""


def test_make_test_runs_every_browser_test_on_one_worker_and_the_rest_on_the_other(
    tmp_path: Path,
) -> None:
    """pytest-xdist's own grouping (--dist loadgroup) silently stopped grouping under pytest
    9.2; this runs a real two-worker session, as `make test` does, and asks each test where
    it ran."""
    project, out = tmp_path / "project", tmp_path / "out"
    (project / "tests" / "browser").mkdir(parents=True)
    (project / "tests" / "a").mkdir()
    out.mkdir()
    (project / "tests" / "conftest.py").write_text(CONFTEST)
    tests = {"browser/test_page": "page", "browser/test_search": "search"}
    # Collected in the order engine, page, search, build: xdist's plain load split would part
    # the two browser tests.
    tests |= {"a/test_engine": "engine", "test_build": "build"}
    for path, name in tests.items():
        (project / "tests" / f"{path}.py").write_text(RECORD.format(name=name))
    (project / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: b\n    build: b\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WORKERS_OUT": str(out)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", "-q", "tests"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    ran_on = {f.name: f.read_text() for f in out.iterdir()}
    assert set(ran_on) == {"page", "search", "build", "engine"}
    assert ran_on["page"] == ran_on["search"]
    assert ran_on["build"] == ran_on["engine"]
    assert ran_on["page"] != ran_on["build"]
