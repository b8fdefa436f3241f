"use strict";
// main.js with a stand-in electron module and the real run_django.py behind it.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { makeFakeElectron } = require("../test-support/fake-electron");
const { groupAlive, until, waitFor } = require("../test-support/helpers");

test("main.js wires a locked-down window to the supervised server and stops it on quit", async () => {
  const { electron, record } = makeFakeElectron();
  require.cache[require.resolve("electron")] = {
    id: "electron",
    filename: "electron",
    loaded: true,
    exports: electron,
  };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "fieldguide-glue-"));
  process.env.FIELDGUIDE_HOME = home;
  require("../main.js");
  electron.app.fireReady();
  try {
    await until(
      () =>
        record.windows.length > 0 &&
        record.windows[0].loaded.some((u) => u.startsWith("http://127.0.0.1:")),
      "the window to load the server's page",
      180000,
    );
    const [window] = record.windows;
    const prefs = window.options.webPreferences;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.ok(
      window.loaded[0].endsWith(path.join("pages", "splash.html")),
      "the splash page comes first",
    );
    const url = window.loaded.find((u) => u.startsWith("http://127.0.0.1:"));
    const origin = new URL(url).origin;

    // The token goes to our origin only, through the session's request hook.
    let headers;
    record.headerHook({ url: `${origin}/api/status`, requestHeaders: {} }, (r) => {
      headers = r.requestHeaders;
    });
    const token = headers["X-Fieldguide-Token"];
    assert.ok(token && token.length > 30);
    record.headerHook({ url: "https://example.org/", requestHeaders: {} }, (r) => {
      headers = r.requestHeaders;
    });
    assert.equal(headers["X-Fieldguide-Token"], undefined);
    const page = await fetch(url, { headers: { "X-Fieldguide-Token": token } });
    assert.equal(page.status, 200, "the server accepts the shell's token");

    // Navigation and pop-ups follow the policy.
    const blocked = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    window.webContents.emit("will-navigate", blocked, "https://docs.djangoproject.com/");
    assert.equal(blocked.prevented, true);
    assert.deepEqual(record.opened, ["https://docs.djangoproject.com/"]);
    const allowed = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    window.webContents.emit("will-navigate", allowed, `${origin}/writing-a-lesson/`);
    assert.equal(allowed.prevented, false);
    assert.deepEqual(window.webContents.windowOpenHandler({ url: `${origin}/admin/` }), {
      action: "allow",
    });
    assert.deepEqual(window.webContents.windowOpenHandler({ url: "file:///etc/passwd" }), {
      action: "deny",
    });
    let granted = null;
    record.permissionHook(null, "media", (answer) => {
      granted = answer;
    });
    assert.equal(granted, false);
    assert.ok(
      record.ipc["fieldguide:app-info"] &&
        record.ipc["fieldguide:notify"] &&
        record.ipc["fieldguide:import-pack"],
    );

    // A dropped pack goes to the real POST /api/packs; no instructor is logged in, so the
    // window goes to the login page and the instructor is told why.
    const pack = path.join(home, "dropped.fgpack");
    fs.writeFileSync(pack, "not really a pack");
    const next = await record.ipc["fieldguide:import-pack"](null, pack);
    assert.equal(new URL(next.url).pathname, "/admin/login/");
    assert.equal(new URL(next.url).searchParams.get("next"), "/instructor/packs/");
    assert.equal(window.loaded.at(-1), next.url);
    assert.match(record.dialogs.at(-1).message, /Log in as the instructor/);

    // Quit: the server's whole tree goes, then the app really quits.
    const pid = Number(JSON.parse(fs.readFileSync(path.join(home, "server.json"), "utf8")).pid);
    const quit = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    electron.app.emit("before-quit", quit);
    assert.equal(quit.prevented, true, "quitting waits for the server to stop");
    await until(() => record.quitCalls > 0, "the app to quit once the server stopped", 10000);
    await until(() => !groupAlive(pid), "every process of the server's group to exit", 5000);
  } finally {
    // After a failure too: the supervisor would restart a killed server, and a live one keeps
    // node --test waiting for ever. Quitting stops it for good (a no-op once it has quit).
    electron.app.emit("before-quit", { preventDefault() {} });
    await waitFor(() => record.quitCalls > 0, 10000);
    delete process.env.FIELDGUIDE_HOME;
  }
});
