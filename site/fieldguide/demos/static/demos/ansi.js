// Demo output carries terminal colours (ANSI SGR sequences). This turns a chunk of it into
// styled segments; every other escape sequence (cursor moves, titles, a lone \r) is dropped.
// A style can span chunks, so each call takes the style the previous one ended with.

/* eslint-disable no-control-regex -- terminal escape sequences are what this module reads */
const SGR = /\x1b\[([0-9;]*)m/g;
const OTHER_ESCAPES = /\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b\][^\x07]*\x07|\r(?!\n)/g;
/* eslint-enable no-control-regex */

/** No colour, not bold: the style output starts in. */
export const PLAIN = Object.freeze({ fg: null, bold: false });

// 38 and 48 (extended foreground and background colours) take arguments: 5;n or 2;r;g;b.
const EXTENDED_COLOUR = new Set([38, 48]);
const EXTENDED_ARGUMENTS = { 5: 1, 2: 3 };

/**
 * The style after one SGR sequence's parameters ("1;32"). Only the 16 foreground colours and
 * bold are kept; other codes (backgrounds, underline, 256 and true colours) are skipped.
 */
export function applySgr(style, parameters) {
  let { fg, bold } = style;
  const codes = (parameters || "0").split(";").map((code) => Number.parseInt(code || "0", 10));
  for (let i = 0; i < codes.length; i += 1) {
    const n = codes[i];
    if (n === 0) [fg, bold] = [null, false];
    else if (n === 1) bold = true;
    else if (n === 22) bold = false;
    else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) fg = n;
    else if (n === 39) fg = null;
    else if (EXTENDED_COLOUR.has(n)) i += 1 + (EXTENDED_ARGUMENTS[codes[i + 1]] ?? 0);
  }
  return { fg, bold };
}

/** The CSS classes of a style: ansi-<colour code> and ansi-bold. */
export function classesOf(style) {
  const classes = [];
  if (style.fg) classes.push(`ansi-${style.fg}`);
  if (style.bold) classes.push("ansi-bold");
  return classes;
}

/**
 * text split into { text, classes } segments (empty ones left out), and the style in force
 * at its end.
 */
export function ansiSegments(text, style = PLAIN) {
  const clean = text.replace(OTHER_ESCAPES, "");
  const segments = [];
  const add = (part) => {
    if (part) segments.push({ text: part, classes: classesOf(style) });
  };
  let last = 0;
  for (const match of clean.matchAll(SGR)) {
    add(clean.slice(last, match.index));
    style = applySgr(style, match[1]);
    last = match.index + match[0].length;
  }
  add(clean.slice(last));
  return { segments, style };
}
