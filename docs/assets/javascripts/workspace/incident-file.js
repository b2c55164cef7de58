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

  function yamlString(text) {
    return JSON.stringify(text);
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

  /** {values, errors}: all or nothing, as `handbook pack --incident` does. */
  function fromYaml(D, text) {
    var values = Object.create(null),
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
      if (!E.own(D.catalog, key)) {
        errors.push("第 " + (n + 1) + " 行：未知的键 " + key);
        current = null;
        return;
      }
      if (rest === "" || /^#/.test(rest)) {
        values[key] = [];
        current = key;
        return;
      }
      current = null;
      if (/^\[.*\]$/.test(rest)) {
        try {
          values[key] = JSON.parse(
            rest.replace(/'([^']*)'/g, function (_, s) {
              return JSON.stringify(s);
            }),
          );
        } catch (e) {
          errors.push("第 " + (n + 1) + " 行的列表看不懂");
        }
        return;
      }
      values[key] = scalar(rest, n);
    });
    var out = {};
    Object.keys(values).forEach(function (key) {
      var v = values[key];
      if (!D.catalog[key].list && Array.isArray(v)) {
        errors.push(key + "：只能是一段文本");
        return;
      }
      var checked = E.checkValue(D, key, D.catalog[key].list && !Array.isArray(v) ? [v] : v);
      if (checked.problem) errors.push(D.catalog[key].label + "：" + checked.problem);
      else if (E.hasValue(checked.value)) out[key] = checked.value;
    });
    return { values: out, errors: errors };
  }

  HB.incidentFile = { toYaml: toYaml, fromYaml: fromYaml };
})(typeof window !== "undefined" ? window : globalThis);
