"use strict";
// What the window may do, as pure decisions: tested as tables of URL -> decision.

const EXTERNAL_SCHEMES = new Set(["http:", "https:", "mailto:"]);

function parse(url) {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function sameOrigin(url, serverOrigin) {
  const parsed = parse(url);
  return Boolean(parsed && serverOrigin && parsed.origin === serverOrigin);
}

/** A link followed in the window: "allow" (our server), "external" (system browser), "block". */
function decideNavigation(url, serverOrigin) {
  if (sameOrigin(url, serverOrigin)) return "allow";
  const parsed = parse(url);
  return parsed && EXTERNAL_SCHEMES.has(parsed.protocol) ? "external" : "block";
}

/** window.open: "in-app" (a window of ours, e.g. the admin's pop-ups), "external", "deny". */
function decideWindowOpen(url, serverOrigin) {
  const decision = decideNavigation(url, serverOrigin);
  return decision === "allow" ? "in-app" : decision === "external" ? "external" : "deny";
}

/** Camera, microphone, geolocation, notifications from the page…: all denied. */
function decidePermission() {
  return false;
}

/** The launch token goes to the server's own origin and nowhere else. */
function shouldAttachToken(url, serverOrigin) {
  return sameOrigin(url, serverOrigin);
}

/** The request headers to send: the token added for our origin only, never leaked elsewhere. */
function withToken(url, headers, serverOrigin, token) {
  const result = { ...headers };
  for (const name of Object.keys(result)) {
    if (name.toLowerCase() === "x-fieldguide-token") delete result[name];
  }
  if (token && shouldAttachToken(url, serverOrigin)) result["X-Fieldguide-Token"] = token;
  return result;
}

module.exports = {
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  shouldAttachToken,
  withToken,
};
