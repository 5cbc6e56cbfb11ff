import { defineConfig } from "vitest/config";

/**
 * Shared Vitest settings: resolve workspace packages to their TypeScript source through the
 * `@mcpkit/source` export condition, so tests never need a prior build.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@mcpkit/source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@mcpkit/source", "node", "import", "default"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
