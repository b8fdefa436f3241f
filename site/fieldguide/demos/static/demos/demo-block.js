// One demo block: run an allowlisted demo, stream its output live into the run pane, cancel
// (or, for a service, stop) it, reset its workspace; a service's pages show in the preview
// panel once it is ready; a "Check my work" block also judges the finished run. Every URL
// comes from the section's data attributes (see demo_block.html); a run's own URLs come with
// the run.
import { getJSON, postJSON } from "../core/http.js";
import { fillUrl } from "../core/url-template.js";
import { PreviewPanel } from "./preview-panel.js";
import { commandPreview } from "./quoting.js";
import { RunPane } from "./run-pane.js";
import { activeText, finishedText, isActive } from "./run-status.js";
import { forget, pageTutorial, remember } from "./service-keeper.js";

const POLL_MS = 1000;

export class DemoBlock {
  constructor(section, index) {
    this.section = section;
    this.urls = section.dataset;
    this.id = section.dataset.demo;
    this.isService = section.dataset.demoKind === "service";
    // The last run of each block is shown again after a reload, from the stored output.
    this.key = `fieldguide-run:${location.pathname}:${index}`;
    this.pane = new RunPane(section.querySelector("[data-run-pane]"));
    const preview = section.querySelector("[data-preview]");
    this.preview = preview ? new PreviewPanel(preview) : null;
    this.status = section.querySelector(".demo-status");
    this.runButton = section.querySelector("[data-run]");
    this.cancelButton = section.querySelector("[data-cancel]");
    this.resetButton = section.querySelector("[data-reset]");
    this.transcript = section.querySelector("[data-transcript]");
    this.command = section.querySelector("[data-command]");
    this.passed = section.querySelector("[data-check-passed]");
    this.hint = section.querySelector("[data-check-hint]");
    this.isCheck = Boolean(this.urls.stepCheckUrl);
    this.replaying = false; // showing a run from before a reload: no check, no notification

    this.runButton.addEventListener("click", () => this.run());
    this.cancelButton.addEventListener("click", () => this.cancel());
    this.resetButton?.addEventListener("click", () => this.reset());
    for (const input of section.querySelectorAll("[data-param]")) {
      input.addEventListener("input", () => this.showCommand());
    }
    if (this.isCheck) this.showProgress();
    const previous = sessionStorage.getItem(this.key);
    if (previous) {
      this.replaying = true;
      this.follow(JSON.parse(previous));
    }
  }

  say(text) {
    this.status.textContent = text;
  }

  params() {
    const params = {};
    for (const input of this.section.querySelectorAll("[data-param]")) {
      params[input.dataset.param] = input.value;
    }
    return params;
  }

  showCommand() {
    const template = this.command.dataset.template;
    if (template) this.command.textContent = commandPreview(JSON.parse(template), this.params());
  }

  async showProgress() {
    const reply = await getJSON(this.urls.stepUrl);
    if (reply.ok) this.passed.hidden = !reply.data.completed;
  }

  async run() {
    this.replaying = false;
    this.runButton.disabled = true;
    this.say("Starting…");
    const reply = await postJSON(this.urls.runCreateUrl, { params: this.params() });
    if (!reply.ok) {
      this.say(reply.data?.error || "The demo could not start.");
      this.runButton.disabled = false;
      return;
    }
    sessionStorage.setItem(this.key, JSON.stringify(reply.data));
    this.follow(reply.data);
  }

  follow(run) {
    this.runId = run.id;
    this.pane.start(this.command.textContent);
    this.runButton.disabled = true;
    this.cancelButton.hidden = false;
    this.transcript.hidden = true;
    if (this.isService) {
      // Kept while the learner stays in this tutorial; stopped from a page outside it.
      remember({
        id: run.id,
        tutorial: this.urls.tutorial || pageTutorial(),
        path: location.pathname,
        cancelUrl: fillUrl(this.urls.runCancelUrlTemplate, run.id),
      });
    }
    this.source?.close();
    // EventSource reconnects on its own and sends Last-Event-ID, so no line is lost or doubled.
    this.source = new EventSource(run.stream_url);
    this.source.addEventListener("output", (event) => this.pane.log.append(JSON.parse(event.data)));
    this.source.addEventListener("status", (event) => {
      this.source.close();
      this.finish(JSON.parse(event.data));
    });
    this.poll();
  }

  // The stream says what the run prints; the run's own JSON says where it stands meanwhile.
  async poll() {
    clearTimeout(this.timer);
    const reply = await getJSON(fillUrl(this.urls.runUrlTemplate, this.runId));
    if (!reply.ok || !isActive(reply.data)) return; // the stream's status event finishes it
    this.pane.show(reply.data);
    const text = activeText(reply.data);
    if (text) this.say(text);
    if (reply.data.preview_url) this.preview?.show(reply.data.preview_url);
    this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  finish(run) {
    clearTimeout(this.timer);
    const text = finishedText(run);
    this.say(text);
    this.pane.show(run);
    this.preview?.hide();
    if (this.isService) forget(run.id);
    this.section.dataset.outcome = run.status;
    this.runButton.disabled = false;
    this.cancelButton.hidden = true;
    this.transcript.href = run.transcript_url;
    this.transcript.hidden = false;
    if (this.isCheck && !this.replaying) this.judge(run);
    // The desktop shell shows this only when its window is not focused.
    if (window.fieldguide && !this.replaying) {
      window.fieldguide.notify({ title: `Demo finished: ${this.id}`, body: text });
    }
  }

  // A finished check: success marks the step complete, failure shows the lesson's hint.
  async judge(run) {
    if (run.status !== "succeeded") {
      this.passed.hidden = true;
      if (this.hint) this.hint.hidden = false;
      return;
    }
    if (this.hint) this.hint.hidden = true;
    const reply = await postJSON(this.urls.stepCheckUrl, { run: run.id });
    const completed = Boolean(reply.data?.completed);
    this.passed.hidden = !completed;
    if (completed) document.dispatchEvent(new CustomEvent("fieldguide:step-completed"));
  }

  cancel() {
    if (!this.runId) return;
    this.say(this.isService ? "Stopping…" : "Cancelling…");
    postJSON(fillUrl(this.urls.runCancelUrlTemplate, this.runId));
  }

  async reset() {
    const reply = await postJSON(this.urls.workspaceResetUrl);
    this.say(
      reply.ok
        ? "The workspace is back to its starting state."
        : reply.data?.error || "The workspace could not be reset.",
    );
  }
}
