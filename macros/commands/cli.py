"""`handbook`: fill templates, pack an incident's messages, lint drafts and send from the terminal.

The same engine and catalog as the site: no second copy of any template or rule.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..engine import channels, fill
from ..engine.lint import linter
from ..engine.readiness import readiness
from ..errors import (
    EXIT_AUTHOR_ERROR,
    HandbookError,
    did_you_mean,
    for_copy,
    for_terminal,
    shown,
)
from ..load.handbook import load_from_config
from ..load.values import parse_sets, parse_values
from ..load.yamlio import MAX_BYTES, decode, parse_yaml, read_text
from ..model.catalog import Value
from ..model.handbook import Handbook
from .audit import report as audit_report
from .checkall import check_all, drafts
from .offline import build_offline
from .pack import pack as write_pack
from .publish import project_root, publish, rollback
from .send import DEFAULT_TIMEOUT, MAX_TIMEOUT
from .send import Request as SendRequest
from .send import send as send_message

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent.parent / "mkdocs.yml"


class Usage(Exception):
    """A usage error that has already been explained on stderr."""

    def __init__(self, code: int) -> None:
        self.code = code


# -- values ------------------------------------------------------------------
def read_incident(path: str, hb: Handbook) -> dict[str, Value]:
    """The values of an incident file (`-` reads stdin), checked against the catalog."""
    text = read_stdin() if path == "-" else read_text(Path(path), path)
    return parse_values(parse_yaml(text, path), path, hb.catalog)


def read_stdin() -> str:
    """Standard input as text, decoded and size-checked as a file would be (named `-`)."""
    return decode(sys.stdin.buffer.read(MAX_BYTES + 1), "-")


def argument_text(arg: str) -> str:
    """A --set argument as the UTF-8 text the user typed, also when Python decoded argv
    with an ASCII locale (LC_ALL=C): its bytes read again as UTF-8."""
    return os.fsencode(arg).decode("utf-8", "surrogateescape")


def gather(args: argparse.Namespace, hb: Handbook) -> dict[str, Value]:
    """The values given on the command line: the --incident file's, then --set on top."""
    values = read_incident(args.incident, hb) if args.incident else {}
    values.update(parse_sets([argument_text(s) for s in args.set or []], hb.catalog))
    return values


