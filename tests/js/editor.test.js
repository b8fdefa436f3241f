// The code editor's sources, in Node: CodeMirror's modules load without a DOM, so the file →
// language mapping and every language's parser are tested here. The editor itself (typing,
// Ctrl-S, search, the diff view) needs a browser: tests/test_editor_bundle.py drives it in
// Chromium. Needs the root `npm ci` (the editor's packages are in package-lock.json).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { ensureSyntaxTree } from "@codemirror/language";
import { EditorState } from "@codemirror/state";

import * as entry from "../../site/fieldguide/demos/editor/entry.js";
import {
  LANGUAGES,
  languageFor,
  languageSupport,
} from "../../site/fieldguide/demos/editor/languages.js";
import { currentTheme, watchColourScheme } from "../../site/fieldguide/demos/editor/theme.js";

describe("languageFor", () => {
  test("maps a workspace file's extension to the language it is edited as", () => {
    const expected = {
      "polls/models.py": "python",
      "stubs/api.pyi": "python",
      "static/app.js": "javascript",
      "static/app.mjs": "javascript",
      "polls/templates/polls/index.html": "html",
      "templates/base.djhtml": "html",
      "static/site.css": "css",
      "notes.md": "markdown",
      "package.json": "json",
      "config.yaml": "yaml",
      ".github/workflows/ci.yml": "yaml",
      "pyproject.toml": "plain",
      "requirements.txt": "plain",
    };
    for (const [path, language] of Object.entries(expected)) {
      assert.equal(languageFor(path), language, path);
    }
  });

  test("is case-blind, takes backslashes, and makes the rest plain text", () => {
    assert.equal(languageFor("README.MD"), "markdown");
    assert.equal(languageFor("polls\\views.py"), "python");
    for (const path of ["Makefile", ".env", "archive.tar.gz", "dir.py/", "", undefined]) {
      assert.equal(languageFor(path), "plain", String(path));
    }
  });

  test("answers only names the editor knows", () => {
    assert.ok(LANGUAGES.includes(languageFor("x.py")) && LANGUAGES.includes("plain"));
    assert.deepEqual(entry.LANGUAGES, LANGUAGES);
    assert.equal(entry.languageFor, languageFor);
  });
});

function parse(language, text) {
  const state = EditorState.create({ doc: text, extensions: languageSupport(language) });
  return ensureSyntaxTree(state, state.doc.length, 5000).toString();
}

describe("languageSupport", () => {
  test("every language parses its own kind of file", () => {
    const samples = {
      python: ["def index(request):\n    return 1\n", "FunctionDefinition"],
      javascript: ["export function f() { return 1; }\n", "FunctionDeclaration"],
      html: ["<p>{{ question.text }}</p>\n", "Element"],
      css: ["body { color: red; }\n", "RuleSet"],
      markdown: ["# Title\n\n```python\nx = 1\n```\n", "FencedCode"],
      json: ['{"a": [1, 2]}\n', "Object"],
      yaml: ["writable:\n  - polls/\n", "BlockMapping"],
    };
    assert.deepEqual(Object.keys(samples).sort(), LANGUAGES.filter((l) => l !== "plain").sort());
    for (const [language, [text, node]] of Object.entries(samples)) {
      assert.match(parse(language, text), new RegExp(`\\b${node}\\b`), language);
    }
  });

  test("plain text and unknown names get no language, and supports are shared", () => {
    assert.deepEqual(languageSupport("plain"), []);
    assert.deepEqual(languageSupport("cobol"), []);
    assert.equal(languageSupport("python"), languageSupport("python"));
  });
});

describe("theme", () => {
  test("without matchMedia (no browser) the light theme is used and nothing is watched", () => {
    assert.ok(Array.isArray(currentTheme()) && currentTheme().length === 2);
    const stop = watchColourScheme(() => assert.fail("no scheme to watch"));
    stop();
  });

  test("the dark theme follows prefers-color-scheme, and stops following when asked", () => {
    const listeners = new Set();
    const query = {
      matches: false,
      addEventListener: (_type, listener) => listeners.add(listener),
      removeEventListener: (_type, listener) => listeners.delete(listener),
    };
    globalThis.matchMedia = () => query;
    try {
      const light = currentTheme();
      const seen = [];
      const stop = watchColourScheme((theme) => seen.push(theme));
      query.matches = true;
      listeners.forEach((listener) => listener());
      assert.equal(seen.length, 1);
      assert.notEqual(seen[0], light);
      assert.equal(currentTheme(), seen[0]);
      stop();
      assert.equal(listeners.size, 0);
    } finally {
      delete globalThis.matchMedia;
    }
  });
});

test("the entry exports the page's API", () => {
  assert.equal(typeof entry.createEditor, "function");
  assert.equal(typeof entry.createDiffView, "function");
});
