// A tutorial's standing on the page: its progress bars (tutorial list, tutorial page, step
// sidebar) and a tick on each done step in its step lists.
import { isComplete, progressLabel } from "./labels.js";

/** Show one tutorial's standing (an item of the progress API's "tutorials"). */
export function showTutorial(tutorial) {
  for (const box of document.querySelectorAll(`[data-progress-for="${tutorial.id}"]`)) {
    const bar = box.querySelector("progress");
    bar.max = Math.max(tutorial.total, 1);
    bar.value = tutorial.done;
    box.querySelector(".progress-label").textContent = progressLabel(tutorial);
    box.classList.toggle("progress-complete", isComplete(tutorial));
    box.hidden = false;
  }
  const done = new Set(tutorial.completed_steps);
  for (const item of document.querySelectorAll(
    `[data-tutorial-steps="${tutorial.id}"] [data-step]`,
  )) {
    const isDone = done.has(Number(item.dataset.step));
    item.classList.toggle("step-done", isDone);
    if (isDone) item.setAttribute("aria-label", `${item.textContent.trim()} (done)`);
    else item.removeAttribute("aria-label");
  }
}
