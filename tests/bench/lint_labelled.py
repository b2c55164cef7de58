"""Prints how each meaning rule does on the labelled sentences: size, TP/FP/FN, precision,
recall, for the tuned and the held-out set (python -m tests.bench.lint_labelled [--misses])."""

from __future__ import annotations

import sys

from macros.engine.lint import linter
from macros.load.handbook import load_from_config

from ..engine.labelled import AUDIENCE, KINDS, SETS, misses, score, sentences
from ..support.projectcopy import ROOT


def main(argv: list[str]) -> int:
    hb = load_from_config(ROOT / "mkdocs.yml")
    lint = linter(hb)
    every = sentences()
    flagged = {
        s.id for s in every if any(f.rule == s.rule for f in lint.check(s.text, AUDIENCE, None))
    }
    print(
        f"{'规则':<14}{'集合':<10}{'句数':>5}{'TP':>5}{'FP':>5}{'FN':>5}{'精确率':>9}{'召回率':>8}"
    )
    for kind in KINDS:
        for name in SETS:
            part = [s for s in every if s.rule == kind and s.set == name]
            r = score(part, flagged)
            print(
                f"{kind:<14}{name:<10}{r.size:>5}{r.tp:>5}{r.fp:>5}{r.fn:>5}"
                f"{r.precision:>10.3f}{r.recall:>10.3f}"
            )
    if "--misses" in argv:
        for s in misses(every, flagged):
            print(f"{s.set}/{s.rule}: {'漏报' if s.flag else '误报'} {s.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
