"""Swap a finished directory into place in one step (Linux renameat2 RENAME_EXCHANGE)."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> None:
    """Atomically swap two paths on the same filesystem."""
    libc = ctypes.CDLL(None, use_errno=True)
    rc = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(b))


def workdir_beside(dest: Path) -> Path:
    """A private scratch directory on the same filesystem as `dest`."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))


def swap_in(new: Path, dest: Path) -> None:
    """Put the finished tree `new` at `dest`; a previous `dest` ends up at `new`."""
    if dest.exists() or dest.is_symlink():
        exchange(new, dest)
    else:
        new.rename(dest)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
