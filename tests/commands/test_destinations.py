"""Where pack and publish write: never over what they did not create; releases, rollback, leftovers.

The destination logic is exercised without MkDocs: `publish` takes a fake build
that writes a page into the work directory, `pack` writes the mini handbook's
messages. Full builds are in test_publishing.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from macros.commands.destination import (
    PACK,
    SITE,
    DestinationError,
    Kind,
    Release,
    inspect,
    write_marker,
)
from macros.commands.pack import pack
from macros.commands.publish import publish, rollback
from macros.load.handbook import load_from_config
from macros.model.catalog import Value
from macros.model.handbook import Handbook

from ..conftest import ROOT
from ..support.cli import run_cli
from ..support.minihandbook import MINI
from ..support.treestate import listing

INCIDENT = 'service: "支付服务"\nstart_time: "09:12"\n'
PROJECT = "outer/project"  # the project root, not an ancestor of the current directory


@pytest.fixture(scope="module")
def mini_hb() -> Handbook:
    return load_from_config(MINI / "mkdocs.yml")


@pytest.fixture
def space(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch area; the current directory and $HOME are elsewhere, as for a real user."""
    for part in (PROJECT, "cwd", "home", "www"):
        (tmp_path / part).mkdir(parents=True)
    (tmp_path / PROJECT / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


class Runs:
    """Runs publish (with a fake build) or pack in-process and records what they did."""

    def __init__(self, space: Path, hb: Handbook, capsys: pytest.CaptureFixture[str]) -> None:
        self.space = space
        self.hb = hb
        self.capsys = capsys
        self.config = space / PROJECT / "mkdocs.yml"
        self.builds: list[Path] = []
        self.reads = 0

    def publish(self, dest: Path, page: str = "v1", *, code: int = 0) -> int:
        def build(config: Path, site: Path) -> int:
            self.builds.append(site)
            (site / "index.html").write_text(page, encoding="utf-8")
            (site / "assets").mkdir()
            (site / "assets" / "app.css").write_text(f"/* {page} */", encoding="utf-8")
            return code

        return publish(self.config, dest, build=build, allow_placeholders=True)

    def pack(self, dest: Path) -> int:
        def read() -> dict[str, Value]:
            self.reads += 1
            return {"service": "支付服务"}

        return pack(self.hb, dest, read, self.space / PROJECT)

    def run(self, kind: Kind, dest: Path) -> int:
        return self.publish(dest) if kind is SITE else self.pack(dest)

    def rollback(self, dest: Path) -> int:
        return rollback(self.config, dest)

    def out(self) -> str:
        return self.capsys.readouterr().out


@pytest.fixture
def runs(space: Path, mini_hb: Handbook, capsys: pytest.CaptureFixture[str]) -> Runs:
    return Runs(space, mini_hb, capsys)


def page(dest: Path) -> str:
    return (dest / "index.html").read_text(encoding="utf-8")


def marker(directory: Path, kind: Kind = SITE) -> dict[str, str]:
    return json.loads((directory / kind.marker).read_text(encoding="utf-8"))


def names(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


# -- accepted destinations -----------------------------------------------------
@pytest.mark.parametrize("kind", [SITE, PACK], ids=["publish", "pack"])
def test_a_missing_destination_and_its_parents_are_created_with_a_marker(runs, space, kind):
    dest = space / "www" / "a" / "b" / "out"
    assert runs.run(kind, dest) == 0
    assert (dest / kind.marker).is_file()
    data = marker(dest, kind)
    assert data["command"] == kind.command and data["created"].endswith("Z")
    assert data["version"] == "0.1.0"
    assert names(dest.parent) == ["out"]  # no work directory left beside it
    assert f"已{'发布到' if kind is SITE else '写入'} {dest}" in runs.out()


def test_an_empty_directory_is_replaced_and_keeps_its_permission_bits(runs, space):
    dest = space / "www" / "handbook"
    dest.mkdir(mode=0o750)
    os.chmod(dest, 0o750)
    assert runs.publish(dest) == 0
    assert page(dest) == "v1"
    assert os.stat(dest).st_mode & 0o777 == 0o750
    assert names(space / "www") == ["handbook"]  # an empty directory has no previous release


def test_a_previous_output_is_replaced_and_kept_as_the_previous_release(runs, space):
    dest = space / "www" / "handbook"
    for version in ("v1", "v2", "v3"):
        assert runs.publish(dest, version) == 0
    assert page(dest) == "v3"
    assert page(space / "www" / ".handbook.previous") == "v2"
    assert names(space / "www") == [".handbook.previous", "handbook"]  # v1 is gone
    assert "上一版保留在" in runs.out()


def test_pack_replaces_its_own_previous_output_and_keeps_it_beside(runs, space, mini_hb):
    dest = space / "www" / "messages"
    assert runs.pack(dest) == 0
    assert runs.pack(dest) == 0
    files = names(dest)
    assert PACK.marker in files and "index.md" in files
    assert len(files) == len(mini_hb.templates) + 2
    assert names(space / "www") == [".messages.previous", "messages"]


# -- refused destinations ------------------------------------------------------
def unrelated(space: Path) -> Path:
    dest = space / "www" / "handbook"
    dest.mkdir()
    (dest / "notes.txt").write_text("我的笔记", encoding="utf-8")
    (dest / ".git").mkdir()
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return dest


def other_command(space: Path) -> Path:
    dest = space / "www" / "handbook"
    dest.mkdir()
    write_marker(dest, PACK)
    write_marker(dest, SITE)
    (dest / PACK.marker).write_text('{"command": "someone else"}', encoding="utf-8")
    (dest / SITE.marker).write_text("not json", encoding="utf-8")
    return dest


def a_file(space: Path) -> Path:
    dest = space / "www" / "handbook"
    dest.write_text("不是目录", encoding="utf-8")
    return dest


def under_a_file(space: Path) -> Path:
    return a_file(space) / "site"


def current_directory(space: Path) -> Path:
    return Path(".")  # space/cwd, empty: refused even so


def ancestor_of_current_directory(space: Path) -> Path:
    return Path("..")


def project_root(space: Path) -> Path:
    return space / PROJECT


def ancestor_of_project_root(space: Path) -> Path:
    return space / "outer"


def home(space: Path) -> Path:
    return space / "home"  # empty: refused even so


def filesystem_root(space: Path) -> Path:
    return Path("/")


def link_to_unrelated(space: Path) -> Path:
    unrelated(space).rename(space / "www" / "mine")
    (space / "www" / "handbook").symlink_to("mine")
    return space / "www" / "handbook"


def link_to_a_file(space: Path) -> Path:
    (space / "www" / "mine.txt").write_text("x", encoding="utf-8")
    (space / "www" / "handbook").symlink_to("mine.txt")
    return space / "www" / "handbook"


def link_to_home(space: Path) -> Path:
    (space / "www" / "handbook").symlink_to(space / "home")
    return space / "www" / "handbook"


def previous_slot_taken(space: Path) -> Path:
    (space / "www" / ".handbook.previous").mkdir()
    (space / "www" / ".handbook.previous" / "x.txt").write_text("x", encoding="utf-8")
    return space / "www" / "handbook"


REFUSED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "unrelated-files": (unrelated, "目录里有不是 {command} 生成的文件（例如 .git，共 2 项）"),
    "other-or-broken-marker": (other_command, "例如 .handbook-pack.json"),
    "a-file": (a_file, "这是一个文件，不是目录"),
    "under-a-file": (under_a_file, "路径中有一段不是目录"),
    "current-directory": (current_directory, "这是当前目录"),
    "ancestor-of-cwd": (ancestor_of_current_directory, "这是当前目录的上级目录"),
    "project-root": (project_root, "这是手册项目的根目录"),
    "ancestor-of-project-root": (ancestor_of_project_root, "手册项目的根目录（"),
    "home": (home, "这是主目录 $HOME"),
    "root": (filesystem_root, "这是根目录 /"),
    "link-to-unrelated": (link_to_unrelated, "符号链接，目录里有不是"),
    "link-to-a-file": (link_to_a_file, "符号链接，而那不是目录"),
    "link-to-home": (link_to_home, "符号链接，这是主目录 $HOME"),
    "previous-slot-taken": (previous_slot_taken, "不是 {command} 保留的上一版"),
}


@pytest.mark.parametrize("kind", [SITE, PACK], ids=["publish", "pack"])
@pytest.mark.parametrize("case", list(REFUSED))
def test_a_destination_not_ours_is_refused_before_any_work_and_left_identical(
    runs, space, kind, case
):
    make, needle = REFUSED[case]
    dest = make(space)
    before, top = listing(space), names(Path("/"))
    with pytest.raises(DestinationError) as refusal:
        runs.run(kind, dest)
    message = refusal.value.report()
    assert listing(space) == before
    assert names(Path("/")) == top
    assert runs.builds == [] and runs.reads == 0  # no build, no incident file read
    assert len(message.splitlines()) == 1
    assert message.startswith("handbook: 拒绝写入 ")
    assert needle.format(command=kind.command) in message, message
    assert "修复：" in message


def test_another_commands_output_is_refused(runs, space):
    dest = space / "www" / "messages"
    assert runs.pack(dest) == 0
    before = listing(space)
    with pytest.raises(DestinationError, match="handbook pack 的输出，不是 handbook publish"):
        runs.publish(dest)
    assert listing(space) == before


def test_a_permission_problem_is_reported_in_one_line_before_any_work(runs, space):
    # Even root cannot create directories under /proc.
    for kind in (SITE, PACK):
        with pytest.raises(DestinationError) as err:
            runs.run(kind, Path("/proc/handbook-test/out"))
        message = err.value.report()
        assert len(message.splitlines()) == 1
        assert "无法在 /proc/handbook-test 中创建工作目录" in message and "未做任何改动" in message
    assert runs.builds == [] and runs.reads == 0
    assert not os.path.lexists("/proc/handbook-test")


# -- symlink releases and rollback ---------------------------------------------
def release_dirs(www: Path) -> list[str]:
    return [n for n in names(www) if ".release-" in n]


def test_a_symlink_is_published_as_releases_and_rolled_back_twice(runs, space):
    www = space / "www"
    (www / "r0").mkdir()  # the user's own (empty, unmarked) directory
    link = www / "handbook"
    link.symlink_to("r0")

    assert runs.publish(link, "v1") == 0
    first = link.resolve()
    assert runs.publish(link, "v2") == 0
    second = link.resolve()
    out = runs.out()
    assert f"链接现在指向 {second}" in out and "上一版保留在" in out

    assert link.is_symlink() and not os.readlink(link).startswith("/")  # relative stays relative
    assert second.parent == www and second.name.startswith("handbook.release-")
    assert (second / SITE.marker).is_file() and page(link) == "v2"
    assert (www / ".handbook.previous").resolve() == first and page(first) == "v1"
    assert (www / "r0").is_dir()  # unmarked: never removed
    assert release_dirs(www) == sorted([first.name, second.name])

    assert runs.rollback(link) == 0
    assert link.is_symlink() and link.resolve() == first and page(link) == "v1"
    assert (www / ".handbook.previous").resolve() == second
    assert "已回滚" in runs.out()
    assert runs.rollback(link) == 0
    assert link.resolve() == second and page(link) == "v2"
    assert (www / ".handbook.previous").resolve() == first
    assert page(first) == "v1"  # the old release survived both rollbacks
    assert [n for n in names(www) if ".link-" in n or ".new-" in n] == []


def test_a_symlink_keeps_only_the_current_and_previous_marked_releases(runs, space):
    www = space / "www"
    (www / "r0").mkdir()
    link = www / "handbook"
    link.symlink_to("r0")
    lookalike = www / "handbook.release-20200101T000000Z-abc123"  # named like ours, not marked
    lookalike.mkdir()
    (lookalike / "user.txt").write_text("mine", encoding="utf-8")
    kept = listing(lookalike)

    releases = []
    for version in ("v1", "v2", "v3"):
        assert runs.publish(link, version) == 0
        releases.append(link.resolve())
    assert not releases[0].exists()
    assert releases[1].is_dir() and releases[2].is_dir()
    assert (www / "r0").is_dir() and listing(lookalike) == kept
    assert release_dirs(www) == sorted([lookalike.name, releases[1].name, releases[2].name])


def test_a_symlink_to_an_unmarked_empty_directory_can_be_rolled_back_to(runs, space):
    www = space / "www"
    (www / "r0").mkdir()
    link = www / "handbook"
    link.symlink_to(www / "r0")  # absolute stays absolute
    assert runs.publish(link) == 0
    assert os.readlink(link) == str(link.resolve())
    assert runs.rollback(link) == 0
    assert link.resolve() == www / "r0" and names(www / "r0") == []


def test_a_dangling_symlink_gets_a_release_beside_its_target(runs, space):
    www = space / "www"
    (www / "sites").mkdir()
    link = www / "handbook"
    link.symlink_to("sites/handbook")
    assert runs.publish(link) == 0
    assert link.resolve().parent == www / "sites" and page(link) == "v1"
    assert not os.path.lexists(www / ".handbook.previous")  # nothing to roll back to


def test_a_plain_directory_rolls_back_and_forth(runs, space):
    dest = space / "www" / "handbook"
    assert runs.publish(dest, "v1") == 0
    assert runs.publish(dest, "v2") == 0
    assert runs.rollback(dest) == 0
    assert page(dest) == "v1" and page(space / "www" / ".handbook.previous") == "v2"
    assert runs.rollback(dest) == 0
    assert page(dest) == "v2" and page(space / "www" / ".handbook.previous") == "v1"


@pytest.mark.parametrize("publishes", [0, 1], ids=["never-published", "published-once"])
def test_rollback_without_a_previous_release_is_refused(runs, space, publishes):
    dest = space / "www" / "handbook"
    for _ in range(publishes):
        assert runs.publish(dest) == 0
    before = listing(space)
    with pytest.raises(DestinationError, match="无法回滚") as err:
        runs.rollback(dest)
    assert len(err.value.report().splitlines()) == 1
    assert listing(space) == before


# -- failed and killed runs ----------------------------------------------------
def test_a_failed_build_leaves_the_destination_identical_and_no_leftovers(runs, space, capsys):
    dest = space / "www" / "handbook"
    assert runs.publish(dest, "v1") == 0
    before = listing(dest)
    assert runs.publish(dest, "v2", code=1) == 1
    assert "构建失败（退出码 1）" in capsys.readouterr().err
    assert listing(dest) == before
    assert names(space / "www") == ["handbook"]


def test_a_failed_run_into_a_new_directory_removes_the_parents_it_created(runs, space):
    dest = space / "www" / "new" / "deeper" / "handbook"
    with pytest.raises(RuntimeError), Release(inspect(dest, SITE, space / PROJECT)) as rel:
        (rel.work / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("the build crashed")
    assert names(space / "www") == []


KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from macros.commands.destination import SITE, Release, inspect
dest, project = Path(sys.argv[1]), Path(sys.argv[2])
with Release(inspect(dest, SITE, project)) as release:
    (release.work / "index.html").write_text("half", encoding="utf-8")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_run_leaves_the_destination_identical_and_the_next_run_clears_only_ours(
    runs, space
):
    www = space / "www"
    dest = www / "handbook"
    assert runs.publish(dest, "v1") == 0
    before = listing(dest)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(dest), str(space / PROJECT)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL
    assert listing(dest) == before
    (leftover,) = [n for n in names(www) if n.startswith(".handbook.new-")]

    marked = www / ".handbook.new-abc"
    marked.mkdir()
    write_marker(marked, SITE)
    unmarked = www / ".handbook.new-def"
    unmarked.mkdir()
    (unmarked / "keep.txt").write_text("不是我们的", encoding="utf-8")
    (www / ".handbook.link-abc").symlink_to(".handbook.new-abc")
    (www / "mine").mkdir()
    (www / ".handbook.link-def").symlink_to("mine")
    (www / ".handbook.new-ghi").write_text("a file named like ours", encoding="utf-8")
    untouched = {n: listing(www / n) for n in (".handbook.new-def", "mine", ".handbook.new-ghi")}

    assert runs.publish(dest, "v2") == 0
    assert page(dest) == "v2"
    left = names(www)
    assert leftover not in left and ".handbook.new-abc" not in left
    assert ".handbook.link-abc" not in left
    assert {".handbook.new-def", ".handbook.link-def", ".handbook.new-ghi"} <= set(left)
    assert {n: listing(www / n) for n in untouched} == untouched


def test_a_live_runs_work_directory_is_not_cleared_by_another_run(runs, space):
    dest = space / "www" / "handbook"
    with Release(inspect(dest, SITE, space / PROJECT)) as live:
        (live.work / "index.html").write_text("in progress", encoding="utf-8")
        assert runs.publish(dest, "v1") == 0
        assert (live.work / "index.html").read_text(encoding="utf-8") == "in progress"
    assert not live.work.exists()


@pytest.mark.parametrize("as_link", [False, True], ids=["directory", "symlink"])
def test_readers_see_one_whole_release_at_a_time(runs, space, as_link):
    www = space / "www"
    dest = www / "handbook"
    if as_link:
        (www / "r0").mkdir()
        dest.symlink_to("r0")
    assert runs.publish(dest, "v0") == 0
    seen: set[tuple[str, str]] = set()
    errors: list[OSError] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            try:
                seen.add((page(dest), (dest / "assets" / "app.css").read_text(encoding="utf-8")))
            except OSError as err:
                errors.append(err)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(1, 30):
            assert runs.publish(dest, f"v{n}") == 0
    finally:
        done.set()
        thread.join()
    assert errors == []
    # A page and its stylesheet may come from different releases only if a switch fell
    # between the two reads; each file on its own is always whole.
    assert all(p.startswith("v") and css.startswith("/* v") for p, css in seen)


# -- the command line ----------------------------------------------------------
def handbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command run in this process (tests/support/cli.py), as text like a subprocess's."""
    result = run_cli(["--config", str(MINI / "mkdocs.yml"), *args], cwd=cwd)
    return subprocess.CompletedProcess(
        args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def test_the_cli_refuses_in_one_line_with_exit_code_2_and_changes_nothing(tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (checkout / "incident.yml").write_text(INCIDENT, encoding="utf-8")
    before = listing(tmp_path)
    for args in (
        ("pack", "--incident", "incident.yml", "--out", "."),
        ("pack", "--incident", "missing.yml", "--out", str(checkout)),
        ("publish", "--dest", "."),
        ("publish", "--rollback", "--dest", "."),
        ("publish", "--rollback", "--dest", str(tmp_path / "never")),
    ):
        result = handbook(*args, cwd=checkout)
        assert result.returncode == 2, result.stderr
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("handbook: "), result.stderr
        assert listing(tmp_path) == before
    assert "这是当前目录" in handbook("pack", "--incident", "x", "--out", ".", cwd=checkout).stderr


def test_the_cli_packs_into_a_new_directory_then_over_its_own_output(tmp_path):
    (tmp_path / "incident.yml").write_text(INCIDENT, encoding="utf-8")
    for _ in range(2):
        result = handbook("pack", "--incident", "incident.yml", "--out", "messages", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "messages" / "index.md").is_file()
    assert marker(tmp_path / "messages", PACK)["command"] == "handbook pack"
    assert "上一次的消息包保留在" in result.stdout


def test_make_rollback_calls_publish_rollback():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nrollback:", 1)[1].split("\n\n", 1)[0]
    assert '$(BIN)/handbook publish --rollback --dest "$(DEST)"' in target


# -- pack never deletes a file it did not write ----------------------------------
def add_a_note(out: Path) -> list[str]:
    (out / "notes.txt").write_text("我的笔记", encoding="utf-8")
    return ["notes.txt"]


def edit_a_message(out: Path) -> list[str]:
    first = sorted(n for n in names(out) if n.endswith(".txt"))[0]
    with (out / first).open("a", encoding="utf-8") as f:
        f.write("IC 补充的一句。\n")
    return [first]


def edit_keeping_the_size(out: Path) -> list[str]:
    data = (out / "index.md").read_bytes()
    (out / "index.md").write_bytes(data[:-2] + b"!\n")
    return ["index.md"]


def add_a_folder(out: Path) -> list[str]:
    (out / "drafts").mkdir()
    (out / "drafts" / "v2.txt").write_text("草稿", encoding="utf-8")
    return ["drafts/", "drafts/v2.txt"]


def replace_by_a_link(out: Path) -> list[str]:
    (out / "index.md").unlink()
    (out / "index.md").symlink_to("/etc/hostname")
    return ["index.md"]


def several(out: Path) -> list[str]:
    return add_a_note(out) + edit_a_message(out) + add_a_folder(out)


NOT_WRITTEN: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "added-file": (add_a_note, "这个文件不是 handbook pack 写的"),
    "edited-file": (edit_a_message, "这个文件在 handbook pack 写入后被改过"),
    "edited-same-size": (edit_keeping_the_size, "这个文件在 handbook pack 写入后被改过"),
    "added-folder": (add_a_folder, "不是 handbook pack "),
    "file-replaced-by-link": (replace_by_a_link, "这个文件不是 handbook pack 写的"),
    "several": (several, "拒绝写入"),
}


@pytest.mark.parametrize("case", list(NOT_WRITTEN))
def test_pack_refuses_a_directory_holding_a_file_it_did_not_write(runs, space, case):
    out = space / "www" / "messages"
    assert runs.pack(out) == 0
    change, needle = NOT_WRITTEN[case]
    changed = change(out)
    before = listing(space)
    with pytest.raises(DestinationError) as refusal:
        runs.pack(out)
    lines = refusal.value.report().splitlines()
    assert listing(space) == before and runs.reads == 1  # nothing touched, nothing read
    problems = lines[:-1] if len(lines) > 1 else lines
    assert len(problems) == len(changed)  # one line per file, all of them
    for line, name in zip(sorted(problems), sorted(changed), strict=True):
        assert line.startswith(f"{out}/{name}: "), line
        assert f"拒绝写入 {out}：" in line and needle in line, line
        assert f"修复：把它移出 {out}，或换一个 --out 目录。" in line
    if len(changed) > 1:
        assert lines[-1] == f"共 {len(changed)} 处错误。"


def test_pack_keeps_a_users_file_however_often_it_runs(tmp_path):
    (tmp_path / "incident.yml").write_text(INCIDENT, encoding="utf-8")
    args = ("pack", "--incident", "incident.yml", "--out", "messages")
    assert handbook(*args, cwd=tmp_path).returncode == 0
    (tmp_path / "messages" / "notes.txt").write_text("我的笔记", encoding="utf-8")
    for _ in range(3):
        result = handbook(*args, cwd=tmp_path)
        assert result.returncode == 2 and "notes.txt" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert (tmp_path / "messages" / "notes.txt").read_text(encoding="utf-8") == "我的笔记"


def test_pack_refuses_when_its_kept_previous_pack_was_edited(runs, space):
    out = space / "www" / "messages"
    assert runs.pack(out) == 0
    assert runs.pack(out) == 0
    kept = space / "www" / ".messages.previous"
    (kept / "index.md").write_text("在上一版里改过", encoding="utf-8")
    before = listing(space)
    with pytest.raises(DestinationError, match="写入后被改过") as refusal:
        runs.pack(out)
    assert str(kept / "index.md") in refusal.value.report()
    assert listing(space) == before


def test_pack_refuses_its_marker_without_a_list_of_files(runs, space):
    out = space / "www" / "messages"
    out.mkdir()
    write_marker(out, PACK)  # what older versions wrote: no record of the files
    (out / "01-alpha.txt").write_text("旧的消息", encoding="utf-8")
    before = listing(space)
    with pytest.raises(DestinationError) as refusal:
        runs.pack(out)
    message = refusal.value.report()
    assert len(message.splitlines()) == 1 and "没有它写入的文件清单" in message
    assert "换一个 --out 目录" in message
    assert listing(space) == before


def test_pack_records_every_file_it_wrote_with_its_sha256(runs, space):
    out = space / "www" / "messages"
    assert runs.pack(out) == 0
    files = marker(out, PACK)["files"]
    written = {n: (out / n).read_bytes() for n in names(out) if n != PACK.marker}
    assert set(files) == set(written)
    for name, data in written.items():
        assert files[name] == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert runs.pack(out) == 0  # an unchanged pack is replaced as before


def test_a_killed_packs_unfinished_work_directory_is_removed_by_the_next_run(runs, space):
    www = space / "www"
    out = www / "messages"
    assert runs.pack(out) == 0
    unfinished = www / ".messages.new-dead"
    unfinished.mkdir()
    write_marker(unfinished, PACK)  # marked at creation; killed before its files were sealed
    (unfinished / "01-alpha.txt").write_text("写了一半", encoding="utf-8")
    assert runs.pack(out) == 0
    assert not unfinished.exists()


# -- killed publishes leave nothing the next run cannot clean ---------------------
FAKE_MKDOCS = """
import os, sys, time
from pathlib import Path
site = Path(sys.argv[sys.argv.index("--site-dir") + 1])
(site / "index.html").write_text("half", encoding="utf-8")
Path(os.environ["FAKE_MKDOCS_PID"]).write_text(str(os.getpid()), encoding="utf-8")
time.sleep(120)
"""


def gone(pid: int) -> bool:
    """The process has ended (or is a zombie nobody reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_a_publish_killed_mid_build_takes_its_build_along_and_the_next_run_cleans_up(
    runs, space, capsys
):
    www, project = space / "www", space / PROJECT
    dest = www / "handbook"
    assert runs.publish(dest, "v1") == 0
    before = listing(dest)
    fake = space / "fake"
    (fake / "mkdocs").mkdir(parents=True)
    (fake / "mkdocs" / "__init__.py").write_text("", encoding="utf-8")
    (fake / "mkdocs" / "__main__.py").write_text(FAKE_MKDOCS, encoding="utf-8")
    pid_file = space / "mkdocs.pid"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)]),
        "FAKE_MKDOCS_PID": str(pid_file),
    }
    command = [sys.executable, "-m", "macros.commands.cli", "--config", str(project / "mkdocs.yml")]
    publishing = subprocess.Popen(
        [*command, "publish", "--allow-placeholders", "--dest", str(dest)],
        env=env,
        cwd=space / "cwd",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(pid_file.exists), "the build never started"
        build = int(pid_file.read_text(encoding="utf-8"))
        publishing.send_signal(signal.SIGKILL)  # mid-build
        assert publishing.wait(timeout=30) == -signal.SIGKILL
        assert wait_for(lambda: gone(build), 10), "the build outlived the killed publish"
    finally:
        publishing.kill()
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text(encoding="utf-8")), signal.SIGKILL)
    assert listing(dest) == before
    (leftover,) = [n for n in names(www) if n.startswith(".handbook.new-")]
    assert (www / leftover / SITE.marker).is_file()  # marked as ours

    capsys.readouterr()
    assert runs.publish(dest, "v2") == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [f"handbook: 已清理之前中断的运行留下的 1 项：{www / leftover}"]
    assert names(www) == [".handbook.previous", "handbook"] and page(dest) == "v2"


def test_rollback_also_clears_a_killed_runs_leftovers_and_says_so(runs, space, capsys):
    www = space / "www"
    dest = www / "handbook"
    assert runs.publish(dest, "v1") == 0
    assert runs.publish(dest, "v2") == 0
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(dest), str(space / PROJECT)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL
    (leftover,) = [n for n in names(www) if n.startswith(".handbook.new-")]
    capsys.readouterr()
    assert runs.rollback(dest) == 0
    out = capsys.readouterr()
    assert out.err == f"handbook: 已清理之前中断的运行留下的 1 项：{www / leftover}\n"
    assert names(www) == [".handbook.previous", "handbook"] and page(dest) == "v1"


def test_a_work_directory_killed_before_its_marker_is_removed_only_while_empty(runs, space, capsys):
    www = space / "www"
    dest = www / "handbook"
    empty = www / ".handbook.new-0badc0de"
    empty.mkdir()  # killed between mkdir and writing the marker
    unmarked = www / ".handbook.new-5eed"
    unmarked.mkdir()
    (unmarked / "keep.txt").write_text("不能证明是我们的", encoding="utf-8")
    kept = listing(unmarked)
    assert runs.publish(dest) == 0
    assert not empty.exists()
    assert listing(unmarked) == kept
    assert f"已清理之前中断的运行留下的 1 项：{empty}" in capsys.readouterr().err
