// Every page's small enhancements; every page works without them.
import { startConfirmForms } from "./confirm-forms.js";
import { startCopyButtons } from "./copy-buttons.js";
import { startDesktopShell } from "./desktop-shell.js";
import { startPrinting } from "./printing.js";
import { startStepKeys } from "./step-keys.js";

startStepKeys();
startCopyButtons();
startDesktopShell();
startConfirmForms();
startPrinting();
