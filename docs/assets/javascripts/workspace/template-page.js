/* 应急沟通手册 — a template page's first view, 本次事件: its message filled from this incident.
 *
 * Runs on template pages only (their data is the JSON element #hb-template-data). It is the
 * view the page opens on, incident or not (unless a link names another view); blanks are
 * filled in place; one action ([data-send]) copies the message and records it as sent, asking
 * first while anything is missing; the plain mark records a message sent by other means.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var R = HB.record;
  var S = HB.store;
  var U = HB.ui;
  var h = U.h;
  var document = root.document;

  function templatePage(D, message) {
    var set = document.querySelector(".hb-views");
    if (!set) return;
    var store = S.load();
    var input = h("input", { id: "incident", name: "__tabbed_1", type: "radio" });
    var label = h("label", { for: "incident" }, "本次事件");
    var block = h("div", { class: "tabbed-block hb-incident-view" });
    set.insertBefore(input, set.firstChild);
    var labels = set.querySelector(".tabbed-labels");
    labels.insertBefore(label, labels.firstChild);
    var content = set.querySelector(".tabbed-content");
    content.insertBefore(block, content.firstChild);
    // 只需填空 is the view for pages without the workspace: with it, 本次事件 takes its place.
    var resolved = set.querySelector(":scope > #resolved");
    if (resolved) {
      var at = Array.prototype.indexOf.call(set.querySelectorAll(":scope > input"), resolved);
      set.querySelector(".tabbed-labels").children[at].remove();
      set.querySelector(".tabbed-content").children[at].remove();
      resolved.remove();
    }
    set.setAttribute("data-tabs", "1:" + set.querySelectorAll(":scope > input").length);
    var inc = S.current(store, false, U.now());
    if (["#example", "#blank"].indexOf(location.hash) < 0) input.checked = true;

    function render() {
      store = S.load();
      inc = S.current(store, false, U.now()) || R.blank(Date.now());
      var filled = E.fill(D, message, R.valuesOf(D, inc, message.slug, U.now()));
      var findings = E.lint(D, filled.text, message.audience, message.channel);
      var id = store.current && store.current.indexOf("draft-") !== 0 ? store.current : "未编号";
      var kept = R.holdsValues(inc),
        last = R.lastSent(inc, message.slug);
      var service = kept && inc.facts.service ? "（" + inc.facts.service + "）" : "";
      // The send action above the message: on a phone both are on the first screen.
      var actions = h(
        "p",
        { class: "hb-actions" },
        U.sendAction(D, message, render),
        " ",
        U.sentButton(inc, message.slug, function (button) {
          var review = U.reviewOf(D, message, R.valuesOf(D, inc, message.slug, U.now()));
          if (review.needed && !review.name) return;
          button.disabled = true;
          var s = S.load();
          var extra = review.name ? { reviewed_by: review.name } : null;
          if (R.markSent(D, S.current(s, true, U.now()), message, filled.text, new Date(), extra)) S.save(s);
          render();
          HB.countdown.refresh();
        }),
        " ",
        h(
          "span",
          { class: last ? "hb-ready-ok" : filled.readiness.complete ? "hb-ready-ok" : "hb-ready-no", role: "status" },
          last ? "✓ " + last.at + " 已发送" : U.describeReadiness(D, filled.readiness),
        ),
      );
      block.replaceChildren(
        h(
          "p",
          { class: "hb-incident-head" },
          kept ? "本次事件：" + id + service + " · " : "还没有事件：点【待填：…】直接填，或去",
          h("a", { href: U.workspaceUrl() }, kept ? "在事件工作台修改" : "事件工作台"),
        ),
        actions,
        U.messageNode(D, message, filled, function (key, anchor) {
          U.editInPlace(
            D,
            key,
            anchor,
            function (k, value) {
              S.setValue(D, store, k, value, U.now());
              U.storeAlert();
            },
            render,
          );
        }),
        U.findingsNode(findings),
      );
      U.storeAlert();
    }
    render();
    root.addEventListener("storage", render);
  }

  var message = U.readJson("hb-template-data");
  if (root.HB_DATA && message && message.scope) templatePage(U.definitions(message.scope), message);
})(window);
