"use strict";
// Which Python runs Fieldguide: the bundled interpreter, FIELDGUIDE_PYTHON, the checkout's
// .venv, then python3 / python on PATH. Each candidate must be Python >= 3.11 with Django.

const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const MINIMUM = [3, 11];
const PROBE = [
  "import json, sys",
  "try:",
  "    import django",
  "    found = django.get_version()",
  "except Exception as exc:",
  "    found = None",
  "print(json.dumps({'version': list(sys.version_info[:3]), 'django': found}))",
].join("\n");

/** Where the packaged app keeps its Python payload (see docs/packaging.md). */
function bundleRoot(resourcesPath) {
  return path.join(resourcesPath, "fieldguide");
}

function bundledPython(resourcesPath, platform = process.platform) {
  const root = path.join(bundleRoot(resourcesPath), "python");
  return platform === "win32" ? path.join(root, "python.exe") : path.join(root, "bin", "python3");
}

function venvPython(repoRoot, platform = process.platform) {
  return platform === "win32"
    ? path.join(repoRoot, ".venv", "Scripts", "python.exe")
    : path.join(repoRoot, ".venv", "bin", "python");
}

/** The first executable called `name` on PATH, or null. */
function which(name, env = process.env, platform = process.platform) {
  const extensions = platform === "win32" ? (env.PATHEXT || ".EXE").split(";") : [""];
  for (const folder of (env.PATH || "").split(path.delimiter)) {
    if (!folder) continue;
    for (const extension of extensions) {
      const candidate = path.join(folder, name + extension);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** The candidates in order, each with where it came from. */
function candidates({ resourcesPath, repoRoot, env = process.env, platform = process.platform }) {
  const list = [];
  if (resourcesPath) list.push({ source: "bundled", path: bundledPython(resourcesPath, platform) });
  if (env.FIELDGUIDE_PYTHON)
    list.push({ source: "FIELDGUIDE_PYTHON", path: env.FIELDGUIDE_PYTHON });
  if (repoRoot) list.push({ source: "checkout .venv", path: venvPython(repoRoot, platform) });
  for (const name of ["python3", "python"]) {
    list.push({ source: `${name} on PATH`, path: which(name, env, platform), name });
  }
  return list;
}

/** Why `python` cannot run Fieldguide, or null if it can. */
function rejection(python, timeoutMs = 10000) {
  if (!python) return "not found on PATH";
  if (!fs.existsSync(python)) return "no such file";
  const result = spawnSync(python, ["-c", PROBE], { encoding: "utf8", timeout: timeoutMs });
  if (result.error) return `cannot run it: ${result.error.code || result.error.message}`;
  if (result.status !== 0) {
    const said = (result.stderr || "").trim().split("\n").pop();
    return `it exited with status ${result.status}${said ? `: ${said}` : ""}`;
  }
  let info;
  try {
    info = JSON.parse(result.stdout.trim().split("\n").pop());
  } catch {
    return "it did not answer like a Python interpreter";
  }
  const [major, minor] = info.version || [];
  if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
    return `Python ${info.version.join(".")} is too old (Fieldguide needs ${MINIMUM.join(".")} or newer)`;
  }
  if (!info.django) return "Django is not installed for it";
  return null;
}

/** { python, tried }: the first candidate that fits (or null), and every verdict. */
function resolvePython(options) {
  const tried = [];
  for (const candidate of candidates(options)) {
    const reason = rejection(candidate.path, options.timeoutMs);
    tried.push({ ...candidate, ok: reason === null, reason });
    if (reason === null) return { python: candidate.path, tried };
  }
  return { python: null, tried };
}

module.exports = {
  bundleRoot,
  bundledPython,
  candidates,
  rejection,
  resolvePython,
  venvPython,
  which,
};
