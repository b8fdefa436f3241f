// How long a step is on screen: reported every 15 s and when the learner leaves (keepalive
// lets that last report outlive the page). url is the step's progress:step-time URL.
import { csrfToken, postJSON } from "../core/http.js";
import { ScreenTime } from "./screen-time.js";

const REPORT_EVERY_MS = 15000;

export function startTimeOnScreen(url) {
  const visible = () => document.visibilityState === "visible";
  const time = new ScreenTime(Date.now(), visible());
  csrfToken(); // now, so that the report sent while leaving needs no round trip

  function report(leaving) {
    const seconds = time.take(Date.now(), visible());
    if (seconds) postJSON(url, { seconds }, { keepalive: leaving });
  }

  setInterval(() => report(false), REPORT_EVERY_MS);
  document.addEventListener("visibilitychange", () => {
    if (visible()) time.resume(Date.now());
    else report(true);
  });
  window.addEventListener("pagehide", () => report(true));
}
