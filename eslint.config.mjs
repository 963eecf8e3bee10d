// The linter `npm test` runs. Besides a small set of correctness rules it enforces the
// project's boundaries (CONTRIBUTING.md "Boundaries"):
//   - domain code (lib/<domain>/) does not import the HTTP layer (lib/api, next/server);
//   - the contract folder (lib/contract/) is pure: no server-only code, no Prisma, no DOM;
//   - the worker imports app code only from the contract folder;
//   - lib/ never imports components/;
//   - no import cycles.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const HTTP_LAYER = [
  { group: ["@/lib/api", "@/lib/api/*", "@/lib/api/**"], message: "Domain code must not import the HTTP layer: throw AppError (lib/errors) and let lib/api map it." },
  { group: ["next/server", "next/headers"], message: "Domain code must not depend on Next.js request objects." },
];
const COMPONENTS = { group: ["@/components", "@/components/**", "**/components/**"], message: "lib/ must not import components/: move the shared code into lib/." };
const SERVER_ONLY = [
  { group: ["server-only"], message: "The contract folder is shared with the worker and the browser." },
  { regex: "^(@/lib/(?!contract(/|$))|(\\.\\./)+(?!contract(/|$)))", message: "The contract folder imports only itself (and zod)." },
  { group: ["@/lib/generated/**", "@prisma/*", "pg", "next", "next/*", "react", "react-dom"], message: "The contract folder is pure: no Prisma, no Next.js, no React." },
];
const WORKER = { regex: "^(@/|(\\.\\./)+)(lib/(?!contract(/|$))|components/|app/)", message: "The worker imports app code only from lib/contract." };

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      ".bin/**",
      ".cache/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "prisma/engine/**",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-empty-object-type": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
      // A `let` assigned once, later than a closure that reads it, is not a const.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: ["lib/api/**", "lib/client/**", "lib/openapi/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...HTTP_LAYER, COMPONENTS] }] },
  },
  {
    files: ["lib/api/**/*.ts", "lib/client/**/*.ts", "lib/client/**/*.tsx", "lib/openapi/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [COMPONENTS] }] },
  },
  {
    files: ["lib/contract/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: SERVER_ONLY }] },
  },
  {
    files: ["agent-worker/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [WORKER] }] },
  },
);
