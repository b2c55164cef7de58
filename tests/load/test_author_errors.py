"""Every mistake an author can make: one message naming file, line, key and fix (in-process).

Each case changes one file of the small fixture handbook (tests/fixtures/mini)
and loads it with the loader the build uses. No case may produce a traceback:
every one is a HandbookError with the file, the key and a fix. Valid variants
(BOM, CRLF, other YAML spellings) must load to the same handbook.
"""

from __future__ import annotations

import pytest

from macros.engine import fill
from macros.errors import HandbookError
from macros.render.site import Site

from ..support.minihandbook import edited, fixture_text, load, load_errors, mini

V = "docs/_data/variables.yml"
A = "docs/templates/alpha.md"
B = "docs/templates/beta.md"
S = "docs/_data/stages.yml"
AU = "docs/_data/audiences.yml"
CH = "docs/_data/channels.yml"
CL = "docs/_data/checklist.yml"
P = "docs/_data/principles.yml"
R = "docs/_data/lint-rules.yml"
CS = "docs/_data/case-study.yml"
D = "docs/_data/drills.yml"
M = "mkdocs.yml"


def replaced(name: str, content: str | bytes) -> dict[str, str | bytes]:
    return {name: content}


# (id, files changed, substrings the report must hold)
CASES: list[tuple[str, dict, list[str]]] = [
    # -- the variable catalog ------------------------------------------------------------
    (
        "unknown-blank",
        edited(A, "{start_time}", "{strat_time}"),
        [f"{A}:16: strat_time: 未知的空白变量", "你是不是想写 'start_time'", "修复"],
    ),
    (
        "catalog-missing-field",
        edited(V, "  source: 服务目录\n", ""),
        [f"{V}:16: service.source: 缺少字段 source", "补上 `source:"],
    ),
    (
        "catalog-unknown-field",
        edited(V, "  label: 受影响服务", "  lable: 受影响服务"),
        [f"{V}:17: service.lable: 未知字段 'lable'", "你是不是想写 'label'"],
    ),
    (
        "catalog-field-is-a-list",
        edited(V, "  label: 受影响服务", "  label: [受影响服务]"),
        [f"{V}:17: service.label: 应当是文本，这里是列表"],
    ),
    (
        "catalog-malformed-yaml",
        edited(V, "  label: 受影响服务", "  label: [受影响服务"),
        [f"{V}:18: YAML 格式错误"],
    ),
    (
        "catalog-unquoted-time",
        edited(V, 'example: "14:32"', "example: 14:32"),
        ["start_time.example: 14:32 没有加引号，YAML 把它读成了数字 872", '"14:32"'],
    ),
    (
        "catalog-cut-by-comment",
        edited(V, "  format: 名词短语", "  format: 以 # 开头"),
        [f"{V}:20: format:", "加上引号"],
    ),
    (
        "catalog-setting-not-bool",
        edited(V, "  setting: true\nstatus", "  setting: yes please\nstatus"),
        ["company_name.setting: 只能是 true 或 false"],
    ),
    (
        "catalog-unknown-type",
        edited(V, "  type: time", "  type: clock"),
        ["start_time.type: 'clock' 不是可用的值的类型", "可用：text, time"],
    ),
    (
        "catalog-derive-unknown-op",
        edited(V, "op: date_long", "op: date_cn"),
        ["incident_date_long.derive.op: 'date_cn' 不是可用的计算方式", "date_long"],
    ),
    (
        "catalog-derive-unknown-input",
        edited(V, "from: [incident_date]", "from: [incident_day]"),
        [
            "incident_date_long.derive.from: 变量 'incident_day' 不存在",
            "你是不是想写 'incident_date'",
        ],
    ),
    (
        "catalog-derive-wrong-arity",
        edited(V, "from: [incident_date]", "from: [incident_date, start_time]"),
        ["incident_date_long.derive: date_long 需要 1 个输入，这里写了 2 个"],
    ),
    (
        "catalog-derive-wrong-type",
        edited(V, "from: [incident_date]", "from: [start_time]"),
        ["date_long 的输入 start_time 应当是 date 类型，这里是 time"],
    ),
    (
        "catalog-derive-cycle",
        edited(
            V,
            '  example: "2026-01-23"\n  type: date',
            '  example: "2026-01-23"\n  type: date\n  derive: {op: date_long, from: [incident_date]}',
        ),
        ["自动计算绕成了一个圈：incident_date → incident_date", "去掉其中一个 derive"],
    ),
    (
        "catalog-bad-key",
        edited(V, "service:\n  label", "Service-Name:\n  label"),
        [f"{V}:16: Service-Name: 变量键 'Service-Name' 不合法"],
    ),
    (
        "catalog-duplicate-key",
        edited(V, "features:\n", "service:\n"),
        ["重复的键 'service'（第一次出现在第 16 行）"],
    ),
    ("catalog-empty", replaced(V, ""), [f"{V}: 变量目录应当是一个非空映射"]),
    (
        "catalog-alias",
        edited(V, '  example: ["登录", "下单"]', "  example: &x [登录]\n  default: *x"),
        ["用到了 YAML 别名", "删去 & 和 *"],
    ),
    (
        "catalog-entry-not-mapping",
        edited(
            V,
            'service:\n  label: 受影响服务\n  meaning: 出故障的服务\n  source: 服务目录\n  format: 名词短语\n  example: "登录服务"\n  group: happened\n',
            "service: 登录服务\n",
        ),
        ["service: 变量目录条目应当是 字段: 值 的映射，这里是文本（登录服务）"],
    ),
    (
        "catalog-huge-number",
        edited(V, 'example: "登录服务"', "example: " + "9" * 5000),
        [f"{V}:21: 数字超过 30 位"],
    ),
    (
        "catalog-missing-group",
        edited(V, "  group: happened\n", ""),
        ["service.group: 缺少字段 group", "groups.yml"],
    ),
    (
        "catalog-unknown-group",
        edited(V, "  group: happened\n", "  group: happend\n"),
        ["service.group: 分组 'happend' 不存在", "你是不是想写 'happened'"],
    ),
    (
        "catalog-empty-example",
        edited(V, 'example: "登录服务"', 'example: ""'),
        ["service.example: 缺少值"],
    ),
    # -- stages, audiences, channels, checklists ---------------------------------------
    (
        "stage-missing-field",
        edited(S, "  timing: 服务恢复后\n", ""),
        [f"{S}:7: resolved.timing: 缺少字段 timing"],
    ),
    (
        "stage-file-is-a-list",
        replaced(S, "- initial\n- resolved\n"),
        [f"{S}: 时间线条目文件应当是非空的"],
    ),
    (
        "stage-unknown-field",
        edited(S, "  action: 通知用户", "  actoin: 通知用户"),
        ["resolved.actoin: 未知字段", "你是不是想写 'action'"],
    ),
    (
        "rule-pattern-with-unicode-digit-class",
        edited(R, "patterns: ['保证']", "patterns: ['\\d+ 分钟内保证']"),
        ["用了 \\d：Python 按 Unicode 理解它", "数字写 [0-9]"],
    ),
    (
        "stage-role-unknown",
        edited(S, "  role: opens\n", "  role: open\n"),
        [
            "initial.role: 'open' 不是可用的时刻的角色",
            "你是不是想写 'opens'",
            "可用：opens, repeats, closes",
        ],
    ),
    (
        "stage-role-missing",
        edited(S, "  role: closes\n", ""),
        [f"{S}: 没有哪个时刻的 role 是 closes", "在对应的时刻下写 role: closes"],
    ),
    (
        "stage-role-twice",
        edited(S, "  role: closes\n", "  role: opens\n"),
        [
            f"{S}: resolved: role: opens 出现在 2 个时刻：initial、resolved",
            "只保留一个时刻的 role: opens",
        ],
    ),
    (
        "stage-offers-unknown-stage",
        edited(S, "  role: opens\n", "  role: opens\n  offers: [resolvd]\n"),
        [f"{S}: initial.offers: offers 里的时刻 'resolvd' 不存在", "你是不是想写 'resolved'"],
    ),
    (
        "stage-offers-itself",
        edited(S, "  role: opens\n", "  role: opens\n  offers: [initial]\n"),
        ["initial.offers: offers 里写了它自己（initial）"],
    ),
    (
        "stage-begins-with-unknown-key",
        edited(S, "  role: closes\n", "  role: closes\n  begins_with: end_tim\n"),
        ["resolved.begins_with: 变量 'end_tim' 不存在"],
    ),
    (
        "audience-public-not-bool",
        edited(AU, "  public: true", '  public: "yes"'),
        ["public.public: 只能是 true 或 false"],
    ),
    (
        "channel-negative-limit",
        edited(CH, "  limit: 280", "  limit: -5"),
        ["social.limit: 应当是 1 到 100000 之间的整数"],
    ),
    (
        "channel-limit-without-counting",
        edited(CH, "  counting: twitter\n", ""),
        ["social.counting: 有 limit 时必须写 counting"],
    ),
    (
        "channel-unknown-counting",
        edited(CH, "counting: twitter", "counting: weibo"),
        ["social.counting: 'weibo' 不是可用的计数方式", "twitter"],
    ),
    (
        "channel-unknown-rendering",
        edited(CH, "im:\n  label: 即时消息", "im:\n  label: 即时消息\n  renderings: [wecom]"),
        ["channels.yml:3: im.renderings: 'wecom' 不是本文件里的一种形式", "social"],
    ),
    (
        "channel-rendering-with-renderings",
        edited(CH, "im:\n  label: 即时消息", "im:\n  label: 即时消息\n  renderings: [im]"),
        ["im.renderings: 'im' 不是本文件里的一种形式"],
    ),
    (
        "channel-payload-of-another-format",
        edited(CH, "im:\n  label: 即时消息", "im:\n  label: 即时消息\n  payload: statuspage"),
        ["im.payload: 请求体 statuspage 只用于 format: statuspage，这里是 text"],
    ),
    (
        "channel-unknown-format",
        edited(CH, "im:\n  label: 即时消息", "im:\n  label: 即时消息\n  format: html"),
        ["im.format: 'html' 不是可用的消息形式", "feishu-post"],
    ),
    (
        "channel-statuspage-without-status",
        edited(
            CH,
            "im:\n  label: 即时消息",
            "im:\n  label: 即时消息\n  format: statuspage\n  payload: statuspage",
        ),
        ["im.status: format: statuspage 要写 status 规则"],
    ),
    (
        "channel-status-unknown-role",
        edited(
            CH,
            "im:\n  label: 即时消息",
            "im:\n  label: 即时消息\n  format: statuspage\n  payload: statuspage\n"
            "  status: [{role: fixed, status: resolved}]",
        ),
        ["im.status[1].role: 'fixed' 不是可用的时刻的角色", "closes"],
    ),
    (
        "channel-status-unknown-status",
        edited(
            CH,
            "im:\n  label: 即时消息",
            "im:\n  label: 即时消息\n  format: statuspage\n  payload: statuspage\n"
            "  status: [{status: fixed}]",
        ),
        ["im.status[1].status: 'fixed' 不是可用的状态页状态", "investigating"],
    ),
    (
        "channel-title-without-text",
        edited(CH, "im:\n  label: 即时消息", 'im:\n  label: 即时消息\n  title: "**标题**"'),
        ["im.title: '**标题**' 应当恰好含一次 {text}"],
    ),
    (
        "channel-mention-unknown-slot",
        edited(CH, "im:\n  label: 即时消息", 'im:\n  label: 即时消息\n  mention: "<@{uid}>"'),
        ["im.mention: '<@{uid}>' 应当恰好含一次 {id}", "{name}"],
    ),
    (
        "channel-escape-key-not-one-character",
        edited(CH, "im:\n  label: 即时消息", 'im:\n  label: 即时消息\n  escape: {"<>": "x"}'),
        ["im.escape: '<>' 不是一个字符"],
    ),
    (
        "channel-escape-is-a-list",
        edited(CH, "im:\n  label: 即时消息", 'im:\n  label: 即时消息\n  escape: ["<"]'),
        ["im.escape: 应当是映射，这里是列表"],
    ),
    (
        "channel-counts-payload-without-payload",
        edited(CH, "im:\n  label: 即时消息", "im:\n  label: 即时消息\n  counts: payload"),
        ["im.counts: counts: payload 要有请求体"],
    ),
    (
        "template-channels-not-a-rendering",
        {
            **edited(
                CH, "im:\n  label: 即时消息", "im:\n  label: 即时消息\n  renderings: [social]"
            ),
            **edited(B, "channel: social\n", "channel: social\nchannels: [im]\n"),
        },
        ["beta.md:7: channels: channels 里的 im 自己还有 renderings"],
    ),
    (
        "template-channels-unknown",
        edited(B, "channel: social\n", "channel: social\nchannels: [wecom]\n"),
        ["beta.md:7: channels: 渠道 'wecom' 不存在"],
    ),
    (
        "checklist-items-is-text",
        edited(CL, "  items:\n    - 信息准确", "  items: 信息准确"),
        ["before.items: 应当是列表，这里是文本"],
    ),
    ("checklist-missing-before", edited(CL, "before:", "befor:"), ["before: 缺少 before 清单"]),
    # -- principles -------------------------------------------------------------------
    (
        "principle-good-lacks-template",
        edited(P, "      template: alpha\n", ""),
        ["do[1].good.template: 缺少字段 template"],
    ),
    (
        "principle-good-unknown-template",
        edited(P, "template: alpha", "template: alfa"),
        ["good.template: 模板 'alfa' 不存在", "你是不是想写 'alpha'"],
    ),
    (
        "principle-id-not-slug",
        edited(P, "id: quick-response", "id: 快速响应"),
        ["do[1].id: '快速响应' 不能作为锚点 id"],
    ),
    (
        "principle-third-group",
        edited(P, "dont:", "maybe:\n  []\ndont:"),
        [f"{P}: 原则文件应当只有 do 和 dont 两组"],
    ),
    (
        "principle-good-text-not-in-example",
        edited(P, "text: 正在处理", "text: 正在全力处理"),
        ["quick-response.good.text: good.text “正在全力处理” 不在模板 alpha 的填写示例里"],
    ),
    (
        "principle-group-not-list",
        edited(P, "dont:\n  - id: blame", "dont: blame\nx:\n  - id: blame"),
        ["原则文件应当只有 do 和 dont 两组"],
    ),
    # -- lint rules -------------------------------------------------------------------
    (
        "rule-audiences-is-text",
        edited(R, "audiences: [internal, public]", "audiences: public"),
        ["over-promise.audiences: 应当是受众键的列表，这里是文本"],
    ),
    (
        "rule-patterns-is-text",
        edited(R, "patterns: ['保证']", "patterns: '保证'"),
        ["over-promise.patterns: 应当是正则表达式的列表，这里是文本"],
    ),
    (
        "rule-bad-regex",
        edited(R, "patterns: ['保证']", "patterns: ['保证(']"),
        ["'保证(' 不是合法的正则表达式"],
    ),
    (
        "rule-python-only-regex",
        edited(R, "patterns: ['保证']", "patterns: ['(?i)保证']"),
        ["用了浏览器不支持的写法", "ignore_case"],
    ),
    (
        "rule-sense-names-no-term-group",
        edited(R, "patterns: ['保证']", "terms: {pledge: ['保证']}\n  senses: [{all: [pledg]}]"),
        ["senses 的 all 用到了词组 'pledg'，但 terms 里没有它", "pledge"],
    ),
    (
        "rule-exclusion-names-no-term-group",
        edited(
            R,
            "patterns: ['保证']",
            "terms: {pledge: ['保证']}\n  senses: [{all: [pledge], unless: ['无法{party}']}]",
        ),
        ["senses 的 unless 用到了词组 'party'"],
    ),
    (
        "rule-term-group-not-a-list",
        edited(R, "patterns: ['保证']", "terms: {pledge: '保证'}\n  senses: [{all: [pledge]}]"),
        ["over-promise.terms.pledge: 应当是正则表达式的列表"],
    ),
    (
        "rule-unknown-principle",
        edited(R, "principle: quick-response", "principle: quick"),
        ["over-promise.principle: 沟通原则 'quick' 不存在"],
    ),
    (
        "rule-missing-suggestion",
        edited(R, "  suggestion: 承诺具体措施。\n", ""),
        ["over-promise.suggestion: 缺少字段 suggestion"],
    ),
    (
        "rule-unknown-channel",
        edited(R, "  suggestion:", "  except_channels: [blog]\n  suggestion:"),
        ["over-promise.except_channels: 渠道 'blog' 不存在"],
    ),
    (
        "rule-bad-example-does-not-fire",
        edited(R, "bad: [我们保证。", "bad: [我们尽力。"),
        ["over-promise.bad: bad 例子“我们尽力。”没有触发这条规则"],
    ),
    (
        "rule-good-example-fires",
        edited(R, "good: [已采取措施。", "good: [我们保证已采取措施。"),
        ["over-promise.good: good 例子", "也触发了这条规则"],
    ),
    (
        "rules-file-is-a-mapping",
        replaced(R, "over-promise: {}\n"),
        [f"{R}: 检查规则文件应当是非空列表"],
    ),
    # -- training ---------------------------------------------------------------------
    (
        "case-step-is-text",
        replaced(CS, "summary: 概况\nvalues: {}\nsteps:\n  - 14:32 告警响起\n"),
        ["steps[1]: 案例步骤应当是 字段: 值 的映射"],
    ),
    (
        "case-step-unknown-template",
        edited(CS, "template: alpha", "template: alhpa"),
        ["template: 模板 'alhpa' 不存在"],
    ),
    (
        "case-step-unknown-principle",
        edited(CS, "principles: [quick-response]", "principles: [quick]"),
        ["principles: 沟通原则 'quick' 不存在"],
    ),
    (
        "case-step-unquoted-time",
        edited(CS, 'time: "14:32"', "time: 14:32"),
        ["time: 14:32 没有加引号"],
    ),
    (
        "drill-self-check-typo",
        edited(D, "principle: quick-response, ask", "principal: quick-response, ask"),
        ["first-drill.self_check[1].principal: 未知字段 'principal'", "你是不是想写 'principle'"],
    ),
    (
        "drill-unknown-template",
        edited(D, "template: alpha", "template: gamma"),
        ["first-drill.tasks[1].template: 模板 'gamma' 不存在"],
    ),
    (
        "drill-unknown-value-key",
        edited(D, 'service: "支付服务"', 'servise: "支付服务"'),
        ["first-drill.values.servise: 未知的键 'servise'", "你是不是想写 'service'"],
    ),
    (
        "drill-answer-missing-value",
        edited(D, '    service: "支付服务"\n', ""),
        [f"{D}: first-drill.values.service: 参考答案（alpha）还缺这些值：service"],
    ),
    (
        "drill-facts-is-text",
        edited(D, "  facts:\n    - 10:05 起登录失败。", "  facts: 10:05 起登录失败。"),
        ["first-drill.facts: 应当是列表"],
    ),
    (
        "drill-value-wrong-type",
        edited(D, 'start_time: "10:05"', 'start_time: "10点05"'),
        ["first-drill.values.start_time: 故障开始时间：'10点05' 不是HH:MM 格式的时间"],
    ),
    (
        "drill-date-impossible",
        edited(D, 'incident_date: "2026-03-10"', 'incident_date: "2026-13-45"'),
        ["'2026-13-45' 不是YYYY-MM-DD 格式的日期"],
    ),
    # -- template pages -----------------------------------------------------------------
    (
        "template-impossible-date",
        edited(A, "last_reviewed: 2026-01-23", "last_reviewed: 2026-13-45"),
        [f"{A}:11: last_reviewed: '2026-13-45' 不是有效日期"],
    ),
    (
        "template-review-every-zero",
        edited(A, "review_every: 90", "review_every: 0"),
        [f"{A}:12: review_every: 应当是 1 到 100000 之间的整数"],
    ),
    (
        "template-review-every-text",
        edited(A, "review_every: 90", 'review_every: "90天"'),
        ["review_every: 应当是 1 到 100000 之间的整数"],
    ),
    (
        "template-unknown-stage",
        edited(A, "stage: initial", "stage: inital"),
        [f"{A}:4: stage: 时刻 'inital' 不存在", "你是不是想写 'initial'"],
    ),
    (
        "template-unknown-audience",
        edited(A, "audience: internal", "audience: internals"),
        ["audience: 受众 'internals' 不存在"],
    ),
    (
        "template-unknown-channel",
        edited(A, "channel: im", "channel: slack"),
        ["channel: 渠道 'slack' 不存在"],
    ),
    (
        "template-unknown-field",
        edited(A, "owner: 值班组", "owner: 值班组\nreviwer: x"),
        [f"{A}:11: reviwer: 未知字段 'reviwer'"],
    ),
    ("template-missing-field", edited(A, "owner: 值班组\n", ""), [f"{A}:1: owner: 缺少字段 owner"]),
    (
        "template-folded-message",
        edited(A, "message: |", "message: >"),
        [f"{A}:13: message: message 用了折叠写法", "message: |"],
    ),
    ("template-empty-message", edited(A, "message: |", 'message: ""\nx: |'), ["message: 缺少值"]),
    (
        "template-full-width-braces",
        edited(A, "{start_time}", "｛start_time｝"),
        [f"{A}:16: start_time: '｛start_time｝' 用了全角花括号", "{start_time}"],
    ),
    (
        "template-label-in-braces",
        edited(A, "{start_time}", "{故障开始时间}"),
        ["'{故障开始时间}' 像是空白变量", "改成 {start_time}"],
    ),
    (
        "template-double-braces",
        edited(A, "{start_time}", "{{start_time}}"),
        ["用了双花括号", "写成 {start_time}"],
    ),
    (
        "template-spaced-blank",
        edited(A, "{start_time}", "{ start_time }"),
        ["'{ start_time }' 像是空白变量"],
    ),
    (
        "template-bad-file-name",
        {"docs/templates/Alpha_1.md": fixture_text(A)},
        ["Alpha_1: 文件名 'Alpha_1' 不能作为 URL"],
    ),
    (
        "template-title-with-jinja",
        edited(A, "title: 初始通知 · 内部", "title: 初始通知 {{ config.site_name }}"),
        [f"{A}:2: title: 标题里有 {{{{"],
    ),
    (
        "template-example-unused-key",
        edited(B, "  service: 支付服务", '  service: 支付服务\n  start_time: "10:00"'),
        ["example.start_time: example 覆盖了本页消息没有用到的变量"],
    ),
    (
        "template-example-overrides-setting",
        edited(B, "  service: 支付服务", "  service: 支付服务\n  company_name: 别家"),
        ["example.company_name: 'company_name' 来自手册设置"],
    ),
    (
        "template-front-matter-not-closed",
        edited(A, "message: |", "message: |\n---x"),
        ["YAML 格式错误"],
    ),
    (
        "template-front-matter-is-a-list",
        replaced(A, "---\n- a\n- b\n---\n\n{{ template_page() }}\n"),
        [f"{A}:2: 页面头部（front matter）不是 键: 值 的映射"],
    ),
    (
        "template-not-utf8",
        replaced(A, fixture_text(A).encode("gbk", errors="replace")),
        [f"{A}: 不是 UTF-8 编码"],
    ),
    (
        "template-next-nowhere",
        edited(A, "next: beta", "next: betta"),
        [f"{A}:9: next: 模板 'betta' 不存在", "你是不是想写 'beta'"],
    ),
    # -- settings (mkdocs.yml extra.handbook) ------------------------------------------
    (
        "settings-is-text",
        edited(
            M,
            "  handbook:\n    company_name: 小公司\n    status_page_url: https://status.mini.test\n    timezone: 北京时间（UTC+8）",
            "  handbook: 小公司",
        ),
        ["extra.handbook: extra.handbook 应当是 设置名: 值 的映射"],
    ),
    (
        "settings-unknown",
        edited(M, "    company_name: 小公司", "    company_nme: 小公司"),
        ["company_nme", "你是不是想写 'company_name'"],
    ),
    (
        "settings-missing-used",
        edited(M, "    company_name: 小公司\n", ""),
        [f"{B}: company_name: 模板用到手册设置", "extra.handbook"],
    ),
    (
        "settings-missing-timezone",
        edited(M, "    timezone: 北京时间（UTC+8）\n", ""),
        ["extra.handbook.timezone: 缺少手册设置 timezone"],
    ),
    (
        "settings-number",
        edited(M, "    company_name: 小公司", "    company_name: 4008200123"),
        ["company_name: 应当是文本，这里是数字"],
    ),
    (
        "settings-javascript-url",
        edited(
            M, "status_page_url: https://status.mini.test", 'status_page_url: "javascript:alert(1)"'
        ),
        ["状态页面地址：'javascript:alert(1)' 不是以 http:// 或 https:// 开头的完整地址"],
    ),
    (
        "settings-markdown-link-url",
        edited(
            M,
            "status_page_url: https://status.mini.test",
            'status_page_url: "[会议](javascript:alert(1))"',
        ),
        ["不是以 http:// 或 https:// 开头的完整地址"],
    ),
    (
        "settings-backticks",
        edited(M, "    company_name: 小公司", '    company_name: "小公司```"'),
        ["手册设置只能是一行文字"],
    ),
]

