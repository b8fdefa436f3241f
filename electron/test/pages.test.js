"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const pages = require("../lib/pages");

test("the failure page shows the log escaped, with a copy button", () => {
  const html = pages.failurePage("The server exited", "line 1\n<script>alert(1)</script>");
  assert.ok(html.includes("Copy diagnostics"));
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(!html.includes("<script>alert(1)"));
});

test("the no-Python page names every candidate and why it was rejected", () => {
  const html = pages.noPythonPage([
    { source: "bundled", path: "/opt/fg/python3", reason: "no such file" },
    { source: "python3 on PATH", path: "/usr/bin/python3", reason: "Python 3.9.2 is too old" },
  ]);
  for (const text of [
    "bundled",
    "/opt/fg/python3",
    "no such file",
    "python3 on PATH",
    "3.9.2 is too old",
  ]) {
    assert.ok(html.includes(text), text);
  }
});
