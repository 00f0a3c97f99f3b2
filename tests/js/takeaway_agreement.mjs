// Answers the cases tests/test_takeaway_js.py draws (the JSON file named by $PSOAS_TAKEAWAY_CASES)
// with the take-away page's log (psoas_lesson/widgets/takeaway.js) and prints the answers as JSON,
// for pytest to compare with the Python log's: {csv: [the CSV of each list of sessions],
// logged: [the session each page message logs, or null]}.
import { readFileSync } from "node:fs";

import * as host from "../../psoas_lesson/widgets/takeaway.js";

const file = process.env.PSOAS_TAKEAWAY_CASES;
if (!file) throw new Error("set PSOAS_TAKEAWAY_CASES to a file of cases (tests/test_takeaway_js.py writes one)");
const cases = JSON.parse(readFileSync(file, "utf8"));
console.log(
  JSON.stringify({
    csv: cases.csv.map((sessions) => host.sessionsCsv(sessions)),
    logged: cases.logged.map(({ payload, message }) => host.sessionOf(message, payload, 0)),
  }),
);
