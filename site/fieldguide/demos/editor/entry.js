// Fieldguide's code editor: CodeMirror 6 behind the small API that workspace pages use.
// esbuild bundles this module and its npm packages into one minified ES module, the static file
// "demos/editor.js", when `run_django.py build` collects the static files. A build made without
// Node has no such file: pages import it dynamically and offer a plain <textarea> when the
// import fails (docs/development.md, "The code editor bundle"). Nothing here fetches anything.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { goToNextChunk, goToPreviousChunk, MergeView, unifiedMergeView } from "@codemirror/merge";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";

import { languageSupport } from "./languages.js";
import { currentTheme, watchColourScheme } from "./theme.js";

export { LANGUAGES, languageFor } from "./languages.js";

// CodeMirror writes its styles into a <style> element when it lives in the document, which
// the site's Content-Security-Policy (style-src 'self') refuses; inside a shadow root it adopts
// constructed style sheets instead, which the policy allows. So every editor gets a shadow
// root of its own. The site's custom properties (its palette, --editor-height) still inherit.
const HOST_STYLE = `
  :host { display: block; }
  .cm-mergeView { max-height: var(--editor-height, none); overflow: auto; }
`;

function shadowIn(parent) {
  const host = document.createElement("div");
  host.className = "code-editor";
  parent.append(host);
  const root = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(HOST_STYLE);
  root.adoptedStyleSheets = [sheet];
  return { host, root };
}

// Read-only keeps the cursor, selection and search working (so the keyboard can read the
// file); only changes are refused.
function readOnlyExtension(readOnly) {
  return readOnly
    ? [EditorState.readOnly.of(true), EditorView.contentAttributes.of({ "aria-readonly": "true" })]
    : [];
}

function labelled(label) {
  return label ? EditorView.contentAttributes.of({ "aria-label": label }) : [];
}

// The scroller is reached by the keyboard through the content, which takes the focus.
const focusable = EditorView.contentAttributes.of({ tabindex: "0" });

/**
 * An editor in `parent` (an element), inside a shadow root of its own; --editor-height set on
 * `parent` (or above) limits its height, and it scrolls within. `language` is one of LANGUAGES
 * (see languageFor); `label` names it for screen readers. `onSave(text)` runs on Ctrl-S /
 * Cmd-S, `onChange()` after every change the learner makes. Tab indents; Escape then Tab (or
 * Ctrl-M, then Tab) moves the focus on, as CodeMirror provides for keyboard users. Returns the
 * handle the page keeps.
 */
export function createEditor(
  parent,
  { doc = "", language = "plain", readOnly = false, label = "", onSave, onChange } = {},
) {
  const slots = {
    theme: new Compartment(),
    language: new Compartment(),
    readOnly: new Compartment(),
  };
  const current = { language, readOnly: Boolean(readOnly) };
  const keys = keymap.of([
    {
      // Also when the page gave no onSave: the browser's "Save page as" has no place here.
      key: "Mod-s",
      preventDefault: true,
      run: (view) => {
        onSave?.(view.state.doc.toString());
        return true;
      },
    },
    ...closeBracketsKeymap,
    ...defaultKeymap,
    ...searchKeymap,
    ...historyKeymap,
    ...completionKeymap,
    indentWithTab,
  ]);
  const stateFor = (text) =>
    EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion(),
        highlightActiveLine(),
        focusable,
        highlightSelectionMatches(),
        search({ top: true }),
        keys,
        labelled(label),
        slots.theme.of(currentTheme()),
        slots.language.of(languageSupport(current.language)),
        slots.readOnly.of(readOnlyExtension(current.readOnly)),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange?.();
        }),
      ],
    });
  const { host, root } = shadowIn(parent);
  const view = new EditorView({ parent: root, root, state: stateFor(String(doc)) });
  const stopWatching = watchColourScheme((theme) =>
    view.dispatch({ effects: slots.theme.reconfigure(theme) }),
  );
  return {
    getText: () => view.state.doc.toString(),
    /** Replaces the text with a fresh undo history (a file loaded, reloaded or reverted is a
     * new starting point); onChange is not called. */
    setText(text) {
      view.setState(stateFor(String(text)));
    },
    setReadOnly(value) {
      current.readOnly = Boolean(value);
      view.dispatch({ effects: slots.readOnly.reconfigure(readOnlyExtension(current.readOnly)) });
    },
    setLanguage(name) {
      current.language = name;
      view.dispatch({ effects: slots.language.reconfigure(languageSupport(name)) });
    },
    focus: () => view.focus(),
    destroy() {
      stopWatching();
      view.destroy();
      host.remove();
    },
  };
}

/**
 * A read-only diff of `original` (the pristine file, or a solution) against `modified` (the
 * learner's) in `parent`: "unified" (one column, deleted lines shown above their replacement)
 * or "split" (side by side). Unchanged stretches are collapsed; Alt-↓ / Alt-↑ move between
 * changes; --editor-height limits its height, as for the editor.
 */
export function createDiffView(
  parent,
  { original = "", modified = "", language = "plain", layout = "unified", label = "" } = {},
) {
  const theme = new Compartment();
  const extensions = (sideLabel) => [
    lineNumbers(),
    highlightSpecialChars(),
    drawSelection(),
    highlightSelectionMatches(),
    search({ top: true }),
    keymap.of([
      { key: "Alt-ArrowDown", run: goToNextChunk },
      { key: "Alt-ArrowUp", run: goToPreviousChunk },
      ...defaultKeymap,
      ...searchKeymap,
    ]),
    readOnlyExtension(true),
    labelled(sideLabel),
    theme.of(currentTheme()),
    languageSupport(language),
  ];
  const collapseUnchanged = { margin: 3, minSize: 4 };
  const { host, root } = shadowIn(parent);
  let views, destroyViews;
  if (layout === "split") {
    const merge = new MergeView({
      a: { doc: String(original), extensions: extensions(label && `${label} (original)`) },
      b: { doc: String(modified), extensions: extensions(label && `${label} (yours)`) },
      parent: root,
      root,
      gutter: true,
      collapseUnchanged,
    });
    views = [merge.a, merge.b];
    destroyViews = () => merge.destroy();
  } else {
    const view = new EditorView({
      parent: root,
      root,
      state: EditorState.create({
        doc: String(modified),
        extensions: [
          extensions(label),
          unifiedMergeView({
            original: String(original),
            mergeControls: false,
            gutter: true,
            collapseUnchanged,
          }),
        ],
      }),
    });
    views = [view];
    destroyViews = () => view.destroy();
  }
  const stopWatching = watchColourScheme((next) =>
    views.forEach((view) => view.dispatch({ effects: theme.reconfigure(next) })),
  );
  return {
    destroy() {
      stopWatching();
      destroyViews();
      host.remove();
    },
  };
}
