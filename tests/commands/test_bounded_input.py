"""Every file the CLI reads from the user goes through one bounded reader (yamlio.read_bounded).

At most MAX_BYTES are read: /dev/zero, an oversized file, a directory or a FIFO nobody
writes to is refused with one line naming it and the limit, never a MemoryError or a
hang. A FIFO or pipe that ends within the bound (``--incident <(cmd)``) is read.
The device and FIFO cases run the command in a child with a memory limit and a timeout,
so that a reader without a bound fails the test instead of the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from macros.load.yamlio import MAX_BYTES

from ..conftest import ROOT
from ..support.cli import run_cli
from ..support.minihandbook import MINI

CONFIG = str(MINI / "mkdocs.yml")
MEMORY_LIMIT = 1 << 30  # far more than the command needs; far less than /dev/zero fills

CHILD = """
import sys
import macros.load.yamlio as yamlio
yamlio.STREAM_SECONDS = float(sys.argv[1])
from macros.commands.cli import main
sys.exit(main(sys.argv[2:]))
"""


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_child(*args: str, cwd: Path, seconds: float = 2) -> subprocess.CompletedProcess[str]:
    """`handbook --config MINI args` in a child: limited memory, a FIFO waits `seconds`."""
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(seconds), "--config", CONFIG, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def assert_refused(result, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert "修复：" in result.stderr


COMMANDS = {
    "fill": ["fill", "alpha", "--allow-blanks", "--incident"],
    "pack": ["pack", "--out", "messages", "--incident"],
    "lint": ["lint", "--audience", "public"],
}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_device_that_never_ends_is_refused_naming_it_and_the_limit(command, device, tmp_path):
    result = run_child(*COMMANDS[command], device, cwd=tmp_path)
    assert_refused(result, f"{device}: ", "字符设备", f"读了 {MAX_BYTES} 字节还没有结束")
    assert os.listdir(tmp_path) == []  # pack wrote nothing


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_fifo_nobody_writes_to_is_refused_after_a_bounded_wait(command, tmp_path):
    fifo = tmp_path / "incident.yml"
    os.mkfifo(fifo)
    result = run_child(*COMMANDS[command], str(fifo), cwd=tmp_path, seconds=0.5)
    assert_refused(result, str(fifo), "管道（FIFO）", "秒内没有读到结尾")


def test_a_fifo_that_ends_within_the_bound_is_read(tmp_path):
    fifo = tmp_path / "incident.yml"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as f:
            f.write('service: "支付服务"\n')

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = run_child("fill", "alpha", "--allow-blanks", "--incident", str(fifo), cwd=tmp_path)
    finally:
        if writer.is_alive():  # the child never opened it: let the writer go
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join()
    assert result.returncode == 0, result.stderr
    assert "支付服务故障" in result.stdout


def handbook(*args: str, stdin: bytes | None = None, cwd: Path):
    return run_cli(["--config", CONFIG, *args], stdin=stdin, cwd=cwd)


def oversized(tmp_path: Path) -> Path:
    path = tmp_path / "big.yml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES - 2) + b"\n")  # MAX_BYTES + 1 bytes
    return path


def a_directory(tmp_path: Path) -> Path:
    (tmp_path / "incidents").mkdir()
    return tmp_path / "incidents"


REFUSED = {
    "oversized-file": (oversized, f"内容超过 {MAX_BYTES} 字节的上限"),
    "directory": (a_directory, "这是一个目录，不是文件"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(REFUSED))
def test_an_oversized_file_or_a_directory_is_refused_in_one_line(command, case, tmp_path):
    make, needle = REFUSED[case]
    path = make(tmp_path)
    result = handbook(*COMMANDS[command], str(path), cwd=tmp_path)
    message = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "Traceback" not in message
    assert message.strip().splitlines() == [message.strip()]
    assert message.startswith(f"{path}: ") and needle in message, message
    assert not (tmp_path / "messages").exists()


def test_a_file_of_exactly_the_limit_is_read(tmp_path):
    path = tmp_path / "incident.yml"
    line = 'service: "支付服务"\n'.encode()
    path.write_bytes(line + b"#" * (MAX_BYTES - len(line) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    result = handbook("fill", "alpha", "--allow-blanks", "--incident", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "支付服务故障" in result.stdout.decode("utf-8")


def test_stdin_longer_than_the_limit_is_refused():
    result = handbook("lint", "-", "--audience", "public", stdin=b"x" * (MAX_BYTES + 1), cwd=ROOT)
    message = result.stderr.decode("utf-8")
    assert result.returncode == 2 and message.startswith("-: ")
    assert f"内容超过 {MAX_BYTES} 字节的上限" in message
