// A demo's run pane, read like a terminal: a header with the command that ran, a badge that
// says how the run stands (coloured by its outcome), the time since it started and copy
// buttons; then the output, with its colours, and a note when it went over the cap.
import { copyText } from "../core/clipboard.js";
import { DemoLog } from "./demo-log.js";
import { clock, cutWords, isActive, outcomeWords, tone } from "./run-status.js";

const COPIED_MS = 1500;
const TICK_MS = 1000;

export class RunPane {
  constructor(element) {
    this.element = element;
    this.command = element.querySelector("[data-run-command]");
    this.badge = element.querySelector("[data-run-badge]");
    this.elapsed = element.querySelector("[data-run-elapsed]");
    this.cut = element.querySelector("[data-run-cut]");
    this.log = new DemoLog(element.querySelector(".demo-log"));
    this.startedAt = null;
    this.timer = null;
    const copyCommand = element.querySelector("[data-copy-command]");
    const copyOutput = element.querySelector("[data-copy-output]");
    copyCommand.addEventListener("click", () => this.copy(copyCommand, this.command.textContent));
    copyOutput.addEventListener("click", () => this.copy(copyOutput, this.log.element.textContent));
  }

  /** A new run: an empty pane, the command as the block shows it until the run says more. */
  start(command) {
    this.element.hidden = false;
    this.log.clear();
    this.command.textContent = command;
    this.startedAt = null;
    this.show({ status: "queued" });
  }

  /** Whatever the API said about the run (its JSON), as the header and the cut note. */
  show(run) {
    if (run.command) this.command.textContent = run.command;
    this.badge.textContent = outcomeWords(run);
    this.badge.dataset.tone = tone(run);
    const cut = cutWords(run);
    this.cut.hidden = !cut;
    this.cut.textContent = cut || "";
    if (run.started_at) this.startedAt = Date.parse(run.started_at);
    if (isActive(run)) {
      this.timer ??= setInterval(() => this.tick(), TICK_MS);
      this.tick();
    } else {
      clearInterval(this.timer);
      this.timer = null;
      this.elapsed.textContent = run.duration === undefined ? "" : clock(run.duration);
    }
  }

  tick() {
    const since = this.startedAt === null ? null : (Date.now() - this.startedAt) / 1000;
    this.elapsed.textContent = since === null ? "" : clock(since);
  }

  async copy(button, text) {
    const label = button.textContent;
    try {
      await copyText(text);
    } catch {
      return; // refused: the text is still there to select
    }
    button.textContent = "Copied";
    setTimeout(() => {
      button.textContent = label;
    }, COPIED_MS);
  }
}
