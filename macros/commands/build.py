"""One strict build of the site, shared by publish, offline, the tests and the bench."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path


def build_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a build: Material's end-of-life banner silenced, plus `extra`."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}


def build_command(config: Path, site_dir: Path) -> list[str]:
    """The argv of a strict, clean `mkdocs build` of `config` into `site_dir` (this Python)."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "--config-file",
        str(config),
        "--site-dir",
        str(site_dir),
    ]


PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> Callable[[], None]:
    """For the child, before exec: the kernel sends it SIGKILL when `parent` dies, so a
    killed publish does not leave a build still writing into its work directory."""

    def arrange() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return arrange


def strict_build(
    config: Path,
    site_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    capture: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Build `config` strictly into `site_dir` (any warning fails it)."""
    return subprocess.run(
        build_command(config.resolve(), site_dir),
        env=build_env(env),
        capture_output=capture,
        text=True,
        check=False,
        timeout=timeout,
        cwd=config.resolve().parent,
        preexec_fn=die_with(os.getpid()),
    )
