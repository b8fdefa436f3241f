// The workspace panel of a step: the learner's copy of a workspace as a file tree, an editor
// (CodeMirror, from the editor bundle; a plain text area where the bundle is missing), a diff
// against the pristine copy, and Save, Revert file and Reset workspace. Every URL comes from
// the panel's data attributes (see blocks/files_block.html).
import { csrfToken, getJSON, postJSON } from "../core/http.js";

const SAVE_ERRORS = {
  403: "This file is read-only.",
  413: "Too big to save: a file may hold 1 MiB, a workspace 50 MiB.",
  415: "Only text files can be edited here.",
};

function fileUrl(base, path, suffix = "") {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  return `${base}/${encoded}${suffix}`;
}

async function loadEditorModule(url) {
  if (!url) return null; // this build has no editor bundle
  try {
    return await import(url);
  } catch {
    return null; // not built on this machine: the text area below stands in
  }
}

/** A plain text area with the editor's interface, for where the bundle is missing. */
function textAreaEditor(parent, { doc, readOnly, onSave, onChange, label }) {
  const area = document.createElement("textarea");
  area.className = "workspace-textarea";
  area.spellcheck = false;
  area.value = doc;
  area.readOnly = readOnly;
  area.setAttribute("aria-label", label);
  area.addEventListener("input", () => onChange(area.value));
  area.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      onSave(area.value);
    }
  });
  parent.append(area);
  return {
    getText: () => area.value,
    setText: (text) => (area.value = text),
    setReadOnly: (value) => (area.readOnly = value),
    focus: () => area.focus(),
    destroy: () => area.remove(),
  };
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text) node.textContent = text;
  return node;
}

export class WorkspacePanel {
  constructor(section) {
    this.section = section;
    this.filesUrl = section.dataset.workspaceFilesUrl;
    this.resetUrl = section.dataset.workspaceResetUrl;
    this.editorUrl = section.dataset.editorModuleUrl;
    this.files = new Map(); // path → {path, size, changed, readonly}
    this.current = null; // {path, etag, saved}
    this.editor = null;
    this.build();
    this.start(section.dataset.openPaths.split(" ").filter(Boolean));
    // Something else on the page wrote this workspace (demos/solution-apply.js).
    document.addEventListener("fieldguide:workspace-changed", (event) =>
      this.changedElsewhere(event.detail ?? {}),
    );
  }

  /** List the files again; reload the open one if it was written (the learner has confirmed
   * that their changes to it are lost). */
  async changedElsewhere({ workspace, paths = [] }) {
    if (workspace !== this.section.dataset.workspace) return;
    const open = this.current?.path;
    await this.refresh();
    if (!open || !paths.includes(open)) return;
    this.current = null;
    if (this.files.has(open)) await this.open(open);
    else this.closeEditor();
  }

  build() {
    const bar = element("div", { class: "workspace-bar" });
    this.status = element("p", { class: "workspace-status", role: "status" });
    const reset = element("button", { type: "button", class: "secondary" }, "Reset workspace");
    reset.addEventListener("click", () => this.resetWorkspace());
    bar.append(this.status, reset);
    const body = element("div", { class: "workspace-body" });
    this.tree = element("nav", { class: "workspace-tree", "aria-label": "Files" });
    const pane = element("div", { class: "workspace-editor" });
    const editorBar = element("div", { class: "editor-bar" });
    this.pathLabel = element("p", { class: "editor-path" });
    this.saveButton = element("button", { type: "button" }, "Save");
    this.diffButton = element(
      "button",
      { type: "button", class: "secondary", "aria-pressed": "false" },
      "Show changes",
    );
    this.revertButton = element("button", { type: "button", class: "secondary" }, "Revert file");
    this.saveButton.addEventListener("click", () => this.save());
    this.diffButton.addEventListener("click", () => this.toggleDiff());
    this.revertButton.addEventListener("click", () => this.revert());
    editorBar.append(this.pathLabel, this.saveButton, this.diffButton, this.revertButton);
    this.conflict = element("div", { class: "editor-conflict", role: "alert", hidden: "" });
    this.host = element("div", { class: "editor-host" });
    this.diffHost = element("div", { class: "diff-host", hidden: "" });
    pane.append(editorBar, this.conflict, this.host, this.diffHost);
    body.append(this.tree, pane);
    this.section.append(bar, body);
    this.setButtons(false);
  }