# -- commands ----------------------------------------------------------------
def cmd_fill(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook fill`: print one template filled from the values; exit 2 listing the blanks
    still empty, unless --allow-blanks keeps them as 【待填：标签】."""
    template = hb.template(args.template, "handbook fill")
    values = gather(args, hb)
    conflicts = readiness(hb, template, values).conflicts
    if conflicts:  # a time that cannot be true: never printed as a message to send
        lines = [f"handbook: {template.slug} 用到的时间互相矛盾，改正后再生成："]
        lines += [f"  - {key}：{reason}" for key, reason in conflicts]
        print("\n".join(lines), file=sys.stderr)
        return 2
    missing = fill.missing(hb, template, values)
    if missing and not args.allow_blanks:
        lines = [
            f"handbook: {template.slug} 还缺 {len(missing)} 个值。用 --set 键=值 或 --incident "
            "文件提供；或加 --allow-blanks 保留【待填：标签】："
        ]
        for key in missing:
            var = hb.catalog[key]
            lines.append(f"  - {key}【{var.label}】：{var.meaning}（去哪找：{var.source}）")
        print("\n".join(lines), file=sys.stderr)
        return 2
    if args.channel:
        if args.channel not in template.channels:
            offered = "、".join(template.channels)
            print(
                f"handbook: {template.slug} 不发到 {args.channel}；它的渠道形式有：{offered}",
                file=sys.stderr,
            )
            return 2
        shaped = channels.for_template(hb, template, args.channel, values)
        sys.stdout.write(for_copy(shaped.text) + "\n")
        if shaped.over:
            print(f"handbook: {shaped.describe()}", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(for_copy(fill.text(hb, template, "values", values)) + "\n")
    return 0


def cmd_pack(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook pack`: every template filled from the --incident file, written into --out."""
    root = project_root(Path(args.config))
    return write_pack(hb, Path(args.out), lambda: read_incident(args.incident, hb), root)


def cmd_lint(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook lint`: check a draft (a file or stdin) for an audience and channel; exit 1 on
    any finding, printed one per line or as JSON."""
    if args.incident:
        return lint_incident(args, hb)
    if args.file is None:
        raise HandbookError(
            "handbook lint",
            "没有指定草稿文件",
            "写上文件名（- 表示标准输入），或加 --incident 事件文件。",
            "file",
        )
    audience, channel = args.audience, args.channel
    if args.template:
        template = hb.template(args.template, "handbook lint --template")
        audience = audience or template.audience
        channel = channel or template.channel
    if not audience:
        raise HandbookError(
            "handbook lint", "没有指定受众", "加 --audience（或 --template 模板名）。", "audience"
        )
    for name, value, table in (
        ("audience", audience, hb.audiences),
        ("channel", channel, hb.channels),
    ):
        if value is not None and value not in table:
            raise HandbookError(
                f"--{name}",
                f"未知的{name} '{value}'。{did_you_mean(value, table)}",
                f"可用：{', '.join(table)}。",
                name,
            )
    text = read_stdin() if args.file == "-" else read_text(Path(args.file), args.file)
    findings = linter(hb).check(text, audience, channel)
    if args.format == "json":
        listed = json.dumps([f.as_dict(args.file) for f in findings], ensure_ascii=False, indent=2)
        print(json_for_terminal(listed))
        return 1 if findings else 0
    for finding in findings:
        print(for_terminal(finding.located(shown(args.file))))
    if findings:
        print(f"共 {len(findings)} 处问题。", file=sys.stderr)
        return 1
    print(f"{shown(args.file)}: 没有发现问题（受众：{audience}）。")
    return 0


def lint_incident(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook lint --incident F [PACK]`: every message of the incident (filled, or the
    pack's edited file), linted alone and against the others; exit 1 on any finding."""
    pack = Path(args.file) if args.file not in (None, "-") else None
    if pack is not None and not pack.is_dir():
        raise HandbookError(
            "handbook lint --incident",
            f"{shown(args.file)} 不是目录",
            "和 --incident 一起给的是 handbook pack 写出的消息目录；不给就检查填好的全部模板。",
            "file",
        )
    values = read_incident(args.incident, hb)
    found = check_all(hb, drafts(hb, values, pack))
    if args.format == "json":
        listed = json.dumps([f.as_dict(file) for file, f in found], ensure_ascii=False, indent=2)
        print(json_for_terminal(listed))
        return 1 if found else 0
    for file, finding in found:
        print(for_terminal(finding.located(file)))
    count = len(hb.templates)
    if found:
        print(f"{count} 条消息，共 {len(found)} 处问题。", file=sys.stderr)
        return 1
    print(f"{count} 条消息：没有发现问题，同一时刻的消息说法一致。")
    return 0


def cmd_list(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook list`: every template with its audience, channel and when to send it."""
    for t in hb.templates.values():
        print(
            f"{t.slug:<18} {t.title}\n{'':<18} 受众：{hb.audiences[t.audience].label}；"
            f"渠道：{hb.channels[t.channel].label}；何时：{hb.stages[t.stage].timing}"
        )
    return 0


def cmd_send(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook send`: post one filled message to a destination named in the destinations
    file, after showing it and asking (unless --yes); once per incident unless --again."""
    if args.incident == "-":
        raise HandbookError(
            "--incident",
            "handbook send 需要事件文件，不能用标准输入",
            "写事件文件的路径：发送记录写在它旁边，重跑时据此不重发。",
            "incident",
        )
    if not 0 < args.timeout <= MAX_TIMEOUT:
        raise HandbookError(
            "--timeout", f"超时应在 0 到 {MAX_TIMEOUT:g} 秒之间", "例如 --timeout 10。", "timeout"
        )
    values = gather(args, hb)
    request = SendRequest(
        template=args.template,
        incident=Path(args.incident),
        to=args.to,
        destinations=args.destinations,
        yes=args.yes,
        again=args.again,
        reviewed_by=args.reviewed_by,
        timeout=args.timeout,
    )
    ask = input if sys.stdin.isatty() else None
    return send_message(hb, request, values, project_root(Path(args.config)), ask=ask)


def json_for_terminal(text: str) -> str:
    """JSON text with every character for_terminal would escape written as a JSON escape
    (\\u202e): the same JSON for a program, nothing that acts on a terminal."""
    return "".join(json.dumps(c)[1:-1] if for_terminal(c) != c else c for c in text)


# -- entry point -------------------------------------------------------------
class Parser(argparse.ArgumentParser):
    """argparse, with what it echoes (a mistyped choice or option) made safe for a terminal."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(for_terminal(message), file)


def parser() -> argparse.ArgumentParser:
    """The argument parser of `handbook` and its subcommands (help texts in Chinese)."""
    top = Parser(prog="handbook", description="应急沟通手册命令行工具")
    top.add_argument("--config", default=str(DEFAULT_CONFIG), help="手册的 mkdocs.yml")
    sub = top.add_subparsers(dest="command", required=True)

    fill = sub.add_parser("fill", help="填写一个模板，输出可直接粘贴的纯文本")
    fill.add_argument("template", help="模板名，例如 initial-internal")
    fill.add_argument("--set", action="append", metavar="键=值", help="一个变量的值，可重复")
    fill.add_argument("--incident", metavar="文件", help="事件文件（YAML），- 表示标准输入")
    fill.add_argument("--allow-blanks", action="store_true", help="缺少的值保留为【待填：标签】")
    fill.add_argument(
        "--channel", metavar="形式", help="按渠道的形式输出，例如 wecom-markdown（见 channels.yml）"
    )

    pack = sub.add_parser("pack", help="为一个事件生成全部消息")
    pack.add_argument("--incident", required=True, metavar="文件")
    pack.add_argument(
        "--out", required=True, metavar="目录", help="空目录、不存在的目录，或上一次 pack 的输出"
    )

    lint = sub.add_parser(
        "lint",
        help="按沟通原则检查一条消息草稿；--incident 检查一个事件的全部消息，并互相核对",
    )
    lint.add_argument(
        "file",
        nargs="?",
        help="草稿文件，- 表示标准输入；和 --incident 一起时是 handbook pack 的消息目录（可省略）",
    )
    lint.add_argument(
        "--incident",
        metavar="文件",
        help="事件文件（YAML）：填好每个模板，逐条检查，再核对同一时刻的消息说法是否一致",
    )
    lint.add_argument(
        "--audience", help="受众：internal、management、public、partner、support、social"
    )
    lint.add_argument("--channel", help="渠道（用于长度限制），例如 social")
    lint.add_argument("--template", help="按某个模板的受众和渠道检查")
    lint.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text：每处一行 文件:行:列: 规则: 说明（编辑器和 CI 能跳转）；json：给程序读",
    )

    send = sub.add_parser(
        "send", help="把一条消息发到一个目的地（企业微信、钉钉、飞书、Slack、Statuspage）"
    )
    send.add_argument("template", help="模板名，例如 initial-internal")
    send.add_argument("--incident", required=True, metavar="文件", help="事件文件（YAML）")
    send.add_argument("--to", required=True, metavar="名称", help="目的地文件里的目的地名称")
    send.add_argument(
        "--destinations",
        metavar="文件",
        help="目的地文件（仓库之外）；不写时读环境变量 HANDBOOK_DESTINATIONS",
    )
    send.add_argument("--set", action="append", metavar="键=值", help="一个变量的值，可重复")
    send.add_argument("--yes", action="store_true", help="不询问，直接发送（给 runbook 用）")
    send.add_argument("--again", action="store_true", help="已经发过的同一条消息也再发一次")
    send.add_argument(
        "--reviewed-by", metavar="姓名", help="审核人：重大故障的对外消息必须写，记入发送记录"
    )
    send.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="秒",
        help=f"每个请求最多等多少秒（默认 {DEFAULT_TIMEOUT:g}，最多 {MAX_TIMEOUT:g}）；不重试",
    )

    sub.add_parser("list", help="列出全部模板")

    audit = sub.add_parser("audit", help="列出逾期未审核的模板；有逾期时退出码为 1")
    audit.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())

    publish = sub.add_parser("publish", help="严格构建并原子替换发布目录；--rollback 换回上一版")
    publish.add_argument(
        "--dest", required=True, type=Path, help="发布目录（Web 服务器的根目录）或指向它的链接"
    )
    publish.add_argument(
        "--rollback", action="store_true", help="不构建，换回上一版（再运行一次可换回来）"
    )
    publish.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="手册设置仍是种子的示例值（400-xxx-xxxx、example.com）时也发布",
    )

    offline = sub.add_parser("offline", help="生成可从磁盘打开的离线副本（zip）")
    offline.add_argument("--out", default=Path("dist/handbook-offline.zip"), type=Path)
    return top


def cmd_audit(args: argparse.Namespace, hb: Handbook) -> int:
    """`handbook audit`: print the templates overdue for review on --today; exit 1 if any."""
    text, code = audit_report(hb, args.today)
    print(text)
    return code


COMMANDS = {
    "fill": cmd_fill,
    "pack": cmd_pack,
    "lint": cmd_lint,
    "list": cmd_list,
    "audit": cmd_audit,
    "send": cmd_send,
}


def tolerate_any_encoding() -> None:
    """Keep the encoding of stdout and stderr (the locale's, or PYTHONIOENCODING) but write a
    character it cannot encode as an escape (\\u4e2d) instead of dying with
    UnicodeEncodeError: under LC_ALL=C or an ASCII pipe the output stays readable and whole."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """The `handbook` entry point: run one subcommand and return its exit code; an author
    or OS error becomes one message on stderr."""
    tolerate_any_encoding()
    args = parser().parse_args(argv)
    config = Path(args.config)
    try:
        if args.command == "publish":
            if args.rollback:
                return rollback(config, args.dest)
            return publish(config, args.dest, allow_placeholders=args.allow_placeholders)
        if args.command == "offline":
            return build_offline(config, args.out)
        hb = load_from_config(config)
        return COMMANDS[args.command](args, hb)
    except HandbookError as err:
        print(for_terminal(err.report()), file=sys.stderr)
        return EXIT_AUTHOR_ERROR
    except BrokenPipeError:  # `handbook list | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as err:
        print(f"handbook: 错误：{shown(err.filename or '')} {err.strerror}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
