"use strict";
// Runs sandboxed in every window: exposes window.fieldguide and nothing else.
const { contextBridge, ipcRenderer, webUtils } = require("electron");
const { bridgeApi } = require("./lib/bridge");

contextBridge.exposeInMainWorld(
  "fieldguide",
  bridgeApi(ipcRenderer, {
    getPathForFile: (file) => webUtils.getPathForFile(file),
    navigator: globalThis.navigator,
    addEventListener: (name, handler) => globalThis.addEventListener(name, handler),
  }),
);
