"""The `handbook` command run in this process: its exit code and its bytes on stdout/stderr.

Same as running the console script (tests/commands/test_cli.py checks that one once),
without a new Python process per call.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from macros.commands.cli import main


@dataclass
class Result:
    returncode: int
    stdout: bytes
    stderr: bytes


def run_cli(args: list[str], *, stdin: bytes | None = None, cwd: Path) -> Result:
    out, err = io.BytesIO(), io.BytesIO()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    here = Path.cwd()
    wrappers = (
        io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", write_through=True),
    )
    sys.stdin, sys.stdout, sys.stderr = wrappers
    os.chdir(cwd)
    try:
        try:
            code = main(args)
        except SystemExit as exit:  # argparse: a usage error
            code = exit.code if isinstance(exit.code, int) else 2
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.chdir(here)
        for wrapper in wrappers:  # keep the byte buffers open after the wrappers go
            with contextlib.suppress(ValueError):
                wrapper.flush()
                wrapper.detach()
    return Result(code, out.getvalue(), err.getvalue())
