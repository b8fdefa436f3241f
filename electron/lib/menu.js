"use strict";
// The application menu as plain data; main.js hands it to Menu.buildFromTemplate.

/**
 * @param {{kiosk: boolean, isMac: boolean, onAbout: Function, onDiagnostics: Function}} options
 * @returns {Array|null} null in kiosk mode: no menu at all.
 */
function menuTemplate({ kiosk, isMac, onAbout, onDiagnostics }) {
  if (kiosk) return null;
  const template = [];
  if (isMac) template.push({ role: "appMenu" });
  template.push(
    { label: "File", submenu: [isMac ? { role: "close" } : { role: "quit" }] },
    { role: "editMenu" },
    {
      label: "View",
      submenu: [
        { role: "reload" },
        { type: "separator" },
        { role: "resetZoom" },
        { role: "zoomIn" },
        { role: "zoomOut" },
        { type: "separator" },
        { role: "togglefullscreen" },
      ],
    },
    {
      role: "help",
      submenu: [
        { label: "About Fieldguide", click: onAbout },
        { label: "Diagnostics", click: onDiagnostics },
      ],
    },
  );
  return template;
}

module.exports = { menuTemplate };
