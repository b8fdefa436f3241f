// What a demo's status line and run pane say about a run (the run's JSON from the demo API):
// how it stands or ended, in words a learner reads ("stopped: ran out of time after 20 s"),
// never a raw signal number (exit -15 is how a stopped process ends, not something to show).

const SIGNALS = {
  1: "SIGHUP",
  2: "SIGINT",
  6: "SIGABRT",
  9: "SIGKILL",
  11: "SIGSEGV",
  13: "SIGPIPE",
  15: "SIGTERM",
};
const MIB = 1024 * 1024;

/** Whether the run may still change: queued or running. */
export function isActive(run) {
  return run.status === "queued" || run.status === "running";
}

export function isService(run) {
  return run.kind === "service";
}

/** 30 → "30 s", 900 → "15 min", 90 → "1 min 30 s" (as the server's notes say it). */
export function durationWords(seconds) {
  const whole = Math.round(seconds);
  if (whole < 120) return `${whole} s`;
  const rest = whole % 60;
  return `${Math.floor(whole / 60)} min${rest ? ` ${rest} s` : ""}`;
}

/** Time left, rounded up and coarse past two minutes, so that a live region is not chatty. */
export function timeLeftWords(seconds) {
  return seconds < 120 ? `${Math.ceil(seconds)} s` : `${Math.ceil(seconds / 60)} min`;
}

/** Elapsed time as a terminal clock: 7 → "0:07", 3725 → "1:02:05". */
export function clock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  const pad = (n) => String(n).padStart(2, "0");
  const [hours, minutes, rest] = [
    Math.floor(whole / 3600),
    Math.floor(whole / 60) % 60,
    whole % 60,
  ];
  return hours ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${minutes}:${pad(rest)}`;
}

/** 2097152 → "2 MiB", 524288 → "512 KiB". */
export function sizeWords(bytes) {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

function failedWords(run) {
  if (isService(run) && run.timed_out) {
    return `failed: not ready within ${durationWords(run.ready_timeout)}`;
  }
  const code = run.exit_code;
  if (code === null || code === undefined) return "failed: it did not start";
  if (code < 0) return `failed: stopped by a signal (${SIGNALS[-code] || `number ${-code}`})`;
  return `failed: exit status ${code}`;
}

/** How the run stands or how it ended, in words: the badge's text. */
export function outcomeWords(run) {
  switch (run.status) {
    case "queued":
      return "waiting";
    case "running":
      if (!isService(run)) return "running";
      return run.ready_at ? "ready" : "starting";
    case "succeeded":
      return "finished";
    case "failed":
      return failedWords(run);
    case "timed_out":
      return `stopped: ran out of time after ${durationWords(run.timeout)}`;
    case "cancelled":
      return "stopped by you";
    case "interrupted":
      return "stopped: Fieldguide shut down while it ran";
    default:
      return run.status;
  }
}

/** The badge's colour: active, ready, good, bad or stopped. */
export function tone(run) {
  if (run.status === "running" && isService(run) && run.ready_at) return "ready";
  if (isActive(run)) return "active";
  if (run.status === "succeeded") return "good";
  if (run.status === "failed") return "bad";
  return "stopped";
}

/** The note under output that went over the cap, or null. */
export function cutWords(run) {
  if (!run.truncated) return null;
  return `output cut at ${sizeWords(run.log_limit)}: the rest was not kept`;
}

/** The status line for an active run, or null for any other. */
export function activeText(run) {
  if (run.status === "queued") {
    return (
      `Waiting for a free slot: ${run.waiting_behind} demo(s) ahead, ` +
      `${run.concurrency} run at once.`
    );
  }
  if (run.status !== "running") return null;
  if (!isService(run)) {
    return `Running… ${Math.ceil(run.seconds_left)} s left before it is stopped.`;
  }
  if (!run.ready_at) return "Starting… the preview appears once it is ready.";
  return (
    `Ready: its preview is below. It stops when you leave the tutorial, or in ` +
    `${timeLeftWords(run.seconds_left)}.`
  );
}

/** The status line for a finished run: how it ended, how long it took, what was cut. */
export function finishedText(run) {
  const words = outcomeWords(run);
  let text = words.charAt(0).toUpperCase() + words.slice(1);
  if (run.status === "succeeded") text += " · exit status 0";
  if (run.duration !== undefined && run.status !== "timed_out") {
    text += ` · ${run.duration.toFixed(1)} s`;
  }
  const cut = cutWords(run);
  if (cut) text += ` · ${cut}`;
  return text;
}
