/* 应急沟通手册 — Material's code-copy buttons never copy an unready or example message unasked.
 *
 * Every page. A click on Material's copy icon ([data-clipboard-target]: .md-code__button in
 * Material 9.8, .md-clipboard before) over a message (pre.hb-message)
 * is caught before Material's own handler: a view with blanks (只需填空, 空白模板) asks first,
 * naming how many 【待填】 are left; an example (填写示例, the case study's messages) asks
 * first, naming whose incident it is, and so does a drill's model answer (a code block in a
 * "??? example" fold). Only after a yes is the text copied. Commands and other
 * code copy as Material copies them.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var document = root.document;
  var EXAMPLE_VIEWS = ["example", "values"];

  /** What to ask before copying this message, or null when it may simply be copied. */
  function question(pre, text) {
    var view = pre.getAttribute("data-view");
    if (EXAMPLE_VIEWS.indexOf(view) >= 0) {
      var note = pre.parentNode && pre.parentNode.querySelector(".hb-example-note");
      var whose = note ? note.textContent : "这是手册案例里的示例事件的消息，仅供参考，勿直接发送。";
      return whose + "\n它写的是示例事件的事实，不是本次事件的。仍然复制吗？";
    }
    var found = blankPattern();
    var blanks = found ? text.match(found) || [] : [];
    if (!blanks.length) return view === "blank" ? "这是空白模板，发送前要把空白换成实际值。仍然复制吗？" : null;
    return (
      "这条消息还有 " +
      blanks.length +
      " 处没有填好（" +
      blanks.slice(0, 3).join("、") +
      (blanks.length > 3 ? " …" : "") +
      "）。发送前要换成实际值；开启事件工作台可以直接填好。仍然复制吗？"
    );
  }

  var pattern = null;
  /** The unfilled blanks as lint finds them (the build's blank_pattern, in a template page's
   *  data); null on a page without it. */
  function blankPattern() {
    if (pattern === null) {
      var data = HB.ui.readJson("hb-template-data");
      pattern = data && data.scope ? new RegExp(data.scope.blank_pattern, "g") : false;
    }
    if (pattern) pattern.lastIndex = 0;
    return pattern || null;
  }

  root.addEventListener(
    "click",
    function (ev) {
      var target = /** @type {Element} */ (ev.target);
      var button = target && target.closest ? target.closest("[data-clipboard-target]") : null;
      if (!button) return;
      var selector = button.getAttribute("data-clipboard-target");
      var code = selector ? document.querySelector(selector) : null;
      var pre = code ? code.closest("pre.hb-message") : null;
      // A drill's model answer (a ```text block in a "??? example" fold) is an example too.
      var answer = !pre && code ? code.closest("details.example, .admonition.example") : null;
      if (!pre && !answer) return;
      var text = code.textContent;
      var ask = pre
        ? question(pre, text)
        : "这是培训练习的参考答案，写的是练习里的示例事件，不是本次事件。仍然复制吗？";
      if (!ask) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      if (!root.confirm(ask)) return;
      HB.ui.copy(text).then(
        function () {
          button.setAttribute("title", "已复制");
        },
        function () {
          button.setAttribute("title", "复制失败，请手动选择文字");
        },
      );
    },
    true,
  );
})(window);
