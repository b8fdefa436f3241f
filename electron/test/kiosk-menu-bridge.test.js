"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const kiosk = require("../lib/kiosk");
const { menuTemplate } = require("../lib/menu");
const { CHANNELS, bridgeApi } = require("../lib/bridge");

test("kiosk mode comes from --kiosk or FIELDGUIDE_KIOSK=1", () => {
  assert.equal(kiosk.isKiosk(["electron", ".", "--kiosk"], {}), true);
  assert.equal(kiosk.isKiosk(["electron", "."], { FIELDGUIDE_KIOSK: "1" }), true);
  assert.equal(kiosk.isKiosk(["electron", "."], { FIELDGUIDE_KIOSK: "0" }), false);
  assert.deepEqual(kiosk.windowOptions(true), {
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    devTools: false,
  });
  assert.equal(kiosk.windowOptions(false).devTools, true);
});

test("in kiosk mode every way out is blocked but the instructor shortcut", () => {
  const key = (k, mods = {}) => ({
    type: "keyDown",
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });
  const table = [
    [key("q", { control: true, alt: true, shift: true }), "instructor-exit"],
    [key("r", { control: true }), "block"],
    [key("F5"), "block"],
    [key("I", { control: true, shift: true }), "block"],
    [key("F12"), "block"],
    [key("w", { control: true }), "block"],
    [key("q", { meta: true }), "block"],
    [key("F4", { alt: true }), "block"],
    [key("ArrowLeft", { alt: true }), "block"],
    [key("F11"), "block"],
    [key("ArrowRight"), "pass"],
    [key("a"), "pass"],
    [key("c", { control: true }), "pass"],
  ];
  for (const [input, expected] of table) {
    assert.equal(kiosk.decideKey(input, true), expected, JSON.stringify(input));
  }
  assert.equal(kiosk.decideKey(key("r", { control: true }), false), "pass", "outside kiosk mode");
});

test("the menu has Reload, Zoom, Full screen and Help; kiosk mode has none", () => {
  const template = menuTemplate({ kiosk: false, isMac: false, onAbout() {}, onDiagnostics() {} });
  const roles = JSON.stringify(template);
  for (const role of ["reload", "zoomIn", "zoomOut", "resetZoom", "togglefullscreen"]) {
    assert.ok(roles.includes(`"${role}"`), role);
  }
  const help = template.find((item) => item.role === "help").submenu.map((item) => item.label);
  assert.deepEqual(help, ["About Fieldguide", "Diagnostics"]);
  assert.equal(menuTemplate({ kiosk: true, isMac: false }), null);
  assert.equal(menuTemplate({ kiosk: false, isMac: true })[0].role, "appMenu");
});

function fakeIpc() {
  const calls = [];
  return {
    calls,
    invoke: async (channel, ...args) => {
      calls.push([channel, ...args]);
      return { ok: true };
    },
  };
}

test("the page's API is exactly notify, online state, importPack and appInfo", async () => {
  const ipc = fakeIpc();
  const listeners = {};
  const api = bridgeApi(ipc, {
    getPathForFile: (file) => file.path,
    navigator: { onLine: false },
    addEventListener: (name, handler) => {
      listeners[name] = handler;
    },
  });
  assert.deepEqual(Object.keys(api).sort(), [
    "appInfo",
    "importPack",
    "isOnline",
    "notify",
    "onConnectivityChange",
  ]);
  assert.ok(Object.isFrozen(api));
  assert.equal(api.isOnline(), false);
  const seen = [];
  api.onConnectivityChange((online) => seen.push(online));
  listeners.online();
  listeners.offline();
  assert.deepEqual(seen, [true, false]);
  await api.notify({ title: "Demo finished", body: "startapp succeeded", extra: "dropped" });
  await api.importPack({ path: "/media/usb/week-1.fgpack" });
  await api.appInfo();
  assert.deepEqual(ipc.calls, [
    [CHANNELS.notify, { title: "Demo finished", body: "startapp succeeded" }],
    [CHANNELS.importPack, "/media/usb/week-1.fgpack"],
    [CHANNELS.appInfo],
  ]);
  await assert.rejects(api.importPack({ path: "/tmp/evil.sh" }), /Only .fgpack/);
  assert.equal(ipc.calls.length, 3, "nothing reaches the shell for other files");
});

test("the unlock window can only submit a password, which the server checks", async () => {
  const { askServerToUnlock, unlockApi } = require("../lib/bridge");
  const ipc = fakeIpc();
  const api = unlockApi(ipc);
  assert.deepEqual(Object.keys(api), ["submit"]);
  await api.submit("secret");
  assert.deepEqual(ipc.calls, [[CHANNELS.unlock, "secret"]]);

  const requests = [];
  const fakeFetch = async (url, init) => {
    requests.push([url, init]);
    const ok = JSON.parse(init.body).password === "right";
    return {
      ok,
      json: async () =>
        ok
          ? { unlocked: true }
          : { unlocked: false, error: "That is not the instructor password." },
    };
  };
  assert.deepEqual(await askServerToUnlock(fakeFetch, "http://127.0.0.1:5", "tok", "right"), {
    unlocked: true,
    error: null,
  });
  const refused = await askServerToUnlock(fakeFetch, "http://127.0.0.1:5", "tok", "wrong");
  assert.equal(refused.unlocked, false);
  assert.equal(requests[0][0], "http://127.0.0.1:5/api/kiosk/unlock");
  assert.equal(requests[0][1].headers["X-Fieldguide-Token"], "tok");
});
