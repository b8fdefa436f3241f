// A step's solution that the learner can apply to their workspace: "Show the changes" (a diff
// from their files to the author's solution) and "Apply solution" (after a confirmation), where
// the step's workspace ships a solution overlay for it (.fieldguide/solutions/<step slug>/). The
// workspaces to try and their URLs come from data attributes (blocks/details_block.html); nothing
// is asked until the learner opens the solution. After applying, the page's workspace panels
// reload what changed: they listen for the event below (demos/workspace-panel.js).
import { getJSON, postJSON } from "../core/http.js";

const WORKSPACE_CHANGED = "fieldguide:workspace-changed";

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text) node.textContent = text;
  return node;
}

/** Each file's diff, its lines marked as the workspace panel marks them. */
function diffView(files) {
  const view = element("div", { class: "solution-diff" });
  for (const { path, diff, created } of files) {
    const title = element("p", { class: "solution-file" });
    title.append(element("code", {}, path));
    view.append(title);
    if (!diff) {
      title.append(created ? ": a new, empty file." : " is already as in the solution.");
      continue;
    }
    const pre = element("pre", {
      class: "diff",
      tabindex: "0",
      "aria-label": `Changes to ${path}`,
    });
    for (const line of diff.replace(/\n$/, "").split("\n")) {
      const header = line.startsWith("--- ") || line.startsWith("+++ ");
      const kind = header
        ? "hunk"
        : ({ "+": "added", "-": "removed", "@": "hunk" }[line[0]] ?? "same");
      pre.append(element("span", { class: `diff-${kind}` }, `${line}\n`));
    }
    view.append(pre);
  }
  return view;
}

function listed(paths) {
  return paths.length < 2 ? paths.join("") : `${paths.slice(0, -1).join(", ")} and ${paths.at(-1)}`;
}

export class SolutionActions {
  constructor(box) {
    this.box = box;
    this.details = box.closest("details");
    this.target = null; // the candidate whose workspace has an overlay for this step
    this.details.addEventListener("toggle", () => {
      if (this.details.open) this.start();
    });
  }

  /** Find the first workspace with an overlay for this step; offer the buttons if there is one. */
  async start() {
    if (this.started) return;
    this.started = true;
    const tried = new Set();
    for (const candidate of this.box.querySelectorAll("[data-workspace-solution-url]")) {
      const url = candidate.dataset.workspaceSolutionUrl;
      if (tried.has(url)) continue;
      tried.add(url);
      const reply = await getJSON(url);
      if (reply.ok) {
        this.target = candidate;
        this.build();
        return;
      }
    }
    this.box.dataset.state = "none"; // no overlay for this step: a solution to read only
  }

  build() {
    const bar = element("div", { class: "demo-actions solution-actions" });
    this.showButton = element(
      "button",
      { type: "button", class: "secondary", "aria-pressed": "false" },
      "Show the changes",
    );
    this.applyButton = element("button", { type: "button" }, "Apply solution");
    this.showButton.addEventListener("click", () => this.toggleChanges());
    this.applyButton.addEventListener("click", () => this.apply());
    bar.append(this.showButton, this.applyButton);
    this.status = element("p", { class: "solution-status", role: "status" });
    this.changesHost = element("div", { hidden: "" });
    this.box.append(bar, this.status, this.changesHost);
    this.box.hidden = false;
    this.box.dataset.state = "ready";
  }

  say(message) {
    this.status.textContent = message;
  }

  /** Each file of the solution with its diff; `created` marks a new file that is empty,
   * whose diff is as empty as that of a file that already matches. */
  async changes() {
    const [reply, listing] = await Promise.all([
      getJSON(this.target.dataset.workspaceSolutionUrl),
      getJSON(this.target.dataset.workspaceFilesUrl),
    ]);
    if (!reply.ok || !listing.ok) {
      this.say(reply.data?.error ?? listing.data?.error ?? "The solution could not be read.");
      return null;
    }
    const present = new Set(listing.data.files.map((file) => file.path));
    return reply.data.files.map((file) => ({ ...file, created: !present.has(file.path) }));
  }

  async showChanges() {
    const files = await this.changes();
    if (!files) return;
    this.changesHost.replaceChildren(diffView(files));
    this.changesHost.hidden = false;
    this.showButton.setAttribute("aria-pressed", "true");
    this.showButton.textContent = "Hide the changes";
  }

  async toggleChanges() {
    if (this.changesHost.hidden) {
      await this.showChanges();
      return;
    }
    this.changesHost.hidden = true;
    this.showButton.setAttribute("aria-pressed", "false");
    this.showButton.textContent = "Show the changes";
  }

  async apply() {
    const files = await this.changes();
    if (!files) return;
    const changing = files.filter((file) => file.diff || file.created).map((file) => file.path);
    if (!changing.length) {
      this.say("Your files already match the solution.");
      return;
    }
    const yours = changing.length === 1 ? "this file" : "these files";
    if (
      !window.confirm(
        `Apply the solution? It writes ${listed(changing)}: your changes to ${yours} are lost.`,
      )
    ) {
      return;
    }
    this.applyButton.disabled = true;
    const reply = await postJSON(this.target.dataset.workspaceSolutionApplyUrl);
    this.applyButton.disabled = false;
    if (!reply.ok) {
      this.say(reply.data?.error ?? "The solution could not be applied.");
      return;
    }
    const detail = { workspace: this.target.dataset.workspace, paths: reply.data.applied };
    document.dispatchEvent(new CustomEvent(WORKSPACE_CHANGED, { detail }));
    this.say(`Solution applied: ${listed(changing)} changed in your copy of ${detail.workspace}.`);
    if (!this.changesHost.hidden) await this.showChanges();
  }
}

document.querySelectorAll(".solution-apply[data-solution-step]").forEach((box) => {
  new SolutionActions(box);
});
