// What a demo's status line says about a run (the run's JSON from the demo API).

const FINISHED = {
  succeeded: "Finished",
  failed: "Failed",
  timed_out: "Stopped: it ran out of time",
  cancelled: "Cancelled",
  interrupted: "Interrupted: Fieldguide stopped while it ran",
};

/** Whether the run may still change: queued or running. */
export function isActive(run) {
  return run.status === "queued" || run.status === "running";
}

/** The line for an active run, or null for any other. */
export function activeText(run) {
  if (run.status === "queued") {
    return (
      `Waiting for a free slot: ${run.waiting_behind} demo(s) ahead, ` +
      `${run.concurrency} run at once.`
    );
  }
  if (run.status === "running") {
    return `Running… ${Math.ceil(run.seconds_left)} s left before it is stopped.`;
  }
  return null;
}

/** The line for a finished run: how it ended, its exit status, time and truncation. */
export function finishedText(run) {
  let text = FINISHED[run.status] || run.status;
  if (run.exit_code !== null && run.exit_code !== undefined) {
    text += ` · exit status ${run.exit_code}`;
  }
  if (run.duration !== undefined) text += ` · ${run.duration.toFixed(1)} s`;
  if (run.truncated) text += " · output truncated";
  return text;
}
