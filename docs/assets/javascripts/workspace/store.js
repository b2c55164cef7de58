/* 应急沟通手册 — where the workspace keeps incidents: this browser's localStorage, and share links.
 *
 * The store is {current, incidents: {id: record}}; records are HB.record's. Ids and value keys
 * are data: the incidents and each record's buckets are objects with no prototype (any string is
 * an id, `__proto__` included). When storage keeps nothing, or holds text this page cannot read
 * (set aside under a key of its own, never overwritten), trouble() says so for the views. Nothing is sent
 * anywhere: a share link carries an incident's values in the URL fragment, which browsers
 * never send to a server. Exposes HB.store.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var R = HB.record;
  var KEY = "hb.incidents.v1";
  // The stored format: 1 (no `version`, up to stop 19), 2 (`version`; the current incident belongs
  // to the tab). A handbook upgrade reads every earlier format; a newer one is never written over.
  var VERSION = 2;
  // Which incident this tab works on: per tab, kept across its reloads (sessionStorage). The
  // stored `current` is only the last one any tab used, which a new tab starts on.
  var TAB = "hb.incidents.tab-current";

  // What went wrong with this browser's storage, for the views to say (null: nothing).
  var trouble = null;
  // The store as this page last had it, while storage keeps nothing: the page keeps the values.
  var memory = null;
  // The stored text could not be read nor set aside: never write over it.
  var locked = false;

  // A copy of an object's own keys on an object with no prototype (HB.record.dict).
  var dict = R.dict;

  /** A record as stored (JSON.parse gives plain objects): its buckets rebuilt as dicts. */
  function revive(raw) {
    var inc = R.blank(raw && typeof raw.created === "number" ? raw.created : Date.now());
    if (!raw || typeof raw !== "object") return inc;
    inc.facts = dict(raw.facts);
    inc.message = dict(raw.message);
    inc.log = Array.isArray(raw.log) ? raw.log : [];
    inc.due = raw.due && typeof raw.due === "object" ? raw.due : null;
    if (raw.updated !== undefined) inc.updated = raw.updated;
    if (raw.carry && typeof raw.carry === "object") {
      inc.carry = dict(raw.carry);
      Object.keys(inc.carry).forEach(function (stage) {
        var c = inc.carry[stage] || {};
        inc.carry[stage] = { values: dict(c.values), pending: Array.isArray(c.pending) ? c.pending : [] };
      });
    }
    return inc;
  }

  function fresh() {
    return { current: tabCurrent(), incidents: Object.create(null) };
  }

  function tabCurrent() {
    try {
      return root.sessionStorage.getItem(TAB);
    } catch (e) {
      return null;
    }
  }

  function keepTabCurrent(id) {
    try {
      if (id) root.sessionStorage.setItem(TAB, id);
      else root.sessionStorage.removeItem(TAB);
    } catch (e) {
      /* no session storage: the tab follows the last incident used */
    }
  }

  /** Stored text this page cannot read: kept aside under a key of its own, never overwritten. */
  function setAside(text) {
    var aside = KEY + ".unreadable-" + Date.now();
    try {
      root.localStorage.setItem(aside, text);
      root.localStorage.removeItem(KEY);
      trouble = { kind: "unreadable", aside: aside };
    } catch (e) {
      locked = true;
      trouble = { kind: "unreadable", aside: null };
    }
  }

  function load() {
    if (memory) return memory;
    var text;
    try {
      text = root.localStorage.getItem(KEY);
    } catch (e) {
      trouble = { kind: "unkept" }; // storage blocked
      return (memory = fresh());
    }
    if (text === null) return fresh();
    try {
      var s = JSON.parse(text);
      var readable = s && typeof s === "object" && s.incidents && typeof s.incidents === "object";
      if (readable && !Array.isArray(s.incidents) && typeof s.version === "number" && s.version > VERSION) {
        locked = true; // written by a newer handbook: read it, never write over it
        trouble = { kind: "newer" };
      }
      if (readable && !Array.isArray(s.incidents)) {
        var store = fresh();
        Object.keys(s.incidents).forEach(function (id) {
          store.incidents[id] = revive(s.incidents[id]);
        });
        var mine = store.current;
        var last = typeof s.current === "string" && E.own(store.incidents, s.current) ? s.current : null;
        store.current = mine && E.own(store.incidents, mine) ? mine : last;
        return store;
      }
    } catch (e) {
      /* unreadable: set it aside below */
    }
    setAside(text);
    return fresh();
  }

  function save(store) {
    try {
      if (locked) throw new Error("the stored text is unreadable and could not be set aside");
      root.localStorage.setItem(
        KEY,
        JSON.stringify({ version: VERSION, current: store.current, incidents: store.incidents }),
      );
      keepTabCurrent(store.current);
      memory = null;
      if (trouble && trouble.kind === "unkept") trouble = null;
      return true;
    } catch (e) {
      // private mode or full: the values stay on this page, and the views say so
      memory = store;
      if (!trouble) trouble = { kind: "unkept" }; // an unreadable or newer store says more
      return false;
    }
  }

  /** Change the incidents as stored now, not as this page last read them: another tab may have
   *  written since. `change(latest)` edits the freshly read store, which is saved and becomes the
   *  caller's `store` (its current incident stays this tab's). Returns whether it was kept. */
  function update(store, change) {
    var latest = memory || locked ? store : load();
    latest.current = store.current;
    change(latest);
    var ok = save(latest);
    store.incidents = latest.incidents;
    store.current = latest.current;
    return ok;
  }

  /** Make `id` (or none) this tab's incident. */
  function select(store, id) {
    return update(store, function (latest) {
      latest.current = id && E.own(latest.incidents, id) ? id : null;
    });
  }

  /** A new draft's id: the minute it was made, with -2, -3 … while that id is taken. */
  function newId(store, t) {
    var base = "draft-" + t.date.replace(/-/g, "") + "-" + t.time.replace(":", ""),
      id = base;
    for (var n = 2; E.own(store.incidents, id); n++) id = base + "-" + n;
    return id;
  }

  /** The current incident; with `create`, a new draft when there is none. */
  function current(store, create, t) {
    var inc = store.current && E.own(store.incidents, store.current) ? store.incidents[store.current] : null;
    if (!inc && create) {
      var id = newId(store, t);
      inc = store.incidents[id] = R.blank(Date.now());
      store.current = id;
    }
    return inc || null;
  }

  /** A typed value into the current incident (created if need be); an incident id typed for a
   *  draft renames it. Returns whether it was kept. */
  function setValue(D, store, key, value, t) {
    return update(store, function (latest) {
      var inc = current(latest, true, t);
      R.put(D, inc, key, value, Date.now());
      if (key === "incident_id" && E.hasValue(value) && latest.current !== value && !E.own(latest.incidents, value)) {
        latest.incidents[value] = inc;
        delete latest.incidents[latest.current];
        latest.current = value;
      }
    });
  }

  /** An incident's values from a file or a link: they replace its values, not its log or countdown. */
  function adopt(store, id, facts, message) {
    return update(store, function (latest) {
      var inc = E.own(latest.incidents, id) ? latest.incidents[id] : R.blank(Date.now());
      inc.facts = dict(facts);
      inc.message = dict(message);
      inc.updated = Date.now();
      latest.incidents[id] = inc;
      latest.current = id;
    });
  }

  function encodeShare(values) {
    var bytes = new TextEncoder().encode(JSON.stringify(values)),
      bin = "";
    bytes.forEach(function (b) {
      bin += String.fromCharCode(b);
    });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeShare(text) {
    var bin = atob(text.replace(/-/g, "+").replace(/_/g, "/")),
      bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  HB.store = {
    key: KEY,
    version: VERSION,
    load: load,
    save: save,
    update: update,
    select: select,
    trouble: function () {
      return trouble;
    },
    newId: newId,
    current: current,
    setValue: setValue,
    adopt: adopt,
    encodeShare: encodeShare,
    decodeShare: decodeShare,
  };
})(window);
