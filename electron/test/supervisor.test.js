"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { ServerSupervisor } = require("../lib/supervisor");
const { resolvePython } = require("../lib/python");
const { groupAlive, groupMembers, until, waitFor } = require("../test-support/helpers");

const REPO = path.resolve(__dirname, "..", "..");
const FAKE = path.join(__dirname, "..", "test-support", "fake-server.js");

function home() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "fieldguide-shell-home-"));
}

function fake(mode, options = {}) {
  return new ServerSupervisor({
    python: process.execPath,
    script: FAKE,
    home: home(),
    env: { ...process.env, FAKE_MODE: mode },
    ...options,
  });
}

/** The server's GET /api/status, asked with the shell's token. */
async function serverStatus(url, token) {
  const response = await fetch(new URL("api/status", url), {
    headers: { "X-Fieldguide-Token": token },
  });
  assert.equal(response.status, 200);
  return response.json();
}

test("spawns the real run_django.py, reads its ready line, and leaves nothing after quit", async () => {
  const { python } = resolvePython({ repoRoot: REPO, env: { PATH: "" } });
  assert.ok(python, "this checkout's .venv is needed (python3 scripts/bootstrap.py test makes it)");
  const supervisor = new ServerSupervisor({
    python,
    script: path.join(REPO, "run_django.py"),
    home: home(),
    readyTimeoutMs: 180000,
  });
  const ready = await supervisor.start();
  const pgid = supervisor.child.pid;
  try {
    assert.equal(ready.event, "ready");
    assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(ready.token, undefined, "the shell's own token is used, not printed");
    const forbidden = await fetch(ready.url);
    assert.equal(forbidden.status, 403);
    const page = await fetch(ready.url, { headers: { "X-Fieldguide-Token": supervisor.token } });
    assert.equal(page.status, 200);
    // The workers start after the ready line and must stop with the server too: wait until
    // the server reports them running and they are in its process group, where stop() reaches.
    await until(
      async () =>
        (await serverStatus(ready.url, supervisor.token)).worker_alive === true &&
        groupMembers(pgid).length > 1,
      "the server's workers to start (worker_alive in GET /api/status, in the server's group)",
      60000,
    );
  } finally {
    await supervisor.stop();
  }
  assert.ok(
    await waitFor(() => !groupAlive(pgid), 5000),
    "a process of the server's tree survived",
  );
});

test("survives a slow start", async () => {
  const supervisor = fake("slow", { readyTimeoutMs: 10000 });
  try {
    const ready = await supervisor.start();
    assert.equal(ready.event, "ready");
  } finally {
    await supervisor.stop();
  }
});

test("a failing start is reported with its log", async () => {
  const supervisor = fake("fail");
  await assert.rejects(supervisor.start(), (error) => {
    assert.match(error.message, /exited \(status 3\) before it was ready/);
    assert.ok(error.log.includes("ValueError: bad"));
    return true;
  });
  assert.match(supervisor.diagnostics(), /Traceback: something broke/);
});

test("an error line is reported with its message", async () => {
  await assert.rejects(fake("error-line").start(), /cannot be written/);
});

test("a server that never gets ready times out and is killed", async () => {
  const supervisor = fake("silent", { readyTimeoutMs: 500 });
  await assert.rejects(supervisor.start(), /did not become ready within 1 s/);
  assert.ok(await waitFor(() => !groupAlive(supervisor.child.pid)));
});

test("a crash after start is restarted once, then reported", async () => {
  const supervisor = fake("crash-after-ready");
  let restarts = 0;
  supervisor.on("restarting", () => {
    restarts += 1;
  });
  await supervisor.start();
  const failure = await new Promise((resolve) => supervisor.on("failed", resolve));
  assert.equal(restarts, 1);
  assert.match(failure.message, /stopped unexpectedly, twice/);
  assert.equal(supervisor.exits.length, 2);
});

test("keeps only the last 200 log lines", () => {
  const supervisor = fake("silent");
  for (let i = 0; i < 250; i += 1) supervisor.log(`line ${i}`);
  const tail = supervisor.logTail();
  assert.equal(tail.length, 200);
  assert.equal(tail[0], "line 50");
});
