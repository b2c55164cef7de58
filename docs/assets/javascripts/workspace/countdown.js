/* 应急沟通手册 — the next update's countdown, on every page while an incident has one due.
 *
 * Reads the current incident from the store and counts down to its due time, every 30 s.
 * Exposes HB.countdown.refresh for the views to call after a message is recorded as sent.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var R = HB.record;
  var S = HB.store;
  var h = HB.ui.h;
  var document = root.document;
  var timer = null;

  function refresh() {
    var store = S.load(),
      inc = S.current(store, false, HB.ui.now());
    HB.ui.storeAlert(); // loading may have found stored text it cannot read
    var bar = document.getElementById("hb-cadence");
    if (!inc || !inc.due || !R.holdsValues(inc) || E.hasValue(inc.facts.end_time)) {
      if (bar) bar.remove();
      return;
    }
    if (!bar) {
      bar = h("div", { id: "hb-cadence", class: "hb-cadence", role: "status", "aria-live": "polite" });
      var article = document.querySelector(".md-content__inner");
      if (!article) return;
      article.insertBefore(bar, article.firstChild);
    }
    var left = R.minutesLeft(inc.due, new Date(), inc.due.zone || HB.ui.zone());
    var link = h("a", { href: HB.ui.workspaceUrl() }, "事件工作台");
    if (left >= 0) {
      bar.className = "hb-cadence";
      bar.replaceChildren(
        "下次更新 " + inc.due.time + "：还剩 " + left + " 分钟。即使没有新进展，也要按时发一条更新。 ",
        link,
      );
    } else {
      bar.className = "hb-cadence hb-overdue";
      var late = "⚠ 已超过下次更新时间（" + inc.due.time + "）" + -left + " 分钟";
      bar.replaceChildren(late + "：现在就发一条更新，没有新进展就写“仍在处理”。 ", link);
    }
    clearInterval(timer);
    timer = setInterval(refresh, 30000);
  }

  HB.countdown = { refresh: refresh };
  refresh();
  // Another tab sent an update or started the countdown: show it here within a moment.
  root.addEventListener("storage", refresh);
})(window);
