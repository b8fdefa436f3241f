"use strict";
// The kiosk unlock window (a local page) gets one function: submit the password.
const { contextBridge, ipcRenderer } = require("electron");
const { unlockApi } = require("./lib/bridge");

contextBridge.exposeInMainWorld("fieldguideUnlock", unlockApi(ipcRenderer));
