// The command preview above a demo's Run button: the allowlisted command's words with the
// learner's parameters filled in, quoted the way a POSIX shell would need them.

const SAFE_WORD = /^[\w./=:@%+-]+$/;
const PLACEHOLDER = /^\{([a-z_][a-z0-9_]*)\}$/;

/** word as one shell word: as it is when nothing in it is special, else in single quotes. */
export function shellQuote(word) {
  return SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

/**
 * The command line for template words (e.g. ["python", "manage.py", "startapp", "{name}"])
 * with each whole-word {placeholder} that params names replaced by its value.
 */
export function commandPreview(words, params) {
  return words
    .map((word) => {
      const name = PLACEHOLDER.exec(word)?.[1];
      return shellQuote(name !== undefined && Object.hasOwn(params, name) ? params[name] : word);
    })
    .join(" ");
}
