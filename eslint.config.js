// ESLint for every JavaScript file of the repository, by where it runs: the site's pages and
// the code editor's sources (browser ES modules), their unit tests and the editor's build
// script (Node ES modules), the Electron shell and the benchmarks (CommonJS on Node, except
// the parts that run inside a window).
import js from "@eslint/js";
import globals from "globals";

const rules = {
  "no-unused-vars": [
    "error",
    { args: "after-used", argsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
  ],
  eqeqeq: ["error", "smart"],
  "no-var": "error",
  "prefer-const": "error",
};

export default [
  {
    // Installed packages, build and packaging output, files nobody here writes by hand, and
    // lessons' and docs' sample code (written to be read, not run by us).
    ignores: [
      "content/",
      "docs/",
      "**/node_modules/",
      ".venv/",
      "build/",
      "dist/",
      "home/",
      "electron/dist/",
      "test-results/",
      "**/*.min.js",
      "**/vendor/",
    ],
  },
  js.configs.recommended,
  { rules },
  {
    files: ["site/**/static/**/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    // The code editor's sources: browser ES modules that esbuild bundles into demos/editor.js
    // (built into build/, never next to them).
    files: ["site/fieldguide/demos/editor/**/*.js"],
    languageOptions: { sourceType: "module", globals: globals.browser },
  },
  {
    files: ["tests/js/**/*.js", "bench/**/*.js", "*.js", "site/fieldguide/demos/editor/build.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
  {
    // electron/ has its own package.json without "type": "module": CommonJS.
    files: ["electron/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
  },
  {
    // Preload scripts run in the window's sandboxed renderer: a browser with a small require().
    files: ["electron/preload.js", "electron/unlock-preload.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.browser },
  },
  {
    // The shell's local pages load these with a plain <script src>.
    files: ["electron/pages/**/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
];
