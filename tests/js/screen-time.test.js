import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MAX_SECONDS_PER_REPORT,
  ScreenTime,
} from "../../site/fieldguide/progress/static/progress/screen-time.js";

test("time while visible is taken in whole seconds, once", () => {
  const time = new ScreenTime(0, true);
  assert.equal(time.take(2500, true), 3);
  assert.equal(time.take(2500, true), 0);
  assert.equal(time.take(4000, true), 2);
});

test("under a second is kept for the next report, not lost", () => {
  const time = new ScreenTime(0, true);
  assert.equal(time.take(400, true), 0);
  assert.equal(time.take(1000, true), 1);
});

test("time while hidden does not count", () => {
  const time = new ScreenTime(0, true);
  assert.equal(time.take(5000, false), 5); // hidden at 5 s
  assert.equal(time.take(60000, false), 0);
  time.resume(60000);
  assert.equal(time.take(62000, true), 2);
});

test("a page opened hidden counts from when it is shown", () => {
  const time = new ScreenTime(0, false);
  assert.equal(time.take(10000, false), 0);
  time.resume(10000);
  assert.equal(time.take(13000, true), 3);
});

test("one report is never more than the server takes; the excess is dropped", () => {
  const time = new ScreenTime(0, true);
  assert.equal(time.take(10 * 60 * 1000, true), MAX_SECONDS_PER_REPORT);
  assert.equal(time.take(10 * 60 * 1000 + 1000, true), 1);
});
