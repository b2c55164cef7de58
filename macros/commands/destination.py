"""Where `pack` and `publish` may write, and how a finished tree replaces the old one.

The tools never delete what they did not create. A destination is accepted
only when it is missing, an empty directory, a previous output of the same
command (recognised by the marker file at its top, e.g. ``.handbook-site.json``)
or a symlink to one of those; anything else is refused before any work, with
nothing on disk changed. The pack marker also lists every file pack wrote (size
and SHA-256): a pack directory holding anything else, or a changed file, is
refused file by file, so a file the user added or edited is never deleted.

Layout beside ``DEST`` (``NAME`` is its last component):

- ``.NAME.new-<random>``: the work directory of a run, marked the moment it is
  created and locked (flock) while the run lives. ``DEST`` is touched only by
  the final rename, exchange (renameat2 RENAME_EXCHANGE) or link switch, so a
  failed or killed run leaves it byte-identical; the next run (publish, pack or
  rollback) removes unlocked leftovers that are marked or still empty, says so
  in one line, and keeps everything else.
- ``.NAME.previous``: the previous release (a directory when ``DEST`` is one,
  a symlink when ``DEST`` is a symlink). Rollback exchanges it with ``DEST``.
- ``NAME.release-<UTC time>-<random>``: for a symlink ``DEST``, each release is
  a directory beside the link's target; the link is switched with a temporary
  link (``.NAME.link-<random>``) and ``os.replace``. Only the current and the
  previous release are kept, and only marked releases are ever removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from importlib import metadata
from pathlib import Path
from types import TracebackType

from ..errors import HandbookError, Problem, shown

AT_FDCWD = -100
RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
MARKER_MAX_BYTES = 256 * 1024  # a pack's marker lists its files: a few kB
FIX = "请换一个空目录或不存在的目录。"
FIX_SPECIAL = "请改用一个专用的输出目录（空目录或不存在的目录）。"


@dataclass(frozen=True)
class Kind:
    """A command that owns its outputs: its name and the marker file it writes.

    With `manifest`, the marker also records every file the command wrote (relative path,
    size, SHA-256), and an output is replaced or removed only while it holds exactly those
    files, unchanged: a file the user added or edited there is never deleted.
    """

    command: str
    marker: str
    manifest: bool = False


PACK = Kind("handbook pack", ".handbook-pack.json", manifest=True)
SITE = Kind("handbook publish", ".handbook-site.json")
KINDS = (PACK, SITE)


class DestinationError(HandbookError):
    """A destination the command will not (or could not) write; one line for the user."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__("handbook", problem, fix)


def refused(given: str, reason: str, fix: str = FIX) -> DestinationError:
    """The error refusing to write to `given`: why, and what to do instead."""
    return DestinationError(f"拒绝写入 {shown(given)}：{reason}", fix)


_ERRNO_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "上级目录不存在且无法创建",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EXDEV: "不在同一个文件系统上",
}


def reason_of(err: OSError) -> str:
    """Why an OSError happened: in Chinese for the usual errnos, else its own message."""
    return _ERRNO_REASONS.get(err.errno or 0, err.strerror or str(err))


# -- markers -------------------------------------------------------------------
def tool_version() -> str:
    """The installed handbook package's version for markers ("unknown" if not installed)."""
    try:
        return metadata.version("handbook")
    except metadata.PackageNotFoundError:
        return "unknown"


def utc_now() -> dt.datetime:
    """The current UTC time to the second, for markers and release names."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def write_marker(
    directory: Path, kind: Kind, files: dict[str, dict[str, object]] | None = None
) -> None:
    """Write `kind`'s marker (command, creation time, version and, when given, the files
    written) at the top of `directory`, atomically: a temporary file, fsync, rename."""
    data: dict[str, object] = {
        "command": kind.command,
        "created": utc_now().isoformat().replace("+00:00", "Z"),
        "version": tool_version(),
    }
    if files is not None:
        data["files"] = files
    temporary = directory / f"{kind.marker}.tmp-{secrets.token_hex(4)}"
    try:
        with temporary.open("x", encoding="utf-8") as f:
            f.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, directory / kind.marker)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _digest(path: Path, size: int) -> str | None:
    """The SHA-256 of a regular file of `size` bytes (read no further); None if it is not."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest, left = hashlib.sha256(), size + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            digest.update(chunk)
            left -= len(chunk)
        return digest.hexdigest() if left == 1 else None
    finally:
        os.close(fd)


