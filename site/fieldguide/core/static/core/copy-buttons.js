// Code blocks' Copy buttons: hidden in the page until this module can make them work.

import { copyText } from "./clipboard.js";

const SHOW_COPIED_MS = 1500;

export function startCopyButtons() {
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const code = button.closest(".code-block").querySelector("pre");
      try {
        await copyText(code.innerText);
      } catch {
        return; // the clipboard was refused: the code is still there to select
      }
      button.textContent = "Copied";
      setTimeout(() => {
        button.textContent = "Copy";
      }, SHOW_COPIED_MS);
    });
  }
}
