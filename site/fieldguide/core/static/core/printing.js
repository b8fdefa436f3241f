// The handout's Print button (hidden until this module can make it work), and hints and
// solutions printed open even when the learner closed them.

export function startPrinting() {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  window.addEventListener("beforeprint", () => {
    for (const details of document.querySelectorAll("details")) {
      details.dataset.wasOpen = details.open;
      details.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of document.querySelectorAll("details")) {
      details.open = details.dataset.wasOpen === "true";
    }
  });
}
