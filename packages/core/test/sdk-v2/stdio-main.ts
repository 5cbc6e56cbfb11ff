import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { createSdkServer, type SdkFixtureState, serveSdkHttp } from "./server.js";

/**
 * The SDK v2 fixture as a process: `stdio` (the default) serves both eras over stdio with the
 * SDK's `serveStdio`; `http` serves `createMcpHandler` and prints its URL as the first stdout line.
 */
if (process.argv[2] === "http") {
  const served = await serveSdkHttp();
  process.stdout.write(`${served.url}\n`);
} else {
  let current: ReturnType<typeof createSdkServer> | undefined;
  const state: SdkFixtureState = {
    extraTools: [],
    toolsChanged: () => current?.sendToolListChanged(),
    // The client's test reads these off stderr.
    started: () => process.stderr.write("hang started\n"),
    aborted: () => process.stderr.write("hang aborted\n"),
  };
  serveStdio(() => {
    current = createSdkServer(state);
    return current;
  });
}
