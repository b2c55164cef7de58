/* 应急沟通手册 — /incident/, the incident workspace: the facts, what to send now, the log.
 *
 * Runs where the page has the form #hb-ws-form and the build's handbook-all.js. The facts are
 * typed once; every message of the moment (HB.record.listed, from stages.yml) is filled, checked
 * and can be copied and recorded as sent.
 */
(function (root) {
  "use strict";

  var HB = root.HB;
  var E = HB.engine;
  var R = HB.record;
  var S = HB.store;
  var U = HB.ui;
  var F = HB.incidentFile;
  var h = U.h;
  var document = root.document;

  function workspacePage(D, messages) {
    var form = /** @type {HTMLFormElement} */ (document.getElementById("hb-ws-form"));
    var store = S.load();
    // Which zone the times are in: the display setting; "now" is read in D.timezone_id.
    if (typeof D.settings.timezone === "string" && !document.getElementById("hb-ws-zone")) {
      var zoneNote = "本页的时间都是" + D.settings.timezone + "：“现在”按这个时区读取，不按本机的时区。";
      var facts = document.getElementById("facts");
      form.insertBefore(h("p", { id: "hb-ws-zone", class: "hb-ws-zone" }, zoneNote), facts.nextSibling);
    }

    function incNow() {
      return S.current(store, false, U.now()) || R.blank(Date.now());
    }

    function shownValue(resolve, key) {
      var shown = resolve(key);
      if (shown[0] === null) return "";
      var text = Array.isArray(shown[0]) ? shown[0].join("、") : shown[0];
      return (key === "update_time" ? "现在 " : "自动：") + text;
    }

    function fillForm() {
      var inc = incNow(),
        resolve = E.resolver(D, R.valuesOf(D, inc, null, U.now())),
        order = orderNow();
      Array.prototype.forEach.call(form.elements, function (el) {
        var key = el.name;
        if (!E.own(D.catalog, key)) return;
        var bucket = D.catalog[key].per_message ? inc.message : inc.facts,
          value = E.own(bucket, key) ? bucket[key] : undefined;
        el.value = Array.isArray(value) ? value.join("\n") : value || "";
        el.placeholder = !E.hasValue(value) ? shownValue(resolve, key) : "";
        check(el, order);
      });
    }

    function raw(el) {
      return D.catalog[el.name].list ? el.value.split("\n") : el.value;
    }

    /** The times that come before the time they must follow, as the messages are filled now. */
    function orderNow() {
      return E.orderProblems(D, R.valuesOf(D, incNow(), null, U.now()));
    }

    /** A field's warning: a value of the wrong form, or a time before the one it follows. */
    function check(el, order) {
      var key = el.name,
        checked = E.checkValue(D, key, raw(el));
      var problem = E.hasValue(checked.value) ? checked.problem : null;
      if (!problem && order && E.own(order, key)) problem = order[key];
      var note = document.getElementById("warn-" + key);
      if (problem && !note) {
        note = h("p", { class: "hb-field-warn", id: "warn-" + key, role: "alert" });
        el.parentNode.appendChild(note);
      }
      if (note) note.textContent = problem || "";
      if (note && !problem) note.remove();
      el.setAttribute("aria-invalid", problem ? "true" : "false");
    }

    /** Every time that follows another, checked again: typing one time can move another's. */
    function checkTimes(order) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (E.own(D.catalog, el.name) && D.catalog[el.name].after) check(el, order);
      });
    }

    var timer = null;
    form.addEventListener("input", function (ev) {
      var el = /** @type {HTMLInputElement} */ (ev.target);
      if (!E.own(D.catalog, el.name)) return;
      S.setValue(D, store, el.name, E.checkValue(D, el.name, raw(el)).value, U.now());
      U.storeAlert();
      var order = orderNow();
      check(el, order);
      checkTimes(order);
      if (el.name === "incident_id") toolbar();
      clearTimeout(timer);
      timer = setTimeout(function () {
        refresh(false);
      }, 150);
    });
    // Leaving a field shows the value as it is kept: １４：３２ becomes 14:32.
    form.addEventListener("change", function (ev) {
      var el = /** @type {HTMLInputElement} */ (ev.target);
      if (!E.own(D.catalog, el.name)) return;
      var value = E.checkValue(D, el.name, raw(el)).value;
      var shown = Array.isArray(value) ? value.join("\n") : value;
      if (shown !== el.value) el.value = shown;
    });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
    });

    var bar = document.getElementById("hb-ws-bar");
    var ready = document.getElementById("hb-ready");
    var logSlot = document.getElementById("hb-log");

    function note(text) {
      var n = document.getElementById("hb-ws-note");
      if (n) n.textContent = text;
    }

    function toolbar() {
      var ids = Object.keys(store.incidents);
      var select = h(
        "select",
        {
          id: "hb-incident-select",
          "aria-label": "选择事件",
          on: {
            change: function (ev) {
              S.select(store, ev.target.value);
              refresh(true);
            },
          },
        },
        ids.length
          ? ids.map(function (id) {
              var name = id.indexOf("draft-") === 0 ? "未编号的事件（" + id.slice(6) + "）" : id;
              return h("option", { value: id, selected: id === store.current }, name);
            })
          : h("option", { value: "" }, "还没有事件"),
      );
      var shareOut = h("input", {
        type: "text",
        readonly: true,
        class: "hb-share-link",
        "aria-label": "分享链接",
        hidden: true,
      });
      var file = h("input", {
        type: "file",
        accept: ".yml,.yaml,text/yaml,text/plain",
        hidden: true,
        "aria-label": "导入 incident.yml",
        on: { change: importFile },
      });
      function tool(text, click, css) {
        return h("button", { type: "button", class: "md-button" + (css ? " " + css : ""), on: { click: click } }, text);
      }
      bar.replaceChildren(
        h(
          "p",
          { class: "hb-ws-tools" },
          h("label", { for: "hb-incident-select" }, "事件："),
          select,
          " ",
          tool("新建事件", function () {
            S.update(store, function (latest) {
              latest.current = null;
              S.current(latest, true, U.now());
            });
            refresh(true);
          }),
          " ",
          tool("分享链接", function () {
            share(shareOut);
          }),
          " ",
          tool("导出 incident.yml", exportYaml),
          " ",
          tool("导入 incident.yml", function () {
            file.click();
          }),
          " ",
          tool("结束并清除", clear, "hb-clear"),
        ),
        shareOut,
        file,
        h("p", { class: "hb-ws-note", id: "hb-ws-note", role: "status" }),
      );
    }

    function share(out) {
      var inc = S.current(store, false, U.now());
      if (!R.holdsValues(inc)) {
        note("还没有可以分享的值。");
        return;
      }
      var url = new URL(location.href);
      url.hash = "hb=" + S.encodeShare({ id: store.current, f: inc.facts, m: inc.message });
      out.hidden = false;
      out.value = url.href;
      out.select();
      U.copy(url.href).then(
        function () {
          note("分享链接已复制。事实都在链接的 # 之后，浏览器不会把它发给服务器。");
        },
        function () {
          note("请手动复制上面的链接。");
        },
      );
    }

    function download(name, text) {
      var a = h("a", {
        href: URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" })),
        download: name,
      });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () {
        URL.revokeObjectURL(a.href);
        a.remove();
      }, 1000);
    }

    function exportYaml() {
      var inc = S.current(store, false, U.now());
      if (!R.holdsValues(inc)) {
        note("还没有可以导出的值。");
        return;
      }
      var values = Object.create(null);
      Object.keys(inc.facts).forEach(function (k) {
        values[k] = inc.facts[k];
      });
      Object.keys(inc.message).forEach(function (k) {
        values[k] = inc.message[k];
      });
      download("incident.yml", F.toYaml(D, values, store.current));
    }

    function importFile(ev) {
      var f = ev.target.files[0];
      if (!f) return;
      var limit = D.max_file_bytes;
      if (f.size > limit) {
        ev.target.value = "";
        note(
          "没有导入：文件有 " +
            f.size +
            " 字节，超过 " +
            limit +
            " 字节的上限（与 handbook pack 相同）。确认选对了文件。",
        );
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        ev.target.value = "";
        var text;
        try {
          // As the CLI reads it: UTF-8 or refused, never guessed (a GBK file would turn to mojibake).
          text = new TextDecoder("utf-8", { fatal: true }).decode(/** @type {ArrayBuffer} */ (reader.result));
        } catch (e) {
          note("没有导入：文件不是 UTF-8 编码（例如用 GBK 保存的）。用 UTF-8 编码重新保存后再导入。");
          return;
        }
        var parsed = F.fromYaml(D, text);
        // All or nothing, as `handbook pack --incident` does: a file with a mistake changes nothing.
        if (parsed.errors.length) {
          note("没有导入：" + parsed.errors.join("；"));
          return;
        }
        var got = R.buckets(D, parsed.values);
        // A file with no incident id is a new draft: it never replaces one kept here.
        var id = E.hasValue(got.facts.incident_id) ? got.facts.incident_id : S.newId(store, U.now());
        receive(id, got, "文件");
      };
      reader.readAsArrayBuffer(f);
    }

    function clear() {
      var question = "结束并清除事件 " + store.current + "？这个浏览器里它的所有值和发送记录都会删除。";
      if (!store.current || !root.confirm(question)) return;
      S.update(store, function (latest) {
        delete latest.incidents[latest.current];
        latest.current = Object.keys(latest.incidents)[0] || null;
      });
      refresh(true);
      note("已清除。");
    }

    // Asking before incoming values replace anything: what differs, and three answers.
    var asking = h("section", { id: "hb-ws-ask", class: "hb-ws-ask", role: "alertdialog", hidden: true });
    bar.parentNode.insertBefore(asking, bar.nextSibling);

    function shown(value) {
      return Array.isArray(value) ? value.join("、") : value;
    }

    function count(got) {
      return Object.keys(got.facts).length + Object.keys(got.message).length;
    }

    /** Values from a link or a file for incident `id`: a new incident is opened; one kept here
     *  with the same values or only new ones is completed; one with other values asks first. */
    function receive(id, got, source) {
      if (!E.own(store.incidents, id)) {
        var kept = S.adopt(store, id, got.facts, got.message);
        refresh(true);
        var opened =
          source === "文件"
            ? "已导入 " + count(got) + " 个值"
            : "已从" + source + "打开事件，共 " + count(got) + " 个值";
        note(opened + (kept ? "。" : "，但这个浏览器没有保存它们（见页面顶部的警告）：请导出 incident.yml 存一份。"));
        return;
      }
      var diff = R.conflicts(store.incidents[id], got);
      if (!diff.length) {
        S.update(store, function (latest) {
          R.merge(latest.incidents[id], got, "mine", Date.now());
          latest.current = id;
        });
        refresh(true);
        note("这个浏览器里已有事件 " + id + "：" + source + "里没有不同的值，什么也没有替换。");
        return;
      }
      function answer(text, settle) {
        return h("button", { type: "button", class: "md-button", on: { click: settle } }, text);
      }
      function done(message) {
        asking.hidden = true;
        asking.replaceChildren();
        refresh(true);
        note(message);
      }
      asking.replaceChildren(
        h("h3", { id: "hb-ws-ask-title" }, "事件 " + id + " 在这个浏览器里已有不同的值（来自" + source + "）"),
        h("p", null, "下面 " + diff.length + " 项不同；只有一边有的值都会保留，不会被删除。要用哪一份？"),
        h(
          "ul",
          null,
          diff.map(function (d) {
            var label = "【" + D.catalog[d.key].label + "】";
            return h(
              "li",
              { "data-key": d.key },
              label,
              " 这里：",
              shown(d.mine),
              "；" + source + "：",
              shown(d.theirs),
            );
          }),
        ),
        h(
          "p",
          { class: "hb-ws-tools" },
          answer("保留我的", function () {
            S.update(store, function (latest) {
              R.merge(latest.incidents[id], got, "mine", Date.now());
              latest.current = id;
            });
            done("保留了这个浏览器的值；" + source + "里新的值已补上。");
          }),
          " ",
          answer("用对方的", function () {
            S.update(store, function (latest) {
              R.merge(latest.incidents[id], got, "theirs", Date.now());
              latest.current = id;
            });
            done("不同的 " + diff.length + " 项已换成" + source + "里的值。");
          }),
          " ",
          answer("两份都留", function () {
            var copy = id + "-2";
            for (var n = 3; E.own(store.incidents, copy); n++) copy = id + "-" + n;
            S.adopt(store, copy, got.facts, got.message);
            done(source + "里的值另存为事件 " + copy + "，原来的事件 " + id + " 没有改动。");
          }),
        ),
      );
      asking.setAttribute("aria-labelledby", "hb-ws-ask-title");
      asking.hidden = false;
      note("事件 " + id + " 在这个浏览器里已有不同的值：请在下面选择保留哪一份，选之前什么也没有改动。");
    }

    function gapNode(key) {
      var label = "【" + D.catalog[key].label + "】";
      if (document.getElementById("in-" + key)) return h("a", { href: "#f-" + key, class: "hb-gap" }, label);
      return h("span", { class: "hb-gap" }, label + "（手册设置）");
    }

    function stageDef(key) {
      return D.stages.filter(function (x) {
        return x.key === key;
      })[0];
    }

    function stageMessages(key) {
      return messages.filter(function (m) {
        return m.stage === key;
      });
    }

    // The stage the reader chose to prepare ahead of the moment (an offer, e.g. 恢复通知), or null.
    var focus = null;
    // The stage whose facts are up top now, and where each moved field came from (a marker).
    var laidOut = null;
    var homes = Object.create(null);
    var nowHead = document.getElementById("hb-now-head");
    var nowFields = document.getElementById("hb-now-fields");

    function primaryStage(inc) {
      var moment = R.moment(D, inc);
      return focus && focus !== moment ? focus : moment;
    }

    /** The facts the messages of `stage` still need, as they are filled now: [needed, optional].
     *  Not the settings, not what is known already or computed (the clock, derivations, defaults). */
    function neededKeys(inc, stage) {
      var resolve = E.resolver(D, R.valuesOf(D, inc, null, U.now()));
      var needed = [],
        optional = [];
      stageMessages(stage).forEach(function (m) {
        var r = E.fill(D, m, R.valuesOf(D, inc, m.slug, U.now())).readiness;
        var known = function (k) {
          return E.hasValue(inc.facts[k]) || E.hasValue(inc.message[k]) || resolve(k)[0] !== null;
        };
        // A derived blank is asked for by the inputs it is computed from (end_time for the duration).
        var asked = function (k, into) {
          var d = D.catalog[k].derive;
          if (d) {
            d.from.forEach(function (x) {
              if (!known(x)) asked(x, into);
            });
          } else if (document.getElementById("f-" + k) && !known(k) && into.indexOf(k) < 0) into.push(k);
        };
        m.keys.forEach(function (k) {
          if (r.missing.indexOf(k) >= 0) asked(k, needed);
          else asked(k, optional);
        });
      });
      return [
        needed,
        optional.filter(function (k) {
          return needed.indexOf(k) < 0;
        }),
      ];
    }

    function example(key) {
      var ex = D.catalog[key].example;
      return Array.isArray(ex) ? ex.join("、") : ex || "";
    }

    /** A field up top: moved from its group (a marker keeps its place), marked when needed. */
    function moveUp(key, into, needed) {
      var field = document.getElementById("f-" + key);
      if (!(key in homes)) {
        homes[key] = document.createComment(key);
        field.parentNode.insertBefore(homes[key], field);
      }
      if (needed) {
        field.classList.add("hb-needed");
        field.querySelector("label").appendChild(h("span", { class: "hb-need" }, "必填"));
      }
      into.appendChild(field);
    }

    function putBack() {
      Array.prototype.forEach.call(nowFields.querySelectorAll(".hb-field"), function (field) {
        var key = field.id.slice(2);
        if (!(key in homes)) return; // made here (the reviewer), not moved
        field.classList.remove("hb-needed");
        var mark = field.querySelector(".hb-need");
        if (mark) mark.remove();
        homes[key].after(field);
      });
      nowFields.replaceChildren();
    }

    /** Up top: the facts the primary stage's messages still need; the rest stay in their groups.
     *  Never while the reader types up there (moving a field would take its focus). */
    function layOut(inc) {
      var stage = primaryStage(inc);
      if (nowFields.contains(document.activeElement)) return;
      putBack();
      laidOut = stage;
      var keys = neededKeys(inc, stage);
      keys[0].forEach(function (k) {
        moveUp(k, nowFields, true);
      });
      var reviewer = reviewerField(inc, stage);
      if (reviewer) nowFields.appendChild(reviewer);
      if (keys[1].length) {
        var more = h(
          "details",
          { class: "hb-now-more" },
          h("summary", null, "还可以填 " + keys[1].length + " 项（知道就填；不知道就留空，消息用不作承诺的说法）"),
        );
        keys[1].forEach(function (k) {
          moveUp(k, more, false);
        });
        nowFields.appendChild(more);
      }
      Array.prototype.forEach.call(nowFields.querySelectorAll("input, textarea"), function (el) {
        if (!el.value && !el.placeholder) el.placeholder = "例如：" + example(el.name);
      });
    }
    // A moment that moved on while the reader typed up top is laid out once they leave the field.
    nowFields.addEventListener("focusout", function () {
      setTimeout(function () {
        if (laidOut !== primaryStage(incNow()) && !nowFields.contains(document.activeElement)) refresh(true);
      }, 0);
    });

    function gapsNode(r) {
      var gaps = r.missing.concat(r.placeholders, r.conflicts).map(gapNode);
      if (!gaps.length) return null;
      return h(
        "span",
        { class: "hb-gaps" },
        "：",
        gaps.reduce(function (acc, g, n) {
          if (n) acc.push("、");
          acc.push(g);
          return acc;
        }, []),
      );
    }

    // ---- channels and review --------------------------------------------------------------
    // The channel form each message is copied in (its slug → a rendering in m.channels), kept
    // for this tab: plain text where the message offers it, else its first form.
    var CHOSEN = "hb.channel.";
    function chosenOf(m) {
      var kept = null;
      try {
        kept = root.sessionStorage.getItem(CHOSEN + m.slug);
      } catch (e) {
        /* no session storage: the default */
      }
      if (kept && m.channels.indexOf(kept) >= 0) return kept;
      return m.channels.indexOf("plain") >= 0 ? "plain" : m.channels[0];
    }
    function choose(m, key) {
      try {
        root.sessionStorage.setItem(CHOSEN + m.slug, key);
      } catch (e) {
        /* kept for this page only */
      }
    }
    function shapeOf(m) {
      return function (filled, values) {
        return HB.channels.render(D, chosenOf(m), filled, {
          role: stageDef(m.stage).role || null,
          values: values,
          mentions: {},
        });
      };
    }

    /** The channel line of a message: a choice of its forms, each counted against its limit,
     *  and for a webhook form the curl command that posts it (its URL from an environment
     *  variable named in the command: no secret is ever on the page). */
    function channelNode(m, shaped, filled) {
      var select = h(
        "select",
        {
          "data-channel": m.slug,
          "aria-label": "发到哪个渠道：" + m.title,
          on: {
            change: function (ev) {
              choose(m, ev.target.value);
              refresh(false);
            },
          },
        },
        m.channels.map(function (key) {
          return h("option", { value: key, selected: key === shaped.channel }, D.channels[key].label);
        }),
      );
      var command = HB.channels.curl(D, shaped);
      return h(
        "p",
        { class: "hb-channel" },
        h("label", null, "发到：", select),
        " ",
        h("span", { class: shaped.over ? "hb-ready-no" : "hb-count" }, HB.channels.describe(shaped)),
        command
          ? h(
              "button",
              {
                type: "button",
                class: "md-button hb-curl",
                "data-curl": m.slug,
                on: {
                  click: function (ev) {
                    var button = ev.currentTarget;
                    // The command posts the message: a message not ready asks first, as 复制 does.
                    var question = U.sendQuestion(D, filled, null, shaped, "复制 curl 命令");
                    if (question && !root.confirm(question)) return;
                    U.copy(command).then(
                      function () {
                        note(
                          "curl 命令已复制：网址从命令里写的环境变量读取，运行它才会发送（发送后点“只记录，不复制”）。",
                        );
                      },
                      function () {
                        button.textContent = "复制失败";
                      },
                    );
                  },
                },
              },
              "复制 curl 命令",
            )
          : null,
      );
    }

    // Who reviewed this round's external messages of a major incident: typed once up top.
    var REVIEWER = "hb.reviewer";
    function reviewerNow() {
      var box = /** @type {HTMLInputElement} */ (document.getElementById("in-hb-reviewer"));
      return box ? box.value.trim() : null;
    }
    function reviewerUsed() {
      try {
        root.sessionStorage.removeItem(REVIEWER);
      } catch (e) {
        /* nothing kept */
      }
    }
    /** The reviewer's field, up top after the facts, while a message of the stage needs one. */
    /** The audiences whose messages are reviewed in a major incident (audiences.yml reviewed). */
    function reviewedAudiences() {
      return Object.keys(D.audiences)
        .filter(function (k) {
          return D.audiences[k].reviewed;
        })
        .map(function (k) {
          return D.audiences[k].label;
        })
        .join("、");
    }

    function reviewerField(inc, stage) {
      var needs = stageMessages(stage).some(function (m) {
        return !R.lastSent(inc, m.slug) && HB.channels.needsReview(D, m.audience, R.valuesOf(D, inc, m.slug, U.now()));
      });
      if (!needs) return null;
      var kept = "";
      try {
        kept = root.sessionStorage.getItem(REVIEWER) || "";
      } catch (e) {
        /* none */
      }
      var box = h("input", {
        id: "in-hb-reviewer",
        name: "hb_reviewer",
        type: "text",
        autocomplete: "off",
        "aria-describedby": "help-hb-reviewer",
        placeholder: "例如：王五（对外消息的审核人）",
        on: {
          input: function (ev) {
            try {
              root.sessionStorage.setItem(REVIEWER, ev.target.value);
            } catch (e) {
              /* kept in the field only */
            }
          },
        },
      });
      box.value = kept;
      return h(
        "div",
        { class: "hb-field hb-needed", id: "f-hb-reviewer" },
        h("label", { for: "in-hb-reviewer" }, "【审核人】", h("span", { class: "hb-need" }, "必填")),
        box,
        h(
          "p",
          { class: "hb-field-help", id: "help-hb-reviewer" },
          "重大事件发给" + reviewedAudiences() + "的消息，发送前要有人审核：写审核人，记录里会写上。",
        ),
      );
    }

    function actions(inc, m) {
      return h(
        "p",
        { class: "hb-ready-actions" },
        U.sendAction(
          D,
          m,
          function () {
            refresh(true);
          },
          { shape: shapeOf(m), reviewer: reviewerNow, used: reviewerUsed },
        ),
        " ",
        U.sentButton(inc, m.slug, function (button) {
          var values = R.valuesOf(D, incNow(), m.slug, U.now());
          var review = U.reviewOf(D, m, values, reviewerNow);
          if (review.needed && !review.name) {
            note("“" + m.title + "”是重大事件的对外消息：先在上面填审核人，再记录。");
            return;
          }
          button.disabled = true;
          S.update(store, function (latest) {
            var target = S.current(latest, true, U.now());
            var filled = E.fill(D, m, R.valuesOf(D, target, m.slug, U.now()));
            var extra = review.name ? { reviewed_by: review.name } : null;
            R.markSent(D, target, m, shapeOf(m)(filled, values).text, new Date(), extra);
          });
          if (review.name) reviewerUsed();
          refresh(true);
        }),
      );
    }

    function previewNode(m, text) {
      return h(
        "pre",
        { class: "hb-message no-copy", "data-view": "incident", "data-template": m.slug },
        h("code", null, text),
      );
    }

    /** One message: what it still needs, its text, lint findings and its send action. Sent, it
     *  folds to "✓ 09:41 已发送"; an offer (not the moment's) starts folded. */
    // The messages of the moment checked against each other (HB.crosscheck, the rules of
    // `handbook lint --incident`): findings by template slug, made once per redraw.
    var crossFound = Object.create(null);
    function crossCheck(inc, stages) {
      crossFound = Object.create(null);
      var listedMessages = messages.filter(function (m) {
        return stages.indexOf(m.stage) >= 0;
      });
      var filledMessages = listedMessages.map(function (m) {
        var values = R.valuesOf(D, inc, m.slug, U.now());
        return {
          file: m.slug,
          audience: m.audience,
          stage: m.stage,
          text: E.fill(D, m, values).text,
          at: E.resolver(D, values)("update_time")[0],
        };
      });
      HB.crosscheck.check(D, filledMessages).forEach(function (f) {
        var title = listedMessages.filter(function (m) {
          return m.slug === f.other.file;
        })[0];
        var other = Object.assign({}, f, {
          text:
            f.text +
            "”，而「" +
            (title ? title.title : f.other.file) +
            "」第 " +
            f.other.line +
            " 行说“" +
            f.other.text,
        });
        (crossFound[f.file] = crossFound[f.file] || []).push(other);
      });
    }

    function item(inc, m, open) {
      var filled = E.fill(D, m, R.valuesOf(D, inc, m.slug, U.now()));
      var r = filled.readiness;
      var last = R.lastSent(inc, m.slug);
      var link = function () {
        return h("a", { href: U.siteUrl(m.url), class: "hb-ready-title" }, m.title);
      };
      var state = last
        ? h("span", { class: "hb-ready-ok" }, "✓ " + last.at + " 已发送")
        : h("span", { class: r.complete ? "hb-ready-ok" : "hb-ready-no" }, U.describeReadiness(D, r));
      var shaped = shapeOf(m)(filled, R.valuesOf(D, inc, m.slug, U.now()));
      var body = [
        previewNode(m, shaped.text),
        channelNode(m, shaped, filled),
        U.findingsNode(
          E.lint(D, filled.text, m.audience, m.channel)
            .filter(function (f) {
              return r.complete || f.rule !== "leftover-blank"; // the readiness line names the blanks
            })
            .concat(crossFound[m.slug] || []),
        ),
        actions(inc, m),
      ];
      var css = "hb-ready-item" + (last ? " hb-done" : "") + (open ? "" : " hb-offered");
      if (last || !open) {
        return h(
          "li",
          { class: css, "data-template": m.slug },
          h(
            "details",
            { class: "hb-fold" },
            // No link in a summary (a control in a control): the page's link is inside.
            h("summary", null, h("strong", null, m.title), " ", state),
            h("p", null, link(), last ? null : gapsNode(r)),
            last ? h("p", { class: "hb-hint" }, "要再发一次，复制时会先问。") : null,
            body,
          ),
        );
      }
      return h("li", { class: css, "data-template": m.slug }, h("p", null, link(), " ", state, gapsNode(r)), body);
    }

    function stageHead(s, note, extra) {
      return h("h3", null, s.title + " · " + s.timing + (note ? "（" + note + "）" : ""), extra || null);
    }

    function readinessList() {
      var inc = incNow(),
        moment = R.moment(D, inc),
        primary = primaryStage(inc);
      var head = [h("strong", null, "现在：" + stageDef(moment).title), " · " + stageDef(moment).timing];
      if (primary !== moment) {
        head.push(
          h("br"),
          "正在提前准备：" + stageDef(primary).title + " ",
          h(
            "button",
            {
              type: "button",
              class: "md-button hb-back",
              on: {
                click: function () {
                  focus = null;
                  refresh(true);
                },
              },
            },
            "回到现在",
          ),
        );
      }
      // The closing moment is one tap away while it is only an offer (服务已恢复？): at the head,
      // and again under the moment's messages, where the reader is once they went out.
      var closes = R.stageOf(D, "closes");
      var closing = primary === moment && closes && stageDef(moment).offers.indexOf(closes.key) >= 0;
      function prepareCloses() {
        return h(
          "button",
          {
            type: "button",
            class: "md-button hb-prepare",
            "data-stage": closes.key,
            on: {
              click: function () {
                focus = closes.key;
                refresh(true);
                document.getElementById("ready").scrollIntoView();
              },
            },
          },
          "已恢复？准备" + closes.title,
        );
      }
      if (closing) head.push(" ", prepareCloses());
      var keys = nowFields.querySelectorAll(".hb-needed").length;
      head.push(
        h(
          "p",
          { class: "hb-hint" },
          keys
            ? "先填下面标着“必填”的 " + keys + " 项（各填一次），再逐条“复制并记录为已发送”。"
            : "这一刻的消息需要的事实都有了：逐条“复制并记录为已发送”。",
        ),
      );
      nowHead.replaceChildren.apply(nowHead, head);

      crossCheck(inc, [moment].concat(stageDef(moment).offers, primary));
      var primaryList = h(
        "ul",
        { class: "hb-ready-list" },
        stageMessages(primary).map(function (m) {
          return item(inc, m, true);
        }),
      );
      var later = [moment]
        .concat(stageDef(moment).offers)
        .filter(function (key, n, all) {
          return key !== primary && all.indexOf(key) === n && stageDef(key) && stageMessages(key).length;
        })
        .map(function (key) {
          var s = stageDef(key);
          var prepare = h(
            "button",
            {
              type: "button",
              class: "md-button hb-prepare",
              "data-stage": key,
              on: {
                click: function () {
                  focus = key === moment ? null : key;
                  refresh(true);
                  var top = document.getElementById("ready");
                  if (top) top.scrollIntoView();
                },
              },
            },
            key === moment ? "回到现在" : "准备" + s.title,
          );
          return h(
            "section",
            { class: "hb-ready-stage", "data-stage": key },
            stageHead(s, key === moment ? "现在" : "", [" ", prepare]),
            h(
              "ul",
              { class: "hb-ready-list" },
              stageMessages(key).map(function (m) {
                return item(inc, m, false);
              }),
            ),
          );
        });
      var parts = [h("section", { class: "hb-ready-stage", "data-stage": primary }, primaryList)];
      if (closing) parts.push(h("p", { class: "hb-next-step" }, prepareCloses()));
      if (later.length) parts.push(h("h3", { class: "hb-later-title" }, "也可能要发"));
      ready.replaceChildren.apply(ready, parts.concat(later));
    }

    function logList() {
      var inc = incNow();
      if (!inc.log.length) {
        logSlot.replaceChildren(h("p", { class: "hb-hint" }, "还没有标记为已发送的消息。"));
        return;
      }
      logSlot.replaceChildren(
        h(
          "ol",
          { class: "hb-log-list" },
          inc.log.map(function (e) {
            var original = h(
              "details",
              null,
              h("summary", null, "消息原文"),
              h("pre", { class: "no-copy" }, h("code", null, e.text)),
            );
            var who = e.reviewed_by ? "（审核：" + e.reviewed_by + "）" : "";
            return h("li", null, h("strong", null, e.at), " ", e.title + who, original);
          }),
        ),
        h(
          "p",
          null,
          h(
            "button",
            {
              type: "button",
              class: "md-button hb-export-log",
              on: {
                click: function () {
                  download("incident-" + store.current + "-log.md", logMarkdown(store.current, inc));
                },
              },
            },
            "导出记录（Markdown）",
          ),
        ),
      );
    }

    function refresh(all) {
      store = S.load();
      U.storeAlert();
      var inc = incNow();
      if (focus && R.moment(D, inc) === focus) focus = null; // the moment caught up
      if (all) {
        toolbar();
        fillForm();
      } else {
        var resolve = E.resolver(D, R.valuesOf(D, inc, null, U.now()));
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!E.own(D.catalog, el.name) || el.value.trim()) return;
          el.placeholder = shownValue(resolve, el.name) || (nowFields.contains(el) ? "例如：" + example(el.name) : "");
        });
      }
      if (all || laidOut !== primaryStage(inc)) layOut(inc);
      else if (!document.getElementById("f-hb-reviewer")) {
        // The severity just made the incident major: the reviewer's field joins the facts up top.
        var reviewer = reviewerField(inc, primaryStage(inc));
        if (reviewer) nowFields.insertBefore(reviewer, nowFields.querySelector(".hb-now-more"));
      }
      readinessList();
      logList();
      HB.countdown.refresh();
    }

    var linked = null,
      broken = false;
    var hash = /[#&]hb=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (hash) {
      try {
        var shared = S.decodeShare(hash[1]) || {},
          values = Object.create(null);
        // Only catalog values, text or lists of text, normalised as if typed: the rest is dropped.
        [shared.f, shared.m].forEach(function (part) {
          if (part && typeof part === "object") {
            Object.keys(part).forEach(function (k) {
              values[k] = part[k];
            });
          }
        });
        var got = R.buckets(D, values);
        var id = typeof shared.id === "string" && shared.id ? shared.id : S.newId(store, U.now());
        history.replaceState(null, "", location.pathname + location.search);
        linked = { id: id, got: got };
      } catch (e) {
        broken = true; // a damaged link changes nothing
        history.replaceState(null, "", location.pathname + location.search);
      }
    }
    refresh(true);
    if (linked) receive(linked.id, linked.got, "分享链接");
    if (broken) note("这个分享链接已损坏（可能没有复制完整），没有改动任何值。请让对方重新复制链接。");
    root.addEventListener("storage", function () {
      refresh(true);
    });
  }

  function logMarkdown(id, inc) {
    var out = ["# 事件 " + id + " 的消息记录", "", "| 时间 | 消息 | 审核人 |", "| --- | --- | --- |"];
    inc.log.forEach(function (e) {
      var cell = function (text) {
        return (text || "").replace(/\|/g, "\\|");
      };
      out.push("| " + e.date + " " + e.at + " | " + cell(e.title) + " | " + cell(e.reviewed_by) + " |");
    });
    out.push("");
    inc.log.forEach(function (e) {
      var fence = "```";
      while (e.text.indexOf(fence) >= 0) fence += "`";
      out.push("## " + e.at + " " + e.title, "", fence + "text", e.text, fence, "");
    });
    return out.join("\n");
  }

  if (root.HB_DATA && root.HB_ALL && document.getElementById("hb-ws-form")) {
    workspacePage(U.definitions(root.HB_ALL), root.HB_ALL.messages);
  }
})(window);
