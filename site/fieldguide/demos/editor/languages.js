// Which language a workspace file is edited as, and CodeMirror's support for each.
// languageFor() is a pure function of the path, so a page can label a file without loading
// the editor; tests/js runs both in Node (CodeMirror's languages need no DOM).
import { css } from "@codemirror/lang-css";
import { html } from "@codemirror/lang-html";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { markdown } from "@codemirror/lang-markdown";
import { python } from "@codemirror/lang-python";
import { yaml } from "@codemirror/lang-yaml";

/** Every name languageFor() may answer; "plain" is text without highlighting. */
export const LANGUAGES = Object.freeze([
  "python",
  "javascript",
  "html",
  "css",
  "markdown",
  "json",
  "yaml",
  "plain",
]);

// Django templates are HTML with {{ }} and {% %} left as text: close enough to edit them.
// TOML, text and anything unknown are plain.
const BY_EXTENSION = {
  py: "python",
  pyi: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  html: "html",
  htm: "html",
  djhtml: "html",
  css: "css",
  md: "markdown",
  markdown: "markdown",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
};

/** The language to edit `path` as: one of LANGUAGES, by the file name's extension. */
export function languageFor(path) {
  const name = String(path ?? "")
    .split(/[\\/]/)
    .pop()
    .toLowerCase();
  const dot = name.lastIndexOf(".");
  // No extension ("Makefile") or a dot file (".env"): plain text.
  if (dot <= 0) return "plain";
  return Object.hasOwn(BY_EXTENSION, name.slice(dot + 1))
    ? BY_EXTENSION[name.slice(dot + 1)]
    : "plain";
}

// Fenced code in Markdown files, by the fence's info string.
const FENCES = {
  python: "python",
  py: "python",
  javascript: "javascript",
  js: "javascript",
  html: "html",
  django: "html",
  css: "css",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
};

const MAKERS = {
  python: () => python(),
  javascript: () => javascript(),
  html: () => html(),
  css: () => css(),
  json: () => json(),
  yaml: () => yaml(),
  markdown: () =>
    markdown({
      codeLanguages: (info) => {
        const fence = FENCES[info.trim().toLowerCase()];
        return fence ? languageSupport(fence).language : null;
      },
    }),
};

// One LanguageSupport per language, shared by every editor of the page (they are immutable).
const made = new Map();

/** The CodeMirror extension for one of LANGUAGES (none for "plain" or an unknown name). */
export function languageSupport(name) {
  if (!Object.hasOwn(MAKERS, name)) return [];
  if (!made.has(name)) made.set(name, MAKERS[name]());
  return made.get(name);
}
