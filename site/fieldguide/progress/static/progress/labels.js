// What the progress bars and the "Mark as done" button say, from the progress API's JSON.

/** Whether every step of a tutorial (one with steps) is done. */
export function isComplete(tutorial) {
  return tutorial.total > 0 && tutorial.done === tutorial.total;
}

/** The label beside a tutorial's progress bar. */
export function progressLabel(tutorial) {
  if (!tutorial.total) return "No steps yet";
  if (tutorial.done === 0) return `Not started · ${tutorial.total} steps`;
  if (isComplete(tutorial)) return `Done: all ${tutorial.total} steps`;
  return `${tutorial.done} of ${tutorial.total} steps done`;
}

/** The "Mark as done" button's state for a step's state: pressed, its text and the status line. */
export function markDoneView(state) {
  const done = Boolean(state.completed);
  return {
    pressed: done,
    text: done ? "Done ✓ (undo)" : "Mark as done",
    status: done && state.method === "check" ? "Your check passed." : "",
  };
}
