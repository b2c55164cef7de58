"""Times checked against each other (engine/order.py): the catalog's `after`, checked at load,
and what readiness and pack's index say about a message that uses a time in the wrong order.
The rule itself runs on both engines in tests/conformance/cases/order.yml."""

from __future__ import annotations

from macros.engine import readiness
from macros.engine.order import is_after, order_problems
from macros.load.handbook import load_from_config

from ..support.minihandbook import edited, load, load_errors, mini
from ..support.projectcopy import ROOT

V = "docs/_data/variables.yml"
TIME = "  type: time\n  zoned: true\n"


def with_after(key: str) -> dict[str, str]:
    """The mini handbook's start_time, declared to follow `key`."""
    return edited(V, TIME, f"{TIME}  after: {key}\n")


HB = load_from_config(ROOT / "mkdocs.yml")


def test_after_must_name_a_time_key(tmp_path):
    files = with_after("service")
    report = load_errors(mini(tmp_path / "h", files))
    assert "start_time.after" in report
    assert "'service' 不是时间类（type: time）的变量" in report


def test_after_must_name_a_key_that_exists(tmp_path):
    files = with_after("strat")
    assert "变量 'strat' 不存在" in load_errors(mini(tmp_path / "h", files))


def test_after_naming_a_time_loads(tmp_path):
    files = with_after("start_time")
    assert load(mini(tmp_path / "h", files)).catalog["start_time"].after == "start_time"


def test_the_bound_is_twelve_hours_round_the_clock():
    assert is_after("00:10", "23:48")
    assert is_after("20:00", "08:00")
    assert not is_after("20:01", "08:00")
    assert is_after("x", "08:00") is None


def test_the_handbook_declares_which_time_follows_which():
    catalog = HB.catalog
    assert catalog["update_time"].after == "start_time"
    assert catalog["end_time"].after == "start_time"
    assert catalog["next_update_time"].after == "update_time"
    values = {"start_time": "14:00", "update_time": "13:00"}
    assert order_problems(catalog, values) == {
        "update_time": "本次更新时间 13:00 早于故障开始时间 14:00"
    }


def test_a_message_using_a_wrong_time_is_not_ready_and_pack_says_why():
    template = next(t for t in HB.templates.values() if "update_time" in t.message.keys)
    values = {k: v for k, v in HB.case_study.values.items()}
    values.update(start_time="14:00", update_time="13:00")
    ready = readiness.readiness(HB, template, values)
    assert [k for k, _ in ready.conflicts] == ["update_time"]
    assert not ready.complete
    assert "1 个时间冲突：本次更新时间 13:00 早于故障开始时间 14:00" in ready.describe()


def test_without_a_conflict_the_description_is_unchanged():
    ready = readiness.Readiness(("service",), ())
    assert ready.describe() == "还有 1 个空白：service"
    assert readiness.Readiness((), ()).describe() == "完整"
