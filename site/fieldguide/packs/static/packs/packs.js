// Applying a lesson pack from its page: post to the API and show its progress while it runs.
// Without this module the form posts to the page's own apply view, and that works too.
import { getJSON, postJSON } from "../core/http.js";

const POLL_MS = 300;

function phaseText(progress) {
  return progress.phase === "verifying" ? "Checking every file…" : "Applying…";
}

function startApplyForm(form) {
  const bar = form.querySelector("[data-pack-progress]");
  const status = document.querySelector("[data-pack-status]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    form.querySelector("button").disabled = true;
    bar.hidden = false;
    status.textContent = "Applying…";
    const timer = setInterval(async () => {
      const progress = (await getJSON(form.dataset.apiDetailUrl)).data?.progress;
      if (!progress) return;
      bar.max = Math.max(progress.total, 1);
      bar.value = progress.done;
      status.textContent = phaseText(progress);
    }, POLL_MS);
    await postJSON(form.dataset.apiApplyUrl);
    clearInterval(timer);
    // Whatever happened, the page says it now: applied, or the errors.
    window.location.reload();
  });
}

const form = document.querySelector("form[data-api-apply-url]");
if (form) startApplyForm(form);
