import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  activeText,
  clock,
  cutWords,
  durationWords,
  outcomeWords,
  sizeWords,
  timeLeftWords,
  tone,
} from "../../site/fieldguide/demos/static/demos/run-status.js";

describe("outcomeWords: the run pane's badge", () => {
  const cases = [
    [{ status: "queued" }, "waiting", "active"],
    [{ status: "running" }, "running", "active"],
    [{ status: "succeeded", exit_code: 0 }, "finished", "good"],
    [{ status: "failed", exit_code: 2 }, "failed: exit status 2", "bad"],
    [{ status: "failed", exit_code: -9 }, "failed: stopped by a signal (SIGKILL)", "bad"],
    [{ status: "failed", exit_code: -64 }, "failed: stopped by a signal (number 64)", "bad"],
    [{ status: "failed", exit_code: null }, "failed: it did not start", "bad"],
    [
      { status: "timed_out", exit_code: -15, timeout: 20 },
      "stopped: ran out of time after 20 s",
      "stopped",
    ],
    [{ status: "cancelled", exit_code: -15 }, "stopped by you", "stopped"],
    [
      { status: "interrupted", exit_code: -15 },
      "stopped: Fieldguide shut down while it ran",
      "stopped",
    ],
  ];
  for (const [run, words, colour] of cases) {
    test(`${run.status} ${run.exit_code ?? ""} → ${words}`, () => {
      assert.equal(outcomeWords(run), words);
      assert.equal(tone(run), colour);
      assert.doesNotMatch(words, /-\d/, "never a raw signal number");
    });
  }
});

describe("a service's words", () => {
  const service = { kind: "service", ready_timeout: 30, timeout: 900 };

  test("it starts, then is ready", () => {
    const starting = { ...service, status: "running", ready_at: null, seconds_left: 890 };
    assert.equal(outcomeWords(starting), "starting");
    assert.equal(tone(starting), "active");
    assert.equal(activeText(starting), "Starting… the preview appears once it is ready.");
    const ready = { ...starting, ready_at: "2026-11-25T10:00:00Z", seconds_left: 850.2 };
    assert.equal(outcomeWords(ready), "ready");
    assert.equal(tone(ready), "ready");
    assert.equal(
      activeText(ready),
      "Ready: its preview is below. It stops when you leave the tutorial, or in 15 min.",
    );
    assert.match(activeText({ ...ready, seconds_left: 42.1 }), /or in 43 s\.$/);
  });

  test("one never ready, or out of its lifetime, says so", () => {
    const never = { ...service, status: "failed", timed_out: true, exit_code: -15 };
    assert.equal(outcomeWords(never), "failed: not ready within 30 s");
    const lived = { ...service, status: "timed_out", timed_out: true, exit_code: -15 };
    assert.equal(outcomeWords(lived), "stopped: ran out of time after 15 min");
  });
});

test("durations, time left, the elapsed clock and sizes", () => {
  assert.deepEqual([30, 90, 119.4, 120, 900, 930].map(durationWords), [
    "30 s",
    "90 s",
    "119 s",
    "2 min",
    "15 min",
    "15 min 30 s",
  ]);
  assert.deepEqual([0.2, 119, 121, 900].map(timeLeftWords), ["1 s", "119 s", "3 min", "15 min"]);
  assert.deepEqual([0, 7.9, 61, 3725].map(clock), ["0:00", "0:07", "1:01", "1:02:05"]);
  assert.deepEqual([2 * 1024 * 1024, 1.5 * 1024 * 1024, 512 * 1024].map(sizeWords), [
    "2 MiB",
    "1.5 MiB",
    "512 KiB",
  ]);
});

test("output over the cap says so; output under it says nothing", () => {
  assert.equal(
    cutWords({ truncated: true, log_limit: 2097152 }),
    "output cut at 2 MiB: the rest was not kept",
  );
  assert.equal(cutWords({ truncated: false }), null);
});
