// The browser's clock (docs/assets/javascripts/workspace/record.js) in Node: fixed instants
// read in the handbook's zone, whatever zone Node runs in (the test sets TZ). Usage:
//   node tests/conformance/clock.mjs INPUT.json SCRIPTS_DIR
// INPUT: {definitions}. Prints the stamps, due times and dates the record computes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInThisContext } from "node:vm";

const [inputPath, dir] = process.argv.slice(2);
for (const name of ["engine.js", "record.js"]) {
  runInThisContext(readFileSync(join(dir, name), "utf8"), { filename: name });
}
const D = JSON.parse(readFileSync(inputPath, "utf8")).definitions;
const R = /** @type {any} */ (globalThis).HB.record;
const zone = D.timezone_id;
const late = new Date("2026-01-23T15:48:00Z"); // 23:48 in Beijing
const after = new Date("2026-01-23T16:10:00Z"); // 00:10 the next day in Beijing
const inc = R.blank(late.getTime());
const due = R.dueAt("23:50", "00:05", late, zone);
const out = {
  zone,
  deviceOffset: new Date("2026-01-23T12:00:00Z").getTimezoneOffset(),
  stampLate: R.stamp(late, zone),
  stampAfter: R.stamp(after, zone),
  due,
  minutesLeft: R.minutesLeft(due, late, zone),
  incidentDate: R.valuesOf(D, inc, null, R.stamp(after, zone)).incident_date,
  unknownZone: R.stamp(after, "Nowhere/Nothing"),
};
process.stdout.write(JSON.stringify(out));
