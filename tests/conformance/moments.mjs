// What the workspace lists at each moment of an incident, computed by the browser's record
// (docs/assets/javascripts/workspace/record.js) in Node. Usage:
//   node tests/conformance/moments.mjs INPUT.json SCRIPTS_DIR
// INPUT: {definitions, incidents: {name: record}}. Prints {name: [[stage, [slug, …]], …]}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInThisContext } from "node:vm";

const [inputPath, dir] = process.argv.slice(2);
for (const name of ["engine.js", "record.js"]) {
  runInThisContext(readFileSync(join(dir, name), "utf8"), { filename: name });
}
const input = JSON.parse(readFileSync(inputPath, "utf8"));
const D = input.definitions;
const R = /** @type {any} */ (globalThis).HB.record;
const out = {};
for (const [name, inc] of Object.entries(input.incidents)) {
  out[name] = R.listed(D, inc).map((stage) => [stage, D.templates.filter((t) => t.stage === stage).map((t) => t.slug)]);
}
process.stdout.write(JSON.stringify(out));
