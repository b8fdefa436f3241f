import assert from "node:assert/strict";
import { test } from "node:test";

import { commandPreview } from "../../site/fieldguide/demos/static/demos/quoting.js";

test("a service's {port} shows as itself, unquoted, inside a word or whole", () => {
  const words = ["python", "manage.py", "runserver", "127.0.0.1:{port}", "--noreload"];
  assert.equal(commandPreview(words, {}), "python manage.py runserver 127.0.0.1:{port} --noreload");
  assert.equal(
    commandPreview(["python", "-m", "http.server", "{port}"], {}),
    "python -m http.server {port}",
  );
});

test("a learner's value that looks like {port} is quoted like any other", () => {
  assert.equal(commandPreview(["echo", "{text}"], { text: "{port}" }), "echo '{port}'");
});
