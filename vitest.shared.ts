import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

// Module resolution shared by every vitest tier: the app's "@/" alias and the server-only guard.
export const resolve = {
  alias: [
    { find: /^@\/(.*)$/, replacement: `${root}/$1` },
    { find: /^server-only$/, replacement: `${root}/tests/support/server-only.ts` },
  ],
};
