// The browser's incident.yml reader and writer (workspace/incident-file.js) in Node. Usage:
//   node tests/conformance/incident_file.mjs INPUT.json SCRIPTS_DIR
// INPUT: {definitions, export: [values, …], read: [yaml text, …]}. Prints
// {exported: [{kept, yaml}], read: [{values, errors}]}: `kept` is each value set as the
// workspace keeps it (normalised), `yaml` what the workspace's export writes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInThisContext } from "node:vm";

const [inputPath, dir] = process.argv.slice(2);
for (const name of ["engine.js", "incident-file.js"]) {
  runInThisContext(readFileSync(join(dir, name), "utf8"), { filename: name });
}
const HB = /** @type {any} */ (globalThis).HB;
const input = JSON.parse(readFileSync(inputPath, "utf8"));
const D = input.definitions;
const exported = input.export.map((values) => {
  const kept = {};
  for (const [key, raw] of Object.entries(values)) {
    const value = HB.engine.checkValue(D, key, raw).value;
    if (HB.engine.hasValue(value)) kept[key] = value;
  }
  return { kept, yaml: HB.incidentFile.toYaml(D, kept, "test") };
});
const read = input.read.map((text) => HB.incidentFile.fromYaml(D, text));
process.stdout.write(JSON.stringify({ exported, read }));
