import assert from "node:assert/strict";
import { test } from "node:test";

import { fillUrl } from "../../site/fieldguide/core/static/core/url-template.js";

test("the 0 segment takes the id, at the end or in the middle", () => {
  assert.equal(fillUrl("/api/runs/0", 42), "/api/runs/42");
  assert.equal(fillUrl("/api/runs/0/cancel", 7), "/api/runs/7/cancel");
});

test("only a whole 0 segment is a placeholder, and the last one wins", () => {
  assert.equal(fillUrl("/v10/runs/0", 5), "/v10/runs/5");
  assert.equal(fillUrl("/0/runs/0/cancel", 5), "/0/runs/5/cancel");
});

test("the id is encoded as one path segment", () => {
  assert.equal(fillUrl("/api/workspaces/0/reset", "a/b c"), "/api/workspaces/a%2Fb%20c/reset");
});

test("a template without a placeholder is a mistake, said loudly", () => {
  assert.throws(() => fillUrl("/api/runs/", 1), /No \/0\/ segment/);
});
