// A running service's preview: its pages in a sandboxed frame at /preview/<run-id>/…, with an
// address bar (the path inside the service), Reload, and Open in a new window. The preview's
// URL comes with the run (run.preview_url); the frame is same-origin (see demo_block.html).

/** The path inside the service for a location of the frame, or null when it is elsewhere. */
export function servicePath(base, pathname, search = "") {
  if (!base || !pathname.startsWith(base)) return null;
  return `/${pathname.slice(base.length)}${search}`;
}

/** The preview URL for a path typed in the address bar ("polls/", "/polls/?page=2"). */
export function previewUrl(base, path) {
  return base + path.trim().replace(/^\/+/, "");
}

export class PreviewPanel {
  constructor(element) {
    this.element = element;
    this.frame = element.querySelector("[data-preview-frame]");
    this.address = element.querySelector("[data-preview-path]");
    this.open = element.querySelector("[data-preview-open]");
    this.base = null;
    element.querySelector("[data-preview-address]").addEventListener("submit", (event) => {
      event.preventDefault();
      this.go(this.address.value);
    });
    element.querySelector("[data-preview-reload]").addEventListener("click", () => this.reload());
    this.frame.addEventListener("load", () => this.follow());
  }

  /** Show the service at base (once: later calls for the same run change nothing). */
  show(base) {
    if (this.base === base) return;
    this.base = base;
    this.element.hidden = false;
    this.go("/");
  }

  go(path) {
    const url = previewUrl(this.base, path);
    this.frame.src = url;
    this.address.value = `/${path.trim().replace(/^\/+/, "")}`;
    this.open.href = url;
  }

  reload() {
    try {
      this.frame.contentWindow.location.reload();
    } catch {
      this.frame.src = this.open.href;
    }
  }

  // Links followed inside the frame: the address bar and the new-window link follow them.
  follow() {
    let where;
    try {
      where = this.frame.contentWindow.location;
    } catch {
      return;
    }
    const path = servicePath(this.base, where.pathname, where.search);
    if (path === null) return;
    this.address.value = path;
    this.open.href = where.pathname + where.search;
  }

  hide() {
    this.base = null;
    this.element.hidden = true;
    this.frame.removeAttribute("src");
  }
}
