// A service runs while the learner moves between the steps of its tutorial, and stops when
// they leave it. A page cannot tell where the next navigation leads (a link, the keyboard,
// the back button), so each running service is recorded in this tab's sessionStorage, and
// every page, as it opens, stops those that belong to another tutorial. The cancel is sent
// with keepalive (see demos.js): the page that sends it may itself be left at once.

const KEY = "fieldguide-services";

/** The tutorial of the current page: its steps list (on a step or the tutorial's page). */
export function pageTutorial(doc = document) {
  return doc.querySelector("[data-tutorial-steps]")?.dataset.tutorialSteps || "";
}

/**
 * The records to stop on a page of tutorial (or "" for none) at path: those of another
 * tutorial; a service started outside any tutorial lives on only through reloads of its page.
 */
export function toStop(records, tutorial, path) {
  return records.filter((record) =>
    record.tutorial ? record.tutorial !== tutorial : record.path !== path,
  );
}

function read() {
  try {
    const records = JSON.parse(sessionStorage.getItem(KEY));
    return Array.isArray(records) ? records : [];
  } catch {
    return [];
  }
}

function write(records) {
  sessionStorage.setItem(KEY, JSON.stringify(records));
}

/** Record a running service: { id, tutorial, path, cancelUrl }. */
export function remember(record) {
  write([...read().filter((r) => r.id !== record.id), record]);
}

export function forget(id) {
  write(read().filter((r) => r.id !== id));
}

/** Stop the services this page is not a part of: cancel(url) posts to a run's cancel URL. */
export function stopServicesElsewhere(cancel) {
  const records = read();
  const stopping = toStop(records, pageTutorial(), location.pathname);
  for (const record of stopping) cancel(record.cancelUrl);
  if (stopping.length) write(records.filter((record) => !stopping.includes(record)));
}
