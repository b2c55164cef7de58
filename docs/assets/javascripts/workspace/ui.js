/* 应急沟通手册 — the workspace's DOM helpers, shared by its views (no view of its own).
 *
 * Elements from data (text nodes only, never HTML), the site's URLs, the clipboard, a filled
 * message as DOM with its blanks to fill in place, lint findings, the page's definitions.
 * Exposes HB.ui.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var document = root.document;

  /** An element: attributes (text, on: {event: fn}), then children (strings become text). */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") el.textContent = attrs[k];
      else if (k === "on") {
        Object.keys(attrs.on).forEach(function (ev) {
          el.addEventListener(ev, attrs.on[ev]);
        });
      } else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) {
        el.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      (Array.isArray(c) ? c : [c]).forEach(function (x) {
        if (x === null || x === undefined || x === false) return;
        el.appendChild(typeof x === "string" ? document.createTextNode(x) : x);
      });
    }
    return el;
  }

  function base() {
    try {
      return new URL(JSON.parse(document.getElementById("__config").textContent).base, location.href);
    } catch (e) {
      return new URL("./", location.href);
    }
  }

  function siteUrl(path) {
    var url = new URL(path, base());
    if (location.protocol === "file:" && /\/$/.test(url.pathname)) url.pathname += "index.html";
    return url.href;
  }

  /** The workspace's address as this build writes it: incident/ when served, incident.html in
   *  the offline copy. The navigation links it on every page. */
  function workspaceUrl() {
    if (document.getElementById("hb-ws-form")) return location.href.split("#")[0];
    var link = document.querySelector('a.md-nav__link[href$="incident/"], a.md-nav__link[href$="incident.html"]');
    if (!link) return siteUrl("incident/");
    var url = new URL(link.getAttribute("href"), location.href);
    if (url.protocol === "file:" && /\/$/.test(url.pathname)) url.pathname += "index.html";
    return url.href;
  }

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  /** The definitions a page works with: the shared ones (handbook-data.js) and the page's
   *  scope, the part that grows with the handbook (a template page's own variables and moment,
   *  or every message and variable on /incident/). */
  function definitions(scope) {
    var D = {};
    Object.keys(root.HB_DATA || {}).forEach(function (k) {
      D[k] = root.HB_DATA[k];
    });
    Object.keys(scope || {}).forEach(function (k) {
      if (k !== "messages") D[k] = scope[k];
    });
    return D;
  }

  /** The handbook's IANA time zone (mkdocs.yml extra.handbook.timezone_id, default set in
   *  macros/engine/types.py); null on a page without the build's data (the device's zone). */
  function zone() {
    return (root.HB_DATA && root.HB_DATA.timezone_id) || null;
  }

  /** Now, as {date, time} in the handbook's zone, whatever zone the device is set to. */
  function now() {
    return HB.record.stamp(new Date(), zone());
  }

  function copy(text) {
    if (navigator.clipboard && root.isSecureContext) return navigator.clipboard.writeText(text);
    var area = h("textarea", { class: "hb-copy-buffer", "aria-hidden": "true" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  function flash(button, text) {
    var old = button.textContent;
    button.textContent = text;
    setTimeout(function () {
      button.textContent = old;
    }, 1500);
  }

  /** Copy a filled message; one confirmation when blanks or placeholders are still in it. */
  function copyMessage(D, filled, button) {
    var r = filled.readiness;
    if (!r.complete) {
      var names = r.missing.concat(r.placeholders).map(function (k) {
        return "【" + D.catalog[k].label + "】";
      });
      var question = "这条消息还有 " + names.length + " 处没有填好：" + names.join("、") + "。仍然复制吗？";
      if (!root.confirm(question)) return;
    }
    copy(filled.text).then(
      function () {
        flash(button, "已复制");
      },
      function () {
        flash(button, "复制失败，请手动选择文字");
      },
    );
  }

  function describeReadiness(D, r) {
    if (r.complete) return "完整，可以发送";
    var parts = [];
    if (r.missing.length) parts.push("还差 " + r.missing.length + " 个空白");
    if (r.placeholders.length) parts.push(r.placeholders.length + " 个示例值");
    if (r.conflicts && r.conflicts.length) parts.push(r.conflicts.length + " 个时间冲突");
    return parts.join("，");
  }

  /** A filled message as DOM: values marked by origin, empty blanks as buttons to fill in place. */
  function messageNode(D, message, filled, onEdit) {
    var code = h("code");
    filled.rows.forEach(function (row, i) {
      if (i) code.appendChild(document.createTextNode("\n"));
      row.forEach(function (p) {
        if (typeof p === "string") {
          code.appendChild(document.createTextNode(p));
          return;
        }
        if (p.value === null) {
          var edit = function (ev) {
            onEdit(p.key, ev.currentTarget);
          };
          var attrs = { type: "button", class: "hb-blank hb-edit", "data-key": p.key, on: { click: edit } };
          attrs.title = "点这里填写：" + D.catalog[p.key].meaning;
          code.appendChild(h("button", attrs, E.blankText(D, p.key)));
          return;
        }
        var css = p.origin === "setting" ? "hb-setting" : p.origin === "default" ? "hb-default-value" : "hb-filled";
        if (p.origin === "setting" && D.placeholders.indexOf(p.key) >= 0) css += " hb-placeholder";
        code.appendChild(h("span", { class: css, "data-key": p.key, title: D.catalog[p.key].label }, p.value));
      });
    });
    // no-copy: Material's own copy icon would skip the confirmation (and vanish on re-render).
    return h("pre", { class: "hb-message no-copy", "data-view": "incident", "data-template": message.slug }, code);
  }

  /** Fill a blank in place: an input (a text area for lists) over the blank. `save(key, value)`
   *  keeps it; `done()` redraws. */
  function editInPlace(D, key, anchor, save, done) {
    var v = D.catalog[key],
      multi = v.list;
    var field = h(multi ? "textarea" : "input", {
      class: "hb-inplace",
      "aria-label": v.label + "：" + v.meaning,
      placeholder: v.format + (multi ? "（每行一项）" : ""),
      rows: multi ? 3 : null,
      type: multi ? null : "text",
    });
    var finished = false;
    function commit() {
      if (finished) return;
      finished = true;
      save(key, E.checkValue(D, key, multi ? field.value.split("\n") : field.value).value);
      done();
    }
    field.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        finished = true;
        done();
      } else if (ev.key === "Enter" && (!multi || ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        commit();
      }
    });
    field.addEventListener("blur", commit);
    anchor.replaceWith(field);
    field.focus();
  }

  /** What this browser's storage could not do (HB.store.trouble()), said at the top of the page
   *  as an alert; taken away once values are kept again. */
  function storeAlert() {
    var trouble = HB.store.trouble(),
      el = document.getElementById("hb-store-alert");
    if (!trouble) {
      if (el) el.remove();
      return;
    }
    var text;
    if (trouble.kind === "unreadable" && trouble.aside) {
      text =
        "⚠ 这个浏览器里保存的事件数据无法读取。原来的内容没有被覆盖：它已原样另存在 localStorage 的 " +
        trouble.aside +
        ' 下。要找回，在浏览器开发者工具的控制台里运行 copy(localStorage.getItem("' +
        trouble.aside +
        '"))，原文就在剪贴板上。';
    } else if (trouble.kind === "newer") {
      text =
        "⚠ 这个浏览器里的事件数据是更新版本的手册保存的。这里照样读出，但为了不覆盖它，新填的值不会保存：" +
        "请打开新版手册，或用事件工作台的【导出 incident.yml】存一份。";
    } else if (trouble.kind === "unreadable") {
      text =
        "⚠ 这个浏览器里保存的事件数据无法读取，也无法另存。为了不覆盖它，这里填写的值不会保存在这个浏览器里：" +
        "请用事件工作台的【导出 incident.yml】存一份。";
    } else {
      text =
        "⚠ 这个浏览器没有保存填写的值（存储已满或被禁止）。它们只留在这个页面上，关闭或刷新页面就会丢失：" +
        "请马上用事件工作台的【导出 incident.yml】存一份，或先复制要发的消息。";
    }
    if (!el) {
      var article = document.querySelector(".md-content__inner");
      if (!article) return;
      el = h("div", { id: "hb-store-alert", class: "hb-store-alert", role: "alert" });
      article.insertBefore(el, article.firstChild);
    }
    if (el.textContent !== text) el.textContent = text;
  }

  /** 只记录，不复制 (a message sent by other means): disabled for a moment after the message was marked, so a double click is
   *  one action (HB.record.markSent also records a repeat within that moment only once). */
  function sentButton(inc, slug, mark) {
    var button = h(
      "button",
      {
        type: "button",
        class: "md-button hb-sent",
        on: {
          click: function (ev) {
            if (!ev.currentTarget.disabled) mark(ev.currentTarget);
          },
        },
      },
      "只记录，不复制",
    );
    if (inc && HB.record.sentJustNow(inc, slug, new Date())) {
      button.disabled = true;
      setTimeout(function () {
        button.disabled = false;
      }, HB.record.repeatMs);
    }
    return button;
  }

  // How long the undo of a send stays offered.
  var UNDO_MS = 8000;
  var undoTimer = null;

  /** The undo of the last send, at the foot of the screen for UNDO_MS: `text` says what was
   *  done, the button (data-undo) takes it back. */
  function undoOffer(text, undo) {
    var old = document.getElementById("hb-undo");
    if (old) old.remove();
    clearTimeout(undoTimer);
    var bar = h(
      "div",
      { id: "hb-undo", class: "hb-undo", role: "status" },
      h("span", null, text),
      " ",
      h(
        "button",
        {
          type: "button",
          class: "md-button hb-undo-button",
          "data-undo": "",
          on: {
            click: function () {
              bar.remove();
              undo();
            },
          },
        },
        "撤销",
      ),
    );
    document.body.appendChild(bar);
    undoTimer = setTimeout(function () {
      bar.remove();
    }, UNDO_MS);
  }

  /** What a copy must say before it goes: the blanks and example settings still in the message,
   *  a channel limit it is over, and when it was sent before; `action` names what is asked
   *  about when it is not the send (复制 curl 命令). null when there is nothing to ask. */
  function sendQuestion(D, filled, last, shaped, action) {
    var r = filled.readiness,
      parts = [];
    var names = r.missing.concat(r.placeholders, r.conflicts || []).map(function (k) {
      return "【" + D.catalog[k].label + "】";
    });
    if (names.length) parts.push("这条消息还有 " + names.length + " 处没有填好：" + names.join("、") + "。");
    if (shaped && shaped.over) parts.push("它超出了渠道的长度上限：" + HB.channels.describe(shaped) + "。");
    if (last) parts.push("它已在 " + last.date + " " + last.at + " 记录为已发送。");
    if (!parts.length) return null;
    if (action) return parts.join("") + "仍然" + action + "吗？";
    return parts.join("") + (last ? "再复制并记录一次吗？" : "仍然复制并记录为已发送吗？");
  }

  /** Whether the message is recorded only with its reviewer (a major incident's external
   *  message, HB.channels.needsReview) and who that is: what `reviewer()` gives (the view's
   *  field), or asked when it gives null. {needed, name}; name is "" when nobody was named. */
  function reviewOf(D, message, values, reviewer) {
    if (!HB.channels || !HB.channels.needsReview(D, message.audience, values)) return { needed: false, name: "" };
    var name = reviewer ? reviewer() : null; // null: the view has no field for it, so ask
    if (name === null) name = root.prompt("重大事件的对外消息要先经过审核。审核人是谁？");
    return { needed: true, name: (name || "").trim() };
  }

  /** [data-send="<slug>"]: one action that copies the message and records it as sent, with an
   *  undo. It asks first when the message is not ready, is over its channel's limit or was sent
   *  before; a major incident's external message needs its reviewer. A copy that fails records
   *  nothing and says so. `done()` redraws the view. opts: shape(filled, values) gives the
   *  chosen channel's form (HB.channels.render), reviewer() the reviewer typed in the view,
   *  used() is called once the reviewer was recorded. */
  function sendAction(D, message, done, opts) {
    var S = HB.store,
      R = HB.record,
      o = opts || {};
    return h(
      "button",
      {
        type: "button",
        class: "md-button md-button--primary hb-send",
        "data-send": message.slug,
        on: {
          click: function (ev) {
            var button = ev.currentTarget;
            var inc = S.current(S.load(), false, now()) || R.blank(Date.now());
            if (R.sentJustNow(inc, message.slug, new Date())) return; // a double tap: done already
            var values = R.valuesOf(D, inc, message.slug, now());
            var filled = E.fill(D, message, values);
            var shaped = o.shape ? o.shape(filled, values) : null;
            var text = shaped ? shaped.text : filled.text;
            var question = sendQuestion(D, filled, R.lastSent(inc, message.slug), shaped);
            if (question && !root.confirm(question)) return;
            var review = reviewOf(D, message, values, o.reviewer);
            if (review.needed && !review.name) {
              flash(button, "先填审核人：没有复制，也没有记录");
              return;
            }
            copy(text).then(
              function () {
                var before = null,
                  at = new Date();
                /** @type {any} the log entry the send made */
                var entry = null;
                S.update(S.load(), function (latest) {
                  var target = S.current(latest, true, now());
                  before = R.beforeSend(target);
                  var extra = review.name ? { reviewed_by: review.name } : null;
                  if (R.markSent(D, target, message, text, at, extra)) entry = target.log[target.log.length - 1];
                });
                if (entry && review.name && o.used) o.used();
                done();
                HB.countdown.refresh();
                if (!entry) return;
                var recorded = entry;
                var who = review.name ? "（审核：" + review.name + "）" : "";
                undoOffer(
                  "已复制「" + message.title + "」，记录为 " + recorded.at + " 已发送" + who + "。",
                  function () {
                    S.update(S.load(), function (latest) {
                      var target = S.current(latest, false, now());
                      if (target) R.undoSent(target, before, message.slug, recorded.stamp);
                    });
                    done();
                    HB.countdown.refresh();
                  },
                );
              },
              function () {
                flash(button, "复制失败：没有记录，请手动选择文字");
              },
            );
          },
        },
      },
      "复制并记录为已发送",
    );
  }

  function findingsNode(findings) {
    if (!findings.length) return h("p", { class: "hb-lint hb-lint-ok" }, "检查：没有发现问题。");
    return h(
      "div",
      { class: "hb-lint" },
      h("p", { class: "hb-lint-title" }, "检查发现 " + findings.length + " 处（与 handbook lint 同一套规则）："),
      h(
        "ul",
        null,
        findings.map(function (f) {
          return h("li", null, E.describe(f));
        }),
      ),
    );
  }

  HB.ui = {
    h: h,
    siteUrl: siteUrl,
    workspaceUrl: workspaceUrl,
    readJson: readJson,
    definitions: definitions,
    now: now,
    copy: copy,
    copyMessage: copyMessage,
    describeReadiness: describeReadiness,
    zone: zone,
    messageNode: messageNode,
    editInPlace: editInPlace,
    storeAlert: storeAlert,
    sentButton: sentButton,
    sendAction: sendAction,
    sendQuestion: sendQuestion,
    reviewOf: reviewOf,
    undoOffer: undoOffer,
    findingsNode: findingsNode,
  };
})(window);
