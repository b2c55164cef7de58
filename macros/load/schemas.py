"""The declared schema of every data file, of template front matter and of the settings.

One place says which fields each file has, their types, which are required and
which other table a field refers to. The loader applies these; the README and
the error messages quote the ``help`` texts.
"""

from __future__ import annotations

from typing import Any

from ..engine.channels import FORMATS, PAYLOADS, STATUSES
from ..engine.counting import COUNTERS
from ..engine.derive import OPERATIONS
from ..engine.types import TYPES
from ..errors import Collector, excerpt
from .schema import (
    Bool,
    CharMap,
    Choice,
    Date,
    Field,
    ListOf,
    Marked,
    Nested,
    PositiveInt,
    Prose,
    Ref,
    RefList,
    Regex,
    RegexList,
    RegexMap,
    Schema,
    Slug,
    Tables,
    Text,
    TextList,
    TextOrList,
    Typed,
    Where,
)
from .values import Values

DATA_DIR = "_data"
TEMPLATES_DIR = "templates"

STAGE = Ref("stages", "时刻", "docs/_data/stages.yml")
AUDIENCE = Ref("audiences", "受众", "docs/_data/audiences.yml")
CHANNEL = Ref("channels", "渠道", "docs/_data/channels.yml")
TEMPLATE = Ref("templates", "模板", "docs/templates/ 下的文件名（不带 .md）")
PRINCIPLE = Ref("principles", "沟通原则", "docs/_data/principles.yml 的 id")
VARIABLE = Ref("catalog", "变量", "docs/_data/variables.yml")
GROUP = Ref("groups", "分组", "docs/_data/groups.yml")


class TimeRef(Ref):
    """The key of another catalog entry of type time (a variable's `after`)."""

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        found = super().convert(value, where, key, errors, ctx)
        table = ctx.get(self.table)
        if found is None or not isinstance(table, dict):
            return found
        entry = table.get(found)
        if not isinstance(entry, dict) or entry.get("type") != "time":
            times = [k for k, v in table.items() if isinstance(v, dict) and v.get("type") == "time"]
            self.fail(
                where,
                key,
                errors,
                f"'{excerpt(found)}' 不是时间类（type: time）的变量",
                f"after 写一个时间变量的键：{', '.join(times[:12])}。",
            )
            return None
        return found


DERIVE_SCHEMA = Schema(
    "自动计算",
    (
        Field("op", Choice(tuple(OPERATIONS), "计算方式"), help="计算方式"),
        Field("from", RefList(VARIABLE, allow_empty=False), help="参与计算的变量键"),
    ),
)

VARIABLE_SCHEMA = Schema(
    "变量目录条目",
    (
        Field("label", Text(), help="中文标签，显示为【标签】"),
        Field("meaning", Text(), help="这个值是什么"),
        Field("source", Text(), help="去哪里找这个值"),
        Field("format", Text(), help="值的格式"),
        Field("example", TextOrList(), help="示例值（2026-01-23 登录服务故障）"),
        Field("setting", Bool(), required=False, default=False, help="值来自 mkdocs.yml 的设置"),
        Field("zoned", Bool(), required=False, default=False, help="时间类，附上时区"),
        Field("type", Choice(tuple(TYPES), "值的类型"), required=False, default="text"),
        Field("default", TextOrList(), required=False, help="没有填写时使用的值"),
        Field("derive", Nested(DERIVE_SCHEMA), required=False, help="{op: …, from: [键]}"),
        Field("group", GROUP, required=False, help="事件工作台里的分组（groups.yml 的键）"),
        Field(
            "per_message",
            Bool(),
            required=False,
            default=False,
            help="每条消息各自的值（更新时间、进度……），不是整个事件共用的事实",
        ),
        Field(
            "major",
            TextList(),
            required=False,
            default=(),
            help="哪些值算重大故障（例如 severity 的 P0、P1）：对外消息要记录审核人",
        ),
        Field(
            "after",
            TimeRef("catalog", "变量", "docs/_data/variables.yml"),
            required=False,
            help="这个时间不能早于哪个时间变量（键），例如 start_time",
        ),
    ),
)

