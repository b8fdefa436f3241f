"use strict";
// A stand-in for the `electron` module (its binary cannot be installed on our build
// machines): records what main.js asks of it, so the glue can be checked.
const { EventEmitter } = require("node:events");

function makeFakeElectron() {
  const record = {
    windows: [],
    menus: [],
    opened: [],
    dialogs: [],
    ipc: {},
    headerHook: null,
    permissionHook: null,
    quitCalls: 0,
  };
  const app = new EventEmitter();
  let resolveReady;
  const ready = new Promise((resolve) => {
    resolveReady = resolve;
  });
  Object.assign(app, {
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    getPath: () => require("node:os").tmpdir(),
    getVersion: () => "0.1.0",
    quit: () => {
      record.quitCalls += 1;
    },
    fireReady: () => resolveReady(),
  });

  class FakeWebContents extends EventEmitter {
    setWindowOpenHandler(handler) {
      this.windowOpenHandler = handler;
    }
  }

  class BrowserWindow extends EventEmitter {
    constructor(options) {
      super();
      this.options = options;
      this.webContents = new FakeWebContents();
      this.loaded = [];
      record.windows.push(this);
    }
    loadURL(url) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    loadFile(file) {
      this.loaded.push(`file:${file}`);
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    isFocused() {
      return true;
    }
    show() {}
    focus() {}
    restore() {}
    setMenu() {}
    setKiosk(value) {
      this.kiosk = value;
    }
    setFullScreen(value) {
      this.fullscreen = value;
    }
    close() {
      this.emit("closed");
    }
  }

  const session = {
    defaultSession: {
      setPermissionRequestHandler: (hook) => {
        record.permissionHook = hook;
      },
      setPermissionCheckHandler: () => {},
      webRequest: {
        onBeforeSendHeaders: (hook) => {
          record.headerHook = hook;
        },
      },
      cookies: { get: async () => [] },
    },
  };

  return {
    record,
    electron: {
      app,
      BrowserWindow,
      session,
      Menu: {
        setApplicationMenu: (menu) => record.menus.push(menu),
        buildFromTemplate: (t) => ({ template: t }),
      },
      Notification: class {
        static isSupported() {
          return true;
        }
        show() {}
      },
      clipboard: { writeText() {} },
      dialog: {
        showMessageBox: (_window, options) => {
          record.dialogs.push(options);
          return Promise.resolve();
        },
      },
      ipcMain: {
        handle: (channel, handler) => {
          record.ipc[channel] = handler;
        },
      },
      shell: {
        openExternal: (url) => {
          record.opened.push(url);
          return Promise.resolve();
        },
      },
    },
  };
}

module.exports = { makeFakeElectron };
