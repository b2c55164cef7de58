/* 应急沟通手册 — the incident workspace (事件工作台), in the browser, offline, sending nothing anywhere.
 *
 * One engine, two front ends: the build emits every message as data (text, blanks with their
 * list mode, optional parts) and the engine's definitions (catalog, settings, derivations,
 * value types, lint rules) in assets/javascripts/handbook-data.js. This script never parses a
 * template: it fills the data exactly as macros/engine/fill.py does, and lints exactly as
 * macros/engine/lint.py does (tests compare both on the same values). Values live in this
 * browser's localStorage, per incident; a share link carries them in the URL fragment, which
 * browsers never send to a server. With JavaScript off, pages work without any of this.
 */
(function () {
  "use strict";

  // ---- the engine: a mirror of macros/engine (derive.py, fill.py, lint.py, counting.py) ----
  var DAY = 24 * 60;
  var TIME = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/;
  var INT = /^\s*(\d{1,4})\s*$/;
  var JOIN = "、";

  function minutesOf(value) {
    var m = TIME.exec(value);
    return m ? Number(m[1]) * 60 + Number(m[2]) : null;
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(total) { return pad(Math.floor(total / 60)) + ":" + pad(total % 60); }

  var OPERATIONS = {
    date_long: function (value) {
      var m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(value);
      if (!m) return null;
      var y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      var day = new Date(Date.UTC(y, mo - 1, d));
      if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
      return y + "年" + mo + "月" + d + "日";
    },
    minutes_between: function (start, end) {
      var a = minutesOf(start), b = minutesOf(end);
      if (a === null || b === null) return null;
      return String(((b - a) % DAY + DAY) % DAY);
    },
    add_minutes: function (time, minutes) {
      var a = minutesOf(time), m = INT.exec(minutes);
      if (a === null || !m) return null;
      return clock((a + Number(m[1])) % DAY);
    },
    count_updates: function (start, now, interval) {
      var elapsed = OPERATIONS.minutes_between(start, now), m = INT.exec(interval);
      if (elapsed === null || !m || Number(m[1]) === 0) return null;
      return String(Math.max(1, Math.floor(Number(elapsed) / Number(m[1]))));
    },
  };

  function hasValue(value) {
    return value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0);
  }

  /* How each key resolves for a message: given → setting → derived → default → empty. */
  function resolver(D, values) {
    var done = {}, visiting = {};
    function resolve(key) {
      if (Object.prototype.hasOwnProperty.call(done, key)) return done[key];
      if (visiting[key]) return [null, "blank"];
      visiting[key] = true;
      var result = inner(key);
      delete visiting[key];
      done[key] = result;
      return result;
    }
    function inner(key) {
      var v = D.catalog[key];
      if (Object.prototype.hasOwnProperty.call(values, key) && hasValue(values[key])) return [values[key], "filled"];
      if (v.setting) return [D.settings[key] === undefined ? null : D.settings[key], "setting"];
      if (v.derive) {
        var inputs = v.derive.from.map(function (k) { return resolve(k)[0]; });
        if (inputs.every(function (x) { return typeof x === "string"; })) {
          var derived = OPERATIONS[v.derive.op].apply(null, inputs);
          if (derived !== null) return [derived, "derived"];
        }
      }
      if (v.default !== undefined && v.default !== null) return [v.default, "default"];
      return [null, "blank"];
    }
    return resolve;
  }

  /* The rows of a filled message: each row a list of strings and slots {key, value, origin}. */
  function layout(nodes, resolve) {
    var lines = [[]], sectioned = [false];
    function text(chunk) {
      var parts = chunk.split("\n");
      if (parts[0]) lines[lines.length - 1].push(parts[0]);
      for (var i = 1; i < parts.length; i++) {
        lines.push(parts[i] ? [parts[i]] : []);
        sectioned.push(false);
      }
    }
    function walk(items) {
      items.forEach(function (node) {
        if (typeof node === "string") { text(node); return; }
        if (node.b !== undefined) {
          var r = resolve(node.b);
          lines[lines.length - 1].push({ pending: node, value: r[0], origin: r[1] });
          return;
        }
        var known = hasValue(resolve(node.s)[0]);
        if (!node.k) sectioned[sectioned.length - 1] = true;
        walk(known !== node.n ? node.t : node.e);
        if (!node.k) sectioned[sectioned.length - 1] = true;
      });
    }
    walk(nodes);
    var out = [];
    lines.forEach(function (row, i) {
      var content = row.some(function (p) { return typeof p !== "string" || p.trim(); });
      if (sectioned[i] && !content) return;
      expand(row).forEach(function (r) { out.push(r); });
    });
    while (out.length && !out[out.length - 1].some(function (p) { return typeof p !== "string" || p !== ""; })) out.pop();
    return out;
  }

  function expand(row) {
    var pending = row.filter(function (p) { return typeof p !== "string"; });
    var item = pending.length === 1 ? pending[0] : null;
    if (item && Array.isArray(item.value) && item.pending.m !== "join") {
      var index = row.indexOf(item);
      return item.value.map(function (one, n) {
        return row.map(function (part, i) {
          if (i === index) return { key: item.pending.b, value: one, origin: item.origin };
          if (typeof part === "string" && i < index && item.pending.m === "numbered") return part.replace(/\d+/, String(n + 1));
          return part;
        });
      });
    }
    return [row.map(function (part) {
      if (typeof part === "string") return part;
      var value = Array.isArray(part.value) ? part.value.join(JOIN) : part.value;
      return { key: part.pending.b, value: value === undefined ? null : value, origin: part.origin };
    })];
  }

  function blankText(D, key) { return "【待填：" + D.catalog[key].label + "】"; }

  function toText(D, rows) {
    return rows.map(function (row) {
      return row.map(function (p) { return typeof p === "string" ? p : p.value !== null ? p.value : blankText(D, p.key); }).join("");
    }).join("\n");
  }

  function compile(source, flags) { return new RegExp(source, "g" + (flags || "")); }

  function placeholderPatterns(D) {
    var out = [];
    D.rules.forEach(function (r) { if (r.blanks) r.patterns.forEach(function (p) { out.push(compile(p, r.flags)); }); });
    return out;
  }

  function isPlaceholder(value, patterns) {
    var items = Array.isArray(value) ? value : [value];
    return items.some(function (item) { return patterns.some(function (p) { p.lastIndex = 0; return p.test(item); }); });
  }

  /* What still stands between a filled message and sending it: empty blanks, placeholders. */
  function readiness(D, rows) {
    var patterns = placeholderPatterns(D), missing = [], placeholders = [];
    rows.forEach(function (row) {
      row.forEach(function (p) {
        if (typeof p === "string") return;
        if (p.value === null) { if (missing.indexOf(p.key) < 0) missing.push(p.key); }
        else if (isPlaceholder(p.value, patterns) && placeholders.indexOf(p.key) < 0) placeholders.push(p.key);
      });
    });
    return { missing: missing, placeholders: placeholders, complete: !missing.length && !placeholders.length };
  }

  // Twitter's weighted length (macros/engine/counting.py): CJK counts 2, a URL 23.
  var URL_RE = /https?:\/\/[^\s\u3000-\u303f\uff00-\uffef]+/g;
  var LIGHT = [[0x0000, 0x10ff], [0x2000, 0x200d], [0x2010, 0x201f], [0x2032, 0x2037]];
  function weight(ch) {
    var cp = ch.codePointAt(0);
    return LIGHT.some(function (r) { return cp >= r[0] && cp <= r[1]; }) ? 1 : 2;
  }
  var COUNTERS = {
    twitter: function (text) {
      var total = 0, pos = 0, m;
      URL_RE.lastIndex = 0;
      while ((m = URL_RE.exec(text))) {
        Array.from(text.slice(pos, m.index)).forEach(function (c) { total += weight(c); });
        total += 23;
        pos = m.index + m[0].length;
      }
      Array.from(text.slice(pos)).forEach(function (c) { total += weight(c); });
      return total;
    },
    chars: function (text) { return Array.from(text).length; },
  };

  function column(line, index) { return Array.from(line.slice(0, index)).length + 1; }

  /* The same findings as `handbook lint` for a text, an audience and a channel. */
  function lint(D, text, audience, channel) {
    var findings = [], lines = text.split("\n");
    var blanks = compile(D.blank_pattern, "");
    D.rules.forEach(function (rule) {
      if (rule.audiences.indexOf(audience) < 0 || (channel && rule.except.indexOf(channel) >= 0)) return;
      if (rule.length) {
        var info = channel ? D.channels[channel] : null;
        if (!info || !info.limit || !info.counting) return;
        var used = COUNTERS[info.counting](text.trim());
        if (used > info.limit) {
          var note = info.note ? "（" + info.note + "）" : "";
          findings.push(finding(1, rule, "共 " + used + "，上限 " + info.limit + note, 1));
        }
        return;
      }
      if (rule.when) {
        if (rule.unless && compile(rule.unless, rule.flags).test(text)) return;
        var when = compile(rule.when, rule.flags);
        for (var i = 0; i < lines.length; i++) {
          when.lastIndex = 0;
          var w = when.exec(lines[i]);
          if (w) { findings.push(finding(i + 1, rule, lines[i].trim(), column(lines[i], w.index))); break; }
        }
        return;
      }
      var patterns = rule.patterns.map(function (p) { return compile(p, rule.flags); });
      if (rule.blanks) patterns.push(blanks);
      lines.forEach(function (line, i) {
        patterns.forEach(function (p) {
          p.lastIndex = 0;
          var m;
          while ((m = p.exec(line))) {
            findings.push(finding(i + 1, rule, m[0], column(line, m.index)));
            if (m[0] === "") p.lastIndex++;
          }
        });
      });
    });
    return findings.map(function (f, i) { return [f, i]; }).sort(function (a, b) {
      return a[0].line - b[0].line || (a[0].rule < b[0].rule ? -1 : a[0].rule > b[0].rule ? 1 : a[1] - b[1]);
    }).map(function (x) { return x[0]; });
  }
  function finding(line, rule, text, col) {
    return { line: line, col: col, rule: rule.id, title: rule.title, text: text, suggestion: rule.suggestion };
  }
  function describe(f) { return "第 " + f.line + " 行 [" + f.rule + "] " + f.title + "：“" + f.text + "” → " + f.suggestion; }

  /* A message filled from values: its rows, its text and what it still lacks. */
  function fill(D, message, values) {
    var rows = layout(message.nodes, resolver(D, values));
    return { rows: rows, text: toText(D, rows), readiness: readiness(D, rows) };
  }

  // ---- values: checks and the incident.yml format (what `handbook pack --incident` reads) ----
  function typeProblem(D, key, value) {
    var kind = D.types[D.catalog[key].type];
    var items = Array.isArray(value) ? value : [value];
    for (var i = 0; i < items.length; i++) {
      if (!new RegExp("^(?:" + kind.pattern + ")$").test(items[i].trim())) return "'" + items[i] + "' 不是" + kind.expect;
      if (D.catalog[key].type === "date" && OPERATIONS.date_long(items[i]) === null) return "'" + items[i] + "' 不是存在的日期";
    }
    return null;
  }

  function yamlString(text) { return JSON.stringify(text); }

  function toYaml(D, values, title) {
    var out = ["# incident.yml：事件工作台导出（" + title + "）。handbook pack --incident incident.yml 读的就是它。"];
    Object.keys(D.catalog).forEach(function (key) {
      if (!hasValue(values[key])) return;
      var v = values[key];
      if (Array.isArray(v)) {
        out.push(key + ":");
        v.forEach(function (item) { out.push("  - " + yamlString(item)); });
      } else out.push(key + ": " + yamlString(v));
    });
    return out.join("\n") + "\n";
  }

  /* The subset of YAML an incident file uses: `key: value` lines, block and flow lists, comments. */
  function fromYaml(D, text) {
    var values = {}, errors = [], current = null;
    text = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    text.split("\n").forEach(function (raw, n) {
      var line = raw.replace(/\s+$/, "");
      if (!line.trim() || /^\s*#/.test(line)) return;
      var item = /^\s+-\s*(.*)$/.exec(line);
      if (item && current) { values[current].push(scalar(item[1], n)); return; }
      var pair = /^([A-Za-z_][\w]*)\s*:\s*(.*)$/.exec(line);
      if (!pair) { errors.push("第 " + (n + 1) + " 行看不懂：" + line.slice(0, 40)); return; }
      var key = pair[1], rest = pair[2];
      if (!D.catalog[key]) { errors.push("第 " + (n + 1) + " 行：未知的键 " + key); current = null; return; }
      if (rest === "" || /^#/.test(rest)) { values[key] = []; current = key; return; }
      current = null;
      if (/^\[.*\]$/.test(rest)) {
        try { values[key] = JSON.parse(rest.replace(/'([^']*)'/g, function (_, s) { return JSON.stringify(s); })); }
        catch (e) { errors.push("第 " + (n + 1) + " 行的列表看不懂"); }
        return;
      }
      values[key] = scalar(rest, n);
    });
    function scalar(s, n) {
      s = s.trim();
      if (/^".*"$/.test(s)) { try { return JSON.parse(s); } catch (e) { errors.push("第 " + (n + 1) + " 行的引号不成对"); return ""; } }
      if (/^'.*'$/.test(s)) return s.slice(1, -1).replace(/''/g, "'");
      return s.replace(/\s+#.*$/, "");
    }
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      if (!D.catalog[key].list && Array.isArray(v)) { errors.push(key + "：只能是一段文本"); delete values[key]; }
      else if (D.catalog[key].list && !Array.isArray(v)) values[key] = [v];
    });
    return { values: values, errors: errors };
  }

  // ---- the store: this browser's incidents (localStorage) --------------------------------
  var STORE = "hb.incidents.v1";
  function load() {
    try { var s = JSON.parse(localStorage.getItem(STORE) || "null"); if (s && s.incidents) return s; } catch (e) { /* unreadable: start again */ }
    return { current: null, incidents: {} };
  }
  function save(store) { try { localStorage.setItem(STORE, JSON.stringify(store)); } catch (e) { /* private mode: values stay on this page */ } }
  function stamp(d) { return { date: d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()), time: clock(d.getHours() * 60 + d.getMinutes()) }; }
  function now() { return stamp(new Date()); }
  function blankIncident() { return { facts: {}, message: {}, log: [], due: null, created: Date.now() }; }
  function current(store, create) {
    var inc = store.current && store.incidents[store.current];
    if (!inc && create) {
      var id = "draft-" + now().date.replace(/-/g, "") + "-" + now().time.replace(":", "");
      inc = store.incidents[id] = blankIncident();
      store.current = id;
    }
    return inc || null;
  }
  function holdsValues(inc) { return !!inc && (Object.keys(inc.facts).length > 0 || Object.keys(inc.message).length > 0); }

  /* The values a message is filled from: the incident's facts, this message's, and the clock.
     A message whose stage partner went out already (the public notice after the internal one)
     also gets the values that partner was sent with, unless newer ones were typed since. */
  function valuesOf(D, inc, slug) {
    var values = {};
    Object.keys(inc.facts).forEach(function (k) { values[k] = inc.facts[k]; });
    var carried = carriedFor(inc, slug);
    if (carried) Object.keys(carried.values).forEach(function (k) { values[k] = carried.values[k]; });
    Object.keys(inc.message).forEach(function (k) { values[k] = inc.message[k]; });
    if (!hasValue(values.update_time) && D.catalog.update_time) values.update_time = now().time;
    if (!hasValue(values.incident_date) && D.catalog.incident_date) values.incident_date = now().date;
    if (!hasValue(values.resolution_timeline) && inc.log.length && D.catalog.resolution_timeline) {
      values.resolution_timeline = inc.log.map(function (e) { return e.at + " " + (e.summary || e.title); });
    }
    return values;
  }

  function setValue(D, store, key, value) {
    var inc = current(store, true);
    var bucket = D.catalog[key].per_message ? inc.message : inc.facts;
    if (hasValue(value)) bucket[key] = value; else delete bucket[key];
    if (key === "incident_id" && hasValue(value) && store.current !== value && !store.incidents[value]) {
      store.incidents[value] = inc;
      delete store.incidents[store.current];
      store.current = value;
    }
    inc.updated = Date.now();
    save(store);
  }

  function carriedFor(inc, slug) {
    var stages = inc.carry ? Object.keys(inc.carry) : [];
    for (var i = 0; i < stages.length; i++) if (slug && inc.carry[stages[i]].pending.indexOf(slug) >= 0) return inc.carry[stages[i]];
    return null;
  }

  /* The moment of the next update: `next` after `update`, taking the update as the occurrence of
     that clock time nearest to now (an update at 23:50 is due at 00:05 the next day). */
  function dueAt(update, next) {
    var d = new Date(), u = minutesOf(update), n = minutesOf(next), at = d.getHours() * 60 + d.getMinutes();
    if (u === null || n === null) return null;
    d.setSeconds(0, 0);
    d.setMinutes(d.getMinutes() + ((u - at + DAY + DAY / 2) % DAY) - DAY / 2 + ((n - u) % DAY + DAY) % DAY);
    return stamp(d);
  }

  /* Sent: into the log; the update number moves on; this round's values (per message: the
     update's time, progress, ETA …) are cleared for the next round, while the other messages
     of the same stage keep what this one was sent with until they go out too. A message that
     promises the next update starts the countdown; a recovery notice ends it. */
  var CADENCE_KEYS = ["next_update_time", "next_update_minutes", "update_interval_minutes"];
  function markSent(D, store, message, filled) {
    var inc = current(store, true), values = valuesOf(D, inc, message.slug), resolve = resolver(D, values), t = now();
    inc.log.push({ at: resolve("update_time")[0] || t.time, date: t.date, template: message.slug, title: message.title, summary: values.progress_summary || "", text: filled.text });
    var number = inc.message.update_number;
    if (message.keys.indexOf("update_number") >= 0) {
      var sent = Number(resolve("update_number")[0]);
      number = sent ? String(sent + 1) : undefined;
    }
    inc.carry = inc.carry || {};
    var carried = carriedFor(inc, message.slug);
    if (carried) carried.pending = carried.pending.filter(function (s) { return s !== message.slug; });
    else {
      carried = inc.carry[message.stage] = {
        values: inc.message,
        pending: D.templates.filter(function (x) { return x.stage === message.stage && x.slug !== message.slug; }).map(function (x) { return x.slug; }),
      };
      inc.message = {};
    }
    if (!carried.pending.length) delete inc.carry[message.stage];
    if (number) inc.message.update_number = number;
    if (message.stage === "resolved") inc.due = null;
    else if (message.keys.some(function (k) { return CADENCE_KEYS.indexOf(k) >= 0; })) {
      var next = resolve("next_update_time")[0], due = typeof next === "string" ? dueAt(resolve("update_time")[0], next) : null;
      if (due) inc.due = due;
    }
    save(store);
  }

  /* The share link: the incident's values in the URL fragment (never sent to any server). */
  function encodeShare(values) {
    var bytes = new TextEncoder().encode(JSON.stringify(values)), bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function decodeShare(text) {
    var bin = atob(text.replace(/-/g, "+").replace(/_/g, "/")), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // ---- the page: DOM helpers ------------------------------------------------------------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") el.textContent = attrs[k];
      else if (k === "on") Object.keys(attrs.on).forEach(function (ev) { el.addEventListener(ev, attrs.on[ev]); });
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) el.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      (Array.isArray(c) ? c : [c]).forEach(function (x) { el.appendChild(typeof x === "string" ? document.createTextNode(x) : x); });
    }
    return el;
  }
  function base() {
    try { return new URL(JSON.parse(document.getElementById("__config").textContent).base, location.href); }
    catch (e) { return new URL("./", location.href); }
  }
  function siteUrl(path) {
    var url = new URL(path, base());
    if (location.protocol === "file:" && /\/$/.test(url.pathname)) url.pathname += "index.html";
    return url.href;
  }
  /* The workspace's address as this build writes it: incident/ when served, incident.html in the
     offline copy. The navigation links it on every page. */
  function workspaceUrl() {
    if (document.getElementById("hb-ws-form")) return location.href.split("#")[0];
    var link = document.querySelector('a.md-nav__link[href$="incident/"], a.md-nav__link[href$="incident.html"]');
    if (!link) return siteUrl("incident/");
    var url = new URL(link.getAttribute("href"), location.href);
    if (url.protocol === "file:" && /\/$/.test(url.pathname)) url.pathname += "index.html";
    return url.href;
  }
  function readJson(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = h("textarea", { class: "hb-copy-buffer", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  /* Copy a filled message; one confirmation when blanks or placeholders are still in it. */
  function copyMessage(D, filled, button) {
    var r = filled.readiness;
    if (!r.complete) {
      var names = r.missing.concat(r.placeholders).map(function (k) { return "【" + D.catalog[k].label + "】"; });
      if (!window.confirm("这条消息还有 " + names.length + " 处没有填好：" + names.join("、") + "。仍然复制吗？")) return;
    }
    copy(filled.text).then(function () { flash(button, "已复制"); }, function () { flash(button, "复制失败，请手动选择文字"); });
  }
  function flash(button, text) {
    var old = button.textContent;
    button.textContent = text;
    setTimeout(function () { button.textContent = old; }, 1500);
  }

  function describeReadiness(D, r) {
    if (r.complete) return "完整，可以发送";
    var parts = [];
    if (r.missing.length) parts.push("还差 " + r.missing.length + " 个空白");
    if (r.placeholders.length) parts.push(r.placeholders.length + " 个示例值");
    return parts.join("，");
  }

  /* A filled message as DOM: values marked by origin, empty blanks as buttons to fill in place. */
  function messageNode(D, message, filled, onEdit) {
    var code = h("code");
    filled.rows.forEach(function (row, i) {
      if (i) code.appendChild(document.createTextNode("\n"));
      row.forEach(function (p) {
        if (typeof p === "string") { code.appendChild(document.createTextNode(p)); return; }
        if (p.value === null) {
          code.appendChild(h("button", { type: "button", class: "hb-blank hb-edit", "data-key": p.key, title: "点这里填写：" + D.catalog[p.key].meaning, on: { click: function (ev) { onEdit(p.key, ev.currentTarget); } } }, blankText(D, p.key)));
          return;
        }
        var css = p.origin === "setting" ? "hb-setting" : p.origin === "default" ? "hb-default-value" : "hb-filled";
        if (p.origin === "setting" && D.placeholders.indexOf(p.key) >= 0) css += " hb-placeholder";
        code.appendChild(h("span", { class: css, "data-key": p.key, title: D.catalog[p.key].label }, p.value));
      });
    });
    // no-copy: Material's own copy icon would skip the confirmation below (and vanish on re-render).
    return h("pre", { class: "hb-message no-copy", "data-view": "incident", "data-template": message.slug }, code);
  }

  /* Fill a blank in place: an input (a text area for lists) over the blank. */
  function editInPlace(D, store, key, anchor, done) {
    var v = D.catalog[key], multi = v.list;
    var field = h(multi ? "textarea" : "input", { class: "hb-inplace", "aria-label": v.label + "：" + v.meaning, placeholder: v.format + (multi ? "（每行一项）" : ""), rows: multi ? 3 : null, type: multi ? null : "text" });
    var finished = false;
    function commit() {
      if (finished) return;
      finished = true;
      var raw = field.value, value = multi ? raw.split("\n").map(function (s) { return s.trim(); }).filter(Boolean) : raw.trim();
      setValue(D, store, key, value);
      done();
    }
    field.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { finished = true; done(); }
      else if (ev.key === "Enter" && (!multi || ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); commit(); }
    });
    field.addEventListener("blur", commit);
    anchor.replaceWith(field);
    field.focus();
  }

  function findingsNode(findings) {
    if (!findings.length) return h("p", { class: "hb-lint hb-lint-ok" }, "检查：没有发现问题。");
    return h("div", { class: "hb-lint" }, h("p", { class: "hb-lint-title" }, "检查发现 " + findings.length + " 处（与 handbook lint 同一套规则）："),
      h("ul", null, findings.map(function (f) { return h("li", null, describe(f)); })));
  }

  // ---- template pages: the third view, 本次事件 ------------------------------------------
  function templatePage(D, message) {
    var set = document.querySelector(".hb-views");
    if (!set) return;
    var store = load();
    var input = h("input", { id: "incident", name: "__tabbed_1", type: "radio" });
    var label = h("label", { for: "incident" }, "本次事件");
    var block = h("div", { class: "tabbed-block hb-incident-view" });
    set.insertBefore(input, set.firstChild);
    var labels = set.querySelector(".tabbed-labels");
    labels.insertBefore(label, labels.firstChild);
    var content = set.querySelector(".tabbed-content");
    content.insertBefore(block, content.firstChild);
    set.setAttribute("data-tabs", "1:3");
    var inc = current(store, false);
    if (holdsValues(inc) && location.hash !== "#example" && location.hash !== "#blank") input.checked = true;

    function render() {
      store = load();
      inc = current(store, false) || blankIncident();
      var filled = fill(D, message, valuesOf(D, inc, message.slug));
      var findings = lint(D, filled.text, message.audience, message.channel);
      var id = store.current && store.current.indexOf("draft-") !== 0 ? store.current : "未编号";
      block.replaceChildren(
        h("p", { class: "hb-incident-head" },
          holdsValues(inc) ? "本次事件：" + id + (inc.facts.service ? "（" + inc.facts.service + "）" : "") + " · " : "还没有开始事件：直接点【待填：…】填写，或去 ",
          h("a", { href: workspaceUrl() }, holdsValues(inc) ? "在事件工作台修改" : "事件工作台")),
        messageNode(D, message, filled, function (key, anchor) { editInPlace(D, store, key, anchor, render); }),
        h("p", { class: "hb-actions" },
          h("button", { type: "button", class: "md-button md-button--primary hb-copy", on: { click: function (ev) { copyMessage(D, fill(D, message, valuesOf(D, current(load(), false) || blankIncident(), message.slug)), ev.currentTarget); } } }, "复制"),
          " ",
          h("button", { type: "button", class: "md-button hb-sent", on: { click: function () { markSent(D, store, message, filled); render(); cadence(); } } }, "标记为已发送"),
          " ",
          h("span", { class: filled.readiness.complete ? "hb-ready-ok" : "hb-ready-no", role: "status" }, describeReadiness(D, filled.readiness))),
        findingsNode(findings));
    }
    render();
    window.addEventListener("storage", render);
  }

  // ---- /incident/: the form, what to send now, the log -----------------------------------
  function stageNow(D, inc) {
    var order = D.stages.map(function (s) { return s.key; });
    if (hasValue(inc.facts.end_time)) return "resolved";
    var sent = inc.log.map(function (e) { return e.template; });
    var stages = sent.map(function (slug) { return (D.templates.filter(function (t) { return t.slug === slug; })[0] || {}).stage; });
    var last = stages.filter(Boolean).map(function (s) { return order.indexOf(s); }).reduce(function (a, b) { return Math.max(a, b); }, -1);
    if (last >= order.indexOf("update")) return "update";
    // The initial notices stay listed until every one of them went out (internal first, then public).
    var initial = D.templates.filter(function (t) { return t.stage === "initial"; });
    if (last >= 0 && initial.every(function (t) { return sent.indexOf(t.slug) >= 0; })) return "update";
    return "initial";
  }

  function workspacePage(D, messages) {
    var form = document.getElementById("hb-ws-form");
    var store = load();
    var bySlug = {};
    messages.forEach(function (m) { bySlug[m.slug] = m; });

    function fillForm() {
      var inc = current(store, false) || blankIncident(), values = valuesOf(D, inc), resolve = resolver(D, values);
      Array.prototype.forEach.call(form.elements, function (el) {
        var key = el.name, v = D.catalog[key];
        if (!v) return;
        var bucket = v.per_message ? inc.message : inc.facts, value = bucket[key];
        el.value = Array.isArray(value) ? value.join("\n") : value || "";
        var shown = resolve(key);
        el.placeholder = !hasValue(value) && shown[0] !== null ? (key === "update_time" ? "现在 " : "自动：") + (Array.isArray(shown[0]) ? shown[0].join("、") : shown[0]) : "";
        check(el);
      });
    }
    function check(el) {
      var key = el.name, value = parse(el);
      var problem = hasValue(value) ? typeProblem(D, key, value) : null;
      var note = document.getElementById("warn-" + key);
      if (problem && !note) el.parentNode.appendChild(note = h("p", { class: "hb-field-warn", id: "warn-" + key, role: "alert" }));
      if (note) note.textContent = problem || "";
      if (note && !problem) note.remove();
      el.setAttribute("aria-invalid", problem ? "true" : "false");
    }
    function parse(el) {
      var v = D.catalog[el.name];
      return v.list ? el.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean) : el.value.trim();
    }
    var timer = null;
    form.addEventListener("input", function (ev) {
      var el = ev.target;
      if (!D.catalog[el.name]) return;
      setValue(D, store, el.name, parse(el));
      check(el);
      if (el.name === "incident_id") toolbar();
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(false); }, 150);
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });

    var bar = document.getElementById("hb-ws-bar");
    var ready = document.getElementById("hb-ready");
    var logSlot = document.getElementById("hb-log");

    function toolbar() {
      var ids = Object.keys(store.incidents);
      var select = h("select", { id: "hb-incident-select", "aria-label": "选择事件", on: { change: function (ev) { store.current = ev.target.value; save(store); refresh(true); } } },
        ids.length ? ids.map(function (id) { return h("option", { value: id, selected: id === store.current }, id.indexOf("draft-") === 0 ? "未编号的事件（" + id.slice(6) + "）" : id); }) : h("option", { value: "" }, "还没有事件"));
      var shareOut = h("input", { type: "text", readonly: true, class: "hb-share-link", "aria-label": "分享链接", hidden: true });
      var file = h("input", { type: "file", accept: ".yml,.yaml,text/yaml,text/plain", hidden: true, "aria-label": "导入 incident.yml", on: { change: importFile } });
      bar.replaceChildren(
        h("p", { class: "hb-ws-tools" },
          h("label", { for: "hb-incident-select" }, "事件："), select, " ",
          h("button", { type: "button", class: "md-button", on: { click: function () { store.current = null; current(store, true); save(store); refresh(true); } } }, "新建事件"), " ",
          h("button", { type: "button", class: "md-button", on: { click: function () { share(shareOut); } } }, "分享链接"), " ",
          h("button", { type: "button", class: "md-button", on: { click: exportYaml } }, "导出 incident.yml"), " ",
          h("button", { type: "button", class: "md-button", on: { click: function () { file.click(); } } }, "导入 incident.yml"), " ",
          h("button", { type: "button", class: "md-button hb-clear", on: { click: clear } }, "结束并清除")),
        shareOut, file, h("p", { class: "hb-ws-note", id: "hb-ws-note", role: "status" }));
    }
    function note(text) { var n = document.getElementById("hb-ws-note"); if (n) n.textContent = text; }
    function share(out) {
      var inc = current(store, false);
      if (!holdsValues(inc)) { note("还没有可以分享的值。"); return; }
      var url = new URL(location.href);
      url.hash = "hb=" + encodeShare({ id: store.current, f: inc.facts, m: inc.message });
      out.hidden = false;
      out.value = url.href;
      out.select();
      copy(url.href).then(function () { note("分享链接已复制。事实都在链接的 # 之后，浏览器不会把它发给服务器。"); }, function () { note("请手动复制上面的链接。"); });
    }
    function download(name, text) {
      var a = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" })), download: name });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }
    function exportYaml() {
      var inc = current(store, false);
      if (!holdsValues(inc)) { note("还没有可以导出的值。"); return; }
      var values = {};
      Object.keys(inc.facts).forEach(function (k) { values[k] = inc.facts[k]; });
      Object.keys(inc.message).forEach(function (k) { values[k] = inc.message[k]; });
      download("incident.yml", toYaml(D, values, store.current));
    }
    function importFile(ev) {
      var f = ev.target.files[0];
      if (!f) return;
      var reader = new FileReader();
      reader.onload = function () {
        var parsed = fromYaml(D, String(reader.result));
        ev.target.value = "";
        // All or nothing, as `handbook pack --incident` does: a file with a mistake changes nothing.
        if (parsed.errors.length) { note("没有导入：" + parsed.errors.join("；")); return; }
        var facts = {}, message = {};
        Object.keys(parsed.values).forEach(function (k) { (D.catalog[k].per_message ? message : facts)[k] = parsed.values[k]; });
        var id = hasValue(facts.incident_id) ? facts.incident_id : "draft-" + Date.now();
        adopt(store, id, facts, message);
        refresh(true);
        note("已导入 " + Object.keys(parsed.values).length + " 个值。");
      };
      reader.readAsText(f);
    }
    function clear() {
      if (!store.current || !window.confirm("结束并清除事件 " + store.current + "？这个浏览器里它的所有值和发送记录都会删除。")) return;
      delete store.incidents[store.current];
      store.current = Object.keys(store.incidents)[0] || null;
      save(store);
      refresh(true);
      note("已清除。");
    }

    function readinessList() {
      var inc = current(store, false) || blankIncident();
      var stage = stageNow(D, inc), order = D.stages.map(function (s) { return s.key; });
      var i = order.indexOf(stage);
      var wanted = order.slice(i, i + 2);
      if (stage === "update") wanted = ["update", "escalation", "support", "social", "resolved"];
      if (stage === "resolved") wanted = ["resolved", "partner", "report"];
      var groups = wanted.map(function (key) {
        var s = D.stages.filter(function (x) { return x.key === key; })[0];
        var items = messages.filter(function (m) { return m.stage === key; });
        if (!s || !items.length) return null;
        return h("section", { class: "hb-ready-stage" },
          h("h3", null, s.when + " · " + s.title + (key === stage ? "（现在）" : "")),
          h("ul", { class: "hb-ready-list" }, items.map(function (m) {
            var filled = fill(D, m, valuesOf(D, inc, m.slug));
            var r = filled.readiness;
            var gaps = r.missing.concat(r.placeholders).map(function (k) {
              var inForm = document.getElementById("in-" + k);
              return inForm ? h("a", { href: "#f-" + k, class: "hb-gap" }, "【" + D.catalog[k].label + "】") : h("span", { class: "hb-gap" }, "【" + D.catalog[k].label + "】（手册设置）");
            });
            return h("li", { class: "hb-ready-item", "data-template": m.slug },
              h("a", { href: siteUrl(m.url), class: "hb-ready-title" }, m.title), " ",
              h("span", { class: r.complete ? "hb-ready-ok" : "hb-ready-no" }, describeReadiness(D, r)),
              gaps.length ? h("span", { class: "hb-gaps" }, "：", gaps.reduce(function (acc, g, n) { if (n) acc.push("、"); acc.push(g); return acc; }, [])) : null,
              h("span", { class: "hb-ready-actions" },
                h("button", { type: "button", class: "md-button md-button--primary hb-copy", on: { click: function (ev) { copyMessage(D, fill(D, m, valuesOf(D, current(load(), false) || blankIncident(), m.slug)), ev.currentTarget); } } }, "复制"), " ",
                h("button", { type: "button", class: "md-button hb-sent", on: { click: function () { markSent(D, store, m, fill(D, m, valuesOf(D, current(store, true), m.slug))); refresh(true); } } }, "标记为已发送")),
              h("details", { class: "hb-preview" }, h("summary", null, "看消息"), h("pre", { class: "hb-message no-copy", "data-view": "incident", "data-template": m.slug }, h("code", null, filled.text))));
          })));
      }).filter(Boolean);
      ready.replaceChildren.apply(ready, groups);
    }

    function logList() {
      var inc = current(store, false) || blankIncident();
      if (!inc.log.length) { logSlot.replaceChildren(h("p", { class: "hb-hint" }, "还没有标记为已发送的消息。")); return; }
      logSlot.replaceChildren(
        h("ol", { class: "hb-log-list" }, inc.log.map(function (e) {
          return h("li", null, h("strong", null, e.at), " ", e.title, h("details", null, h("summary", null, "消息原文"), h("pre", { class: "no-copy" }, h("code", null, e.text))));
        })),
        h("p", null, h("button", { type: "button", class: "md-button hb-export-log", on: { click: function () { download("incident-" + store.current + "-log.md", logMarkdown(store.current, inc)); } } }, "导出记录（Markdown）")));
    }

    function refresh(all) {
      store = load();
      if (all) { toolbar(); fillForm(); }
      else {
        var inc = current(store, false) || blankIncident(), resolve = resolver(D, valuesOf(D, inc));
        Array.prototype.forEach.call(form.elements, function (el) {
          var v = D.catalog[el.name];
          if (!v || el.value.trim()) return;
          var shown = resolve(el.name);
          el.placeholder = shown[0] !== null ? (el.name === "update_time" ? "现在 " : "自动：") + (Array.isArray(shown[0]) ? shown[0].join("、") : shown[0]) : "";
        });
      }
      readinessList();
      logList();
      cadence();
    }

    var hash = /[#&]hb=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (hash) {
      try {
        var shared = decodeShare(hash[1]);
        adopt(store, shared.id || "draft-" + Date.now(), shared.f || {}, shared.m || {});
        history.replaceState(null, "", location.pathname + location.search);
      } catch (e) { /* a broken link: keep what this browser has */ }
    }
    refresh(true);
    window.addEventListener("storage", function () { refresh(true); });
  }

  /* An incident's values from a file or a link: they replace its values, not its log or countdown. */
  function adopt(store, id, facts, message) {
    var inc = store.incidents[id] || blankIncident();
    inc.facts = facts;
    inc.message = message;
    inc.updated = Date.now();
    store.incidents[id] = inc;
    store.current = id;
    save(store);
  }

  function logMarkdown(id, inc) {
    var out = ["# 事件 " + id + " 的消息记录", "", "| 时间 | 消息 |", "| --- | --- |"];
    inc.log.forEach(function (e) { out.push("| " + e.date + " " + e.at + " | " + e.title.replace(/\|/g, "\\|") + " |"); });
    out.push("");
    inc.log.forEach(function (e) {
      var fence = "```";
      while (e.text.indexOf(fence) >= 0) fence += "`";
      out.push("## " + e.at + " " + e.title, "", fence + "text", e.text, fence, "");
    });
    return out.join("\n");
  }

  // ---- every page: the next update, counting down --------------------------------------
  var cadenceTimer = null;
  function cadence() {
    var store = load(), inc = current(store, false);
    var bar = document.getElementById("hb-cadence");
    if (!inc || !inc.due || !holdsValues(inc) || hasValue(inc.facts.end_time)) { if (bar) bar.remove(); return; }
    if (!bar) {
      bar = h("div", { id: "hb-cadence", class: "hb-cadence", role: "status", "aria-live": "polite" });
      var article = document.querySelector(".md-content__inner");
      if (!article) return;
      article.insertBefore(bar, article.firstChild);
    }
    var t = now(), left = minutesOf(inc.due.time) - minutesOf(t.time);
    if (inc.due.date !== t.date) left += (Date.parse(inc.due.date) - Date.parse(t.date)) / 60000;
    var link = h("a", { href: workspaceUrl() }, "事件工作台");
    if (left >= 0) {
      bar.className = "hb-cadence";
      bar.replaceChildren("下次更新 " + inc.due.time + "：还剩 " + left + " 分钟。即使没有新进展，也要按时发一条更新。 ", link);
    } else {
      bar.className = "hb-cadence hb-overdue";
      bar.replaceChildren("⚠ 已超过下次更新时间（" + inc.due.time + "）" + (-left) + " 分钟：现在就发一条更新，没有新进展就写“仍在处理”。 ", link);
    }
    clearInterval(cadenceTimer);
    cadenceTimer = setInterval(cadence, 30000);
  }

  // ---- start -------------------------------------------------------------------------------
  var HB = { operations: OPERATIONS, resolver: resolver, layout: layout, fill: fill, lint: lint, describe: describe, toYaml: toYaml, fromYaml: fromYaml, encodeShare: encodeShare, decodeShare: decodeShare, counters: COUNTERS };
  window.HB = HB;
  /* The definitions a page works with: the shared ones (handbook-data.js) and the page's scope,
     the part that grows with the handbook: a template page's own variables and moment
     (in its data), or every message and variable (handbook-all.js, on /incident/ only). */
  function definitions(scope) {
    var D = {};
    Object.keys(window.HB_DATA || {}).forEach(function (k) { D[k] = window.HB_DATA[k]; });
    Object.keys(scope || {}).forEach(function (k) { if (k !== "messages") D[k] = scope[k]; });
    return D;
  }
  HB.definitions = definitions;
  function start() {
    var message = readJson("hb-template-data");
    if (window.HB_DATA && message && message.scope) templatePage(definitions(message.scope), message);
    if (window.HB_DATA && window.HB_ALL && document.getElementById("hb-ws-form")) {
      workspacePage(definitions(window.HB_ALL), window.HB_ALL.messages);
    }
    cadence();
    var home = document.getElementById("hb-start");
    var inc = current(load(), false);
    if (home && holdsValues(inc)) home.textContent = "继续当前事件（" + (load().current.indexOf("draft-") === 0 ? "未编号" : load().current) + "）";
  }
  start();
})();
