/* 应急沟通手册 — the home page's start button says "continue" while an incident is kept here. */
(function (root) {
  "use strict";

  var HB = root.HB;
  var home = root.document.getElementById("hb-start");
  var store = HB.store.load();
  var inc = HB.store.current(store, false, HB.ui.now());
  if (home && HB.record.holdsValues(inc)) {
    home.textContent = "继续当前事件（" + (store.current.indexOf("draft-") === 0 ? "未编号" : store.current) + "）";
  }
})(window);