def _walk(directory: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry under `directory` (relative POSIX path, lstat), links not followed."""
    for top, dirs, files in os.walk(directory):
        for name in sorted(dirs) + sorted(files):
            path = Path(top) / name
            yield path.relative_to(directory).as_posix(), os.lstat(path)


def seal(directory: Path, kind: Kind) -> None:
    """Record every file now in `directory` (a finished work directory) in its marker."""
    files: dict[str, dict[str, object]] = {}
    for rel, st in _walk(directory):
        if rel != kind.marker and stat.S_ISREG(st.st_mode):
            digest = _digest(directory / rel, st.st_size)
            files[rel] = {"bytes": st.st_size, "sha256": digest}
    write_marker(directory, kind, files)


def read_manifest(directory: Path, kind: Kind) -> dict[str, tuple[int, str]] | None:
    """The files `kind` recorded in the marker of `directory`, or None without a record."""
    path = directory / kind.marker
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with path.open("rb") as f:
            data = json.loads(f.read(MARKER_MAX_BYTES).decode("utf-8"))
        files = data["files"]
        return {str(rel): (int(v["bytes"]), str(v["sha256"])) for rel, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def not_written(directory: Path, kind: Kind) -> list[tuple[str, str]] | None:
    """What in `directory` `kind` did not write or was changed since: (relative path, why),
    [] when it holds only `kind`'s files, unchanged; None when its marker lists no files."""
    recorded = read_manifest(directory, kind)
    if recorded is None:
        return None
    found: list[tuple[str, str]] = []
    for rel, st in _walk(directory):
        if rel == kind.marker:
            continue
        if stat.S_ISDIR(st.st_mode):
            if not any(r.startswith(rel + "/") for r in recorded):
                found.append((rel + "/", f"这个目录不是 {kind.command} 建的"))
            continue
        if rel not in recorded or not stat.S_ISREG(st.st_mode):
            found.append((rel, f"这个文件不是 {kind.command} 写的"))
        elif recorded[rel] != (st.st_size, _digest(directory / rel, st.st_size)):
            found.append((rel, f"这个文件在 {kind.command} 写入后被改过"))
    return found


def holds_only_its_own(directory: Path, kind: Kind) -> bool:
    """True when removing `directory` can lose nothing but what `kind` wrote there."""
    return not kind.manifest or not_written(directory, kind) == []


def check_own_files(directory: Path, given: str, kind: Kind) -> None:
    """Refuse `given` (an output of `kind` at `directory`) when replacing it would delete a
    file `kind` did not write: one line per such file, naming it and the fix."""
    if not kind.manifest:
        return
    found = not_written(directory, kind)
    fix = f"把它移出 {shown(directory)}，或换一个 --out 目录。"
    if found is None:
        raise refused(
            given,
            f"{shown(directory)} 带有 {kind.command} 的标记，但标记里没有它写入的文件清单"
            "（旧版本生成，或标记被改过），无法确认替换它不会删掉别人的文件",
            f"把 {shown(directory)} 移走，或换一个 --out 目录。",
        )
    if found:
        raise DestinationError.of(
            Problem(
                shown(f"{directory}/{rel}"),
                f"拒绝写入 {shown(given)}：{why}，替换这个目录会删掉它",
                fix,
            )
            for rel, why in found
        )


def read_marker(directory: Path, kind: Kind) -> dict[str, str] | None:
    """The marker of `kind` at the top of `directory`, if it is a real, valid one."""
    path = directory / kind.marker
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with path.open("rb") as f:
            data = json.loads(f.read(MARKER_MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("command") != kind.command:
        return None
    return {str(k): str(v) for k, v in data.items()}


def owner_of(directory: Path) -> Kind | None:
    """The command whose marker `directory` carries, if any."""
    return next((k for k in KINDS if read_marker(directory, k) is not None), None)


def is_ours(path: Path, kind: Kind) -> bool:
    """A real directory (not a symlink) that carries `kind`'s marker."""
    try:
        real_dir = stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False
    return real_dir and read_marker(path, kind) is not None


# -- renames and locks ---------------------------------------------------------
def _renameat2(a: Path, b: Path, flags: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    rc = libc.renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), flags)
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(b))


def exchange(a: Path, b: Path) -> None:
    """Atomically swap two paths on the same filesystem."""
    _renameat2(a, b, RENAME_EXCHANGE)


def rename_noreplace(a: Path, b: Path) -> None:
    """Rename `a` to `b`, failing if `b` exists."""
    _renameat2(a, b, RENAME_NOREPLACE)


def _open_dir(path: Path) -> int:
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)


