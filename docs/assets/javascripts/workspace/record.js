/* 应急沟通手册 — an incident's record in the workspace: pure functions over it, no DOM, no storage.
 *
 * A record holds the incident's facts, this round's per-message values, the log of what was sent,
 * the values carried to the other messages of a moment, and the next update's due time. Which
 * stage opens, repeats and closes an incident is data (stages.yml role, offers, begins_with);
 * no stage key is written here. The clock is passed in ({date, time}), never read here; an
 * instant becomes a date and time in the handbook's zone (D.timezone_id), not the device's.
 * Exposes HB.record.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var DAY = 24 * 60;
  // Keys the record reads by name (macros/render/workspace.py SCRIPT_KEYS sends them to every page).
  var CADENCE_KEYS = ["next_update_time", "next_update_minutes", "update_interval_minutes"];
  // A second 标记为已发送 of the same message within this many ms is the same click, repeated.
  var REPEAT_MS = 10000;

  function blank(created) {
    // Buckets with no prototype: their keys are data, whatever they are called.
    return { facts: Object.create(null), message: Object.create(null), log: [], due: null, created: created };
  }

  function holdsValues(inc) {
    return !!inc && (Object.keys(inc.facts).length > 0 || Object.keys(inc.message).length > 0);
  }

  /** The stage that plays a role (opens, repeats, closes), or null. */
  function stageOf(D, role) {
    for (var i = 0; i < D.stages.length; i++) if (D.stages[i].role === role) return D.stages[i];
    return null;
  }
  function stageByKey(D, key) {
    for (var i = 0; i < D.stages.length; i++) if (D.stages[i].key === key) return D.stages[i];
    return null;
  }
  function stageOfTemplate(D, slug) {
    for (var i = 0; i < D.templates.length; i++) if (D.templates[i].slug === slug) return D.templates[i].stage;
    return null;
  }

  /** The incident's moment: the closing stage once its fact is known; the repeating stage once
   *  every opening message went out or anything at or after it was sent; else the opening one. */
  function moment(D, inc) {
    var opens = stageOf(D, "opens"),
      repeats = stageOf(D, "repeats"),
      closes = stageOf(D, "closes");
    if (closes && closes.begins_with && E.hasValue(inc.facts[closes.begins_with])) return closes.key;
    if (!repeats) return opens.key;
    var order = D.stages.map(function (s) {
      return s.key;
    });
    var sent = inc.log.map(function (e) {
      return e.template;
    });
    var last = sent
      .map(function (slug) {
        return order.indexOf(stageOfTemplate(D, slug));
      })
      .reduce(function (a, b) {
        return Math.max(a, b);
      }, -1);
    if (last >= order.indexOf(repeats.key)) return repeats.key;
    var opening = D.templates.filter(function (t) {
      return t.stage === opens.key;
    });
    var allSent = opening.every(function (t) {
      return sent.indexOf(t.slug) >= 0;
    });
    return last >= 0 && allSent ? repeats.key : opens.key;
  }

  /** The stages to list now: the moment and what it offers, in that order. */
  function listed(D, inc) {
    var now = moment(D, inc);
    return [now].concat(stageByKey(D, now).offers);
  }

  function carriedFor(inc, slug) {
    var stages = inc.carry ? Object.keys(inc.carry) : [];
    for (var i = 0; i < stages.length; i++) {
      if (slug && inc.carry[stages[i]].pending.indexOf(slug) >= 0) return inc.carry[stages[i]];
    }
    return null;
  }

  /** The values a message is filled from: the incident's facts, this message's, and the clock.
   *  A message whose stage partner went out already (the public notice after the internal one)
   *  also gets the values that partner was sent with, unless newer ones were typed since. */
  function valuesOf(D, inc, slug, t) {
    var values = Object.create(null);
    Object.keys(inc.facts).forEach(function (k) {
      values[k] = inc.facts[k];
    });
    var carried = carriedFor(inc, slug);
    if (carried) {
      Object.keys(carried.values).forEach(function (k) {
        values[k] = carried.values[k];
      });
    }
    Object.keys(inc.message).forEach(function (k) {
      values[k] = inc.message[k];
    });
    if (!E.hasValue(values.update_time) && E.own(D.catalog, "update_time")) values.update_time = t.time;
    // The incident's date is the day it was created in the handbook's zone, not today's: an
    // incident that starts at 23:48 keeps its date after midnight. (A record with no created
    // stamp falls back to the clock's date.)
    if (!E.hasValue(values.incident_date) && E.own(D.catalog, "incident_date")) {
      values.incident_date =
        typeof inc.created === "number" ? stamp(new Date(inc.created), D.timezone_id).date : t.date;
    }
    if (!E.hasValue(values.resolution_timeline) && inc.log.length && E.own(D.catalog, "resolution_timeline")) {
      values.resolution_timeline = inc.log.map(function (e) {
        return e.at + " " + (e.summary || e.title);
      });
    }
    return values;
  }

  /** Values from outside (a link, a file) as the record keeps them: catalog keys only, text or
   *  lists of text only, each normalised as if typed, sorted into facts and per-message values.
   *  Anything else is dropped. {facts, message}, both with no prototype. */
  function buckets(D, values) {
    var out = { facts: Object.create(null), message: Object.create(null) };
    if (!values || typeof values !== "object") return out;
    Object.keys(values).forEach(function (key) {
      if (!E.own(D.catalog, key)) return;
      var v = values[key],
        list = D.catalog[key].list;
      var text =
        typeof v === "string" ||
        (list &&
          Array.isArray(v) &&
          v.every(function (x) {
            return typeof x === "string";
          }));
      if (!text) return;
      var value = E.checkValue(D, key, list && !Array.isArray(v) ? [v] : v).value;
      if (E.hasValue(value)) (D.catalog[key].per_message ? out.message : out.facts)[key] = value;
    });
    return out;
  }

  /** Where incoming values (a link, a file) differ from an incident kept here: the keys both
   *  hold with different values, as [{key, mine, theirs}]. Keys only one side holds are no
   *  conflict: they are added, never deleted. */
  function conflicts(inc, incoming) {
    var out = [];
    ["facts", "message"].forEach(function (part) {
      Object.keys(incoming[part]).forEach(function (key) {
        if (!E.own(inc[part], key)) return;
        var mine = inc[part][key],
          theirs = incoming[part][key];
        if (JSON.stringify(mine) !== JSON.stringify(theirs)) out.push({ key: key, mine: mine, theirs: theirs });
      });
    });
    return out;
  }

  /** Incoming values into a kept incident: new keys added; a conflict settled by `prefer`
   *  ("mine" keeps this browser's value, "theirs" takes the incoming one). */
  function merge(inc, incoming, prefer, stampMs) {
    ["facts", "message"].forEach(function (part) {
      Object.keys(incoming[part]).forEach(function (key) {
        if (!E.own(inc[part], key) || prefer === "theirs") inc[part][key] = incoming[part][key];
      });
    });
    inc.updated = stampMs;
  }

  /** Whether the message went out less than REPEAT_MS before `nowDate`: the last log entry of
   *  the same template says when. */
  function sentJustNow(inc, slug, nowDate) {
    for (var i = inc.log.length - 1; i >= 0; i--) {
      var e = inc.log[i];
      if (e.template !== slug) continue;
      var gap = nowDate.getTime() - e.stamp;
      return typeof e.stamp === "number" && gap >= 0 && gap < REPEAT_MS;
    }
    return false;
  }

  /** Put a normalised value in its place: the facts, or this round's per-message values. */
  function put(D, inc, key, value, stamp) {
    var bucket = D.catalog[key].per_message ? inc.message : inc.facts;
    if (E.hasValue(value)) bucket[key] = value;
    else delete bucket[key];
    inc.updated = stamp;
  }

  /** The moment of the next update: `next` after `update`, taking the update as the occurrence of
   *  that clock time nearest to `nowDate` (an update at 23:50 is due at 00:05 the next day). */
  function dueAt(update, next, nowDate, zone) {
    var u = E.minutesOf(update),
      n = E.minutesOf(next),
      at = E.minutesOf(stamp(nowDate, zone).time);
    if (u === null || n === null || at === null) return null;
    var shift = ((u - at + DAY + DAY / 2) % DAY) - DAY / 2 + ((((n - u) % DAY) + DAY) % DAY);
    return stamp(new Date(nowDate.getTime() + shift * 60000), zone);
  }

  var FORMATS = Object.create(null);
  /** A formatter of an instant's date and time in an IANA zone; null when the zone is unknown
   *  to this browser (the device's zone is used then). */
  function formatIn(zone) {
    if (!(zone in FORMATS)) {
      try {
        FORMATS[zone] = new Intl.DateTimeFormat("en-US", {
          timeZone: zone,
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
          numberingSystem: "latn",
        });
      } catch (err) {
        FORMATS[zone] = null;
      }
    }
    return FORMATS[zone];
  }

  /** An instant as {date: YYYY-MM-DD, time: HH:MM} in the IANA `zone` (the handbook's,
   *  D.timezone_id); without a zone, in the device's. */
  function stamp(d, zone) {
    var format = zone ? formatIn(zone) : null;
    if (!format) {
      return {
        date: d.getFullYear() + "-" + E.pad(d.getMonth() + 1) + "-" + E.pad(d.getDate()),
        time: E.clock(d.getHours() * 60 + d.getMinutes()),
      };
    }
    var p = Object.create(null);
    format.formatToParts(d).forEach(function (part) {
      p[part.type] = part.value;
    });
    return { date: p.year + "-" + p.month + "-" + p.day, time: E.clock((Number(p.hour) % 24) * 60 + Number(p.minute)) };
  }

  /** Sent: into the log; the update number moves on; this round's values (per message: the
   *  update's time, progress, ETA …) are cleared for the next round, while the other messages
   *  of the same stage keep what this one was sent with until they go out too. A message that
   *  promises the next update starts the countdown; one of the closing stage ends it.
   *  The same message marked again within REPEAT_MS is the same action: nothing changes.
   *  `extra.reviewed_by` records its reviewer. Returns whether it was recorded. */
  function markSent(D, inc, message, text, nowDate, extra) {
    if (sentJustNow(inc, message.slug, nowDate)) return false;
    var t = stamp(nowDate, D.timezone_id),
      values = valuesOf(D, inc, message.slug, t),
      resolve = E.resolver(D, values);
    inc.log.push({
      at: resolve("update_time")[0] || t.time,
      date: t.date,
      template: message.slug,
      title: message.title,
      summary: values.progress_summary || "",
      text: text,
      stamp: nowDate.getTime(),
    });
    // Who reviewed a major incident's external message (handbook send writes the same field).
    if (extra && extra.reviewed_by) inc.log[inc.log.length - 1].reviewed_by = extra.reviewed_by;
    var number = inc.message.update_number;
    if (message.keys.indexOf("update_number") >= 0) {
      var sent = Number(resolve("update_number")[0]);
      number = sent ? String(sent + 1) : undefined;
    }
    inc.carry = inc.carry || Object.create(null);
    var carried = carriedFor(inc, message.slug);
    if (carried) {
      carried.pending = carried.pending.filter(function (s) {
        return s !== message.slug;
      });
    } else {
      carried = inc.carry[message.stage] = {
        values: inc.message,
        pending: D.templates
          .filter(function (x) {
            return x.stage === message.stage && x.slug !== message.slug;
          })
          .map(function (x) {
            return x.slug;
          }),
      };
      inc.message = Object.create(null);
    }
    if (!carried.pending.length) delete inc.carry[message.stage];
    if (number) inc.message.update_number = number;
    var closes = stageOf(D, "closes");
    if (closes && message.stage === closes.key) inc.due = null;
    else if (
      message.keys.some(function (k) {
        return CADENCE_KEYS.indexOf(k) >= 0;
      })
    ) {
      var next = resolve("next_update_time")[0],
        due = typeof next === "string" ? dueAt(resolve("update_time")[0], next, nowDate, D.timezone_id) : null;
      // The due time keeps its zone: the countdown on a page without the build's data (the
      // checklist, the home page) counts in it too.
      if (due) inc.due = { date: due.date, time: due.time, zone: D.timezone_id };
    }
    return true;
  }

  /** A copy of an object's own keys on an object with no prototype: any key is data there,
   *  `__proto__` and `constructor` included. */
  function dict(obj) {
    var out = Object.create(null);
    if (obj && typeof obj === "object" && !Array.isArray(obj)) {
      Object.keys(obj).forEach(function (k) {
        out[k] = obj[k];
      });
    }
    return out;
  }

  /** What markSent is about to change, as plain data (it outlives the loaded store): this round's
   *  values, the carried ones and the due time. Give it to undoSent to take the send back. */
  function beforeSend(inc) {
    return JSON.parse(JSON.stringify({ message: inc.message, carry: inc.carry || null, due: inc.due }));
  }

  /** Take back the send of `slug` recorded at `stampMs`: its log entry goes, this round's values,
   *  the carried ones and the due time are as they were before it. A value typed since the send
   *  is kept. Returns whether the entry was found. */
  function undoSent(inc, before, slug, stampMs) {
    var kept = inc.log.filter(function (e) {
      return !(e.template === slug && e.stamp === stampMs);
    });
    if (kept.length === inc.log.length) return false;
    var typedSince = inc.message;
    inc.log = kept;
    inc.message = dict(before.message);
    Object.keys(typedSince).forEach(function (k) {
      if (k !== "update_number") inc.message[k] = typedSince[k];
    });
    inc.due = before.due;
    if (before.carry) {
      inc.carry = dict(before.carry);
      Object.keys(inc.carry).forEach(function (stage) {
        inc.carry[stage] = { values: dict(inc.carry[stage].values), pending: inc.carry[stage].pending.slice() };
      });
    } else delete inc.carry;
    return true;
  }

  /** The last time `slug` was recorded as sent ({at, date}), or null. */
  function lastSent(inc, slug) {
    for (var i = inc.log.length - 1; i >= 0; i--) if (inc.log[i].template === slug) return inc.log[i];
    return null;
  }

  /** Minutes from now to a due stamp (negative when overdue), reading now in `zone`. */
  function minutesLeft(due, nowDate, zone) {
    var t = stamp(nowDate, zone),
      left = E.minutesOf(due.time) - E.minutesOf(t.time);
    if (due.date !== t.date) left += (Date.parse(due.date) - Date.parse(t.date)) / 60000;
    return left;
  }

  HB.record = {
    blank: blank,
    holdsValues: holdsValues,
    stageOf: stageOf,
    moment: moment,
    listed: listed,
    valuesOf: valuesOf,
    buckets: buckets,
    conflicts: conflicts,
    merge: merge,
    put: put,
    repeatMs: REPEAT_MS,
    sentJustNow: sentJustNow,
    markSent: markSent,
    dict: dict,
    beforeSend: beforeSend,
    undoSent: undoSent,
    lastSent: lastSent,
    dueAt: dueAt,
    stamp: stamp,
    minutesLeft: minutesLeft,
  };
})(typeof window !== "undefined" ? window : globalThis);
