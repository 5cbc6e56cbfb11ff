import type { AddressInfo } from "node:net";
import type { Engine } from "../engine/engine.js";
import type { RunningServer } from "../engine/running-server.js";
import { McpHttpHandler } from "./http-handler.js";
import type { HttpOptions } from "./http-options.js";
import { isLoopback } from "./request-guard.js";

const DEFAULT_PORT = 3000;

/**
 * Serves `server` over Streamable HTTP (or legacy SSE) on node:http until `close()` or a
 * SIGINT/SIGTERM: then it stops accepting connections, lets calls in flight finish (bounded by
 * `shutdownTimeoutMs`), closes every session and runs the lifespan's shutdown.
 */
export async function serveHttp(
  server: Engine,
  options: HttpOptions & { transport: "http" | "sse" },
): Promise<RunningServer> {
  // Only a server's config.ts reads the environment (its --host/--port flags); no hidden second path.
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? DEFAULT_PORT;
  const handler = new McpHttpHandler(server, options, host);
  await server.start();
  // Loaded here, not at import: a stdio server never needs node:http.
  const { createServer } = await import("node:http");
  const httpServer = createServer((request, response) => void handler.node(request, response));
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const { port: boundPort } = httpServer.address() as AddressInfo;
  const path = options.path ?? (options.transport === "sse" ? "/sse" : "/mcp");
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}${path}`;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const onSignal = () => void close().then(() => process.exit(0));
  let stopping: Promise<void> | undefined;
  const close = () => {
    stopping ??= (async () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      httpServer.close();
      httpServer.closeIdleConnections();
      await handler.close(options.shutdownTimeoutMs ?? 5_000);
      httpServer.closeAllConnections();
      try {
        await server.close();
      } catch (error) {
        server.logger.error("shutdown failed", error);
      }
      server.logger.log("info", "stopped serving", { url });
      resolveClosed();
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  server.logger.log("info", `serving ${options.transport === "sse" ? "legacy SSE" : "Streamable HTTP"}`, {
    url,
  });
  if (!isLoopback(host) && !options.allowedHosts && options.dnsRebindingProtection !== false) {
    server.logger.log(
      "warning",
      "listening beyond loopback without allowedHosts: any Host header is accepted and browsers are only " +
        "let in from loopback or allowedOrigins; set allowedHosts to the names clients use",
      { host },
    );
  }
  return { url, close, closed };
}
