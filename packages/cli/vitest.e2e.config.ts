import { defineConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";
import { e2eFiles } from "./vitest.config.ts";

// Not mergeConfig: it would append to the shared include list instead of replacing it.
export default defineConfig({ ...sharedConfig, test: { ...sharedConfig.test, include: e2eFiles } });
