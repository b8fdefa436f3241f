import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  ansiSegments,
  applySgr,
  classesOf,
  PLAIN,
} from "../../site/fieldguide/demos/static/demos/ansi.js";

const ESC = "\u001b";

describe("ansiSegments", () => {
  test("colours and bold become classes; other escapes are dropped", () => {
    const { segments } = ansiSegments(
      `${ESC}[1;32mok${ESC}[0m plain ${ESC}[2Kred? ${ESC}[91m<b>x</b>${ESC}[39m`,
    );
    assert.deepEqual(segments, [
      { text: "ok", classes: ["ansi-32", "ansi-bold"] },
      { text: " plain red? ", classes: [] },
      { text: "<b>x</b>", classes: ["ansi-91"] },
    ]);
  });

  test("text without escapes is one plain segment, and empty text none", () => {
    assert.deepEqual(ansiSegments("hello\n").segments, [{ text: "hello\n", classes: [] }]);
    assert.deepEqual(ansiSegments("").segments, []);
  });

  test("a colour set in one chunk carries on into the next", () => {
    const first = ansiSegments(`${ESC}[31mred `);
    const second = ansiSegments(`still red${ESC}[m plain`, first.style);
    assert.deepEqual(second.segments, [
      { text: "still red", classes: ["ansi-31"] },
      { text: " plain", classes: [] },
    ]);
    assert.deepEqual(second.style, PLAIN);
  });

  test("window titles, cursor moves and a lone carriage return are dropped, CRLF kept", () => {
    const text = `${ESC}]0;title\u0007a${ESC}[2Ab\rc\r\nd${ESC}[?25l`;
    assert.deepEqual(ansiSegments(text).segments, [{ text: "abc\r\nd", classes: [] }]);
  });
});

describe("applySgr", () => {
  test("bright and normal foreground colours, bold on and off, resets", () => {
    assert.deepEqual(applySgr(PLAIN, "94"), { fg: 94, bold: false });
    assert.deepEqual(applySgr({ fg: 94, bold: false }, "1"), { fg: 94, bold: true });
    assert.deepEqual(applySgr({ fg: 94, bold: true }, "22"), { fg: 94, bold: false });
    assert.deepEqual(applySgr({ fg: 94, bold: true }, "39"), { fg: null, bold: true });
    assert.deepEqual(applySgr({ fg: 94, bold: true }, ""), PLAIN);
    assert.deepEqual(applySgr({ fg: 94, bold: true }, "0"), PLAIN);
  });

  test("backgrounds, underline and 256 colours are ignored, not misread", () => {
    assert.deepEqual(applySgr(PLAIN, "4;44"), PLAIN);
    assert.deepEqual(applySgr({ fg: 31, bold: false }, "48;5;17"), { fg: 31, bold: false });
    assert.deepEqual(applySgr(PLAIN, "38;5;33"), PLAIN);
    assert.deepEqual(applySgr(PLAIN, "38;2;0;0;34;1"), { fg: null, bold: true });
  });

  test("the style passed in is not changed", () => {
    const style = { fg: 31, bold: false };
    applySgr(style, "0");
    assert.deepEqual(style, { fg: 31, bold: false });
  });
});

test("classesOf names the colour, then bold", () => {
  assert.deepEqual(classesOf(PLAIN), []);
  assert.deepEqual(classesOf({ fg: null, bold: true }), ["ansi-bold"]);
  assert.deepEqual(classesOf({ fg: 33, bold: true }), ["ansi-33", "ansi-bold"]);
});
