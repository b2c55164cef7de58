/* 应急沟通手册 — the next update's countdown: a bar in view on every page, and the tab's title.
 *
 * Reads the current incident from the store and counts down to its due time, every 30 s, in a
 * compact bar fixed at the foot of the screen ([data-countdown]) and at the head of the tab's
 * title. It runs until a message of the closing stage is recorded as sent; typing the end time
 * alone does not stop it. Exposes HB.countdown.refresh for the views to call after a send.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var R = HB.record;
  var S = HB.store;
  var h = HB.ui.h;
  var document = root.document;
  var timer = null;
  var title = document.title;

  function refresh() {
    var store = S.load(),
      inc = S.current(store, false, HB.ui.now());
    HB.ui.storeAlert(); // loading may have found stored text it cannot read
    var bar = document.getElementById("hb-cadence");
    // Sending a message of the closing stage clears the due time (HB.record.markSent).
    var over = !inc || !inc.due || !R.holdsValues(inc);
    if (over) {
      if (bar) bar.remove();
      document.body.classList.remove("hb-has-countdown");
      document.title = title;
      clearInterval(timer);
      return;
    }
    if (!bar) {
      bar = h("div", {
        id: "hb-cadence",
        class: "hb-cadence",
        "data-countdown": "",
        role: "status",
        "aria-live": "polite",
      });
      document.body.appendChild(bar);
      document.body.classList.add("hb-has-countdown");
    }
    var left = R.minutesLeft(inc.due, new Date(), inc.due.zone || HB.ui.zone());
    var link = h("a", { href: HB.ui.workspaceUrl() + "#ready" }, "去发更新");
    if (left >= 0) {
      bar.className = "hb-cadence";
      bar.replaceChildren(h("strong", null, "下次更新 " + inc.due.time), "：还剩 " + left + " 分钟 ", link);
      document.title = "⏱ " + left + " 分钟 · " + title;
    } else {
      bar.className = "hb-cadence hb-overdue";
      var late = "⚠ 更新已超时 " + -left + " 分钟";
      bar.replaceChildren(h("strong", null, late), "（应于 " + inc.due.time + "）：没有新进展也要发 ", link);
      document.title = "⚠ 超时 " + -left + " 分钟 · " + title;
    }
    clearInterval(timer);
    timer = setInterval(refresh, 30000);
  }

  HB.countdown = { refresh: refresh };
  refresh();
  // Another tab sent an update or started the countdown: show it here within a moment.
  root.addEventListener("storage", refresh);
})(window);
