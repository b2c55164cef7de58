"""The engine, the model, the loaders and the CLI import and run without the site stack.

A fresh Python refuses every import of MkDocs, Material, Markdown, PyMdown and Jinja,
imports each module of macros/model, engine and load and the CLI, and runs
`handbook list`, `fill` and `lint` on the real handbook.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from .conftest import ROOT

SITE_STACK = ("markdown", "mkdocs", "material", "pymdownx", "jinja2")
WITHOUT_THE_SITE = [
    "macros.errors",
    "macros.layers",
    *sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for layer in ("model", "engine", "load")
        for p in (ROOT / "macros" / layer).glob("*.py")
    ),
    "macros.commands.cli",
]

SCRIPT = textwrap.dedent(
    """
    import contextlib, importlib, io, json, sys

    REFUSED = set(json.loads(sys.argv[1]))

    class RefuseTheSite:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in REFUSED:
                raise ImportError(f"refused: {name}")
            return None

    sys.meta_path.insert(0, RefuseTheSite())
    try:
        import markdown  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the import hook refused nothing")
    failed = []
    for name in json.loads(sys.argv[2]):
        try:
            importlib.import_module(name)
        except ImportError as err:
            failed.append(f"{name}: {err}")
    from macros.commands.cli import main

    runs = {}
    for argv in json.loads(sys.argv[3]):
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                code = main(argv)
        except ImportError as err:
            code = f"ImportError: {err}"
        runs[" ".join(argv)] = [code, out.getvalue()[:200]]
    loaded = sorted(m for m in sys.modules if m.partition(".")[0] in REFUSED)
    print(json.dumps({"failed": failed, "runs": runs, "loaded": loaded}))
    """
)


def test_the_engine_loaders_and_cli_need_no_mkdocs_markdown_or_jinja(tmp_path):
    assert {"macros.model", "macros.engine.derive", "macros.load.pagecheck"} <= set(
        WITHOUT_THE_SITE
    )
    draft = tmp_path / "draft.txt"
    draft.write_text("系统升级维护中，我们保证绝不再发生。\n", encoding="utf-8")
    commands = [
        ["list"],
        ["fill", "initial-internal", "--allow-blanks", "--set", "severity=P1"],
        ["lint", str(draft), "--audience", "public"],
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            json.dumps(SITE_STACK),
            json.dumps(WITHOUT_THE_SITE),
            json.dumps(commands),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["failed"] == [], "these need the site stack at import:\n" + "\n".join(
        report["failed"]
    )
    codes = {argv: code for argv, (code, _out) in report["runs"].items()}
    assert codes == {
        "list": 0,
        "fill initial-internal --allow-blanks --set severity=P1": 0,
        f"lint {draft} --audience public": 1,  # the draft over-promises: a finding
    }, report["runs"]
    assert (
        "生产故障通知"
        in report["runs"]["fill initial-internal --allow-blanks --set severity=P1"][1]
    )
    assert report["loaded"] == []
