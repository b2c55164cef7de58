// The handbook's search (replaces Material's search plugin): loads search/index.js
// (built by macros/render/search.py) only when the reader opens search, with a
// <script src>, so it also works from file:// where fetch and workers do not.
// Ranks sections with BM25 (text, heading, page title); renders Material's result
// markup with DOM APIs only: index text is always set as text, never parsed as HTML.
(() => {
  "use strict";
  const root = document.querySelector("[data-hb-search]");
  const toggle = /** @type {HTMLInputElement | null} */ (document.getElementById("__search"));
  const configEl = document.getElementById("__config");
  if (!root || !toggle || !configEl) return;
  const config = JSON.parse(configEl.textContent);
  // The search box's parts: overrides/partials/search.html always has all of them.
  const input = /** @type {HTMLInputElement} */ (root.querySelector(".md-search__input"));
  const form = /** @type {HTMLFormElement} */ (input.form);
  const meta = /** @type {HTMLElement} */ (root.querySelector(".md-search-result__meta"));
  const list = /** @type {HTMLElement} */ (root.querySelector(".md-search-result__list"));
  const scroll = /** @type {HTMLElement} */ (root.querySelector(".md-search__scrollwrap"));
  const site = new URL(String(config.base || ".").replace(/\/*$/, "/"), location.href);
  const words = config.translations || {};
  /** @type {(key: string, fallback: string, n?: number) => string} */
  const t = (key, fallback, n) => String(words[key] || fallback).replace("#", String(n));

  const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  const TOKEN = new RegExp(`[${HAN}]+|[a-z0-9]+`, "g");
  const IS_HAN = new RegExp(`^[${HAN}]`);
  const K1 = 1.2;
  const B = 0.3;
  // Fields: the text, the section's heading, the page's title (h1); every section of a
  // page is also about the page's title, which weighs most.
  const SECTION_BOOST = 2;
  const PAGE_BOOST = 4;
  const SHOWN_PAGES = 30;
  const SHOWN_SECTIONS = 3; // per page; the rest fold under "more"
  const SNIPPET = 90; // characters of text around the first match

  // The index as search/index.js (macros/render/search.py) assigns it to window.__hbSearch:
  // per page its URL, an optional weight for its sections and [anchor, heading, text]
  // per section, the first being the page itself (its heading is the page's title).
  /** @typedef {{ u: string, b?: number, s: [string, string, string][] }} IndexPage */
  /** @typedef {{ v: number, p: IndexPage[] }} IndexData */
  /** @typedef {{ p: number, n: number, anchor: string, title: string, text: string,
   *    dl: number, tl: number, pl: number }} Doc */
  /** @typedef {ReturnType<typeof build>} Index */
  /** @typedef {[string, number][]} Group terms and their weights; matched when any term is */
  /** @typedef {{ doc: Doc, s: number, own: boolean }} Hit */
  /** @typedef {{ p: number, best: number, score: number, hits: Hit[] }} Result */

  let state = "idle"; // idle, loading, ready, failed
  /** @type {Index} null until state is "ready"; read only then */
  let index = /** @type {any} */ (null);
  /** @type {string | null} */
  let last = null;

  /** @type {(text: string) => string[]} */
  const tokens = (text) => text.normalize("NFKC").toLowerCase().match(TOKEN) || [];

  // -- loading ------------------------------------------------------------------
  function load() {
    if (state !== "idle") return;
    state = "loading";
    const script = document.createElement("script");
    script.src = new URL("search/index.js", site).href;
    script.onload = () => {
      try {
        index = build(/** @type {any} */ (window).__hbSearch);
        state = "ready";
      } catch (err) {
        state = "failed";
      }
      last = null;
      run();
    };
    script.onerror = () => {
      state = "failed";
      run();
    };
    document.head.appendChild(script);
  }

  /** @param {IndexData | undefined} data */
  function build(data) {
    if (!data || data.v !== 1) throw new Error("unknown search index format");
    /** @type {Doc[]} */
    const docs = [];
    /** @type {Map<string, number[]>} */
    const postings = new Map(); // term -> [doc, tf in text, in heading, in page title, ...]
    /** @type {Set<string>} */
    const vocab = new Set(); // Han words, for segmenting queries
    let maxLen = 1;
    let textLen = 0;
    let titleLen = 0;
    data.p.forEach((page, p) => {
      const pageTitle = tokens(page.s[0][1]);
      page.s.forEach(([anchor, title, text], n) => {
        const d = docs.length;
        /** @type {Map<string, number[]>} */
        const counts = new Map();
        /** @type {(list: string[], field: number) => number} */
        const count = (list, field) => {
          for (const w of list) {
            const c = counts.get(w) || [0, 0, 0];
            c[field] += 1;
            counts.set(w, c);
          }
          return list.length;
        };
        const tl = n ? count(tokens(title), 1) : 0;
        const pl = count(pageTitle, 2);
        const dl = count(tokens(text), 0);
        for (const [w, c] of counts) {
          let list = postings.get(w);
          if (!list) postings.set(w, (list = []));
          list.push(d, c[0], c[1], c[2]);
          if (IS_HAN.test(w)) {
            vocab.add(w);
            if (w.length > maxLen) maxLen = w.length;
          }
        }
        docs.push({ p, n, anchor, title, text, dl, tl, pl });
        textLen += dl;
        titleLen += n ? tl : pl;
      });
    });
    return {
      pages: data.p,
      docs,
      postings,
      vocab,
      terms: [...postings.keys()],
      maxLen: Math.min(maxLen, 12),
      avgText: textLen / Math.max(docs.length, 1) || 1,
      avgTitle: titleLen / Math.max(docs.length, 1) || 1,
    };
  }

  // -- query --------------------------------------------------------------------
  // A query is a list of groups; a group is matched when any of its terms is.
  /**
   * @param {string} query
   * @returns {Group[]}
   */
  function parse(query) {
    const norm = query.normalize("NFKC").toLowerCase();
    const parts = norm.match(TOKEN) || [];
    const typing = /[a-z0-9]$/.test(norm);
    /** @type {Map<string, Group>} */
    const groups = new Map();
    /** @type {(terms: Group) => void} */
    const add = (terms) => {
      if (terms.length) groups.set(terms.map((x) => x[0]).join(" "), terms);
    };
    /** @type {(test: (w: string) => boolean) => Group} */
    const containing = (test) =>
      index.terms
        .filter(test)
        .slice(0, 40)
        .map((w) => [w, 0.7]);
    parts.forEach((part, i) => {
      if (!IS_HAN.test(part)) {
        /** @type {Group} */
        const terms = [[part, 1]];
        if (typing && i === parts.length - 1 && part.length > 1) {
          terms.push(...containing((w) => w !== part && w.startsWith(part)));
        }
        add(terms);
        return;
      }
      // Forward maximum matching against the index's own words; runs of characters
      // that start no word become bigrams, each matching the words that contain it.
      let unknown = "";
      const flush = () => {
        if (!unknown) return;
        const grams = unknown.length === 1 ? [unknown] : [...unknown].slice(1).map((c, k) => unknown[k] + c);
        for (const g of grams) add(containing((w) => w.includes(g)));
        unknown = "";
      };
      let k = 0;
      while (k < part.length) {
        let n = Math.min(index.maxLen, part.length - k);
        while (n > 0 && !index.vocab.has(part.slice(k, k + n))) n -= 1;
        if (n === 0) {
          unknown += part[k];
          k += 1;
        } else {
          flush();
          add([[part.slice(k, k + n), 1]]);
          k += n;
        }
      }
      flush();
    });
    return [...groups.values()];
  }

  /**
   * @param {Group[]} groups
   * @returns {Result[]}
   */
  function score(groups) {
    const { docs, postings, avgText, avgTitle } = index;
    const total = new Float64Array(docs.length);
    const matched = new Uint16Array(docs.length);
    const own = new Uint8Array(docs.length); // matched in its own heading or text
    const N = docs.length;
    /** @type {(tf: number, len: number, avg: number) => number} */
    const bm = (tf, len, avg) => (tf ? (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg)) : 0);
    for (const group of groups) {
      /** @type {Map<number, number>} */
      const best = new Map();
      for (const [term, weight] of group) {
        const list = postings.get(term);
        if (!list) continue;
        const df = list.length / 4;
        const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        for (let i = 0; i < list.length; i += 4) {
          const doc = docs[list[i]];
          const mine = bm(list[i + 1], doc.dl, avgText) + SECTION_BOOST * bm(list[i + 2], doc.tl, avgTitle);
          const s = weight * idf * (mine + PAGE_BOOST * bm(list[i + 3], doc.pl, avgTitle));
          if (mine > 0) own[list[i]] = 1;
          if (s > (best.get(list[i]) || 0)) best.set(list[i], s);
        }
      }
      for (const [d, s] of best) {
        total[d] += s;
        matched[d] += 1;
      }
    }
    /** @type {Map<number, Result>} */
    const pages = new Map();
    for (let d = 0; d < N; d += 1) {
      if (!matched[d]) continue;
      const doc = docs[d];
      const cover = matched[d] / groups.length;
      // A reference page's rows and headings weigh less than the pages they point to.
      const s = total[d] * cover * cover * (doc.n ? index.pages[doc.p].b || 1 : 1);
      let page = pages.get(doc.p);
      if (!page) pages.set(doc.p, (page = { p: doc.p, best: 0, score: 0, hits: [] }));
      page.hits.push({ doc, s, own: own[d] === 1 });
      page.best = Math.max(page.best, s);
    }
    for (const page of pages.values()) {
      page.hits.sort((a, b) => b.s - a.s);
      // The best section decides; two more that match by their own words add a little
      // (no more: a long list of small matches must not outweigh one good one).
      const others = page.hits
        .slice(1)
        .filter((h) => h.own)
        .slice(0, 2);
      page.score = page.best + 0.1 * others.reduce((sum, h) => sum + h.s, 0);
    }
    return [...pages.values()].sort((a, b) => b.score - a.score);
  }

  // -- rendering ------------------------------------------------------------------
  /**
   * @param {string} tag
   * @param {object} props
   * @param {...(Node | string | null)} children
   */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props);
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // `text` as text nodes with <mark> around the query's terms; `width` cuts a
  // window around the first match.
  /**
   * @param {string} tag
   * @param {string} text
   * @param {string[]} terms
   * @param {number} [width]
   */
  function marked(tag, text, terms, width) {
    const shown = text.replace(/\u200b/g, "");
    const lower = shown.toLowerCase();
    /** @type {[number, number][]} */
    const spans = [];
    for (const term of terms) {
      for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) {
        spans.push([i, i + term.length]);
      }
    }
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let from = 0;
    let to = shown.length;
    if (width && shown.length > width) {
      from = spans.length ? Math.max(0, spans[0][0] - Math.floor(width / 4)) : 0;
      to = Math.min(shown.length, from + width);
    }
    const node = el(tag, {});
    if (from > 0) node.append("…");
    let at = from;
    for (const [a, b] of spans) {
      if (b <= at || a >= to) continue;
      const start = Math.max(a, at);
      if (start > at) node.append(shown.slice(at, start));
      node.append(el("mark", { textContent: shown.slice(start, Math.min(b, to)) }));
      at = Math.min(b, to);
    }
    if (at < to) node.append(shown.slice(at, to));
    if (to < shown.length) node.append("…");
    return node;
  }

  // One result link: the page itself (`top`, `doc` its own section if it matched) or a section.
  /**
   * @param {IndexPage} page
   * @param {Doc | undefined} doc
   * @param {string[]} terms
   * @param {number} s
   * @param {boolean} top
   */
  function entry(page, doc, terms, s, top) {
    const url = new URL(page.u, site);
    if (doc && doc.anchor) url.hash = doc.anchor;
    const title = top ? page.s[0][1] : /** @type {Doc} */ (doc).title;
    const article = el(
      "article",
      { className: "md-search-result__article md-typeset" },
      top ? el("div", { className: "md-search-result__icon md-icon" }) : null,
      marked(top ? "h1" : "h2", title, terms),
      doc && doc.text ? marked("p", doc.text, terms, SNIPPET) : null,
    );
    article.setAttribute("data-md-score", s.toFixed(2));
    return el("a", { href: url.href, className: "md-search-result__link", tabIndex: -1 }, article);
  }

  /**
   * @param {Result[]} results
   * @param {string[]} terms
   */
  function render(results, terms) {
    const items = results.slice(0, SHOWN_PAGES).map((result) => {
      const page = index.pages[result.p];
      const topHit = result.hits.find((h) => h.doc.n === 0);
      // Sections that match by their own heading or text, not just by the page title;
      // the weaker ones fold under "more".
      const rest = result.hits.filter((h) => h !== topHit && h.own);
      const item = el(
        "li",
        { className: "md-search-result__item" },
        entry(page, topHit && topHit.doc, terms, topHit ? topHit.s : 0, true),
      );
      const strong = rest.filter((h, i) => i < SHOWN_SECTIONS && h.s >= rest[0].s / 2).length;
      const links = rest.map((h) => entry(page, h.doc, terms, h.s, false));
      item.append(...links.slice(0, strong));
      const more = links.slice(strong);
      if (more.length) {
        const label =
          more.length === 1
            ? t("search.result.more.one", "在该页上还有 1 个符合条件的结果")
            : t("search.result.more.other", "在该页上还有 # 个符合条件的结果", more.length);
        const summary = el("summary", { tabIndex: -1 }, el("div", { textContent: label }));
        item.append(el("details", { className: "md-search-result__more" }, summary, ...more));
      }
      return item;
    });
    list.textContent = "";
    list.append(...items);
    scroll.scrollTop = 0;
  }

  function run() {
    const query = input.value.trim();
    if (query === last) return;
    if (state === "failed") {
      meta.textContent = "搜索索引加载失败，请刷新页面后重试。";
      return;
    }
    if (state !== "ready") {
      load();
      return;
    }
    last = query;
    if (!query) {
      meta.textContent = t("search.result.placeholder", "键入以开始搜索");
      list.textContent = "";
      return;
    }
    const groups = parse(query);
    const results = groups.length ? score(groups) : [];
    const terms = [...new Set(groups.flat().map((x) => x[0]))].sort((a, b) => b.length - a.length);
    if (results.length === 0) meta.textContent = t("search.result.none", "没有找到符合条件的结果");
    else if (results.length === 1) meta.textContent = t("search.result.one", "找到 1 个符合条件的结果");
    else meta.textContent = t("search.result.other", "# 个符合条件的结果", results.length);
    render(results, terms);
    list.setAttribute("data-query", query); // which query the list shows (tests wait on it)
  }

  // -- opening, closing, keys ---------------------------------------------------
  /** @type {(open: boolean) => void} */
  const setOpen = (open) => {
    if (toggle.checked !== open) toggle.click(); // fires "change", as Material's toggles do
  };

  toggle.addEventListener("change", () => {
    list.hidden = !toggle.checked;
    list.setAttribute("role", toggle.checked ? "list" : "presentation");
    if (toggle.checked) {
      load();
      if (document.activeElement !== input) input.focus();
    } else {
      input.blur();
    }
  });
  input.addEventListener("focus", () => {
    load();
    setOpen(true);
  });
  input.addEventListener("input", (event) => {
    if (!(/** @type {InputEvent} */ (event).isComposing)) run();
  });
  input.addEventListener("compositionend", run);
  input.addEventListener("keyup", run);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      run();
      input.focus();
    });
  });
  list.addEventListener("click", (event) => {
    if (/** @type {Element} */ (event.target).closest("a")) setOpen(false);
  });

  window.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      const target = /** @type {HTMLElement & { type?: string }} */ (event.target);
      const typing =
        target.isContentEditable ||
        /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
        (target.tagName === "INPUT" && (target.type !== "radio" || /^Arrow/.test(event.key)));
      if (!typing && (event.key === "f" || event.key === "s" || event.key === "/")) {
        event.preventDefault();
        setOpen(true);
        input.focus();
        input.select();
      }
      return;
    }
    switch (event.key) {
      case "Enter": {
        if (active !== input) break;
        // Open the best match of the first page: the page itself or its best section.
        event.preventDefault();
        const item = list.querySelector(".md-search-result__item");
        const links = /** @type {HTMLAnchorElement[]} */ (item ? [...item.querySelectorAll("a[href]")] : []);
        /** @type {(a: HTMLAnchorElement) => number} */
        const value = (a) =>
          parseFloat(/** @type {string} */ (/** @type {Element} */ (a.firstChild).getAttribute("data-md-score")));
        const best = links.reduce((a, b) => (value(b) > value(a) ? b : a), links[0]);
        if (best) best.click();
        break;
      }
      case "Escape":
      case "Tab":
        setOpen(false);
        input.blur();
        break;
      case "ArrowUp":
      case "ArrowDown": {
        const stops = [
          input,
          .../** @type {NodeListOf<HTMLElement>} */ (
            list.querySelectorAll(":not(details) > a[href], summary, details[open] a[href]")
          ),
        ];
        const step = event.key === "ArrowUp" ? -1 : 1;
        const at = Math.max(0, stops.indexOf(/** @type {HTMLElement} */ (active)));
        stops[(at + stops.length + step) % stops.length].focus();
        event.preventDefault();
        break;
      }
      default:
        if (active !== input && event.key.length === 1) input.focus();
    }
  });

  // ?q=… opens search with that query (as Material's search did).
  const q = new URL(location.href).searchParams.get("q");
  if (q) {
    input.value = q;
    setOpen(true);
  }
  list.hidden = !toggle.checked;
})();
