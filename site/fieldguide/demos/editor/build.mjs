// Bundles the code editor (entry.js and the npm packages it imports) into one minified ES
// module with esbuild, and writes the licences of every bundled package beside it.
//
//   node site/fieldguide/demos/editor/build.mjs OUTFILE [--metafile=FILE]
//
// `run_django.py build` runs it before collecting the static files (fieldguide.demos.editor);
// bench/editor_bundle.py runs it to measure the result. An .mjs file: a packaged build's
// staging folder has no package.json saying "type": "module".
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const [outfile, ...options] = process.argv.slice(2);
if (!outfile) {
  console.error("usage: node build.mjs OUTFILE [--metafile=FILE]");
  process.exit(2);
}

const result = await build({
  entryPoints: [path.join(here, "entry.js")],
  outfile: path.resolve(outfile),
  bundle: true,
  format: "esm",
  minify: true,
  // Electron 41 and any Chromium of the last few years; keeps modern syntax unlowered (smaller).
  target: "es2022",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});

// The packages' licences (all MIT) travel with the bundle as demos/editor.licenses.txt.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const found = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
  if (found) packages.add(found[1]);
}
const notices = [];
for (const folder of [...packages].sort()) {
  const { name, version } = JSON.parse(await readFile(path.join(folder, "package.json"), "utf8"));
  const licence = (await readdir(folder)).find((file) => /^licen[cs]e/i.test(file));
  const text = licence ? await readFile(path.join(folder, licence), "utf8") : "(no licence file)";
  notices.push(`${name} ${version}\n\n${text.trim()}\n`);
}
await writeFile(
  path.resolve(outfile).replace(/\.js$/, ".licenses.txt"),
  `Fieldguide's code editor bundles these packages.\n\n${notices.join("\n---\n\n")}`,
);

const metafile = options.find((option) => option.startsWith("--metafile="));
if (metafile) {
  await writeFile(metafile.slice("--metafile=".length), JSON.stringify(result.metafile));
}
