// ← and → move between steps: the pager's links carry data-key="ArrowLeft" / "ArrowRight".

const TYPING_IN = /^(INPUT|TEXTAREA|SELECT)$/;

/** Whether a keydown may move between steps: no modifier, and the learner is not typing. */
export function isStepKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  // Inside a shadow root (the code editor's) the event's target is the root's host: the
  // element the key really went to is the first of its composed path.
  const target = event.composedPath?.()[0] ?? event.target;
  return !(target && (target.isContentEditable || TYPING_IN.test(target.tagName)));
}

export function startStepKeys() {
  document.addEventListener("keydown", (event) => {
    if (!isStepKey(event)) return;
    const link = document.querySelector(`a[data-key="${CSS.escape(event.key)}"]`);
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  });
}
