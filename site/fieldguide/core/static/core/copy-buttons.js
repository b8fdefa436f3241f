// Code blocks' Copy buttons: hidden in the page until this module can make them work.

const SHOW_COPIED_MS = 1500;

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // http://127.0.0.1 is not a secure context in every browser: the old way still works there.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "absolute";
  area.style.left = "-9999px";
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
  return Promise.resolve();
}

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
