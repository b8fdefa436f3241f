"use strict";
// Glue only: wires the tested modules in lib/ to Electron's APIs.
const path = require("node:path");
const fs = require("node:fs");
const {
  app,
  BrowserWindow,
  Menu,
  Notification,
  clipboard,
  dialog,
  ipcMain,
  session,
  shell,
} = require("electron");
const { resolvePython, bundleRoot } = require("./lib/python");
const { ServerSupervisor } = require("./lib/supervisor");
const policy = require("./lib/policy");
const kiosk = require("./lib/kiosk");
const { menuTemplate } = require("./lib/menu");
const { CHANNELS, askServerToUnlock } = require("./lib/bridge");
const pages = require("./lib/pages");
const { afterUpload, cookieHeader, uploadPack } = require("./lib/packs");

const REPO = path.resolve(__dirname, "..");
const KIOSK = kiosk.isKiosk();
let kioskUnlocked = false;
let supervisor = null;
let mainWindow = null;
let serverOrigin = null;

if (!app.requestSingleInstanceLock()) app.quit();
app.on("second-instance", () => {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
});

/** The packaged payload when there is one, else this checkout. */
function appRoot() {
  if (!process.resourcesPath) return REPO;
  const bundled = bundleRoot(process.resourcesPath);
  return fs.existsSync(path.join(bundled, "run_django.py")) ? bundled : REPO;
}

function createWindow(options = {}) {
  const { devTools, ...windowOptions } = kiosk.windowOptions(KIOSK);
  const window = new BrowserWindow({
    width: 1180,
    height: 820,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: "Fieldguide",
    ...windowOptions,
    ...options,
    webPreferences: {
      preload: path.join(__dirname, "preload.js"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools,
      spellcheck: false,
    },
  });
  window.once("ready-to-show", () => window.show());
  window.webContents.on("will-navigate", (event, url) => guard(event, url));
  window.webContents.on("will-redirect", (event, url) => guard(event, url));
  window.webContents.setWindowOpenHandler(({ url }) => {
    const decision = policy.decideWindowOpen(url, serverOrigin);
    if (decision === "external") shell.openExternal(url);
    return decision === "in-app" ? { action: "allow" } : { action: "deny" };
  });
  window.webContents.on("did-create-window", (child) => {
    child.webContents.on("will-navigate", (event, url) => guard(event, url));
  });
  window.webContents.on("before-input-event", (event, input) => {
    const decision = kiosk.decideKey(input, KIOSK && !kioskUnlocked);
    if (decision !== "pass") event.preventDefault();
    if (decision === "instructor-exit") openUnlockWindow();
  });
  return window;
}

let unlockWindow = null;

function openUnlockWindow() {
  if (unlockWindow || !serverOrigin) return;
  unlockWindow = new BrowserWindow({
    parent: mainWindow,
    modal: true,
    width: 420,
    height: 300,
    resizable: false,
    title: "Instructor",
    webPreferences: {
      preload: path.join(__dirname, "unlock-preload.js"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    },
  });
  unlockWindow.setMenu(null);
  unlockWindow.on("closed", () => {
    unlockWindow = null;
  });
  unlockWindow.loadFile(path.join(__dirname, "pages", "unlock.html"));
}

ipcMain.handle(CHANNELS.unlock, async (_event, password) => {
  const result = await askServerToUnlock(fetch, serverOrigin, supervisor.token, password);
  if (result.unlocked) {
    mainWindow.setKiosk(false);
    mainWindow.setFullScreen(false);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          kiosk: false,
          isMac: process.platform === "darwin",
          onAbout() {},
          onDiagnostics() {},
        }),
      ),
    );
    kioskUnlocked = true;
    if (unlockWindow) unlockWindow.close();
  }
  return result;
});

function guard(event, url) {
  const decision = policy.decideNavigation(url, serverOrigin);
  if (decision === "allow") return;
  event.preventDefault();
  if (decision === "external") shell.openExternal(url);
}

function lockDownSession() {
  const web = session.defaultSession;
  web.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(policy.decidePermission(permission)),
  );
  web.setPermissionCheckHandler((_contents, permission) => policy.decidePermission(permission));
  web.webRequest.onBeforeSendHeaders((details, callback) => {
    callback({
      requestHeaders: policy.withToken(
        details.url,
        details.requestHeaders,
        serverOrigin,
        supervisor && supervisor.token,
      ),
    });
  });
}

function showFailure(error) {
  const diagnostics = supervisor ? supervisor.diagnostics({ error: error.message }) : error.message;
  const file = pages.writeFailurePage(app.getPath("userData"), error.message, diagnostics);
  mainWindow.loadFile(file);
}

async function start() {
  lockDownSession();
  const home = process.env.FIELDGUIDE_HOME || app.getPath("userData");
  mainWindow = createWindow();
  mainWindow.loadFile(path.join(__dirname, "pages", "splash.html"));
  Menu.setApplicationMenu(
    KIOSK
      ? null
      : Menu.buildFromTemplate(
          menuTemplate({
            kiosk: KIOSK,
            isMac: process.platform === "darwin",
            onAbout: () =>
              dialog.showMessageBox({
                message: `Fieldguide ${app.getVersion()}`,
                detail: "An offline tutorial kiosk.",
              }),
            onDiagnostics: () => {
              clipboard.writeText(supervisor ? supervisor.diagnostics() : "");
              dialog.showMessageBox({ message: "Diagnostics copied to the clipboard." });
            },
          }),
        ),
  );
  const root = appRoot();
  const { python, tried } = resolvePython({ resourcesPath: process.resourcesPath, repoRoot: root });
  if (!python) {
    mainWindow.loadFile(pages.writeNoPythonPage(app.getPath("userData"), tried));
    return;
  }
  supervisor = new ServerSupervisor({ python, script: path.join(root, "run_django.py"), home });
  supervisor.on("failed", showFailure);
  supervisor.on("ready", (ready) => {
    serverOrigin = new URL(ready.url).origin;
    mainWindow.loadURL(ready.url);
  });
  supervisor.start().catch(() => {}); // failures go to showFailure
}

ipcMain.handle(CHANNELS.appInfo, () => ({
  version: app.getVersion(),
  kiosk: KIOSK,
  platform: process.platform,
  origin: serverOrigin,
}));
ipcMain.handle(CHANNELS.notify, (_event, { title, body }) => {
  if (mainWindow && !mainWindow.isFocused() && Notification.isSupported())
    new Notification({ title, body }).show();
});
ipcMain.handle(CHANNELS.importPack, async (_event, filePath) => {
  const cookies = await session.defaultSession.cookies.get({ url: serverOrigin });
  const uploaded = await uploadPack({
    origin: serverOrigin,
    token: supervisor.token,
    cookie: cookieHeader(cookies),
    filePath,
  });
  const next = afterUpload(uploaded, serverOrigin);
  if (next.message) dialog.showMessageBox(mainWindow, { type: "info", message: next.message });
  if (next.url) mainWindow.loadURL(next.url);
  return next;
});

app.whenReady().then(start);
app.on("window-all-closed", () => app.quit());
let quitting = false;
app.on("before-quit", (event) => {
  if (quitting || !supervisor) return;
  event.preventDefault();
  quitting = true;
  supervisor.stop().finally(() => app.quit());
});
