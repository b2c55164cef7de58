// The conformance suite on the JavaScript engine, in Node, with no browser.
// Usage: node tests/conformance/run.mjs BUNDLE.json ENGINE.js
// BUNDLE is written by tests/conformance/cases.py (definitions, cases, cross-check inputs).
// Prints one JSON object: each case's answer and whether it matches, and the cross-check's
// texts and findings; then "N passed, M failed" on stderr. Exits 1 when a case fails.
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";
import { isDeepStrictEqual } from "node:util";

// Usage: node tests/conformance/run.mjs BUNDLE.json ENGINE.js [CHANNELS.js CROSSCHECK.js …]
const [bundlePath, enginePath, ...scripts] = process.argv.slice(2);
const bundle = JSON.parse(readFileSync(bundlePath, "utf8"));
runInThisContext(readFileSync(enginePath, "utf8"), { filename: enginePath });
for (const path of scripts) runInThisContext(readFileSync(path, "utf8"), { filename: path });
/** @type {any} */
const E = /** @type {any} */ (globalThis).HB.engine;
/** @type {any} */
const C = /** @type {any} */ (globalThis).HB.channels;
/** @type {any} */
const X = /** @type {any} */ (globalThis).HB.crosscheck;
const D = bundle.definitions;

/** The engine's answer to one case, in the shape of its expected result. */
function answer(c) {
  switch (c.op) {
    case "value": {
      const r = E.checkValue(D, c.key, c.input);
      return { value: r.value, problem: r.problem };
    }
    case "derive":
      return { result: E.operations[c.name](...c.args) };
    case "fill":
      return { text: E.fill(D, { nodes: c.nodes }, c.values).text };
    case "readiness": {
      const r = E.fill(D, { nodes: c.nodes }, c.values).readiness;
      return { missing: r.missing, placeholders: r.placeholders };
    }
    case "order": {
      const values = Object.fromEntries(Object.entries(c.values).map(([k, v]) => [k, E.checkValue(D, k, v).value]));
      return {
        problems: E.orderProblems(D, values),
        conflicts: E.fill(D, { nodes: c.nodes }, values).readiness.conflicts,
      };
    }
    case "count":
      return { result: E.counters(D)[c.counter](c.text) };
    case "lint":
      return { findings: E.lint(D, c.text, c.audience, c.channel).map((f) => [f.line, f.col, f.rule, f.text]) };
    case "lint-rule":
      return { flagged: E.lint(D, c.text, c.audience, c.channel).some((f) => f.rule === c.rule) };
    case "crosscheck":
      return {
        findings: X.check(D, c.messages).map((f) => [f.file, f.line, f.col, f.rule, f.text]),
      };
    case "moment":
      return { moment: X.momentOf(D, c.stage) };
    case "review":
      return { needed: C.needsReview(D, c.audience, c.values) };
    case "channel":
    case "channel-payload":
    case "channel-fit":
    case "channel-curl": {
      const filled = E.fill(D, { nodes: c.nodes }, c.values);
      const opts = { role: c.role === undefined ? null : c.role, values: c.values, mentions: c.mentions || {} };
      const r = C.render(D, c.channel, filled, opts);
      if (c.op === "channel-fit") return { count: r.count, limit: r.limit, over: r.over };
      if (c.op === "channel-curl") return { curl: C.curl(D, r, c.env || null) };
      if (c.op === "channel-payload") return { payload: r.payload, mentioned: r.mentions, count: r.count };
      return { text: r.text, fields: r.fields, count: r.count, over: r.over, ready: r.ready };
    }
    default:
      throw new Error(`unknown op ${c.op} in case ${c.id}`);
  }
}

const results = {};
let failed = 0;
for (const c of bundle.cases) {
  const want = Object.fromEntries(bundle.expect[c.op].map((k) => [k, c[k]]));
  let got;
  try {
    got = answer(c);
  } catch (err) {
    got = { error: String(err && err.stack ? err.stack : err) };
  }
  const ok = isDeepStrictEqual(got, want);
  if (!ok) failed += 1;
  results[c.id] = { ok, got };
}

// Every real template filled from each value set, and its findings: Python compares them.
/** @type {any} */
const cross = { texts: {}, findings: {} };
for (const [name, values] of Object.entries(bundle.cross.values)) {
  for (const m of bundle.cross.messages) {
    const text = E.fill(D, m, values).text;
    cross.texts[`${name}/${m.slug}`] = text;
    cross.findings[`${name}/${m.slug}`] = E.lint(D, text, m.audience, m.channel).map((f) => [
      f.line,
      f.col,
      f.rule,
      f.text,
    ]);
  }
}

// Free-standing texts (the meaning rules' labelled sentences), linted with no channel.
cross.lint = {};
for (const t of bundle.cross.lint || []) {
  cross.lint[t.id] = E.lint(D, t.text, t.audience, null).map((f) => [f.line, f.col, f.rule, f.text]);
}

// The messages filled from the case study, checked against each other.
cross.crosscheck = X.check(D, bundle.cross.drafts || []).map((f) => [f.file, f.line, f.col, f.rule, f.text]);

process.stdout.write(JSON.stringify({ results, cross }));
const passed = bundle.cases.length - failed;
process.stderr.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
