"use strict";
// Local pages shown when there is no server to show: written to the user-data folder.
const fs = require("node:fs");
const path = require("node:path");

function escape(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escape(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1.5rem;color:#1f2328;line-height:1.5}
pre{background:#1f2328;color:#f0f3f6;padding:1rem;border-radius:6px;max-height:24rem;overflow:auto;white-space:pre-wrap}
button{font:inherit;padding:.3em .9em;border:1px solid #0b5cad;background:#0b5cad;color:#fff;border-radius:6px}
</style></head><body>${body}</body></html>`;
}

function failurePage(message, diagnostics) {
  return page(
    "Fieldguide could not start",
    `<h1>Fieldguide could not start</h1>
<p>${escape(message)}</p>
<p><button id="copy">Copy diagnostics</button> <span id="done" role="status"></span></p>
<pre id="log">${escape(diagnostics)}</pre>
<script>document.getElementById("copy").onclick=function(){navigator.clipboard.writeText(document.getElementById("log").textContent).then(function(){document.getElementById("done").textContent="Copied.";});};</script>`,
  );
}

function noPythonPage(tried) {
  const rows = tried
    .map(
      (t) =>
        `<li><strong>${escape(t.source)}</strong>: <code>${escape(t.path || "-")}</code>: ${escape(t.reason)}</li>`,
    )
    .join("");
  return page(
    "Fieldguide needs Python",
    `<h1>Fieldguide needs Python 3.11 or newer with Django</h1>
<p>None of these could run Fieldguide:</p><ul>${rows}</ul>
<p>Set <code>FIELDGUIDE_PYTHON</code> to a suitable interpreter, or run <code>python3 scripts/bootstrap.py run</code> in the checkout once.</p>`,
  );
}

function write(folder, name, html) {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, name);
  fs.writeFileSync(file, html);
  return file;
}

module.exports = {
  escape,
  failurePage,
  noPythonPage,
  writeFailurePage: (folder, message, diagnostics) =>
    write(folder, "failure.html", failurePage(message, diagnostics)),
  writeNoPythonPage: (folder, tried) => write(folder, "no-python.html", noPythonPage(tried)),
};
