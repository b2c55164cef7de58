// ESLint for the handbook's browser scripts and the Node runners of tests/ (make lint).
// Run from the repository root (make lint): with -c, ESLint takes paths relative to the cwd.
import js from "@eslint/js";
import globals from "globals";

const strict = {
  eqeqeq: "error",
  "no-implicit-globals": "error",
  "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
  "no-prototype-builtins": "error",
  "no-eval": "error",
  "no-implied-eval": "error",
  "no-new-func": "error",
  "no-script-url": "error",
  "no-use-before-define": ["error", { functions: false }],
};

export default [
  { ignores: ["docs/assets/javascripts/material-*.js", "**/node_modules/**", "site/**"] },
  {
    files: ["docs/assets/javascripts/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, HB_DATA: "readonly", HB_ALL: "readonly" },
    },
    rules: { ...js.configs.recommended.rules, ...strict },
  },
  {
    files: ["tests/**/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
    rules: { ...js.configs.recommended.rules, ...strict },
  },
];
