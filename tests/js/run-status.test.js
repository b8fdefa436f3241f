import assert from "node:assert/strict";
import { test } from "node:test";

import {
  activeText,
  finishedText,
  isActive,
} from "../../site/fieldguide/demos/static/demos/run-status.js";

test("a queued run says how many are ahead of it", () => {
  const run = { status: "queued", waiting_behind: 2, concurrency: 1 };
  assert.equal(activeText(run), "Waiting for a free slot: 2 demo(s) ahead, 1 run at once.");
  assert.equal(isActive(run), true);
});

test("a running run says the whole seconds left", () => {
  const run = { status: "running", seconds_left: 12.2 };
  assert.equal(activeText(run), "Running… 13 s left before it is stopped.");
  assert.equal(isActive(run), true);
});

test("a finished run has no progress line and is not active", () => {
  assert.equal(activeText({ status: "succeeded" }), null);
  assert.equal(isActive({ status: "cancelled" }), false);
});

test("a finished run says how it ended, its exit status, duration and what was cut", () => {
  const run = { status: "succeeded", exit_code: 0, duration: 1.234, truncated: false };
  assert.equal(finishedText(run), "Finished · exit status 0 · 1.2 s");
  assert.equal(
    finishedText({
      status: "failed",
      exit_code: 2,
      duration: 0.05,
      truncated: true,
      log_limit: 2 * 1024 * 1024,
    }),
    "Failed: exit status 2 · 0.1 s · output cut at 2 MiB: the rest was not kept",
  );
});

test("a run stopped before it exited says why, never its signal number", () => {
  assert.equal(
    finishedText({ status: "timed_out", exit_code: -15, timeout: 20, duration: 21.6 }),
    "Stopped: ran out of time after 20 s",
  );
  assert.equal(
    finishedText({ status: "cancelled", exit_code: -15, duration: 3.04 }),
    "Stopped by you · 3.0 s",
  );
  assert.equal(
    finishedText({ status: "interrupted", exit_code: -15 }),
    "Stopped: Fieldguide shut down while it ran",
  );
});

test("an unknown status is shown as it is", () => {
  assert.equal(finishedText({ status: "vanished" }), "Vanished");
});