def is_locked(path: Path) -> bool:
    """True while a live run holds the flock of the work directory `path`."""
    try:
        fd = _open_dir(path)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@contextlib.contextmanager
def locked(*directories: Path) -> Iterator[None]:
    """Serialise the short cleanup and switch phases of runs sharing these directories."""
    fds: list[int] = []
    try:
        for directory in sorted(set(directories)):
            try:
                fd = _open_dir(directory)
            except OSError:
                continue  # an unreadable parent: the per-run locks still protect work dirs
            fds.append(fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in fds:
            os.close(fd)


# -- what is at DEST -----------------------------------------------------------
class State(Enum):
    """What is at DEST now: nothing, an empty directory, our own output, or a symlink."""

    MISSING = "missing"
    EMPTY = "empty"
    OURS = "ours"
    LINK = "link"


@dataclass(frozen=True)
class Destination:
    """An accepted destination: where it is, what is there now and who owns it."""

    given: str  # the absolute path as the user wrote it, for messages
    path: Path  # the real parent plus the given name: a link stays a link
    state: State
    kind: Kind
    project_root: Path
    target: Path | None = None  # LINK: the directory it points at (it may be missing)
    mode: int | None = None  # permission bits of the directory there now

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def previous(self) -> Path:
        return self.path.parent / f".{self.name}.previous"

    @property
    def home(self) -> Path:
        """Where this run's work directory (and, for a link, the release) lives."""
        return self.target.parent if self.target is not None else self.path.parent

    def work_name(self) -> str:
        return f".{self.name}.new-{secrets.token_hex(4)}"

    def link_name(self) -> str:
        return f".{self.name}.link-{secrets.token_hex(4)}"

    def release_name(self) -> str:
        return f"{self.name}.release-{utc_now():%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"

    def is_work_name(self, name: str) -> bool:
        return re.fullmatch(rf"\.{re.escape(self.name)}\.new-[A-Za-z0-9_]+", name) is not None

    def is_link_name(self, name: str) -> bool:
        return re.fullmatch(rf"\.{re.escape(self.name)}\.link-[A-Za-z0-9_]+", name) is not None

    def is_release_name(self, name: str) -> bool:
        pattern = rf"{re.escape(self.name)}\.release-\d{{8}}T\d{{6}}Z-[0-9a-f]+"
        return re.fullmatch(pattern, name) is not None


def canonical(given: Path) -> Path:
    """The absolute path with its parents resolved and its last component kept."""
    path = Path(given).absolute()
    if path.name in ("", ".."):
        return path.resolve()
    return path.parent.resolve() / path.name


def _refuse_special(path: Path, given: str, project_root: Path, via: str = "") -> None:
    """Refuse /, the current directory, the project root and $HOME, and their ancestors."""
    if path == Path("/"):
        raise refused(given, f"{via}这是根目录 /", FIX_SPECIAL)
    places = (
        (Path.cwd().resolve(), "当前目录"),
        (project_root.resolve(), f"手册项目的根目录（{shown(project_root.resolve())}）"),
        (Path(os.environ.get("HOME") or Path.home()).resolve(), "主目录 $HOME"),
    )
    for place, label in places:
        if path == place:
            raise refused(given, f"{via}这是{label}", FIX_SPECIAL)
        if path in place.parents:
            raise refused(given, f"{via}这是{label}的上级目录", FIX_SPECIAL)


def _foreign(directory: Path, kind: Kind) -> str | None:
    """Why a directory is not ours to replace (None when it is empty or marked by `kind`)."""
    entries = sorted(os.listdir(directory))
    if not entries:
        return None
    owner = owner_of(directory)
    if owner is kind:
        return None
    if owner is not None:
        return f"目录里是 {owner.command} 的输出，不是 {kind.command} 生成的"
    more = f"，共 {len(entries)} 项" if len(entries) > 1 else ""
    return f"目录里有不是 {kind.command} 生成的文件（例如 {shown(entries[0])}{more}）"


def _check_previous(dest: Destination) -> None:
    """The slot for the previous release holds nothing, a symlink or our own release."""
    prev = dest.previous
    try:
        st = os.lstat(prev)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        return
    if is_ours(prev, dest.kind):
        check_own_files(prev, dest.given, dest.kind)
        return
    raise refused(
        dest.given,
        f"旁边的 {shown(prev)} 不是 {dest.kind.command} 保留的上一版",
        "请移走它，或换一个目录。",
    )


def inspect(given: Path, kind: Kind, project_root: Path) -> Destination:
    """What is at `given`, if `kind` may write there; otherwise a one-line refusal.

    Reads only: a refused destination is left exactly as it was.
    """
    shown_as = str(Path(given).absolute())
    path = canonical(given)
    _refuse_special(path, shown_as, project_root)

    def accept(state: State, target: Path | None = None, mode: int | None = None) -> Destination:
        dest = Destination(shown_as, path, state, kind, project_root, target, mode)
        _check_previous(dest)
        return dest

    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return accept(State.MISSING)
    except OSError as err:
        raise refused(shown_as, f"无法读取（{reason_of(err)}）", "检查路径和权限。") from err
    try:
        if stat.S_ISLNK(st.st_mode):
            try:
                target = path.resolve()
            except RuntimeError as err:  # a symlink loop
                raise refused(shown_as, "它是一个循环的符号链接", "修正或删除这个链接。") from err
            via = f"它是指向 {shown(target)} 的符号链接，"
            _refuse_special(target, shown_as, project_root, via)
            try:
                target_st = os.stat(target)
            except FileNotFoundError:
                return accept(State.LINK, target)
            if not stat.S_ISDIR(target_st.st_mode):
                raise refused(shown_as, via + "而那不是目录")
            why = _foreign(target, kind)
            if why:
                raise refused(shown_as, via + why)
            if os.listdir(target):
                check_own_files(target, shown_as, kind)
            return accept(State.LINK, target, stat.S_IMODE(target_st.st_mode))
        if not stat.S_ISDIR(st.st_mode):
            what = "一个文件" if stat.S_ISREG(st.st_mode) else "一个特殊文件"
            raise refused(shown_as, f"这是{what}，不是目录")
        why = _foreign(path, kind)
        if why:
            raise refused(shown_as, why)
        state = State.OURS if os.listdir(path) else State.EMPTY
        if state is State.OURS:
            check_own_files(path, shown_as, kind)
        return accept(state, mode=stat.S_IMODE(st.st_mode))
    except DestinationError:
        raise
    except OSError as err:
        raise refused(shown_as, f"无法读取（{reason_of(err)}）", "检查路径和权限。") from err


# -- removing only what is ours ------------------------------------------------
def remove_ours(path: Path, dest: Destination) -> bool:
    """Delete `path` if it is named like one of ours, carries our marker and (for a kind
    with a manifest) holds only the files recorded there, unchanged; else keep it.

    A work directory whose marker has no file list yet is a run that never finished: it
    was never at DEST, so nobody else's file can be in it.
    """
    name = path.name
    named = dest.is_work_name(name) or dest.is_release_name(name) or path == dest.previous
    if not named or not is_ours(path, dest.kind):
        return False
    unfinished = dest.is_work_name(name) and read_manifest(path, dest.kind) is None
    if not unfinished and not holds_only_its_own(path, dest.kind):
        return False
    shutil.rmtree(path, ignore_errors=True)
    return True


def _remove_if_empty(path: Path) -> bool:
    """rmdir: a run killed between creating its work directory and marking it left it
    empty, and removing an empty directory loses nothing."""
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode) or os.listdir(path):
            return False
        os.rmdir(path)  # fails, harmlessly, if something appeared meanwhile
    except OSError:
        return False
    return True


