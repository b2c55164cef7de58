/* 应急沟通手册 — the incident.yml format in the browser: what `handbook pack --incident` reads.
 *
 * Pure functions, no DOM: write an incident's values as YAML, and read the subset of YAML an
 * incident file uses (`key: value` lines, block and flow lists, comments), every value
 * normalised and checked as the CLI does. Exposes HB.incidentFile.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;

  // What a YAML double-quoted scalar cannot hold as it is: characters outside YAML's printable
  // set, YAML's own line breaks (NEL, LS, PS) and the BOM. JSON's escapes are YAML's too.
  var UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

  /** A text as a YAML double-quoted scalar that `handbook pack --incident` reads back as is. */
  function yamlString(text) {
    return JSON.stringify(text).replace(UNPRINTABLE, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function toYaml(D, values, title) {
    var out = ["# incident.yml：事件工作台导出（" + title + "）。handbook pack --incident incident.yml 读的就是它。"];
    Object.keys(D.catalog).forEach(function (key) {
      if (!E.own(values, key) || !E.hasValue(values[key])) return;
      var v = values[key];
      if (Array.isArray(v)) {
        out.push(key + ":");
        v.forEach(function (item) {
          out.push("  - " + yamlString(item));
        });
      } else out.push(key + ": " + yamlString(v));
    });
    return out.join("\n") + "\n";
  }

  /** The items of a flow list's inside (`a, 'b c', "d"`), or null when quotes do not pair. */
  function flowItems(inside) {
    var items = [],
      item = "",
      quote = null;
    for (var i = 0; i < inside.length; i++) {
      var c = inside[i];
      if (quote) {
        item += c;
        if (c === "\\" && quote === '"') {
          item += inside[i + 1] || "";
          i++;
        } else if (c === "'" && quote === "'" && inside[i + 1] === "'") {
          item += "'"; // '' inside single quotes is one quote
          i++;
        } else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
        item += c;
      } else if (c === ",") {
        items.push(item);
        item = "";
      } else item += c;
    }
    if (quote) return null;
    if (item.trim() || items.length) items.push(item);
    return items;
  }

  /** {values, errors}: all or nothing, as `handbook pack --incident` does. */
  function fromYaml(D, text) {
    var values = Object.create(null),
      lines = Object.create(null),
      errors = [],
      current = null;
    text = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    function scalar(s, n) {
      s = s.trim();
      if (/^".*"$/.test(s)) {
        try {
          return JSON.parse(s);
        } catch (e) {
          errors.push("第 " + (n + 1) + " 行的引号不成对");
          return "";
        }
      }
      if (/^'.*'$/.test(s)) return s.slice(1, -1).replace(/''/g, "'");
      return s.replace(/\s+#.*$/, "");
    }
    text.split("\n").forEach(function (raw, n) {
      var line = raw.replace(/\s+$/, "");
      if (!line.trim() || /^\s*#/.test(line)) return;
      var item = /^\s+-\s*(.*)$/.exec(line);
      if (item && current) {
        if (/^[&*!]/.test(item[1].trim())) {
          errors.push("第 " + (n + 1) + " 行：" + current + " 用了 YAML 的别名或标签（&、*、!），事件文件不支持");
          return;
        }
        values[current].push(scalar(item[1], n));
        return;
      }
      var pair = /^([A-Za-z_][\w]*)\s*:\s*(.*)$/.exec(line);
      if (!pair) {
        errors.push("第 " + (n + 1) + " 行看不懂：" + line.slice(0, 40));
        return;
      }
      var key = pair[1],
        rest = pair[2];
      if (/^[&*!]/.test(rest.trim())) {
        errors.push("第 " + (n + 1) + " 行：" + key + " 用了 YAML 的别名或标签（&、*、!），事件文件不支持");
        current = null;
        return;
      }
      if (key in values) {
        errors.push("第 " + (n + 1) + " 行：" + key + " 写了两次");
        current = null;
        return;
      }
      if (!E.own(D.catalog, key)) {
        errors.push("第 " + (n + 1) + " 行：未知的键 " + key);
        current = null;
        return;
      }
      lines[key] = n + 1;
      if (rest === "" || /^#/.test(rest)) {
        values[key] = [];
        current = key;
        return;
      }
      current = null;
      if (/^\[.*\]$/.test(rest)) {
        var items = flowItems(rest.slice(1, -1));
        if (items === null) errors.push("第 " + (n + 1) + " 行的列表看不懂");
        else {
          values[key] = items.map(function (s) {
            return scalar(s, n);
          });
        }
        return;
      }
      values[key] = scalar(rest, n);
    });
    var out = {};
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      var at = "第 " + lines[key] + " 行：" + key + "：";
      if (!D.catalog[key].list && Array.isArray(v)) {
        errors.push(at + D.catalog[key].label + " 只能是一段文本，不是列表");
        return;
      }
      var checked = E.checkValue(D, key, D.catalog[key].list && !Array.isArray(v) ? [v] : v);
      if (checked.problem) errors.push(at + D.catalog[key].label + "：" + checked.problem);
      else if (E.hasValue(checked.value)) out[key] = checked.value;
    });
    return { values: out, errors: errors };
  }

  HB.incidentFile = { toYaml: toYaml, fromYaml: fromYaml };
})(typeof window !== "undefined" ? window : globalThis);
