"""Strict, bounded YAML reading: UTF-8 (BOM and CRLF accepted), line numbers, no surprises.

What YAML would silently do is refused or kept as the author wrote it:
duplicate keys are errors; aliases (``&a`` / ``*a``) are refused, so a small
file cannot expand into gigabytes; dates stay text (the schema checks them);
a time written without quotes (``14:33``, which YAML 1.1 reads as 873) keeps
its original text so the error can quote it; numbers longer than 30 digits are
refused. Mappings and lists remember the line of each entry.
"""

from __future__ import annotations

import os
import re
import select
import stat
import time
from pathlib import Path
from typing import Any

import yaml

from ..errors import HandbookError

# Every file the tools read from a user or an author (incident files, drafts, data files,
# pages) is at most this long; longer input is refused, never read whole.
MAX_BYTES = 1_000_000
# A pipe or device that has not ended within this time is refused (a FIFO nobody writes).
STREAM_SECONDS = 10
MAX_DIGITS = 30

# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlMap(dict[Any, Any]):
    """A mapping that knows the line of each key, and the style of each scalar value."""

    line: int = 0
    lines: dict[Any, int]
    styles: dict[Any, str | None]


class YamlList(list[Any]):
    """A list that knows the line of each item."""

    line: int = 0
    lines: list[int]


class Sexagesimal(int):
    """An unquoted ``14:33`` that YAML 1.1 read as the number 873; ``source`` is the text."""

    source: str


def line_of(data: object, key: object = None) -> int | None:
    """The 1-based line of ``data`` (or of its entry ``key``), when it came from YAML."""
    if key is not None:
        if isinstance(data, YamlMap):
            return data.lines.get(key)
        if isinstance(data, YamlList) and isinstance(key, int) and 0 <= key < len(data.lines):
            return data.lines[key]
        return None
    return getattr(data, "line", None) or None


