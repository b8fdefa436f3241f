import assert from "node:assert/strict";
import { test } from "node:test";

import { toStop } from "../../site/fieldguide/demos/static/demos/service-keeper.js";

const inTutorial = { id: 1, tutorial: "12", path: "/first-django-project/see-a-view-respond/" };
const onItsOwn = { id: 2, tutorial: "", path: "/docs/serving/" };

test("a service lives on through the steps of its own tutorial", () => {
  assert.deepEqual(toStop([inTutorial], "12", "/first-django-project/create-an-app/"), []);
  assert.deepEqual(toStop([inTutorial], "12", "/first-django-project/"), []);
});

test("any page outside its tutorial stops it", () => {
  assert.deepEqual(toStop([inTutorial], "", "/docs/"), [inTutorial]);
  assert.deepEqual(toStop([inTutorial], "40", "/writing-a-lesson/"), [inTutorial]);
});

test("a service started outside any tutorial survives only reloads of its page", () => {
  assert.deepEqual(toStop([onItsOwn], "", "/docs/serving/"), []);
  assert.deepEqual(toStop([onItsOwn], "", "/docs/other/"), [onItsOwn]);
  assert.deepEqual(toStop([onItsOwn, inTutorial], "", "/docs/serving/"), [inTutorial]);
});
