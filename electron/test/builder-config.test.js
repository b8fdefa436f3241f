"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const Ajv = require("ajv");

const schema = JSON.parse(fs.readFileSync(require.resolve("app-builder-lib/scheme.json"), "utf8"));
const config = JSON.parse(
  fs.readFileSync(path.join(__dirname, "..", "electron-builder.json"), "utf8"),
);

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

test("electron-builder.json is valid against electron-builder's own schema", () => {
  const validate = validator();
  assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
});

test("the schema check is live: a misspelt option fails it", () => {
  const validate = validator();
  assert.equal(validate({ ...config, linux: { ...config.linux, targets: ["AppImage"] } }), false);
  assert.equal(validate({ ...config, extraResource: [] }), false);
});

test("installers for Linux, Windows and macOS carry the Python payload outside the asar", () => {
  assert.deepEqual(config.linux.target, ["AppImage", "deb"]);
  assert.deepEqual(config.win.target, ["nsis", "portable"]);
  assert.deepEqual(config.mac.target, ["dmg"]);
  assert.equal(
    config.extraResources[0].to,
    "fieldguide",
    "lib/python.js looks for resources/fieldguide",
  );
  for (const file of ["main.js", "preload.js", "unlock-preload.js"]) {
    assert.ok(config.files.includes(file), file);
  }
});
