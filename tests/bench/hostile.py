"""Hostile input files against `handbook fill`: time, peak memory and error size of each.

A script that prints figures, not a test (the tests assert the behaviour; this
measures the bounds: every hostile file of about 1 KB must finish in under a
second and under 100 MB, and no error may echo more than a short excerpt).

    python -m tests.bench.hostile
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The 373-byte file that once ran for 1m43s and reached 22 GB: nested YAML aliases.
ALIAS_BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "service: *g\n"
)

CASES = {
    "alias bomb (373 B)": ALIAS_BOMB,
    "deep nesting (1 KB)": "service: " + "[" * 500 + "]" * 500,
    "5000-digit number": "service: " + "9" * 5000,
    "1 MB value": "service: " + "x" * 999_000,
    "10 MB file": "service: " + "x" * 10_000_000,
    "plain incident (baseline)": 'service: "支付服务"\nstart_time: "09:12"\n',
}

_RUN = """
import resource, runpy, sys, time
start = time.perf_counter()
sys.argv = ["handbook", "fill", "social-media", "--allow-blanks", "--incident", sys.argv[1]]
code = 0
try:
    runpy.run_module("macros.commands.cli", run_name="__main__")
except SystemExit as exit:
    code = exit.code or 0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sys.stderr.write(f"\\n@@ {time.perf_counter() - start:.3f} {peak} {code}\\n")
"""


def main() -> None:
    print(f"{'input':<28} {'time':>8} {'peak MB':>8} {'stderr B':>9}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in CASES.items():
            path = Path(tmp) / "incident.yml"
            path.write_text(text, encoding="utf-8")
            result = subprocess.run(
                [sys.executable, "-c", _RUN, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
            )
            stats = result.stderr.rsplit("@@ ", 1)[1].split()
            seconds, peak_kb, code = float(stats[0]), int(stats[1]), stats[2]
            err = result.stderr.rsplit("\n@@ ", 1)[0]
            print(
                f"{name:<28} {seconds:>7.3f}s {peak_kb / 1024:>8.1f} {len(err.encode()):>9}  {code}"
            )
    print(
        f"(self: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"time is the CLI's own run, after the interpreter started)"
    )


if __name__ == "__main__":
    main()
