import { defineConfig } from "vitest/config";

/**
 * Shared Vitest settings: resolve workspace packages to their TypeScript source through the
 * `@mcpkit/source` export condition, so tests never need a prior build.
 *
 * The timeouts only catch hangs. They are generous because the suite must pass on a loaded
 * machine (`pnpm test:load` runs it beside CPU hogs), where spawning a server can take many
 * times longer than on a quiet one; a healthy test never comes near them.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@mcpkit/source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@mcpkit/source", "node", "import", "default"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
