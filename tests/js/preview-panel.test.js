import assert from "node:assert/strict";
import { test } from "node:test";

import { previewUrl, servicePath } from "../../site/fieldguide/demos/static/demos/preview-panel.js";

test("the address bar shows the path inside the service", () => {
  assert.equal(servicePath("/preview/7/", "/preview/7/", ""), "/");
  assert.equal(servicePath("/preview/7/", "/preview/7/polls/3/", "?x=1"), "/polls/3/?x=1");
});

test("a frame that left the preview (or has no page yet) shows nothing new", () => {
  assert.equal(servicePath("/preview/7/", "/first-django-project/"), null);
  assert.equal(servicePath("/preview/7/", "/preview/70/"), null);
  assert.equal(servicePath(null, "/preview/7/"), null);
});

test("a typed path goes under the preview, with or without its leading slash", () => {
  assert.equal(previewUrl("/preview/7/", "/polls/"), "/preview/7/polls/");
  assert.equal(previewUrl("/preview/7/", " polls/?page=2 "), "/preview/7/polls/?page=2");
  assert.equal(previewUrl("/preview/7/", "//elsewhere/"), "/preview/7/elsewhere/");
});
