// Builds the routine timer's page into one ES module with no imports, as anywidget loads it
// (from a blob: URL, where the relative import of timer_core.js could not be resolved):
//   node tools/bundle.mjs [OUTFILE] [--watch]     (make bundle; npm run watch)
// The bundle is committed (psoas_lesson/widgets/timer.bundle.js), so the lesson needs no Node;
// tests/test_timer_bundle.py checks that rebuilding it gives the same bytes.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const watch = args.includes("--watch");
const outfile = args.find((arg) => !arg.startsWith("--")) ?? "psoas_lesson/widgets/timer.bundle.js";

const options = {
  absWorkingDir: repo, // the paths in the bundle's comments are the same from any folder
  entryPoints: ["psoas_lesson/widgets/timer.js"],
  bundle: true,
  format: "esm",
  target: "es2020",
  charset: "utf8",
  legalComments: "none",
  banner: { js: "// Built from timer.js and timer_core.js by `make bundle` (esbuild): edit those, not this." },
  outfile,
  logLevel: "warning",
};

if (watch) {
  await (await esbuild.context(options)).watch();
  console.log(`watching timer.js and timer_core.js; rebuilding ${outfile} on every change`);
} else {
  await esbuild.build(options);
}
