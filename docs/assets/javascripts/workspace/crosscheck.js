/* 应急沟通手册 — messages checked against each other, in the browser: pure functions, no DOM.
 *
 * The same steps as macros/engine/crosscheck.py, on the facts the build emits (D.facts, from
 * docs/_data/crosscheck.yml) and the stages and audiences of D. tests/conformance holds the
 * cases both engines must pass. Loaded after engine.js. Exposes HB.crosscheck:
 *   HB.crosscheck.check(D, messages) → findings
 *     messages: [{file, audience, stage, text, at}] (at: the HH:MM the message is sent, or null)
 *     findings: [{file, line, col, rule, title, text, suggestion, fact, other: {file, line, col, text}}]
 *   HB.crosscheck.statements(D, text) → {factId: {kind, value, line, col, text}}
 *   HB.crosscheck.momentOf(D, stage) → the stage key whose moment a stage's messages go out in
 */
(function (root) {
  "use strict";

  var DAY = 24 * 60;

  function own(obj, key) {
    return obj !== null && obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
  }

  /** Code points before an index, plus one (engine.js column). */
  function column(line, index) {
    return Array.from(line.slice(0, index)).length + 1;
  }

  /** The compiled wordings of D's facts, made once per D. */
  function compiled(D) {
    if (D._facts) return D._facts;
    var facts = (D.facts || []).map(function (f) {
      return {
        id: f.id,
        title: f.title,
        suggestion: f.suggestion,
        wordings: f.wordings.map(function (w) {
          return { re: new RegExp(w.pattern, "u"), kind: w.kind, state: w.state };
        }),
      };
    });
    Object.defineProperty(D, "_facts", { value: facts, enumerable: false });
    return facts;
  }

  /** A stage with a role is its own moment; one without belongs to the first stage with a role
   * that offers it, else to itself (crosscheck.py moment_of). */
  function momentOf(D, stage) {
    var stages = D.stages || [];
    var mine = stages.filter(function (s) {
      return s.key === stage;
    })[0];
    if (!mine || mine.role) return stage;
    for (var i = 0; i < stages.length; i++) {
      if (stages[i].role && stages[i].offers.indexOf(stage) >= 0) return stages[i].key;
    }
    return stage;
  }

  function clock(value) {
    var parts = value.split(":");
    var hours = String(parseInt(parts[0], 10));
    return (hours.length < 2 ? "0" : "") + hours + ":" + parts[1];
  }

  function minutes(hhmm) {
    var parts = hhmm.split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
  }

  /** The first statement of each fact in a text, by fact id. */
  function statements(D, text) {
    var out = {};
    var lines = text.split("\n");
    var facts = compiled(D);
    for (var n = 0; n < lines.length; n++) {
      var line = lines[n];
      facts.forEach(function (fact) {
        if (own(out, fact.id)) return;
        for (var i = 0; i < fact.wordings.length; i++) {
          var w = fact.wordings[i];
          var m = w.re.exec(line);
          if (!m) continue;
          var value;
          if (w.kind === "state") value = w.state || "";
          else if (w.kind === "clock") value = clock(m[1]);
          else if (w.kind === "minutes") value = String(parseInt(m[1], 10));
          else value = m[1].replace(/,/g, "");
          out[fact.id] = { kind: w.kind, value: value, line: n + 1, col: column(line, m.index), text: m[0] };
          break;
        }
      });
    }
    return out;
  }

  /** Whether two statements of a fact say the same (crosscheck.py agree). */
  function agree(a, aAt, b, bAt) {
    if (a.kind === b.kind) return a.value === b.value;
    var kinds = [a.kind, b.kind].sort().join(" ");
    if (kinds !== "clock minutes") return false;
    var relative = a.kind === "minutes" ? a : b;
    var at = a.kind === "minutes" ? aAt : bAt;
    var fixed = a.kind === "minutes" ? b : a;
    if (!at) return false;
    return (minutes(at) + parseInt(relative.value, 10)) % DAY === minutes(fixed.value);
  }

  function isPublic(D, audience) {
    return own(D.audiences, audience) && !!D.audiences[audience].public;
  }

  /** Every statement of a fact that differs from the reference of its moment, in the order of
   * the messages, then by line and column. */
  function check(D, messages) {
    var said = messages.map(function (m) {
      return statements(D, m.text);
    });
    var order = [],
      moments = {};
    messages.forEach(function (m, n) {
      var key = momentOf(D, m.stage);
      if (!own(moments, key)) {
        moments[key] = [];
        order.push(key);
      }
      moments[key].push(n);
    });
    var found = [];
    order.forEach(function (key) {
      var members = moments[key];
      compiled(D).forEach(function (fact) {
        var stating = members.filter(function (n) {
          return own(said[n], fact.id);
        });
        if (stating.length < 2) return;
        var internal = stating.filter(function (n) {
          return !isPublic(D, messages[n].audience);
        });
        var ref = (internal.length ? internal : stating)[0];
        var r = said[ref][fact.id];
        stating.forEach(function (n) {
          var s = said[n][fact.id];
          if (n === ref || agree(s, messages[n].at || null, r, messages[ref].at || null)) return;
          found.push({
            n: n,
            finding: {
              file: messages[n].file,
              line: s.line,
              col: s.col,
              rule: "cross-" + fact.id,
              title: fact.title + "与 " + messages[ref].file + " 的说法不同",
              text: s.text,
              suggestion: messages[ref].file + " 第 " + r.line + " 行：“" + r.text + "”。" + fact.suggestion,
              fact: fact.id,
              other: { file: messages[ref].file, line: r.line, col: r.col, text: r.text },
            },
          });
        });
      });
    });
    return found
      .map(function (x, i) {
        return [x, i];
      })
      .sort(function (a, b) {
        var x = a[0],
          y = b[0];
        return x.n - y.n || x.finding.line - y.finding.line || x.finding.col - y.finding.col || a[1] - b[1];
      })
      .map(function (x) {
        return x[0].finding;
      });
  }

  var HB = /** @type {any} */ (root.HB = root.HB || {});
  HB.crosscheck = { check: check, statements: statements, momentOf: momentOf };
})(typeof window !== "undefined" ? window : globalThis);
