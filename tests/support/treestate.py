"""Byte-for-byte pictures of directory trees, to prove a command left the user's files alone."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def tree_digest(root: Path) -> dict[str, str]:
    """Every regular file under `root` (relative path) and the SHA-256 of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def listing(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under `root` and `root` itself, hidden ones included, links not followed:
    its type, permission bits, size, mtime and contents (a digest, or a link's text)."""
    found: dict[str, tuple[object, ...]] = {}
    for directory, dirs, files in os.walk(root):
        for name in [".", *dirs, *files] if directory == str(root) else [*dirs, *files]:
            path = Path(directory) / name
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                content: object = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                content = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                content = None
            rel = "." if name == "." else str(path.relative_to(root))
            found[rel] = (
                stat.S_IFMT(st.st_mode),
                stat.S_IMODE(st.st_mode),
                st.st_size if not stat.S_ISDIR(st.st_mode) else None,
                st.st_mtime_ns,
                content,
            )
    return found
