// A step page's "Mark as done" button, which also brings the step's tutorial standing (one
// request for both). Its box carries data-step-url, the step's progress in the API.
import { getJSON, postJSON } from "../core/http.js";
import { showTutorial } from "./bars.js";
import { markDoneView } from "./labels.js";

export function startMarkDone(box) {
  const url = box.dataset.stepUrl;
  const button = box.querySelector("button");
  const status = box.querySelector(".mark-done-status");

  function show(reply) {
    if (!reply.ok) return;
    const view = markDoneView(reply.data);
    button.setAttribute("aria-pressed", String(view.pressed));
    button.textContent = view.text;
    status.textContent = view.status;
    box.hidden = false;
    if (reply.data.tutorial) showTutorial(reply.data.tutorial);
  }

  const refresh = async () => show(await getJSON(url));
  button.addEventListener("click", async () => {
    const done = button.getAttribute("aria-pressed") !== "true";
    show(await postJSON(url, { done }));
  });
  // A passing check (demo-block.js) completes the step: show it.
  document.addEventListener("fieldguide:step-completed", refresh);
  refresh();
}