def report_cleaned(removed: list[Path]) -> None:
    """One line on stderr naming what an earlier, killed run left and this run removed."""
    if removed:
        listed = "、".join(shown(p) for p in removed)
        print(f"handbook: 已清理之前中断的运行留下的 {len(removed)} 项：{listed}", file=sys.stderr)


def clean_leftovers(dest: Destination) -> list[Path]:
    """Remove what killed runs left: links to our releases, then unlocked work dirs that are
    marked as ours or empty; everything else is kept. Returns what was removed."""
    removed: list[Path] = []
    for directory in sorted({dest.home, dest.path.parent}):
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:  # links first: their targets must still be there to prove them ours
            if dest.is_link_name(entry.name) and entry.is_symlink():
                path = Path(entry.path)
                try:
                    ours = is_ours(path.resolve(), dest.kind)
                except (OSError, RuntimeError):  # a looping link: not provably ours
                    ours = False
                if ours:
                    path.unlink()
                    removed.append(path)
        for entry in entries:
            path = Path(entry.path)
            if not dest.is_work_name(entry.name) or is_locked(path):
                continue
            if remove_ours(path, dest) or _remove_if_empty(path):
                removed.append(path)
    return removed


def prune_releases(dest: Destination, keep: set[Path]) -> None:
    """Remove marked releases beside the link's target other than `keep` (current, previous)."""
    try:
        entries = list(os.scandir(dest.home))
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if dest.is_release_name(entry.name) and path.resolve() not in keep:
            if not is_locked(path):
                remove_ours(path, dest)


