// The editor's look. Light: the site's own palette (fieldguide.css custom properties, their
// values repeated as fallbacks) with the lesson code blocks' syntax colours (Pygments' default
// style, lessons/highlight.css), so code reads the same in a lesson and in the editor. Dark:
// when the system asks for it (prefers-color-scheme), followed live. Fonts are the system's.
//
// The syntax colours are custom properties that each palette sets on the editor, so one
// highlight style serves both, and a switch repaints what CodeMirror drew earlier too (the
// diff view's deleted lines are drawn once).
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const LIGHT = {
  paper: "var(--paper, #ffffff)",
  ink: "var(--ink, #1f2328)",
  wash: "var(--wash, #f5f6f4)",
  muted: "var(--muted, #555f6b)",
  line: "var(--line, #d5d9dd)",
  accent: "var(--accent, #0b5cad)",
  accentInk: "var(--accent-ink, #ffffff)",
  activeLine: "#0b5cad0d",
  selection: "#b9d3f0",
  match: "#ffe58a",
  bracket: "#1f7a3d33",
  syntax: {
    keyword: "#008000",
    constant: "#008000",
    string: "#ba2121",
    escape: "#aa5d1f",
    regexp: "#a45a77",
    number: "#666666",
    comment: "#3d7b7b",
    function: "#0000ff",
    class: "#0000ff",
    builtin: "#008000",
    meta: "#9c6500",
    attribute: "#687822",
    tag: "#008000",
    variable: "#19177c",
    heading: "#000080",
    link: "#0b5cad",
    inserted: "#008400",
    deleted: "#a00000",
    invalid: "#e40000",
  },
};

const DARK = {
  paper: "#1c2024",
  ink: "#e3e6e8",
  wash: "#24292e",
  muted: "#9ba5ae",
  line: "#3b434b",
  accent: "#6cb6ff",
  accentInk: "#0b1724",
  activeLine: "#ffffff0d",
  selection: "#2f4f74",
  match: "#6b5512",
  bracket: "#3fb95059",
  syntax: {
    keyword: "#ff7b72",
    constant: "#79c0ff",
    string: "#a5d6ff",
    escape: "#ffa198",
    regexp: "#ffa198",
    number: "#79c0ff",
    comment: "#8b949e",
    function: "#d2a8ff",
    class: "#ffa657",
    builtin: "#7ee787",
    meta: "#e3b341",
    attribute: "#79c0ff",
    tag: "#7ee787",
    variable: "#ffa657",
    heading: "#79c0ff",
    link: "#6cb6ff",
    inserted: "#7ee787",
    deleted: "#ffa198",
    invalid: "#f85149",
  },
};

const colour = (name) => `var(--syntax-${name})`;

const SYNTAX = HighlightStyle.define([
  { tag: t.keyword, color: colour("keyword"), fontWeight: "bold" },
  { tag: [t.bool, t.null, t.atom, t.self], color: colour("constant") },
  { tag: [t.string, t.special(t.string), t.character], color: colour("string") },
  { tag: t.docString, color: colour("string"), fontStyle: "italic" },
  { tag: t.escape, color: colour("escape"), fontWeight: "bold" },
  { tag: t.regexp, color: colour("regexp") },
  { tag: [t.number, t.operator], color: colour("number") },
  { tag: t.comment, color: colour("comment"), fontStyle: "italic" },
  {
    tag: [t.function(t.definition(t.variableName)), t.function(t.variableName)],
    color: colour("function"),
  },
  {
    tag: [t.definition(t.className), t.className, t.namespace],
    color: colour("class"),
    fontWeight: "bold",
  },
  { tag: [t.standard(t.variableName), t.typeName], color: colour("builtin") },
  { tag: [t.meta, t.annotation, t.processingInstruction], color: colour("meta") },
  { tag: [t.attributeName, t.propertyName], color: colour("attribute") },
  { tag: t.tagName, color: colour("tag"), fontWeight: "bold" },
  { tag: [t.special(t.variableName), t.labelName], color: colour("variable") },
  { tag: t.heading, color: colour("heading"), fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.strikethrough, textDecoration: "line-through" },
  { tag: [t.link, t.url], color: colour("link"), textDecoration: "underline" },
  { tag: t.inserted, color: colour("inserted") },
  { tag: t.deleted, color: colour("deleted") },
  { tag: t.invalid, color: colour("invalid") },
]);

// As specific as the base theme's focused-selection rule, which it must override.
const SELECTION = [
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground",
  ".cm-selectionBackground",
  ".cm-content ::selection",
].join(", ");

function editorTheme(c, dark) {
  const syntax = Object.fromEntries(
    Object.entries(c.syntax).map(([name, value]) => [`--syntax-${name}`, value]),
  );
  return EditorView.theme(
    {
      "&": {
        ...syntax,
        color: c.ink,
        backgroundColor: c.paper,
        border: `1px solid ${c.line}`,
        borderRadius: "var(--radius, 6px)",
        fontSize: "0.9rem",
        maxHeight: "var(--editor-height, none)",
      },
      // The site's focus ring (fieldguide.css :focus-visible).
      "&.cm-focused": { outline: `3px solid ${c.accent}`, outlineOffset: "2px" },
      ".cm-scroller": { fontFamily: "var(--mono, monospace)", lineHeight: "1.5", overflow: "auto" },
      ".cm-content": { caretColor: c.ink },
      ".cm-cursor, .cm-dropCursor": { borderLeftColor: c.ink },
      [SELECTION]: { backgroundColor: c.selection },
      ".cm-activeLine": { backgroundColor: c.activeLine },
      ".cm-gutters": {
        backgroundColor: c.wash,
        color: c.muted,
        borderRight: `1px solid ${c.line}`,
      },
      ".cm-activeLineGutter": { backgroundColor: c.activeLine, color: c.ink },
      "&.cm-focused .cm-matchingBracket": {
        backgroundColor: c.bracket,
        outline: `1px solid ${c.line}`,
      },
      ".cm-searchMatch": { backgroundColor: c.match },
      ".cm-searchMatch.cm-searchMatch-selected": { outline: `2px solid ${c.accent}` },
      ".cm-selectionMatch": { backgroundColor: c.activeLine },
      ".cm-panels": { backgroundColor: c.wash, color: c.ink },
      ".cm-panels.cm-panels-top": { borderBottom: `1px solid ${c.line}` },
      ".cm-textfield, .cm-button": { font: "inherit", fontSize: "0.85rem" },
      ".cm-tooltip": { backgroundColor: c.paper, color: c.ink, border: `1px solid ${c.line}` },
      ".cm-tooltip-autocomplete > ul > li[aria-selected]": {
        backgroundColor: c.accent,
        color: c.accentInk,
      },
      ".cm-collapsedLines": { color: c.muted, backgroundColor: c.wash },
    },
    { dark },
  );
}

const HIGHLIGHTING = syntaxHighlighting(SYNTAX);
const THEMES = {
  light: [editorTheme(LIGHT, false), HIGHLIGHTING],
  dark: [editorTheme(DARK, true), HIGHLIGHTING],
};

const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The theme extension (editor colours and syntax colours) for the system's current scheme. */
export function currentTheme() {
  const dark = typeof matchMedia === "function" && matchMedia(DARK_QUERY).matches;
  return THEMES[dark ? "dark" : "light"];
}

/** Calls `changed(theme)` whenever the system switches between light and dark; returns the
 * function that stops listening. */
export function watchColourScheme(changed) {
  if (typeof matchMedia !== "function") return () => {};
  const query = matchMedia(DARK_QUERY);
  const listener = () => changed(currentTheme());
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}
