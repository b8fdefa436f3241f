// Progress: bars on the tutorial list, tutorial and step pages, "Mark as done", and the time
// each step is on screen. Lesson pages are cached for everyone; all of this is personal, so
// it arrives over /api/progress after the page.
(function () {
  "use strict";

  var REPORT_EVERY_MS = 15000;

  function label(tutorial) {
    if (!tutorial.total) return "No steps yet";
    if (tutorial.done === 0) return "Not started · " + tutorial.total + " steps";
    if (tutorial.done === tutorial.total) return "Done: all " + tutorial.total + " steps";
    return tutorial.done + " of " + tutorial.total + " steps done";
  }

  function showTutorial(tutorial) {
    document.querySelectorAll('[data-progress-for="' + tutorial.id + '"]').forEach(function (box) {
      var bar = box.querySelector("progress");
      bar.max = Math.max(tutorial.total, 1);
      bar.value = tutorial.done;
      box.querySelector(".progress-label").textContent = label(tutorial);
      box.classList.toggle("progress-complete", tutorial.total > 0 && tutorial.done === tutorial.total);
      box.hidden = false;
    });
    var list = '[data-tutorial-steps="' + tutorial.id + '"] [data-step]';
    document.querySelectorAll(list).forEach(function (item) {
      var done = tutorial.completed_steps.indexOf(Number(item.dataset.step)) !== -1;
      item.classList.toggle("step-done", done);
      if (done) item.setAttribute("aria-label", item.textContent.trim() + " (done)");
      else item.removeAttribute("aria-label");
    });
  }

  function refresh() {
    return fetch("/api/progress", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { tutorials: [] }; })
      .then(function (data) { data.tutorials.forEach(showTutorial); });
  }

  function markDone(stepId) {
    var box = document.querySelector("[data-mark-done]");
    if (!box) return;
    var button = box.querySelector("button");
    var status = box.querySelector(".mark-done-status");
    function show(state) {
      var done = state.completed;
      button.setAttribute("aria-pressed", done ? "true" : "false");
      button.textContent = done ? "Done ✓ (undo)" : "Mark as done";
      status.textContent = done && state.method === "check" ? "Your check passed." : "";
      box.hidden = false;
      if (state.tutorial) showTutorial(state.tutorial);
    }
    var url = "/api/steps/" + stepId + "/progress";
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(show);
    button.addEventListener("click", function () {
      var done = button.getAttribute("aria-pressed") !== "true";
      window.Fieldguide.post(url, { done: done })
        .then(function (r) { return r.json(); })
        .then(show);
    });
    // A passing check (demos.js) completes the step: show it.
    document.addEventListener("fieldguide:step-completed", function () {
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(show);
    });
  }

  // Time on screen: counted only while the page is visible, reported every 15 s and when
  // the learner leaves (keepalive lets that last report outlive the page).
  function trackTime(stepId) {
    var url = "/api/steps/" + stepId + "/time";
    window.Fieldguide.csrf();  // now, so that the report sent while leaving needs no round trip
    var visibleSince = document.visibilityState === "visible" ? Date.now() : null;
    var pending = 0;
    function collect() {
      if (visibleSince !== null) {
        pending += Date.now() - visibleSince;
        visibleSince = document.visibilityState === "visible" ? Date.now() : null;
      }
    }
    function report(leaving) {
      collect();
      var seconds = Math.min(Math.round(pending / 1000), 120);
      if (seconds < 1) return;
      pending = 0;
      window.Fieldguide.post(url, { seconds: seconds }, leaving ? { keepalive: true } : {});
    }
    setInterval(function () { report(false); }, REPORT_EVERY_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") report(true);
      else visibleSince = Date.now();
    });
    window.addEventListener("pagehide", function () { report(true); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("[data-progress-for]")) return;
    var step = document.querySelector("[data-step-page]");
    if (!step) {
      refresh();
      return;
    }
    // The step's own state carries its tutorial's standing: one request, not two.
    markDone(step.dataset.stepPage);
    trackTime(step.dataset.stepPage);
  });
})();