class _Refusal(yaml.constructor.ConstructorError):
    """Valid YAML that the handbook refuses on purpose, with its own fix."""

    def __init__(self, problem: str, fix: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, problem, mark)
        self.fix = fix


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader without duplicate keys, aliases, implicit dates or unbounded numbers."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refusal(
                "用到了 YAML 别名（&名字 / *名字），手册不支持别名",
                "把别名处的内容直接写出来，删去 & 和 *。",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> YamlMap:
    out = YamlMap()
    out.line = node.start_mark.line + 1
    out.lines = {}
    out.styles = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _Refusal("键不能是列表或映射", "键写成一段文本。", key_node.start_mark) from None
        if key in out:
            raise _Refusal(
                f"重复的键 '{key}'（第一次出现在第 {out.lines[key]} 行）",
                "删去其中一个；YAML 只会保留最后一个值。",
                key_node.start_mark,
            )
        out.lines[key] = key_node.start_mark.line + 1
        out.styles[key] = getattr(value_node, "style", None)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode) -> YamlList:
    out = YamlList(loader.construct_object(item, deep=True) for item in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [item.start_mark.line + 1 for item in node.value]
    return out


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise _Refusal(
            f"数字超过 {MAX_DIGITS} 位", "检查这个值；如果它是文本，给它加引号。", node.start_mark
        )
    value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    if ":" in text:
        marked = Sexagesimal(value)
        marked.source = text
        return marked
    return int(value)


def _construct_float(loader: _StrictLoader, node: yaml.ScalarNode) -> float | int:
    text = str(node.value)
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise _Refusal(
            f"数字超过 {MAX_DIGITS} 位", "检查这个值；如果它是文本，给它加引号。", node.start_mark
        )
    if ":" in text:
        marked = Sexagesimal(
            int(yaml.constructor.SafeConstructor.construct_yaml_float(loader, node))
        )
        marked.source = text
        return marked
    return float(yaml.constructor.SafeConstructor.construct_yaml_float(loader, node))


def _construct_text(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    """Dates stay as the text the author wrote; the schema decides what is a valid date."""
    return str(node.value)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


class _ConfigLoader(_StrictLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags are irrelevant here."""


def _ignore_tag(loader: _StrictLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_ConfigLoader.add_multi_constructor("!", _ignore_tag)


def too_large(display: str, limit: int = MAX_BYTES) -> HandbookError:
    """The error for input longer than `limit` bytes."""
    return HandbookError(
        display,
        f"文件过大：内容超过 {limit} 字节的上限（约 {limit // 1_000_000 or 1} MB），未读入",
        "确认选对了文件；手册数据、事件文件和消息草稿都应远小于这个上限。",
    )


def decode(data: bytes, display: str) -> str:
    """UTF-8 text as an editor saved it: a BOM is dropped, CRLF and CR become LF."""
    if len(data) > MAX_BYTES:
        raise too_large(display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise HandbookError(
            display,
            f"不是 UTF-8 编码（第 {err.start} 字节）",
            "用 UTF-8 编码重新保存该文件。",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


_KINDS = {
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFIFO: "管道（FIFO）",
    stat.S_IFSOCK: "套接字",
}


def read_bounded(path: Path, display: str, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of `path`, or a one-line error naming it; never more.

    The size is never taken from stat(): a regular file is read up to `limit` + 1 bytes;
    a pipe or device (``<(cmd)``, /dev/stdin, a FIFO) is read the same way, and refused
    when it has not ended after `limit` bytes (/dev/zero) or within STREAM_SECONDS (a FIFO
    nobody writes to, a terminal): nothing the user names can hang the command or fill
    its memory. A directory is refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise HandbookError(display, "文件不存在", "检查路径是否写错。") from None
    except PermissionError:
        raise HandbookError(display, "没有读取权限", "检查文件权限。") from None
    except OSError as err:
        raise HandbookError(
            display, f"无法打开（{err.strerror}）", "给出一个普通文本文件的路径。"
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise HandbookError(display, "这是一个目录，不是文件", "给出文件的路径。")
        regular = stat.S_ISREG(mode)
        if regular:
            os.set_blocking(fd, True)
        data = _read_at_most(fd, limit + 1, None if regular else STREAM_SECONDS)
    except TimeoutError:
        kind = _KINDS.get(stat.S_IFMT(mode), "特殊文件")
        raise HandbookError(
            display,
            f"这是{kind}，{STREAM_SECONDS} 秒内没有读到结尾",
            "给出一个普通文本文件；从管道读时确认写入的一方会结束。",
        ) from None
    except OSError as err:
        raise HandbookError(
            display, f"读取失败（{err.strerror}）", "给出一个普通文本文件的路径。"
        ) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        if not regular:
            kind = _KINDS.get(stat.S_IFMT(mode), "特殊文件")
            raise HandbookError(
                display,
                f"这是{kind}，读了 {limit} 字节还没有结束，未读入",
                "给出一个普通文本文件（例如 incident.yml），不要用设备或不会结束的管道。",
            )
        raise too_large(display, limit)
    return data


def _read_at_most(fd: int, count: int, seconds: float | None) -> bytes:
    """Up to `count` bytes of `fd` until its end; TimeoutError after `seconds` (if given)."""
    chunks: list[bytes] = []
    got = 0
    deadline = None if seconds is None else time.monotonic() + seconds
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while got < count:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not poller.poll(left * 1000):
                raise TimeoutError
        try:
            chunk = os.read(fd, min(count - got, 1 << 16))
        except BlockingIOError:  # woken without data (a writer came and went): wait again
            continue
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file (at most MAX_BYTES, see read_bounded) or fail with a message
    that names it."""
    return decode(read_bounded(path, display), display)


def parse_yaml(text: str, display: str, *, line_offset: int = 0, config: bool = False) -> Any:
    """Parse YAML text; a syntax error names the file and line."""
    loader = _ConfigLoader if config else _StrictLoader
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        if isinstance(err, _Refusal):
            raise HandbookError(display, problem, err.fix, line=line) from None
        raise HandbookError(
            display,
            f"YAML 格式错误：{problem}",
            "检查该行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的值请加引号。",
            line=line,
        ) from None
    except RecursionError:
        raise HandbookError(
            display, "YAML 的嵌套层数太多，无法读取", "手册的数据只需要两三层缩进；检查文件内容。"
        ) from None
    except ValueError as err:
        raise HandbookError(
            display, f"YAML 无法读取：{str(err)[:80]}", "检查是否有过长的数字。"
        ) from None


def load_yaml_file(path: Path, display: str, *, config: bool = False) -> Any:
    """Read and parse one YAML file strictly (`config`: mkdocs.yml, its tags ignored)."""
    return parse_yaml(read_text(path, display), display, config=config)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, display: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown page into its YAML front matter and its body.

    A page without front matter gets an empty dict; broken YAML is an error
    (MkDocs itself would silently drop it).
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise HandbookError(
                display,
                "页面头部（front matter）没有以 --- 结束",
                "在元数据之后加一行 ---。",
                line=1,
            )
        return {}, text
    meta = parse_yaml(match.group(1) or "", display, line_offset=1)
    if meta is None:
        meta = YamlMap()
        meta.lines, meta.styles = {}, {}
    if not isinstance(meta, dict):
        raise HandbookError(
            display,
            "页面头部（front matter）不是 键: 值 的映射",
            "每行写成 `键: 值`。",
            line=2,
        )
    if isinstance(meta, YamlMap):
        _shift_lines(meta, 1)
    return meta, text[match.end() :]


def _shift_lines(data: object, offset: int) -> None:
    """Front matter starts on line 2 of its page: make every recorded line a page line."""
    if isinstance(data, YamlMap):
        data.line += offset
        data.lines = {k: v + offset for k, v in data.lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, YamlList):
        data.line += offset
        data.lines = [v + offset for v in data.lines]
        for value in data:
            _shift_lines(value, offset)
