"""`make publish DEST=…`: build strictly beside DEST, then swap it in atomically.

A failed build never touches DEST. A reader sees either the old site or the new
one, never a mix: the new tree is built in a sibling directory and exchanged
with DEST in one rename.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .atomic import discard, swap_in, workdir_beside


def build(config: Path, site_dir: Path) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    cmd += ["--config-file", str(config), "--site-dir", str(site_dir)]
    return subprocess.run(cmd, env=env, check=False).returncode


def publish(config: Path, dest: Path) -> int:
    dest = dest.absolute()
    work = workdir_beside(dest)
    try:
        new = work / "site"
        code = build(config, new)
        if code != 0:
            print(f"构建失败（退出码 {code}）：{dest} 保持原样，未做任何改动。", file=sys.stderr)
            return code
        swap_in(new, dest)
        print(f"已发布到 {dest}")
        return 0
    finally:
        discard(work)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="publish", description="严格构建并原子替换已发布的站点")
    parser.add_argument("--dest", required=True, type=Path, help="发布目录（Web 服务器的根目录）")
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    args = parser.parse_args(argv)
    return publish(args.config, args.dest)


if __name__ == "__main__":
    sys.exit(main())
