import assert from "node:assert/strict";
import { test } from "node:test";

import { isStepKey } from "../../site/fieldguide/core/static/core/step-keys.js";

const onPage = { tagName: "BODY", isContentEditable: false };

test("an arrow key on the page moves between steps", () => {
  assert.equal(isStepKey({ key: "ArrowRight", target: onPage }), true);
});

test("with a modifier held, the browser keeps the key", () => {
  for (const modifier of ["altKey", "ctrlKey", "metaKey", "shiftKey"]) {
    assert.equal(isStepKey({ key: "ArrowLeft", target: onPage, [modifier]: true }), false);
  }
});

test("while the learner types, the key moves the caret, not the page", () => {
  for (const tagName of ["INPUT", "TEXTAREA", "SELECT"]) {
    assert.equal(isStepKey({ key: "ArrowLeft", target: { tagName } }), false);
  }
  const editable = { tagName: "DIV", isContentEditable: true };
  assert.equal(isStepKey({ key: "ArrowLeft", target: editable }), false);
});

test("in an editor inside a shadow root, the key stays with the editor", () => {
  const host = { tagName: "DIV" };
  const editable = { tagName: "DIV", isContentEditable: true };
  const event = { key: "ArrowLeft", target: host, composedPath: () => [editable, host] };
  assert.equal(isStepKey(event), false);
});