# Mistakes in pages that only the page check (before rendering) finds.
PAGE_CASES: list[tuple[str, dict, list[str]]] = [
    (
        "page-stray-jinja",
        edited("docs/checklist.md", "## 发送后跟进", "用 {{ 表示变量。\n\n## 发送后跟进"),
        ["docs/checklist.md:", "{% raw %}"],
    ),
    (
        "page-stray-block",
        edited("docs/checklist.md", "## 发送后跟进", "{% 注意 %}\n\n## 发送后跟进"),
        ["docs/checklist.md:"],
    ),
    (
        "page-undefined-macro",
        edited("docs/checklist.md", "## 发送后跟进", "{{ timelne() }}\n\n## 发送后跟进"),
        ["docs/checklist.md:9: timelne:", "你是不是想写 'timeline'"],
    ),
    (
        "page-unknown-blank",
        edited("docs/checklist.md", "## 发送后跟进", "{{ blank('strat_time') }}\n\n## 发送后跟进"),
        ["docs/checklist.md:9: strat_time:", "你是不是想写 'start_time'"],
    ),
    (
        "page-unknown-checklist",
        edited("docs/checklist.md", "{{ checklist('after') }}", "{{ checklist('afterwards') }}"),
        ["docs/checklist.md:11: afterwards: 没有名为 'afterwards' 的检查清单"],
    ),
    (
        "page-title-with-jinja",
        edited("docs/checklist.md", "title: 清单", "title: 清单 {{ 1 }}"),
        ["docs/checklist.md:2: title: 标题里有"],
    ),
]


