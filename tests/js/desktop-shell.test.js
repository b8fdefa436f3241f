import assert from "node:assert/strict";
import { test } from "node:test";

import { isPackFile } from "../../site/fieldguide/core/static/core/desktop-shell.js";

test("lesson packs are known by their .fgpack name, in any case", () => {
  assert.equal(isPackFile("week-1.fgpack"), true);
  assert.equal(isPackFile("WEEK-1.FGPACK"), true);
  assert.equal(isPackFile("notes.txt"), false);
  assert.equal(isPackFile("week-1.fgpack.zip"), false);
});
