/**
 * mcpkit core with the echo tool (and `big`, N KiB of text back, for the large suite), run as a user would ship it: `--transport stdio` (default) or
 * `http`, with `--stateless` and `--json` for the HTTP modes. Log level stays at the default.
 * `--jwt` requires a bearer JWT on every request, checked with `jwtVerifier` against the key set
 * the harness passes in `BENCH_JWKS` and this server publishes at `/jwks` (fetched once, cached).
 */
import { FastMCP, jwtVerifier } from "@mcpkit/core";
import { z } from "zod";
import { bigText } from "./big-text.js";

const argv = process.argv.slice(2);
const mcp = new FastMCP({ name: "mcpkit-echo", version: "0.0.0" });
mcp.tool(
  { name: "echo", description: "Echoes the message back.", input: { message: z.string() } },
  ({ message }) => message,
);
mcp.tool(
  { name: "big", description: "Returns kib KiB of text.", input: { kib: z.number().int().min(0) } },
  ({ kib }) => bigText(kib),
);
/** What the harness's bench tokens name (see suites/echo.ts). */
const BENCH_ISSUER = "urn:mcpkit:bench-issuer";
const BENCH_AUDIENCE = "urn:mcpkit:bench";

if (argv.includes("--http")) {
  const port = Number(process.env.PORT ?? 0);
  const jwks = process.env.BENCH_JWKS ?? "{}";
  const jwt = argv.includes("--jwt")
    ? {
        auth: {
          verify: jwtVerifier({
            issuer: BENCH_ISSUER,
            audience: BENCH_AUDIENCE,
            jwksUrl: `http://127.0.0.1:${port}/jwks`,
          }),
        },
        routes: {
          "GET /jwks": () => new Response(jwks, { headers: { "Content-Type": "application/json" } }),
        },
      }
    : {};
  const running = await mcp.run({
    transport: "http",
    port,
    ...jwt,
    ...(argv.includes("--stateless") ? { stateless: true } : {}),
    ...(argv.includes("--json") ? { json: true } : {}),
  } as Parameters<FastMCP["run"]>[0]);
  process.stderr.write(`listening ${running.url ? new URL(running.url).port : ""}\n`);
} else {
  await mcp.run();
}
