import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

// These tests mostly wait on the server processes they start, so run more files at once than
// there are cores.
export default mergeConfig(sharedConfig, defineConfig({ test: { maxWorkers: 4 } }));
