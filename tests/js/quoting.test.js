import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { commandPreview, shellQuote } from "../../site/fieldguide/demos/static/demos/quoting.js";

describe("shellQuote", () => {
  test("words with nothing special stay as they are", () => {
    for (const word of ["polls", "manage.py", "--name=x", "a/b:c@d%e+f-g", "3"]) {
      assert.equal(shellQuote(word), word);
    }
  });

  test("spaces, globs, variables and the empty word are single-quoted", () => {
    assert.equal(shellQuote("Bad Name"), "'Bad Name'");
    assert.equal(shellQuote("*.py"), "'*.py'");
    assert.equal(shellQuote("$HOME"), "'$HOME'");
    assert.equal(shellQuote(""), "''");
  });

  test("a single quote inside is closed, quoted and reopened", () => {
    assert.equal(shellQuote("it's"), `'it'"'"'s'`);
  });
});

describe("commandPreview", () => {
  const words = ["python", "manage.py", "startapp", "{name}"];

  test("a whole-word placeholder takes the learner's value, quoted", () => {
    assert.equal(
      commandPreview(words, { name: "Bad Name" }),
      "python manage.py startapp 'Bad Name'",
    );
    assert.equal(commandPreview(words, { name: "polls" }), "python manage.py startapp polls");
  });

  test("a placeholder without a value, or inside a word, is shown as written", () => {
    assert.equal(commandPreview(words, {}), "python manage.py startapp '{name}'");
    assert.equal(commandPreview(["--app={name}"], { name: "x" }), "'--app={name}'");
  });

  test("only the parameters' own names count", () => {
    assert.equal(commandPreview(["{constructor}"], {}), "'{constructor}'");
  });
});