GROUP_SCHEMA = Schema(
    "分组",
    (
        Field("title", Text(), help="分组标题，例如 发生了什么"),
        Field("hint", Text(), help="一句话说明这组值"),
    ),
)

# The parts a stage can play in the workspace; each is played by exactly one stage.
STAGE_ROLES = ("opens", "repeats", "closes")

STAGE_SCHEMA = Schema(
    "时间线条目",
    (
        Field("when", Text(), help="时间线上的标记，例如 T+5 分钟"),
        Field("title", Text(), help="时刻的名称"),
        Field("timing", Text(), help="何时发送，显示在模板页"),
        Field("action", Text(), help="这个时刻要做的事"),
        Field(
            "role",
            Choice(STAGE_ROLES, "时刻的角色"),
            required=False,
            help="在事件工作台里的角色：opens 开始事件，repeats 按节奏重复（发出后开始倒计时），"
            "closes 结束事件（发出后倒计时结束）",
        ),
        Field(
            "offers",
            TextList(),
            required=False,
            default=(),
            help="这个时刻里一并列出的其他时刻的键（由加载时对照 stages.yml 检查）",
        ),
        Field(
            "begins_with",
            VARIABLE,
            required=False,
            help="哪个事实一旦填写，事件就进入这个时刻（例如恢复时间 end_time）",
        ),
    ),
)

AUDIENCE_SCHEMA = Schema(
    "受众条目",
    (
        Field("label", Text(), help="受众名称"),
        Field("public", Bool(), help="是否对外"),
        Field(
            "reviewed",
            Bool(),
            required=False,
            default=False,
            help="重大故障时发给这个受众要先经人审核（handbook send --reviewed-by）",
        ),
    ),
)

STATUS_RULE_SCHEMA = Schema(
    "状态规则",
    (
        Field("status", Choice(STATUSES, "状态页状态"), help="这时状态页上的状态"),
        Field(
            "role",
            Choice(STAGE_ROLES, "时刻的角色"),
            required=False,
            help="只在这个角色的时刻（stages.yml 的 role：opens、repeats、closes）",
        ),
        Field("known", VARIABLE, required=False, help="只在这个变量有值时"),
    ),
)

CHANNEL_SCHEMA = Schema(
    "渠道条目",
    (
        Field("label", Text(), help="渠道名称"),
        Field("limit", PositiveInt(), required=False, help="上限（厂商的单位），例如 280"),
        Field("counting", Choice(tuple(COUNTERS), "计数方式"), required=False),
        Field("limit_note", Text(), required=False, help="上限的说明"),
        Field(
            "renderings",
            TextList(),
            required=False,
            default=(),
            help="模板发往这个渠道时生成的各种形式（本文件里其他渠道的键）",
        ),
        Field("format", Choice(FORMATS, "消息形式"), required=False, default="text"),
        Field("payload", Choice(PAYLOADS, "请求体"), required=False, help="webhook 的请求体"),
        Field(
            "counts",
            Choice(("text", "payload"), "计数对象"),
            required=False,
            default="text",
            help="limit 计的是 text（消息文字）还是 payload（整个请求体）",
        ),
        Field("title", Marked("{text}"), required=False, default="{text}", help="标题的写法"),
        Field("emphasis", Marked("{text}"), required=False, default="{text}", help="小标题的写法"),
        Field(
            "mention",
            Marked(optional=("{id}", "{name}")),
            required=False,
            default="@{name}",
            help="知道对方 id 时 @ 的写法",
        ),
        Field("escape", CharMap(), required=False, default={}, help="要转义的字符"),
        Field(
            "escape_line_start",
            CharMap(),
            required=False,
            default={},
            help="只在行首要转义的字符",
        ),
        Field(
            "line_break",
            Choice(("\n", "  \n"), "换行写法"),
            required=False,
            default="\n",
            help="行与行之间写什么",
        ),
        Field(
            "status",
            ListOf(STATUS_RULE_SCHEMA),
            required=False,
            default=(),
            help="状态页状态的规则，按顺序取第一条成立的",
        ),
    ),
)

