/* 应急沟通手册 — where the workspace keeps incidents: this browser's localStorage, and share links.
 *
 * The store is {current, incidents: {id: record}}; records are HB.record's. Nothing is sent
 * anywhere: a share link carries an incident's values in the URL fragment, which browsers
 * never send to a server. Exposes HB.store.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var R = HB.record;
  var KEY = "hb.incidents.v1";

  function load() {
    try {
      var s = JSON.parse(root.localStorage.getItem(KEY) || "null");
      if (s && s.incidents) return s;
    } catch (e) {
      /* unreadable: start again */
    }
    return { current: null, incidents: {} };
  }

  function save(store) {
    try {
      root.localStorage.setItem(KEY, JSON.stringify(store));
      return true;
    } catch (e) {
      return false; // private mode or full: values stay on this page
    }
  }

  /** The current incident; with `create`, a new draft when there is none. */
  function current(store, create, t) {
    var inc = store.current && E.own(store.incidents, store.current) ? store.incidents[store.current] : null;
    if (!inc && create) {
      var id = "draft-" + t.date.replace(/-/g, "") + "-" + t.time.replace(":", "");
      inc = store.incidents[id] = R.blank(Date.now());
      store.current = id;
    }
    return inc || null;
  }

  /** A typed value into the current incident (created if need be); an incident id typed for a
   *  draft renames it. Returns whether it was kept. */
  function setValue(D, store, key, value, t) {
    var inc = current(store, true, t);
    R.put(D, inc, key, value, Date.now());
    if (key === "incident_id" && E.hasValue(value) && store.current !== value && !E.own(store.incidents, value)) {
      store.incidents[value] = inc;
      delete store.incidents[store.current];
      store.current = value;
    }
    return save(store);
  }

  /** An incident's values from a file or a link: they replace its values, not its log or countdown. */
  function adopt(store, id, facts, message) {
    var inc = E.own(store.incidents, id) ? store.incidents[id] : R.blank(Date.now());
    inc.facts = facts;
    inc.message = message;
    inc.updated = Date.now();
    store.incidents[id] = inc;
    store.current = id;
    return save(store);
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
    load: load,
    save: save,
    current: current,
    setValue: setValue,
    adopt: adopt,
    encodeShare: encodeShare,
    decodeShare: decodeShare,
  };
})(window);
