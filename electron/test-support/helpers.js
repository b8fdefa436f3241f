"use strict";
// Shared by the tests that start real processes. Tests wait on conditions, never on time: a
// fixed sleep is either too short on a busy machine (a flaky test) or too long everywhere.
const { execFileSync } = require("node:child_process");

const POLL_MS = 50;

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pids of the processes in the group `pgid`, from `ps` (Linux and macOS), so that a test
 * can see that a server's children really are where its stop will reach them.
 */
function groupMembers(pgid) {
  const table = execFileSync("ps", ["-A", "-o", "pid=,pgid="], { encoding: "utf8" });
  return table
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, group]) => group === pgid)
    .map(([pid]) => pid);
}

/**
 * Polls `predicate()` (which may be async) until it returns a truthy value or `ms` have
 * passed: { value, error }. A predicate that throws counts as "not yet" (a server still
 * starting, say); the last error is kept for the failure message.
 */
async function poll(predicate, ms) {
  const deadline = Date.now() + ms;
  let error = null;
  for (;;) {
    let value = false;
    try {
      value = await predicate();
    } catch (caught) {
      error = caught;
    }
    if (value || Date.now() >= deadline) return { value: value || false, error };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Resolves with the first truthy value of `predicate()`, or false after `ms`. */
async function waitFor(predicate, ms = 10000) {
  return (await poll(predicate, ms)).value;
}

/** waitFor, but a timeout fails the test, saying what it was waiting for. */
async function until(predicate, what, ms = 10000) {
  const { value, error } = await poll(predicate, ms);
  if (!value) {
    const cause = error ? ` (last error: ${error.message})` : "";
    throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}${cause}.`);
  }
  return value;
}

module.exports = { groupAlive, groupMembers, until, waitFor };
