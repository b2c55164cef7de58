/* 应急沟通手册 — one filled message in the form each channel takes, in the browser: pure, no DOM.
 *
 * The same steps as macros/engine/channels.py, on the channel definitions the build emits
 * (D.channels, from docs/_data/channels.yml): the title and the section headings marked as the
 * channel marks them, what the channel treats as markup escaped, a mention written as the
 * channel writes it only when its id is known, the request body its webhook takes, and the
 * count against its limit. tests/conformance holds the cases both engines must pass.
 * Exposes HB.channels. Loaded after engine.js.
 */
(function (root) {
  "use strict";

  var HB = /** @type {any} */ (root.HB = root.HB || {});
  var E = HB.engine;
  var ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

  /** Python's str.strip() on both ends: its white space is data (D.normalize.strip). */
  function strip(D, text) {
    return text.replace(new RegExp("^[" + D.normalize.strip + "]+|[" + D.normalize.strip + "]+$", "g"), "");
  }

  function plainOf(line) {
    return line.pieces
      .map(function (p) {
        return p[0] === "t" ? p[1] : "@" + p[1];
      })
      .join("");
  }

  function endsWithAny(text, ends) {
    return ends.some(function (e) {
      return text.length >= e.length && text.slice(text.length - e.length) === e;
    });
  }

  /** The rows of a filled message as lines of pieces: ["t", text] or ["at", name, id]. */
  function linesOf(D, rows, mentions) {
    return rows.map(function (row) {
      var pieces = [],
        slots = false;
      row.forEach(function (part) {
        if (typeof part === "string") {
          if (part) pieces.push(["t", part]);
          return;
        }
        slots = true;
        if (part.value === null) {
          pieces.push(["t", E.blankText(D, part.key)]);
          return;
        }
        var before = pieces.length && pieces[pieces.length - 1][0] === "t" ? pieces[pieces.length - 1] : null;
        if (before && before[1].slice(-1) === "@" && E.own(mentions, part.value)) {
          before[1] = before[1].slice(0, -1);
          if (!before[1]) pieces.pop();
          pieces.push(["at", part.value, mentions[part.value]]);
        } else pieces.push(["t", part.value]);
      });
      var merged = [];
      pieces.forEach(function (p) {
        var last = merged[merged.length - 1];
        if (p[0] === "t" && last && last[0] === "t") merged[merged.length - 1] = ["t", last[1] + p[1]];
        else merged.push(p);
      });
      var line = { pieces: merged, heading: false };
      line.heading = !slots && endsWithAny(strip(D, plainOf(line)), D.channel_text.heading_ends);
      return line;
    });
  }

  function escape(channel, text, lineStart) {
    return Array.from(text)
      .map(function (c, i) {
        if (i === 0 && lineStart && E.own(channel.escape_line_start, c)) return channel.escape_line_start[c];
        return E.own(channel.escape, c) ? channel.escape[c] : c;
      })
      .join("");
  }

  /** A mention as the channel writes it: {id} and {name} filled in one pass. */
  function mention(channel, name, id) {
    return channel.mention.replace(/\{(id|name)\}/g, function (_m, slot) {
      return slot === "id" ? id : name;
    });
  }

  /** One line in the channel's markup, inside `mark` ({text}, **{text}** …). */
  function marked(channel, mark, line) {
    var atStart = mark.indexOf("{text}") === 0;
    var inner = line.pieces
      .map(function (p, n) {
        if (p[0] === "t") return escape(channel, p[1], atStart && n === 0);
        return mention(channel, escape(channel, p[1], false), p[2]);
      })
      .join("");
    return mark.split("{text}").join(inner);
  }

  function stripTitle(D, text) {
    var title = strip(D, text),
      prefix = D.channel_text.subject_prefix;
    if (title.indexOf(prefix) === 0) title = strip(D, title.slice(prefix.length));
    return title;
  }

  function bodyOf(D, lines) {
    var rest = lines.slice(1);
    while (rest.length && !strip(D, plainOf(rest[0]))) rest = rest.slice(1);
    return rest;
  }

  /** The status page status: the first rule whose stage role and known value hold. */
  function statusOf(channel, role, known) {
    for (var i = 0; i < channel.status.length; i++) {
      var r = channel.status[i];
      if ((r.role === null || r.role === role) && (r.known === null || known(r.known))) return r.status;
    }
    return "investigating";
  }

  function postParagraph(line) {
    if (!line.pieces.length) return [{ tag: "text", text: "" }];
    return line.pieces.map(function (p) {
      if (p[0] !== "t") return { tag: "at", user_id: p[2], user_name: p[1] };
      /** @type {any} */
      var element = { tag: "text", text: p[1] };
      if (line.heading) element.style = ["bold"];
      return element;
    });
  }

  /** A filled message (HB.engine.fill's result) in channel `key`'s form. opts: {role (of the
   * message's stage: opens, repeats, closes), values, mentions: {name: id}}. Returns {channel, label, format, title, text, fields, payload, kind,
   * mentions, count, limit, counting, note, over, ready, missing}. */
  function render(D, key, filled, opts) {
    opts = opts || {};
    var channel = D.channels[key],
      mentions = opts.mentions || {},
      values = opts.values || {};
    var lines = linesOf(D, filled.rows, mentions);
    var titleLine = lines.length ? lines[0] : { pieces: [], heading: false };
    var title = stripTitle(D, plainOf(titleLine));
    var ids = [];
    lines.forEach(function (line) {
      line.pieces.forEach(function (p) {
        if (p[0] === "at" && ids.indexOf(p[2]) < 0) ids.push(p[2]);
      });
    });
    var body = bodyOf(D, lines),
      fields = {},
      payload = null,
      text;
    if (channel.format === "text") {
      var first = strip(D, plainOf(titleLine)) ? { pieces: [["t", title]], heading: false } : titleLine;
      var out = lines.length ? [marked(channel, channel.title, first)] : [];
      lines.slice(1).forEach(function (line) {
        out.push(marked(channel, line.heading ? channel.emphasis : "{text}", line));
      });
      text = out.join(channel.line_break);
    } else {
      var plain = body
        .map(function (line) {
          return marked(channel, "{text}", line);
        })
        .join("\n");
      if (channel.format === "email") {
        fields = { subject: title, body: plain };
        text = D.channel_text.subject_prefix + title + "\n\n" + plain;
      } else if (channel.format === "statuspage") {
        var resolve = E.resolver(D, values);
        var status = statusOf(channel, opts.role === undefined ? null : opts.role, function (k) {
          return E.own(D.catalog, k) ? E.hasValue(resolve(k)[0]) : E.own(values, k) && E.hasValue(values[k]);
        });
        fields = { name: title, status: status, body: plain };
        text = plain;
        payload = { incident: { name: title, status: status, body: plain } };
      } else {
        text = body.length ? [title, ""].concat(body.map(plainOf)).join("\n") : title;
        payload = {
          msg_type: "post",
          content: { post: { zh_cn: { title: title, content: body.map(postParagraph) } } },
        };
      }
    }
    if (channel.payload === "wecom-text") {
      /** @type {any} */
      var content = { content: text };
      if (ids.length) content.mentioned_list = ids.slice();
      payload = { msgtype: "text", text: content };
    } else if (channel.payload === "wecom-markdown") {
      payload = { msgtype: "markdown", markdown: { content: text } };
    } else if (channel.payload === "dingtalk-markdown") {
      /** @type {any} */
      var ding = { msgtype: "markdown", markdown: { title: title, text: text } };
      if (ids.length) ding.at = { atUserIds: ids.slice(), isAtAll: false };
      payload = ding;
    } else if (channel.payload === "slack") {
      payload = { text: text };
    }
    var count = null,
      counters = E.counters(D);
    if (channel.limit !== null && channel.counting !== null) {
      count =
        channel.counts === "payload" && payload !== null
          ? counters.bytes(JSON.stringify(payload))
          : counters[channel.counting](text);
    }
    var over = count !== null && count > channel.limit;
    var r = filled.readiness;
    var missing = r.missing.concat(r.placeholders, r.conflicts);
    return {
      channel: key,
      label: channel.label,
      format: channel.format,
      title: title,
      text: text,
      fields: fields,
      payload: payload,
      kind: payload !== null ? channel.payload : null,
      mentions: ids,
      count: count,
      limit: channel.limit,
      counting: channel.counting,
      note: channel.note,
      over: over,
      ready: !missing.length && !over,
      missing: missing,
    };
  }

  /** The role (opens, repeats, closes) of a stage in D.stages, or null. */
  function roleOf(D, stage) {
    for (var i = 0; i < D.stages.length; i++) if (D.stages[i].key === stage) return D.stages[i].role || null;
    return null;
  }

  /** Every channel a message (the build's message data) goes to, filled from `values`.
   * opts: {mentions: {channelKey: {name: id}}}. */
  function forMessage(D, message, values, opts) {
    var filled = E.fill(D, message, values),
      mentions = (opts && opts.mentions) || {};
    return message.channels.map(function (key) {
      return render(D, key, filled, { role: roleOf(D, message.stage), values: values, mentions: mentions[key] || {} });
    });
  }

  /** A curl command that posts a rendered message to its webhook or API: the URL (and the
   * Statuspage key) come from environment variables named in it, never from the page. `env`
   * renames them ({WECOM_WEBHOOK_URL: "OPS_WECOM"}). null when the rendering has no body. */
  function curl(D, result, env) {
    if (result.payload === null || !result.kind) return null;
    var names = D.channel_text.curl_env[result.kind].map(function (n) {
      return env && E.own(env, n) ? env[n] : n;
    });
    names.forEach(function (n) {
      if (!ENV_NAME.test(n)) throw new Error("environment variable names are A-Z, 0-9 and _");
    });
    var head = "curl -sS --max-time 10 -X POST -H 'Content-Type: application/json'",
      url;
    if (result.kind === "statuspage") {
      url = '"https://api.statuspage.io/v1/pages/${' + names[0] + '}/incidents"';
      head += ' -H "Authorization: OAuth ${' + names[1] + '}"';
    } else url = '"${' + names[0] + '}"';
    var end = D.channel_text.curl_end;
    return head + " --data-binary @- " + url + " <<'" + end + "'\n" + JSON.stringify(result.payload) + "\n" + end;
  }

  /** Whether the incident is major: a catalog key declaring `major` values holds one of them. */
  function isMajor(D, values) {
    var resolve = E.resolver(D, values || {});
    return Object.keys(D.catalog).some(function (key) {
      var major = D.catalog[key].major;
      return major && major.indexOf(resolve(key)[0]) >= 0;
    });
  }

  /** Whether a message to `audience` is recorded only with its reviewer (审核人): a major
   * incident's message to an audience marked `reviewed` (public, partner, social). */
  function needsReview(D, audience, values) {
    var a = D.audiences[audience];
    return Boolean(a && a.reviewed) && isMajor(D, values);
  }

  /** One line of Chinese: the count against the limit, as the CLI shows it. */
  function describe(result) {
    if (result.limit === null || result.count === null) return result.label + "：没有长度限制";
    var unit = { bytes: "字节（UTF-8）", chars: "字", twitter: "（加权计数）" }[result.counting] || "";
    return (
      result.label +
      "：" +
      result.count +
      " / " +
      result.limit +
      " " +
      unit +
      "（" +
      (result.over ? "超出上限，不能发送" : "未超出") +
      "）"
    );
  }

  HB.channels = {
    render: render,
    forMessage: forMessage,
    curl: curl,
    describe: describe,
    needsReview: needsReview,
    isMajor: isMajor,
    lines: linesOf,
  };
})(typeof window !== "undefined" ? window : globalThis);
