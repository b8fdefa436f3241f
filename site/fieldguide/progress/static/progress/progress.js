// Progress: bars on the tutorial list, tutorial and step pages, "Mark as done", and the time
// each step is on screen. Lesson pages are cached for everyone; all of this is personal, so
// it arrives over the progress API after the page.
import { getJSON } from "../core/http.js";
import { showTutorial } from "./bars.js";
import { startMarkDone } from "./mark-done.js";
import { startTimeOnScreen } from "./time-on-screen.js";

async function showEveryTutorial(url) {
  const reply = await getJSON(url);
  if (reply.ok) (reply.data.tutorials ?? []).forEach(showTutorial);
}

const bar = document.querySelector("[data-progress-for]");
const step = document.querySelector("[data-step-page]");
if (bar && step) {
  // The step's own state carries its tutorial's standing: one request, not two.
  const box = document.querySelector("[data-mark-done]");
  if (box) startMarkDone(box);
  startTimeOnScreen(step.dataset.stepTimeUrl);
} else if (bar) {
  showEveryTutorial(bar.dataset.overviewUrl);
}
