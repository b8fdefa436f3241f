"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const policy = require("../lib/policy");

const ORIGIN = "http://127.0.0.1:41833";

test("navigation: our origin stays, web and mail go to the system browser, the rest is blocked", () => {
  const table = [
    ["http://127.0.0.1:41833/", "allow"],
    ["http://127.0.0.1:41833/first-django-project/check-your-tools/", "allow"],
    ["http://127.0.0.1:41833/admin/pages/3/edit/", "allow"],
    ["http://127.0.0.1:9999/", "external"],
    ["http://localhost:41833/", "external"],
    ["https://docs.djangoproject.com/", "external"],
    ["mailto:trainer@example.org", "external"],
    ["file:///etc/passwd", "block"],
    ["javascript:alert(1)", "block"],
    ["data:text/html,<h1>x</h1>", "block"],
    ["ftp://example.org/", "block"],
    ["chrome://settings", "block"],
    ["not a url", "block"],
  ];
  for (const [url, expected] of table) {
    assert.equal(policy.decideNavigation(url, ORIGIN), expected, url);
  }
});

test("window.open: same origin opens in the app (admin pop-ups)", () => {
  const table = [
    ["http://127.0.0.1:41833/admin/images/chooser/", "in-app"],
    ["https://wagtail.org/", "external"],
    ["mailto:a@example.org", "external"],
    ["file:///tmp/x.html", "deny"],
    ["about:blank", "deny"],
  ];
  for (const [url, expected] of table) {
    assert.equal(policy.decideWindowOpen(url, ORIGIN), expected, url);
  }
});

test("every permission request is denied", () => {
  for (const permission of [
    "media",
    "geolocation",
    "notifications",
    "midi",
    "clipboard-read",
    "usb",
  ]) {
    assert.equal(policy.decidePermission(permission), false, permission);
  }
});

test("the token reaches the server's origin only", () => {
  const table = [
    ["http://127.0.0.1:41833/api/status", true],
    ["http://127.0.0.1:41833/static/core/x.css", true],
    ["http://127.0.0.1:41834/", false],
    ["https://127.0.0.1:41833/", false],
    ["http://localhost:41833/", false],
    ["https://example.org/?u=http://127.0.0.1:41833/", false],
    ["devtools://devtools/", false],
  ];
  for (const [url, expected] of table) {
    assert.equal(policy.shouldAttachToken(url, ORIGIN), expected, url);
    const headers = policy.withToken(
      url,
      { Accept: "*/*", "x-fieldguide-token": "forged" },
      ORIGIN,
      "s3cret",
    );
    assert.equal(headers["X-Fieldguide-Token"], expected ? "s3cret" : undefined, url);
    assert.equal(
      headers["x-fieldguide-token"],
      undefined,
      "a page's own token header never passes",
    );
    assert.equal(headers.Accept, "*/*");
  }
});
