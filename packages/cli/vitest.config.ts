import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

/**
 * End-to-end files that copy an app and run its install or its own tests: minutes of work, so
 * they run in `pnpm test:e2e` (and CI), not in `pnpm test`.
 */
export const e2eFiles = ["test/new.test.ts", "test/bundle.test.ts"];

// These tests mostly wait on the server processes they start, so run more files at once than
// there are cores.
export default mergeConfig(
  sharedConfig,
  // test/.tmp holds projects the tests make (a killed run can leave one): never collect their tests.
  defineConfig({ test: { maxWorkers: 4, exclude: ["**/node_modules/**", "test/.tmp/**", ...e2eFiles] } }),
);
