import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  isComplete,
  markDoneView,
  progressLabel,
} from "../../site/fieldguide/progress/static/progress/labels.js";

describe("progressLabel", () => {
  test("says where a tutorial stands", () => {
    assert.equal(progressLabel({ total: 0, done: 0 }), "No steps yet");
    assert.equal(progressLabel({ total: 6, done: 0 }), "Not started · 6 steps");
    assert.equal(progressLabel({ total: 6, done: 1 }), "1 of 6 steps done");
    assert.equal(progressLabel({ total: 6, done: 6 }), "Done: all 6 steps");
  });
});

test("a tutorial without steps is never complete", () => {
  assert.equal(isComplete({ total: 0, done: 0 }), false);
  assert.equal(isComplete({ total: 2, done: 2 }), true);
});

describe("markDoneView", () => {
  test("a step not done offers Mark as done", () => {
    assert.deepEqual(markDoneView({ completed: false, method: null }), {
      pressed: false,
      text: "Mark as done",
      status: "",
    });
  });

  test("a step marked done offers undo", () => {
    assert.deepEqual(markDoneView({ completed: true, method: "done" }), {
      pressed: true,
      text: "Done ✓ (undo)",
      status: "",
    });
  });

  test("a step done by a passing check says so", () => {
    assert.equal(markDoneView({ completed: true, method: "check" }).status, "Your check passed.");
  });
});
