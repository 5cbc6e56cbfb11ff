import { createServer, type Server } from "node:http";
import { afterEach, expect, it } from "vitest";
import { HaproxyProcess } from "../src/testing/haproxy-process.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function backend(name: string): Promise<number> {
  const server = createServer((_request, response) => response.end(name));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

it("balances each request round robin over the replicas, without stickiness", async () => {
  const ports = [await backend("a"), await backend("b"), await backend("c")];
  await using proxy = await HaproxyProcess.start(ports);
  const seen: string[] = [];
  // fetch keeps one connection alive: balancing must still be per request.
  for (let i = 0; i < 9; i++) seen.push(await (await fetch(`${proxy.url}/x`)).text());
  expect(seen.filter((name) => name === "a")).toHaveLength(3);
  expect(seen.filter((name) => name === "b")).toHaveLength(3);
  expect(seen.filter((name) => name === "c")).toHaveLength(3);
});
