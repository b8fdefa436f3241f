"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { candidates, resolvePython } = require("../lib/python");

/** A fake interpreter: a script that answers the probe the way we tell it to. */
function fakePython(
  folder,
  name,
  { version = [3, 12, 1], django = "5.2.19", exit = 0, stderr = "" } = {},
) {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  const answer = JSON.stringify({ version, django });
  fs.writeFileSync(
    file,
    `#!/bin/sh\n${stderr ? `echo '${stderr}' >&2\n` : ""}${exit ? `exit ${exit}\n` : `echo '${answer}'\n`}`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}

function scratch() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "fieldguide-python-"));
}

test("the bundled interpreter wins when it fits", () => {
  const root = scratch();
  const resources = path.join(root, "resources");
  const bundled = fakePython(path.join(resources, "fieldguide", "python", "bin"), "python3");
  const { python, tried } = resolvePython({
    resourcesPath: resources,
    repoRoot: root,
    env: { FIELDGUIDE_PYTHON: "/nowhere", PATH: "" },
    platform: "linux",
  });
  assert.equal(python, bundled);
  assert.deepEqual(
    tried.map((t) => t.source),
    ["bundled"],
  );
});

test("order: bundled, FIELDGUIDE_PYTHON, the checkout's .venv, python3 and python on PATH", () => {
  const root = scratch();
  const bin = path.join(root, "bin");
  fakePython(bin, "python3");
  fakePython(bin, "python");
  const list = candidates({
    resourcesPath: path.join(root, "res"),
    repoRoot: root,
    env: { FIELDGUIDE_PYTHON: "/opt/py/bin/python", PATH: bin },
    platform: "linux",
  });
  assert.deepEqual(
    list.map((c) => c.source),
    ["bundled", "FIELDGUIDE_PYTHON", "checkout .venv", "python3 on PATH", "python on PATH"],
  );
  assert.equal(list[3].path, path.join(bin, "python3"));
});

test("every rejected candidate is listed with its reason", () => {
  const root = scratch();
  const old = fakePython(path.join(root, "old"), "python", { version: [3, 10, 12] });
  const venv = fakePython(path.join(root, ".venv", "bin"), "python", { django: null });
  const bin = path.join(root, "bin");
  fakePython(bin, "python3", { exit: 3, stderr: "Fatal Python error: init_fs_encoding" });
  const { python, tried } = resolvePython({
    resourcesPath: path.join(root, "res"),
    repoRoot: root,
    env: { FIELDGUIDE_PYTHON: old, PATH: bin },
    platform: "linux",
  });
  assert.equal(python, null);
  const reasons = Object.fromEntries(tried.map((t) => [t.source, t.reason]));
  assert.equal(reasons.bundled, "no such file");
  assert.match(reasons.FIELDGUIDE_PYTHON, /Python 3\.10\.12 is too old/);
  assert.equal(reasons["checkout .venv"], "Django is not installed for it");
  assert.match(reasons["python3 on PATH"], /exited with status 3: Fatal Python error/);
  assert.equal(reasons["python on PATH"], "not found on PATH");
  assert.ok(tried.every((t) => !t.ok));
  assert.ok(venv);
});

test("a real interpreter with Django is accepted (this checkout's .venv)", () => {
  const repoRoot = path.resolve(__dirname, "..", "..");
  const { python, tried } = resolvePython({ repoRoot, env: { PATH: "" } });
  assert.ok(python, JSON.stringify(tried));
  assert.equal(tried.at(-1).source, "checkout .venv");
});
