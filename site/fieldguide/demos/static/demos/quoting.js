// The command preview above a demo's Run button: the allowlisted command's words with the
// learner's parameters filled in, quoted the way a POSIX shell would need them. A service's
// {port} (chosen when it starts) shows as itself, unquoted, until then.

const SAFE_WORD = /^[\w./=:@%+-]+$/;
const PLACEHOLDER = /^\{([a-z_][a-z0-9_]*)\}$/;
const PORT = "{port}";
const PORT_STAND_IN = "FIELDGUIDEPORT";

/** word as one shell word: as it is when nothing in it is special, else in single quotes. */
export function shellQuote(word) {
  return SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

// An allowlist word: its {port} is Fieldguide's, not text to quote (a learner's value is
// quoted by shellQuote alone, braces and all).
function templateWord(word) {
  return shellQuote(word.replaceAll(PORT, PORT_STAND_IN)).replaceAll(PORT_STAND_IN, PORT);
}

/**
 * The command line for template words (e.g. ["python", "manage.py", "startapp", "{name}"])
 * with each whole-word {placeholder} that params names replaced by its value.
 */
export function commandPreview(words, params) {
  return words
    .map((word) => {
      const name = PLACEHOLDER.exec(word)?.[1];
      const isParam = name !== undefined && Object.hasOwn(params, name);
      return isParam ? shellQuote(params[name]) : templateWord(word);
    })
    .join(" ");
}
