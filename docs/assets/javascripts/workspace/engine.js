/* 应急沟通手册 — the message engine in the browser: pure functions over the build's data, no DOM.
 *
 * The same engine as macros/engine (types.py, derive.py, fill.py, readiness.py, counting.py,
 * lint.py), run on the definitions the build emits (assets/javascripts/handbook-data.js and a
 * page's scope). It never parses a template: messages arrive as data. tests/conformance holds the
 * cases both engines must pass; Node runs this file on them with no browser.
 * Exposes HB.engine. Loaded first; the other workspace scripts build on it.
 */
(function (root) {
  "use strict";

  var DAY = 24 * 60;
  var TIME = /^([01]?[0-9]|2[0-3]):([0-5][0-9])$/;
  var INT = /^([0-9]{1,4})$/;
  var JOIN = "、";

  /** @param {object} obj @param {string} key */
  function own(obj, key) {
    return obj !== null && obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
  }

  // ---- values: normalisation and types (macros/engine/types.py) ----------------------------
  var CLOCK = /^([0-9]{1,2}):([0-9]{2})$/;
  var DAY_TEXT = /^([0-9]{4})(?:[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日?)$/;
  var BASIC_DAY = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;
  var NUMBER = /^[0-9]+$/;
  var PERCENT = /^([0-9]+) ?%$/;

  /** The compiled normalisation of a set of definitions, made once per D. */
  function folding(D) {
    if (D._folding) return D._folding;
    var n = D.normalize;
    var chars = Object.keys(n.fold).join("");
    var f = {
      invisible: new RegExp("[" + n.invisible + "]", "g"),
      edges: new RegExp("^[" + n.spaces + "]+|[" + n.spaces + "]+$", "g"),
      fold: new RegExp("[" + chars + "]", "g"),
      map: n.fold,
      strip: new RegExp("^[" + n.strip + "]+|[" + n.strip + "]+$", "g"),
    };
    Object.defineProperty(D, "_folding", { value: f, enumerable: false });
    return f;
  }

  /** A lone surrogate (half of a pair, which no file can hold) becomes U+FFFD. */
  function wellFormed(value) {
    var out = "";
    for (var i = 0; i < value.length; i++) {
      var c = value.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        var next = value.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          out += value[i] + value[i + 1];
          i++;
        } else out += "\ufffd";
      } else if (c >= 0xdc00 && c <= 0xdfff) out += "\ufffd";
      else out += value[i];
    }
    return out;
  }

  /** Any value: lone surrogates made U+FFFD, invisible characters removed, spaces trimmed. */
  function clean(D, value) {
    var f = folding(D);
    return wellFormed(value).replace(f.invisible, "").replace(f.edges, "");
  }

  /** A value as it enters, in its type's canonical form (engine.types.normalize). */
  function normalize(D, typeName, value) {
    var kind = D.types[typeName];
    var f = folding(D);
    value = clean(D, value);
    if (!kind.fold) return value;
    value = value.replace(f.fold, function (c) {
      return f.map[c];
    });
    var m;
    if (typeName === "time") {
      m = CLOCK.exec(value);
      return m ? pad(Number(m[1])) + ":" + m[2] : value;
    }
    if (typeName === "date") {
      m = DAY_TEXT.exec(value) || BASIC_DAY.exec(value);
      if (!m) return value;
      var parts = m.slice(1).filter(function (g) {
        return g !== undefined;
      });
      return parts[0] + "-" + pad(Number(parts[1])) + "-" + pad(Number(parts[2]));
    }
    if (typeName === "percent") {
      m = PERCENT.exec(value);
      value = m ? m[1] : value;
    }
    if ((typeName === "minutes" || typeName === "integer" || typeName === "percent") && NUMBER.test(value)) {
      return value.length <= 12 ? String(Number(value)) : value;
    }
    return value;
  }

  function isRealDate(value) {
    var p = value.split("-").map(Number);
    var leap = p[0] % 4 === 0 && (p[0] % 100 !== 0 || p[0] % 400 === 0);
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][p[1] - 1];
    return p[0] >= 1 && p[2] <= days;
  }

  /** Why a normalised value is not a valid value of its type, or null (engine.types.problem). */
  function problem(D, typeName, value) {
    var kind = D.types[typeName];
    if (!new RegExp("^(?:" + kind.pattern + ")$").test(value)) return "'" + value + "' 不是" + kind.expect;
    if (typeName === "date" && !isRealDate(value)) return "'" + value + "' 不是存在的日期（应为" + kind.expect + "）";
    return null;
  }

  /** A catalog key's value as typed: normalised (a list item by item, empty items dropped)
   *  and checked. {value, problem}; value is "" or [] when nothing is left. */
  function checkValue(D, key, raw) {
    var type = D.catalog[key].type;
    if (Array.isArray(raw)) {
      var items = raw
        .map(function (item) {
          return normalize(D, type, String(item));
        })
        .filter(Boolean);
      for (var i = 0; i < items.length; i++) {
        var wrong = problem(D, type, items[i]);
        if (wrong) return { value: items, problem: wrong };
      }
      return { value: items, problem: null };
    }
    var value = normalize(D, type, String(raw));
    return { value: value, problem: value ? problem(D, type, value) : null };
  }

  // ---- derived values (macros/engine/derive.py) --------------------------------------------
  function minutesOf(value) {
    var m = TIME.exec(value);
    return m ? Number(m[1]) * 60 + Number(m[2]) : null;
  }
  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function clock(total) {
    return pad(Math.floor(total / 60)) + ":" + pad(total % 60);
  }

  var OPERATIONS = {
    date_long: function (value) {
      if (!/^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$/.test(value) || !isRealDate(value)) return null;
      var p = value.split("-").map(Number);
      return p[0] + "年" + p[1] + "月" + p[2] + "日";
    },
    minutes_between: function (start, end) {
      var a = minutesOf(start),
        b = minutesOf(end);
      if (a === null || b === null) return null;
      return String((((b - a) % DAY) + DAY) % DAY);
    },
    add_minutes: function (time, minutes) {
      var a = minutesOf(time),
        m = INT.exec(minutes);
      if (a === null || !m) return null;
      return clock((a + Number(m[1])) % DAY);
    },
    count_updates: function (start, now, interval) {
      var elapsed = OPERATIONS.minutes_between(start, now),
        m = INT.exec(interval);
      if (elapsed === null || !m || Number(m[1]) === 0) return null;
      return String(Math.max(1, Math.floor(Number(elapsed) / Number(m[1]))));
    },
  };

  function hasValue(value) {
    return value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0);
  }

  /** Python's str.strip(): the white space it strips is data (D.normalize.strip). */
  function strip(D, text) {
    var f = folding(D);
    return text.replace(f.strip, "");
  }

  // ---- filling (macros/engine/fill.py) -----------------------------------------------------
  /** How each key resolves for a message: given → setting → derived → default → empty. */
  function resolver(D, values) {
    var done = Object.create(null),
      visiting = Object.create(null);
    function resolve(key) {
      if (key in done) return done[key];
      if (visiting[key]) return [null, "blank"];
      visiting[key] = true;
      var result = inner(key);
      delete visiting[key];
      done[key] = result;
      return result;
    }
    function inner(key) {
      var v = D.catalog[key];
      if (own(values, key) && hasValue(values[key])) return [values[key], "filled"];
      if (v.setting) return [own(D.settings, key) ? D.settings[key] : null, "setting"];
      if (v.derive) {
        var inputs = v.derive.from.map(function (k) {
          return resolve(k)[0];
        });
        if (
          inputs.every(function (x) {
            return typeof x === "string";
          })
        ) {
          var derived = OPERATIONS[v.derive.op].apply(null, inputs);
          if (derived !== null) return [derived, "derived"];
        }
      }
      if (v.default !== undefined && v.default !== null) return [v.default, "default"];
      return [null, "blank"];
    }
    return resolve;
  }

  /** The rows of a filled message: each row a list of strings and slots {key, value, origin}. */
  function layout(D, nodes, resolve) {
    var lines = [[]],
      sectioned = [false];
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
        if (typeof node === "string") {
          text(node);
          return;
        }
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
      var content = row.some(function (p) {
        return typeof p !== "string" || strip(D, p);
      });
      if (sectioned[i] && !content) return;
      expand(row).forEach(function (r) {
        out.push(r);
      });
    });
    while (
      out.length &&
      !out[out.length - 1].some(function (p) {
        return typeof p !== "string" || p !== "";
      })
    )
      out.pop();
    return out;
  }

  function expand(row) {
    var pending = row.filter(function (p) {
      return typeof p !== "string";
    });
    var item = pending.length === 1 ? pending[0] : null;
    if (item && Array.isArray(item.value) && item.pending.m !== "join") {
      var index = row.indexOf(item);
      return item.value.map(function (one, n) {
        return row.map(function (part, i) {
          if (i === index) return { key: item.pending.b, value: one, origin: item.origin };
          if (typeof part === "string" && i < index && item.pending.m === "numbered") {
            return part.replace(/[0-9]+/, String(n + 1));
          }
          return part;
        });
      });
    }
    return [
      row.map(function (part) {
        if (typeof part === "string") return part;
        var value = Array.isArray(part.value) ? part.value.join(JOIN) : part.value;
        return { key: part.pending.b, value: value === undefined ? null : value, origin: part.origin };
      }),
    ];
  }

  function blankText(D, key) {
    return "【待填：" + D.catalog[key].label + "】";
  }

  function toText(D, rows) {
    return rows
      .map(function (row) {
        return row
          .map(function (p) {
            return typeof p === "string" ? p : p.value !== null ? p.value : blankText(D, p.key);
          })
          .join("");
      })
      .join("\n");
  }

  // ---- readiness (macros/engine/readiness.py) ----------------------------------------------
  function compile(source, flags) {
    return new RegExp(source, "g" + (flags || ""));
  }

  function placeholderPatterns(D) {
    var out = [];
    D.rules.forEach(function (r) {
      if (r.blanks) {
        r.patterns.forEach(function (p) {
          out.push(compile(p, r.flags));
        });
      }
    });
    return out;
  }

  function isPlaceholder(value, patterns) {
    var items = Array.isArray(value) ? value : [value];
    return items.some(function (item) {
      return patterns.some(function (p) {
        p.lastIndex = 0;
        return p.test(item);
      });
    });
  }

  // ---- order of times (macros/engine/order.py) ---------------------------------------------
  /** Whether HH:MM later is after (or at) earlier, round the clock within D.order_bound. */
  function isAfter(D, later, earlier) {
    var a = minutesOf(earlier),
      b = minutesOf(later);
    if (a === null || b === null) return null;
    return (((b - a) % DAY) + DAY) % DAY <= D.order_bound;
  }

  /** The typed value of key, or the one its derivation gives from typed inputs. */
  function givenOrDerived(D, values, key) {
    var v = D.catalog[key];
    if (own(values, key) && hasValue(values[key])) return values[key];
    if (!v.derive) return null;
    var inputs = v.derive.from.map(function (k) {
      return own(values, k) ? values[k] : null;
    });
    return inputs.every(function (x) {
      return typeof x === "string";
    })
      ? OPERATIONS[v.derive.op].apply(null, inputs)
      : null;
  }

  /** Each key whose time (typed, or derived from typed inputs) comes before the time it must
   * follow: key → message. */
  function orderProblems(D, values) {
    var out = {};
    Object.keys(D.catalog).forEach(function (key) {
      var v = D.catalog[key],
        other = v.after && D.catalog[v.after];
      if (!other) return;
      var later = givenOrDerived(D, values, key),
        earlier = own(values, v.after) ? values[v.after] : null;
      if (typeof later !== "string" || typeof earlier !== "string") return;
      if (isAfter(D, later, earlier) === false)
        out[key] = v.label + " " + later + " 早于" + other.label + " " + earlier;
    });
    return out;
  }

  /** The conflicting keys a message using keys depends on: used, their after, derived from. */
  function conflicting(D, problems, keys) {
    var used = Object.create(null),
      todo = keys.slice();
    while (todo.length) {
      var key = todo.shift();
      if (used[key] || !D.catalog[key]) continue;
      used[key] = true;
      if (D.catalog[key].derive) todo = todo.concat(D.catalog[key].derive.from);
    }
    return Object.keys(problems).filter(function (k) {
      return used[k] || (D.catalog[k].after && used[D.catalog[k].after]);
    });
  }

  /** What still stands between a filled message and sending it: empty blanks, placeholders,
   * and (given the values) the times that conflict. */
  function readiness(D, rows, values) {
    var patterns = placeholderPatterns(D),
      missing = [],
      placeholders = [];
    rows.forEach(function (row) {
      row.forEach(function (p) {
        if (typeof p === "string") return;
        if (p.value === null) {
          if (missing.indexOf(p.key) < 0) missing.push(p.key);
        } else if (isPlaceholder(p.value, patterns) && placeholders.indexOf(p.key) < 0) placeholders.push(p.key);
      });
    });
    var keys = [];
    rows.forEach(function (row) {
      row.forEach(function (p) {
        if (typeof p !== "string") keys.push(p.key);
      });
    });
    var problems = values ? orderProblems(D, values) : {},
      conflicts = conflicting(D, problems, keys);
    return {
      missing: missing,
      placeholders: placeholders,
      conflicts: conflicts,
      reasons: conflicts.map(function (k) {
        return problems[k];
      }),
      complete: !missing.length && !placeholders.length && !conflicts.length,
    };
  }

  /** A message filled from values: its rows, its text and what it still lacks. */
  function fill(D, message, values) {
    var rows = layout(D, message.nodes, resolver(D, values));
    return { rows: rows, text: toText(D, rows), readiness: readiness(D, rows, values) };
  }

  // ---- counting (macros/engine/counting.py) ------------------------------------------------
  var LIGHT = [
    [0x0000, 0x10ff],
    [0x2000, 0x200d],
    [0x2010, 0x201f],
    [0x2032, 0x2037],
  ];
  function weight(ch) {
    var cp = ch.codePointAt(0);
    return LIGHT.some(function (r) {
      return cp >= r[0] && cp <= r[1];
    })
      ? 1
      : 2;
  }
  /** The counters of channel lengths; `url` is counting.URL_RE's source, from the data. */
  function counters(D) {
    return {
      twitter: function (text) {
        var url = new RegExp(D.url_pattern, "g");
        var total = 0,
          pos = 0,
          m;
        while ((m = url.exec(text))) {
          Array.from(text.slice(pos, m.index)).forEach(function (c) {
            total += weight(c);
          });
          total += D.url_weight;
          pos = m.index + m[0].length;
        }
        Array.from(text.slice(pos)).forEach(function (c) {
          total += weight(c);
        });
        return total;
      },
      chars: function (text) {
        return Array.from(text).length;
      },
      // UTF-8 bytes; a lone surrogate counts as the 3 bytes of U+FFFD, as in Python.
      bytes: function (text) {
        var total = 0;
        Array.from(text).forEach(function (c) {
          var cp = c.codePointAt(0);
          total += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        });
        return total;
      },
    };
  }

  // ---- lint (macros/engine/lint.py) --------------------------------------------------------
  function column(line, index) {
    return Array.from(line.slice(0, index)).length + 1;
  }

  /** The same findings as `handbook lint` for a text, an audience and a channel. */
  function lint(D, text, audience, channel) {
    var findings = [],
      lines = text.split("\n");
    var blanks = compile(D.blank_pattern, "");
    D.rules.forEach(function (rule) {
      if (rule.audiences.indexOf(audience) < 0 || (channel && rule.except.indexOf(channel) >= 0)) return;
      if (rule.length) {
        var info = channel && own(D.channels, channel) ? D.channels[channel] : null;
        if (!info || !info.limit || !info.counting) return;
        var used = counters(D)[info.counting](strip(D, text));
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
          if (w) {
            findings.push(finding(i + 1, rule, strip(D, lines[i]), column(lines[i], w.index)));
            break;
          }
        }
        return;
      }
      var patterns = rule.patterns.map(function (p) {
        return compile(p, rule.flags);
      });
      if (rule.blanks) patterns.push(blanks);
      var senses = rule.senses.map(function (s) {
        return { all: s.all.map(unicode(rule.flags)), unless: s.unless.map(unicode(rule.flags)) };
      });
      lines.forEach(function (line, i) {
        if (senses.length) findings.push.apply(findings, meaning(D, rule, senses, i + 1, line));
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
    return findings
      .map(function (f, i) {
        return [f, i];
      })
      .sort(function (a, b) {
        return a[0].line - b[0].line || (a[0].rule < b[0].rule ? -1 : a[0].rule > b[0].rule ? 1 : a[1] - b[1]);
      })
      .map(function (x) {
        return x[0];
      });
  }
  /** A meaning rule's patterns and the clause cut run with the u flag, so that a class or a
   * bounded repeat counts code points, as Python does. */
  function unicode(flags) {
    return function (source) {
      return new RegExp(source, "u" + (flags || ""));
    };
  }

  /** The clauses of one line (lint.py clauses): where each starts and its text. */
  function clauses(D, line) {
    var cut = new RegExp(D.clause_end, "gu"),
      out = [],
      start = 0,
      m;
    while ((m = cut.exec(line))) {
      out.push([start, line.slice(start, m.index)]);
      start = m.index + m[0].length;
    }
    out.push([start, line.slice(start)]);
    return out;
  }

  /** A finding for each clause of the line that one of the rule's senses matches (lint.py _meaning). */
  function meaning(D, rule, senses, number, line) {
    var out = [],
      lead = new RegExp("^[" + D.normalize.strip + "]*");
    clauses(D, line).forEach(function (c) {
      var clause = c[1],
        text = strip(D, clause);
      if (!text) return;
      var hit = senses.some(function (s) {
        return (
          s.all.every(function (p) {
            return p.test(clause);
          }) &&
          !s.unless.some(function (p) {
            return p.test(clause);
          })
        );
      });
      if (hit) out.push(finding(number, rule, text, column(line, c[0] + lead.exec(clause)[0].length)));
    });
    return out;
  }

  function finding(line, rule, text, col) {
    return { line: line, col: col, rule: rule.id, title: rule.title, text: text, suggestion: rule.suggestion };
  }
  function describe(f) {
    return "第 " + f.line + " 行 [" + f.rule + "] " + f.title + "：“" + f.text + "” → " + f.suggestion;
  }

  var HB = /** @type {any} */ (root.HB = root.HB || {});
  HB.engine = {
    own: own,
    clean: clean,
    normalize: normalize,
    problem: problem,
    checkValue: checkValue,
    operations: OPERATIONS,
    minutesOf: minutesOf,
    clock: clock,
    pad: pad,
    hasValue: hasValue,
    resolver: resolver,
    layout: layout,
    fill: fill,
    readiness: readiness,
    isAfter: isAfter,
    orderProblems: orderProblems,
    placeholderPatterns: placeholderPatterns,
    blankText: blankText,
    counters: counters,
    lint: lint,
    clauses: clauses,
    describe: describe,
  };
})(typeof window !== "undefined" ? window : globalThis);
