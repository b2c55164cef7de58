/* 应急沟通手册 — a template page's third view, 本次事件: its message filled from this incident.
 *
 * Runs on template pages only (their data is the JSON element #hb-template-data). Blanks are
 * filled in place; copy asks first while anything is missing; sending records the message.
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
    set.setAttribute("data-tabs", "1:3");
    var inc = S.current(store, false, U.now());
    if (R.holdsValues(inc) && location.hash !== "#example" && location.hash !== "#blank") input.checked = true;

    function filledNow() {
      var incNow = S.current(S.load(), false, U.now()) || R.blank(Date.now());
      return E.fill(D, message, R.valuesOf(D, incNow, message.slug, U.now()));
    }

    function render() {
      store = S.load();
      inc = S.current(store, false, U.now()) || R.blank(Date.now());
      var filled = E.fill(D, message, R.valuesOf(D, inc, message.slug, U.now()));
      var findings = E.lint(D, filled.text, message.audience, message.channel);
      var id = store.current && store.current.indexOf("draft-") !== 0 ? store.current : "未编号";
      var kept = R.holdsValues(inc);
      var service = kept && inc.facts.service ? "（" + inc.facts.service + "）" : "";
      block.replaceChildren(
        h(
          "p",
          { class: "hb-incident-head" },
          kept ? "本次事件：" + id + service + " · " : "还没有开始事件：直接点【待填：…】填写，或去 ",
          h("a", { href: U.workspaceUrl() }, kept ? "在事件工作台修改" : "事件工作台"),
        ),
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
        h(
          "p",
          { class: "hb-actions" },
          h(
            "button",
            {
              type: "button",
              class: "md-button md-button--primary hb-copy",
              on: {
                click: function (ev) {
                  U.copyMessage(D, filledNow(), ev.currentTarget);
                },
              },
            },
            "复制",
          ),
          " ",
          U.sentButton(inc, message.slug, function (button) {
            button.disabled = true;
            var s = S.load();
            if (R.markSent(D, S.current(s, true, U.now()), message, filled.text, new Date())) S.save(s);
            render();
            HB.countdown.refresh();
          }),
          " ",
          h(
            "span",
            { class: filled.readiness.complete ? "hb-ready-ok" : "hb-ready-no", role: "status" },
            U.describeReadiness(D, filled.readiness),
          ),
        ),
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