CHECKLIST_SCHEMA = Schema(
    "检查清单",
    (
        Field("title", Text(), help="清单标题"),
        Field("items", TextList(), help="每项写成 `- 文本`"),
    ),
)

GOOD_SCHEMA = Schema(
    "正面写法",
    (
        Field("template", TEMPLATE, help="出自哪个模板"),
        Field("text", Text(), help="该模板填写示例里的一句原文"),
    ),
)

PRINCIPLE_SCHEMA = Schema(
    "沟通原则",
    (
        Field("id", Slug(), help="英文锚点，例如 quick-response"),
        Field("title", Text(), help="种子原文的标题"),
        Field("summary", Text(), help="种子原文的说明"),
        Field("explain", Text(), help="一两句解释"),
        Field("good", Nested(GOOD_SCHEMA), help="{template: 模板名, text: 原文}"),
        Field("bad", Text(), help="反面例子"),
    ),
)

TEMPLATE_SCHEMA = Schema(
    "模板页头部",
    (
        Field("title", Text(title=True), help="页面标题，例如 初始通知 · 内部"),
        Field("purpose", Text(), help="一句话用途，例如 故障发生后 5 分钟内，通知内部团队"),
        Field("stage", STAGE, help="事件时间线上的时刻（docs/_data/stages.yml 的键）"),
        Field("audience", AUDIENCE, help="受众（docs/_data/audiences.yml 的键）"),
        Field("channel", CHANNEL, help="渠道（docs/_data/channels.yml 的键）"),
        Field(
            "channels",
            RefList(CHANNEL, allow_empty=False),
            required=False,
            help="发往哪些形式（channels.yml 的键）；不写时用 channel 的 renderings",
        ),
        Field("sender", Text(), help="谁发送"),
        Field("reviewer", Text(), help="谁审核"),
        Field("owner", Text(), help="模板负责人"),
        Field("last_reviewed", Date(), help="最后审核日期，YYYY-MM-DD"),
        Field("review_every", PositiveInt(), help="审核周期（天）"),
        Field("message", Text(), help="消息正文，空白写成 {key}"),
        Field("next", TEMPLATE, required=False, help="下一条该发的模板"),
        Field(
            "example",
            Values(check_types=False),
            required=False,
            default={},
            help="本页示例与变量目录不同的值",
        ),
    ),
)

WORDING_SCHEMA = Schema(
    "事实的写法",
    (
        Field("pattern", Regex(), help="正则表达式，第一个捕获组是值"),
        Field(
            "as",
            Choice(("clock", "minutes", "text"), "值的种类"),
            required=False,
            default="text",
            help="clock：HH:MM；minutes：N 分钟后；text：原样比较",
        ),
    ),
)

STATE_SCHEMA = Schema(
    "事实的状态",
    (
        Field("state", Text(), help="状态，例如 已采取"),
        Field("patterns", RegexList(), help="说出这个状态的写法"),
    ),
)

FACT_SCHEMA = Schema(
    "互查事实",
    (
        Field("id", Slug(), help="事实 id，例如 eta"),
        Field("title", Text(), help="事实的名称"),
        Field("suggestion", Text(), help="说法不一致时怎么改"),
        Field("values", ListOf(WORDING_SCHEMA), required=False, default=(), help="带值的写法"),
        Field("states", ListOf(STATE_SCHEMA), required=False, default=(), help="状态的写法"),
    ),
)

SENSE_SCHEMA = Schema(
    "意思",
    (
        Field("all", TextList(), help="同一个分句里都要出现的词组（terms 里的名称）"),
        Field(
            "unless",
            RegexList(),
            required=False,
            default=(),
            help="分句里出现其中任何一个就不算（否定、我们自己承担原因……）；可用 {名称} 引用词组",
        ),
    ),
)

