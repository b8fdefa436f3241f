"use strict";
// The one API the page gets (window.fieldguide), built from an ipcRenderer-like object so that
// it can be tested without Electron. preload.js wires it to contextBridge.

const CHANNELS = Object.freeze({
  notify: "fieldguide:notify",
  importPack: "fieldguide:import-pack",
  appInfo: "fieldguide:app-info",
  unlock: "fieldguide:kiosk-unlock",
});

function bridgeApi(ipc, { getPathForFile, navigator, addEventListener }) {
  return Object.freeze({
    /** A system notification (the shell shows it only when the window is not focused). */
    notify({ title, body } = {}) {
      return ipc.invoke(CHANNELS.notify, { title: String(title || ""), body: String(body || "") });
    },
    isOnline() {
      return Boolean(navigator.onLine);
    },
    onConnectivityChange(callback) {
      addEventListener("online", () => callback(true));
      addEventListener("offline", () => callback(false));
    },
    /** A dropped .fgpack file: its path goes to the shell, which starts the import. */
    importPack(file) {
      const filePath = getPathForFile(file);
      if (!filePath || !filePath.toLowerCase().endsWith(".fgpack")) {
        return Promise.reject(new Error("Only .fgpack lesson packs can be imported."));
      }
      return ipc.invoke(CHANNELS.importPack, filePath);
    },
    appInfo() {
      return ipc.invoke(CHANNELS.appInfo);
    },
  });
}

/** The kiosk unlock window's only API: hand the typed password to the shell. */
function unlockApi(ipc) {
  return Object.freeze({
    submit(password) {
      return ipc.invoke(CHANNELS.unlock, String(password || ""));
    },
  });
}

/** Ask Django whether `password` is the instructor's (the shell's token proves who asks). */
async function askServerToUnlock(fetchImpl, origin, token, password) {
  const response = await fetchImpl(`${origin}/api/kiosk/unlock`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Fieldguide-Token": token },
    body: JSON.stringify({ password }),
  });
  const data = await response.json().catch(() => ({}));
  return { unlocked: response.ok && data.unlocked === true, error: data.error || null };
}

module.exports = { CHANNELS, askServerToUnlock, bridgeApi, unlockApi };