# -- one run -------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """Where a run's output went and what was kept to roll back to."""

    dest: str
    release: Path | None = None  # symlink destinations: the new release directory
    previous: Path | None = None  # the kept previous release (or the link to it)
    warning: str | None = None  # a problem after the switch: DEST is new, but see this


class Release:
    """One run's marked work directory beside DEST; `commit` puts it in place.

    Entering creates the work directory (so permission problems surface before
    any real work); leaving without a commit removes it and any parent
    directories this run created, so DEST and its surroundings are as before.
    """

    def __init__(self, dest: Destination) -> None:
        self.dest = dest
        self.work = dest.home / dest.work_name()
        self._fd: int | None = None
        self._created: list[Path] = []
        self._made_work = False
        self._committed = False

    def __enter__(self) -> Release:
        try:
            self._make_parents(self.dest.home)
            with locked(self.dest.home, self.dest.path.parent):
                report_cleaned(clean_leftovers(self.dest))
                # Marked at once and locked before another run may look: killed from here
                # on, the directory is still empty or carries the marker, and the next
                # run removes it either way.
                os.mkdir(self.work)
                self._made_work = True
                write_marker(self.work, self.dest.kind)
                self._fd = _open_dir(self.work)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
        except OSError as err:
            self._abandon()
            raise DestinationError(
                f"无法在 {shown(self.dest.home)} 中创建工作目录（{reason_of(err)}），未做任何改动",
                "检查这个目录是否存在、是否可写，或换一个目录。",
            ) from err
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            self._abandon()
        elif self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _make_parents(self, directory: Path) -> None:
        missing: list[Path] = []
        while not os.path.lexists(directory) and directory != directory.parent:
            missing.append(directory)
            directory = directory.parent
        for path in reversed(missing):
            os.mkdir(path)
            self._created.append(path)

    def _abandon(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._made_work:  # this run's own directory, never renamed over anything
            shutil.rmtree(self.work, ignore_errors=True)
        for path in reversed(self._created):
            with contextlib.suppress(OSError):
                os.rmdir(path)  # only ever removes an empty directory

    def commit(self) -> Outcome:
        """Put the finished work directory at DEST in one step; keep the previous release."""
        dest = self.dest
        if dest.kind.manifest:
            try:
                seal(self.work, dest.kind)
            except OSError as err:
                raise DestinationError(
                    f"无法在 {shown(self.work)} 中记录写入的文件（{reason_of(err)}）："
                    f"{shown(dest.given)} 保持原样",
                    "检查磁盘空间和权限后重新运行。",
                ) from err
        with locked(dest.home, dest.path.parent):
            now = inspect(Path(dest.given), dest.kind, dest.project_root)
            if now.home != self.work.parent:
                raise refused(dest.given, "发布过程中它指向了别处", "请重新运行。")
            try:
                if now.mode is not None:
                    os.chmod(self.work, now.mode)
                if now.state is State.LINK:
                    outcome = self._switch_link(now)
                else:
                    outcome = self._swap_dir(now)
            except OSError as err:
                raise DestinationError(
                    f"无法把新版本换到 {shown(dest.given)}（{reason_of(err)}）："
                    f"{shown(dest.given)} 保持原样",
                    "检查目录权限后重新运行。",
                ) from err
        return outcome

    def _swap_dir(self, now: Destination) -> Outcome:
        if now.state is State.MISSING:
            rename_noreplace(self.work, now.path)
            self._committed = True
            return Outcome(now.given)
        if now.state is State.EMPTY:
            # rename(2) replaces an empty directory atomically and fails on a non-empty one.
            os.rename(self.work, now.path)
            self._committed = True
            return Outcome(now.given)
        exchange(self.work, now.path)  # the work path now holds the old release
        self._committed = True
        old, prev = self.work, now.previous
        try:
            if os.path.islink(prev):
                prev.unlink()
            if os.path.lexists(prev):
                exchange(old, prev)  # the work path now holds the release before the previous
                remove_ours(old, now)
            else:
                os.rename(old, prev)
        except OSError as err:  # the next run clears the marked work directory
            return Outcome(now.given, warning=f"上一版未能保留（{reason_of(err)}），无法回滚")
        return Outcome(now.given, previous=prev)

    def _switch_link(self, now: Destination) -> Outcome:
        release = self.work.parent / now.release_name()
        rename_noreplace(self.work, release)
        self.work = release
        old_text = os.readlink(now.path)
        previous: Path | None = None
        if now.target is not None and now.target.is_dir():
            if not os.path.islink(now.previous):
                remove_ours(now.previous, now)  # a directory left by a plain-directory publish
            self._point(now, now.previous, old_text)
            previous = now.previous
        if os.path.isabs(old_text):
            new_text = str(release)
        else:
            new_text = os.path.relpath(release, now.path.parent)
        self._point(now, now.path, new_text)
        self._committed = True
        keep = {release.resolve()}
        if now.target is not None:
            keep.add(now.target.resolve())
        prune_releases(now, keep)
        return Outcome(now.given, release=release, previous=previous)

    @staticmethod
    def _point(dest: Destination, link: Path, text: str) -> None:
        """Make `link` a symlink to `text` in one step (a temporary link, then os.replace)."""
        temporary = link.parent / dest.link_name()
        os.symlink(text, temporary)
        try:
            os.replace(temporary, link)
        except OSError:
            temporary.unlink()
            raise


# -- rollback ------------------------------------------------------------------
def roll_back(given: Path, kind: Kind, project_root: Path) -> Destination:
    """Exchange DEST with the kept previous release in one step; again to undo."""
    dest = inspect(given, kind, project_root)
    prev = dest.previous
    no_previous = DestinationError(
        f"无法回滚 {shown(dest.given)}：没有可回滚的上一版（{shown(prev)}）",
        "回滚需要先成功发布过至少两次。",
    )
    with locked(dest.home, dest.path.parent):
        report_cleaned(clean_leftovers(dest))
        if dest.state is State.LINK:
            if not os.path.islink(prev):
                raise no_previous
            if not prev.resolve().is_dir():
                raise DestinationError(
                    f"无法回滚 {shown(dest.given)}：上一版 {shown(prev.resolve())} 已不存在",
                    "只能重新发布。",
                )
        elif dest.state is State.OURS:
            if not is_ours(prev, kind):
                raise no_previous
        else:
            raise DestinationError(
                f"无法回滚 {shown(dest.given)}：这里还没有发布过任何版本", "先运行 publish。"
            )
        try:
            exchange(dest.path, prev)
        except OSError as err:
            raise DestinationError(
                f"无法回滚 {shown(dest.given)}（{reason_of(err)}）：{shown(dest.given)} 保持原样",
                "检查目录权限后重新运行。",
            ) from err
    return dest