  say(message) {
    this.status.textContent = message;
  }

  setButtons(enabled) {
    const file = this.current && this.files.get(this.current.path);
    this.saveButton.disabled = !enabled || Boolean(file?.readonly);
    this.revertButton.disabled = !enabled || !file?.changed;
    this.diffButton.disabled = !enabled;
  }

  async start(openPaths) {
    this.module = await loadEditorModule(this.editorUrl);
    await this.refresh();
    const first = openPaths.find((path) => this.files.has(path));
    if (first) await this.open(first);
  }

  async refresh() {
    const reply = await getJSON(this.filesUrl);
    if (!reply.ok) {
      this.say(reply.data?.error ?? "The workspace's files could not be listed.");
      return;
    }
    this.files = new Map(reply.data.files.map((file) => [file.path, file]));
    this.renderTree();
    this.setButtons(Boolean(this.current));
  }

  renderTree() {
    const list = element("ul");
    let folder = null;
    for (const file of this.files.values()) {
      const slash = file.path.lastIndexOf("/");
      const parent = slash === -1 ? "" : file.path.slice(0, slash + 1);
      if (parent !== folder) {
        folder = parent;
        if (parent) list.append(element("li", { class: "tree-folder" }, parent));
      }
      const item = element("li", { class: parent ? "tree-file nested" : "tree-file" });
      const button = element("button", { type: "button" }, file.path.slice(slash + 1));
      if (this.current?.path === file.path) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => this.open(file.path));
      item.append(button);
      if (file.changed) item.append(element("span", { class: "mark changed" }, "changed"));
      if (file.readonly) item.append(element("span", { class: "mark readonly" }, "read-only"));
      list.append(item);
    }
    this.tree.replaceChildren(list);
  }

  async open(path) {
    if (this.dirty() && !window.confirm(`Leave ${this.current.path} without saving?`)) return;
    let response;
    try {
      response = await fetch(fileUrl(this.filesUrl, path), { credentials: "same-origin" });
    } catch {
      response = null;
    }
    if (!response?.ok) {
      const data = await response?.json().catch(() => null);
      this.say(data?.error ?? `${path} could not be opened.`);
      return;
    }
    const text = await response.text();
    this.current = { path, etag: response.headers.get("ETag"), saved: text };
    this.showEditor(text);
    this.pathLabel.textContent = path;
    this.hideDiff();
    this.conflict.hidden = true;
    this.renderTree();
    this.setButtons(true);
    this.say(this.files.get(path)?.readonly ? `${path} is read-only.` : "");
  }

  showEditor(text) {
    this.editor?.destroy();
    this.host.replaceChildren();
    const file = this.files.get(this.current.path);
    const options = {
      doc: text,
      readOnly: Boolean(file?.readonly),
      onSave: () => this.save(),
      onChange: () => this.say(this.dirty() ? "Not saved yet." : ""),
      label: `Contents of ${this.current.path}`,
    };
    if (this.module) {
      options.language = this.module.languageFor(this.current.path);
      this.editor = this.module.createEditor(this.host, options);
    } else {
      this.editor = textAreaEditor(this.host, options);
    }
  }

  dirty() {
    return Boolean(this.current && this.editor && this.editor.getText() !== this.current.saved);
  }

  async save({ overwrite = false } = {}) {
    if (!this.current) return;
    const { path } = this.current;
    const text = this.editor.getText();
    const headers = { "Content-Type": "text/plain; charset=utf-8" };
    const csrf = await csrfToken();
    if (csrf) headers["X-CSRFToken"] = csrf;
    if (this.current.etag && !overwrite) headers["If-Match"] = this.current.etag;
    let response;
    try {
      response = await fetch(fileUrl(this.filesUrl, path), {
        method: "PUT",
        credentials: "same-origin",
        headers,
        body: text,
      });
    } catch {
      this.say("Not saved: Fieldguide did not answer.");
      return;
    }
    const data = await response.json().catch(() => null);
    if (response.status === 409 && data) {
      this.offerConflict(data);
      return;
    }
    if (!response.ok) {
      this.say(data?.error ?? SAVE_ERRORS[response.status] ?? `Not saved (${response.status}).`);
      return;
    }
    this.current = { path, etag: response.headers.get("ETag"), saved: text };
    this.conflict.hidden = true;
    this.say(`Saved ${path}.`);
    await this.refresh();
  }

  offerConflict(data) {
    // data.current is null when the file was deleted since it was opened.
    const gone = data.current === null;
    const message = element(
      "p",
      {},
      gone
        ? `${this.current.path} was deleted since you opened it.`
        : `${this.current.path} changed since you opened it (in another window?).`,
    );
    const theirs = element("button", { type: "button", class: "secondary" }, "Load that version");
    const mine = element("button", { type: "button" }, "Keep mine and save");
    theirs.hidden = gone;
    theirs.addEventListener("click", () => {
      this.current = { ...this.current, etag: data.etag, saved: data.current };
      this.editor.setText(data.current);
      this.conflict.hidden = true;
      this.say("Loaded the version on disk.");
    });
    mine.addEventListener("click", () => this.save({ overwrite: true }));
    this.conflict.replaceChildren(message, theirs, mine);
    this.conflict.hidden = false;
  }

  async revert() {
    if (!this.current) return;
    const { path } = this.current;
    if (!window.confirm(`Put ${path} back as it was at the start? Your changes to it are lost.`)) {
      return;
    }
    const reply = await postJSON(fileUrl(this.filesUrl, path, "/revert"));
    if (!reply.ok) {
      this.say(reply.data?.error ?? `${path} could not be reverted.`);
      return;
    }
    await this.refresh();
    if (this.files.has(path)) {
      this.current = null;
      await this.open(path);
    } else {
      this.closeEditor();
    }
    this.say(`Reverted ${path}.`);
  }

  async resetWorkspace() {
    if (!window.confirm("Put every file of this workspace back as it was at the start?")) return;
    const reply = await postJSON(this.resetUrl);
    if (!reply.ok) {
      this.say(reply.data?.error ?? "The workspace could not be reset.");
      return;
    }
    const path = this.current?.path;
    this.current = null;
    await this.refresh();
    if (path && this.files.has(path)) await this.open(path);
    else this.closeEditor();
    this.say("The workspace is as it was at the start.");
  }

  closeEditor() {
    this.editor?.destroy();
    this.editor = null;
    this.current = null;
    this.pathLabel.textContent = "";
    this.setButtons(false);
  }

  hideDiff() {
    this.diffHost.hidden = true;
    this.host.hidden = false;
    this.diffButton.setAttribute("aria-pressed", "false");
    this.diffButton.textContent = "Show changes";
  }

  async toggleDiff() {
    if (!this.diffHost.hidden) {
      this.hideDiff();
      return;
    }
    const reply = await getJSON(fileUrl(this.filesUrl, this.current.path, "/diff"));
    if (!reply.ok) {
      this.say(reply.data?.error ?? "The changes could not be shown.");
      return;
    }
    const diff = reply.data.diff;
    const pre = element("pre", { class: "diff" });
    if (!diff) pre.textContent = "No changes: the file is as it was at the start.";
    for (const line of diff ? diff.split("\n") : []) {
      const kind = { "+": "added", "-": "removed", "@": "hunk" }[line[0]] ?? "same";
      pre.append(element("span", { class: `diff-${kind}` }, `${line}\n`));
    }
    this.diffHost.replaceChildren(pre);
    this.diffHost.hidden = false;
    this.host.hidden = true;
    this.diffButton.setAttribute("aria-pressed", "true");
    this.diffButton.textContent = "Hide changes";
  }
}

document.querySelectorAll("section.workspace-panel").forEach((section) => {
  new WorkspacePanel(section);
});
