"""One incident.yml for the browser and the CLI: whatever the workspace exports,
`handbook pack --incident` reads back identically (random values from every Unicode plane,
control characters included), and what the CLI refuses the browser refuses too."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from macros.errors import HandbookError
from macros.load.values import parse_values
from macros.load.yamlio import parse_yaml
from macros.model.handbook import Handbook

from ..support.projectcopy import ROOT
from .cases import definitions

SCRIPTS = ROOT / "docs" / "assets" / "javascripts" / "workspace"
RUNNER = Path(__file__).with_name("incident_file.mjs")

# Characters a value may hold, drawn from every plane and from what YAML treats specially.
ALPHABET = (
    [chr(c) for c in range(0x00, 0x20)]
    + [chr(c) for c in range(0x7F, 0xA1)]
    + list(" \"'\\#:-&*!|>%@`{}[],?\u2028\u2029\ufeff\ufffe\uffff\u200b\u3000\u00ad")
    + list("支付服务恢复：，。１４５")
)


def random_text(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 12)):
        pick = rng.random()
        if pick < 0.5:
            out.append(rng.choice(ALPHABET))
        elif pick < 0.9:
            out.append(chr(rng.randint(0x20, 0xD7FF)))
        else:  # the astral planes, 1 to 16
            out.append(chr(rng.randint(0x10000, 0x10FFFF)))
    return "".join(out)


def random_sets(hb: Handbook, count: int) -> list[dict[str, Any]]:
    rng = random.Random(20261201)
    texts = [k for k, v in hb.catalog.items() if v.type == "text" and not v.setting]
    sets = []
    for _ in range(count):
        values: dict[str, Any] = {}
        for key in rng.sample(texts, 6):
            if hb.catalog[key].is_list:
                values[key] = [random_text(rng) for _ in range(rng.randint(1, 3))]
            else:
                values[key] = random_text(rng)
        sets.append(values)
    return sets


REFUSED_BY_THE_CLI = {
    "alias": 'service: &s "支付"\nimpact: *s\n',
    "tag": 'service: !custom "支付"\n',
    "time-that-is-not-one": 'start_time: "banana"\n',
    "date-that-does-not-exist": 'incident_date: "2026-02-30"\n',
    "unknown-key": 'servise: "支付"\n',
    "key-twice": 'service: "支付"\nservice: "退款"\n',
    "list-for-a-text": 'service:\n  - "支付"\n',
    "alias-in-a-list": 'next_steps:\n  - &a "回滚"\n  - *a\n',
}


def run(hb: Handbook, tmp: Path, export: list[dict[str, Any]], read: list[str]) -> Any:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the browser's incident file code"
    path = tmp / "input.json"
    data = {"definitions": definitions(hb), "export": export, "read": read}
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(
        [node, str(RUNNER), str(path), str(SCRIPTS)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_what_the_browser_exports_the_cli_reads_back_identically(hb: Handbook, tmp_path: Path):
    sets = random_sets(hb, 300)
    exported = run(hb, tmp_path, sets, [])["exported"]
    checked = 0
    for n, entry in enumerate(exported):
        data = parse_yaml(entry["yaml"], f"export {n}")
        if not entry["kept"]:
            continue
        values = parse_values(data, f"export {n}", hb.catalog)
        back = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
        assert back == entry["kept"], (n, sets[n])
        checked += 1
    assert checked > 250


@pytest.mark.parametrize("name", list(REFUSED_BY_THE_CLI))
def test_the_browser_refuses_what_the_cli_refuses(hb: Handbook, tmp_path: Path, name: str):
    text = REFUSED_BY_THE_CLI[name]
    with pytest.raises(HandbookError):
        parse_values(parse_yaml(text, "incident.yml"), "incident.yml", hb.catalog)
    read = run(hb, tmp_path, [], [text])["read"][0]
    assert read["errors"], (name, read)
    assert read["errors"][0].startswith("第 "), read  # the line, as the CLI names it


def test_the_browser_names_the_line_and_key_of_a_wrong_value(hb: Handbook, tmp_path: Path):
    text = 'service: "支付"\nstart_time: "banana"\n'
    read = run(hb, tmp_path, [], [text])["read"][0]
    assert read["errors"] == [
        "第 2 行：start_time：故障开始时间：'banana' 不是HH:MM 格式的时间，例如 14:32"
    ]


def test_a_file_both_accept_gives_the_same_values(hb: Handbook, tmp_path: Path):
    text = (
        '# 事件\nservice: "支付服务"\nstart_time: "１４：３２"\nincident_date: 2026/1/23\n'
        "next_steps:\n  - 回滚\n  - '验证'\nworking_features: [浏览, '搜索']\n"
    )
    cli = parse_values(parse_yaml(text, "incident.yml"), "incident.yml", hb.catalog)
    read = run(hb, tmp_path, [], [text])["read"][0]
    assert read["errors"] == []
    assert read["values"] == {k: list(v) if isinstance(v, tuple) else v for k, v in cli.items()}
