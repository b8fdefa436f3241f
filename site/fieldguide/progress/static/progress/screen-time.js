// Time on screen, counted only while the page is visible and reported in whole seconds.
// Pure bookkeeping: the caller says what time it is and whether the page is visible.

/** The server takes at most this many seconds in one report (pages report every 15 s). */
export const MAX_SECONDS_PER_REPORT = 120;

export class ScreenTime {
  #visibleSince;
  #pending = 0;

  constructor(now, visible) {
    this.#visibleSince = visible ? now : null;
  }

  /** The page became visible again at now. */
  resume(now) {
    this.#visibleSince = now;
  }

  /**
   * The whole seconds counted up to now, taken out of the count: at most
   * MAX_SECONDS_PER_REPORT (the rest is dropped), or 0 while under a second (kept for later).
   * visible says whether to go on counting after now.
   */
  take(now, visible) {
    if (this.#visibleSince !== null) {
      this.#pending += now - this.#visibleSince;
      this.#visibleSince = visible ? now : null;
    }
    const seconds = Math.min(Math.round(this.#pending / 1000), MAX_SECONDS_PER_REPORT);
    if (seconds < 1) return 0;
    this.#pending = 0;
    return seconds;
  }
}