LINT_RULE_SCHEMA = Schema(
    "检查规则",
    (
        Field("id", Slug(), help="规则 id，例如 over-promise"),
        Field("title", Text(), help="规则名称"),
        Field("principle", PRINCIPLE, help="对应的沟通原则 id"),
        Field("audiences", RefList(AUDIENCE, allow_empty=False), help="适用的受众列表"),
        Field("suggestion", Text(), help="怎么改"),
        Field("good", TextList(), help="不会被指出的例子（至少 5 个）"),
        Field("bad", TextList(), help="会被指出的例子（至少 5 个）"),
        Field("patterns", RegexList(), required=False, default=(), help="正则表达式列表"),
        Field("ignore_case", Bool(), required=False, default=False, help="不区分大小写"),
        Field("blanks", Bool(), required=False, default=False),
        Field("when", Regex(), required=False),
        Field("unless", Regex(), required=False),
        Field("length", Bool(), required=False, default=False),
        Field("except_channels", RefList(CHANNEL), required=False, default=()),
        Field("example_channel", CHANNEL, required=False),
        Field("terms", RegexMap(), required=False, default={}, help="按意思检查用的词组"),
        Field("senses", ListOf(SENSE_SCHEMA), required=False, default=(), help="按意思检查"),
    ),
)

CASE_STEP_SCHEMA = Schema(
    "案例步骤",
    (
        Field("time", Typed("time"), help='HH:MM，例如 "14:32"'),
        Field("title", Prose(), help="可用 {键}"),
        Field("event", Prose(), help="这一刻发生了什么，可用 {键}"),
        Field("why", Prose(), help="为什么这样写，可用 {键}"),
        Field("principles", RefList(PRINCIPLE), required=False, default=()),
        Field("template", TEMPLATE, required=False, help="这一刻发出的消息的模板"),
        Field("values", Values(), required=False, default={}, help="这一刻新知道的事实"),
    ),
)

CASE_STUDY_SCHEMA = Schema(
    "案例",
    (
        Field("summary", Prose(), help="故障概况，可用 {键}"),
        Field("values", Values(), help="这次事件的事实（变量目录的键）"),
        Field("steps", ListOf(CASE_STEP_SCHEMA), help="按时间排列的步骤"),
    ),
)

TASK_SCHEMA = Schema(
    "演练任务",
    (
        Field("template", TEMPLATE),
        Field("when", Text(), help='HH:MM，例如 "10:10"'),
        Field("ask", Prose(), help="要学员写什么，可用 {键}"),
        Field("values", Values(), required=False, default={}, help="本条消息自己的值"),
        Field(
            "record_only",
            Bool(),
            required=False,
            default=False,
            help="这条已用别的办法发出：在事件工作台里点“只记录，不复制”",
        ),
    ),
)

SELF_CHECK_SCHEMA = Schema(
    "自查项",
    (
        Field("principle", PRINCIPLE),
        Field("ask", Text()),
    ),
)

DRILL_SCHEMA = Schema(
    "演练",
    (
        Field("id", Slug(), help="英文锚点，例如 third-party-failure"),
        Field("title", Text()),
        Field("summary", Text()),
        Field("facts", TextList(of=Prose()), help="事实列表，可用 {键}"),
        Field("values", Values(), required=False, default={}, help="事件的值（变量目录的键）"),
        Field("tasks", ListOf(TASK_SCHEMA), help="学员要写的消息列表"),
        Field(
            "workspace",
            Bool(),
            required=False,
            default=False,
            help="在事件工作台（/incident/）里做：页面列出每一步要填的值",
        ),
        Field("self_check", ListOf(SELF_CHECK_SCHEMA), help="自查清单"),
    ),
)

# Settings that are not message blanks but that pages use.
EXTRA_SETTINGS = {
    "timezone": "时区，显示在时间类变量的格式说明中",
    "timezone_id": "IANA 时区名（例如 Asia/Shanghai），事件工作台按它读“现在”的日期和时间",
}
