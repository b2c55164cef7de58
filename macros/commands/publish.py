"""`make publish DEST=…`: build strictly beside DEST, then swap it in atomically.

A failed build never touches DEST. A reader sees either the old site or the new
one, never a mix: the new tree is built in a sibling directory and exchanged
with DEST in one rename.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .atomic import discard, swap_in, workdir_beside
from .build import strict_build


def publish(config: Path, dest: Path) -> int:
    dest = dest.absolute()
    work = workdir_beside(dest)
    try:
        new = work / "site"
        code = strict_build(config, new).returncode
        if code != 0:
            print(f"构建失败（退出码 {code}）：{dest} 保持原样，未做任何改动。", file=sys.stderr)
            return code
        swap_in(new, dest)
        print(f"已发布到 {dest}")
        return 0
    finally:
        discard(work)