@pytest.mark.parametrize(("files", "needles"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_author_mistake_is_reported_with_file_line_key_and_fix(tmp_path, files, needles):
    report = load_errors(mini(tmp_path / "h", files))
    for needle in needles:
        assert needle in report, report
    assert "修复：" in report and "Traceback" not in report


@pytest.mark.parametrize(
    ("files", "needles"), [c[1:] for c in PAGE_CASES], ids=[c[0] for c in PAGE_CASES]
)
def test_page_mistake_is_found_before_rendering(tmp_path, files, needles):
    hb = load(mini(tmp_path / "h", files))
    with pytest.raises(HandbookError) as err:
        Site(hb).check_pages(["page", "navigation", "config"])
    report = err.value.report()
    for needle in needles:
        assert needle in report, report


def test_the_table_has_at_least_sixty_mistakes():
    assert len(CASES) + len(PAGE_CASES) >= 60


def test_the_unchanged_fixture_loads(tmp_path):
    assert sorted(load(mini(tmp_path / "h")).templates) == ["alpha", "beta"]


def test_three_mistakes_in_three_files_are_reported_together(tmp_path):
    files = {
        **edited(A, "{start_time}", "{strat_time}"),
        **edited(V, "  source: 服务目录\n", ""),
        **edited(M, "    company_name: 小公司", "    company_nme: 小公司"),
    }
    report = load_errors(mini(tmp_path / "h", files))
    assert "strat_time" in report and "service.source" in report and "company_nme" in report
    assert report.endswith("共 3 处错误。")


# -- valid variants: they load to the same handbook ------------------------------------
def crlf(name: str, bom: bool = False) -> dict[str, bytes]:
    data = fixture_text(name).replace("\n", "\r\n").encode("utf-8")
    return {name: (b"\xef\xbb\xbf" + data) if bom else data}


VARIANTS: list[tuple[str, dict]] = [
    ("catalog-bom", {V: b"\xef\xbb\xbf" + fixture_text(V).encode()}),
    ("catalog-crlf", crlf(V)),
    ("catalog-bom-crlf", crlf(V, bom=True)),
    ("template-bom", {A: b"\xef\xbb\xbf" + fixture_text(A).encode()}),
    ("template-crlf", crlf(A)),
    ("template-bom-crlf", crlf(B, bom=True)),
    ("stages-crlf", crlf(S)),
    ("drills-bom-crlf", crlf(D, bom=True)),
    ("principles-crlf", crlf(P)),
    ("config-crlf", crlf(M)),
    (
        "block-list-instead-of-flow",
        edited(V, '  example: ["登录", "下单"]', '  example:\n    - "登录"\n    - "下单"'),
    ),
    ("unquoted-text", edited(V, 'example: "登录服务"', "example: 登录服务")),
    ("single-quotes", edited(V, 'example: "登录服务"', "example: '登录服务'")),
    ("quoted-review-date", edited(A, "last_reviewed: 2026-01-23", 'last_reviewed: "2026-01-23"')),
    ("comments-and-blank-lines", edited(V, "service:\n", "# 影响\n\nservice:  # 服务\n")),
    ("message-strip-chomping", edited(A, "message: |", "message: |-")),
    (
        "fields-in-another-order",
        edited(
            A,
            "title: 初始通知 · 内部\npurpose: 故障发生后 5 分钟内通知内部。",
            "purpose: 故障发生后 5 分钟内通知内部。\ntitle: 初始通知 · 内部",
        ),
    ),
    ("optional-next-omitted", edited(A, "next: beta\n", "")),
    ("hash-inside-quotes", edited(V, "  format: 名词短语", '  format: "以 # 开头的名词短语"')),
    ("drill-single-value-for-list", edited(D, 'features: ["支付"]', 'features: "支付"')),
]


def fingerprint(hb):
    return (
        [fill.text(hb, t, view) for t in hb.templates.values() for view in ("blank", "example")],
        [
            fill.text(hb, hb.templates[t.template], "values", t.values)
            for d in hb.drills
            for t in d.tasks
        ],
        sorted(hb.settings.items()),
        [(p.id, p.title, p.good_text) for p in hb.principles],
    )


@pytest.mark.parametrize("files", [v[1] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_valid_variant_loads_to_the_same_handbook(tmp_path, files):
    plain = load(mini(tmp_path / "plain"))
    variant = load(mini(tmp_path / "variant", files))
    assert fingerprint(variant) == fingerprint(plain)


def test_there_are_at_least_fifteen_valid_variants():
    assert len(VARIANTS) >= 15
