"use strict";
// Kiosk mode for lab machines: full screen, no menu, no devtools, no reload, and one way out.

/** --kiosk on the command line or FIELDGUIDE_KIOSK=1 in the environment. */
function isKiosk(argv = process.argv, env = process.env) {
  return argv.includes("--kiosk") || env.FIELDGUIDE_KIOSK === "1";
}

function windowOptions(kiosk) {
  return kiosk
    ? { kiosk: true, fullscreen: true, autoHideMenuBar: true, devTools: false }
    : { kiosk: false, fullscreen: false, autoHideMenuBar: false, devTools: true };
}

const EXIT_SHORTCUT = "Ctrl+Alt+Shift+Q";

/**
 * What a key press means in kiosk mode: "instructor-exit" for the exit shortcut, "block" for
 * anything that would reload, open devtools, close or leave the window, else "pass".
 * `input` is Electron's before-input-event Input (key, control, meta, alt, shift, type).
 */
function decideKey(input, kiosk) {
  if (!kiosk || input.type !== "keyDown") return "pass";
  const key = (input.key || "").toLowerCase();
  const command = input.control || input.meta;
  if (command && input.alt && input.shift && key === "q") return "instructor-exit";
  if (["f5", "f11", "f12", "browserrefresh"].includes(key)) return "block";
  if (command && ["r", "w", "q", "n", "t", "p", "o", "s", "l", "+", "-", "=", "0"].includes(key))
    return "block";
  if (command && input.shift && ["i", "j", "c", "r"].includes(key)) return "block";
  if (input.alt && ["f4", "arrowleft", "arrowright", "home"].includes(key)) return "block";
  if (input.meta && ["h", "m"].includes(key)) return "block";
  return "pass";
}

module.exports = { EXIT_SHORTCUT, decideKey, isKiosk, windowOptions };
