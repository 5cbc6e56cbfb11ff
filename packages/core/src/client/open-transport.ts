import { ENGINE, isServable, type Servable } from "../engine/servable.js";
import { McpError } from "../errors.js";
import type { HttpClientOptions } from "../http/client-transport.js";
import { PROTOCOL_2026 } from "../protocol/era.js";
import { ErrorCode } from "../protocol/messages.js";
import type { Transport } from "../protocol/transport.js";
import { InMemoryTransport } from "../transports/in-memory.js";
import { StdioClientTransport, type StdioServerParameters } from "../transports/stdio-client.js";
import type { ProtocolChoice } from "./era-negotiation.js";

/** What a client can connect to: a server in this process, a command to spawn, a URL, or a transport. */
export type ClientTarget = Servable | StdioServerParameters | string | URL | Transport;

export function isUrl(target: ClientTarget): target is string | URL {
  return typeof target === "string" || target instanceof URL;
}

/** Whether 2026 can be tried: everywhere but the legacy HTTP+SSE transport (a `/sse` URL). */
export function speaksModern(target: ClientTarget, choice: ProtocolChoice): boolean {
  if (!isUrl(target) || !new URL(target).pathname.endsWith("/sse")) return true;
  if (choice === PROTOCOL_2026) {
    const url = String(target);
    throw new McpError(
      ErrorCode.InvalidRequest,
      `The HTTP+SSE transport (${url}) has no ${PROTOCOL_2026} form`,
    );
  }
  return false;
}

/** Opens the channel to a target; for a URL, the 2026 per-request POSTs or the 2025 session transport. */
export async function openTransport(
  target: ClientTarget,
  options: HttpClientOptions,
  modern: boolean,
): Promise<Transport> {
  if (isServable(target)) {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await target[ENGINE].connect(serverSide);
    return clientSide;
  }
  if (isUrl(target)) {
    if (modern) {
      const { ModernHttpClientTransport } = await import("../http/modern-client-transport.js");
      return new ModernHttpClientTransport(new URL(target), options);
    }
    const { createHttpClientTransport } = await import("../http/client-transport.js");
    return createHttpClientTransport(new URL(target), options);
  }
  if ("command" in target && typeof target.command === "string") return new StdioClientTransport(target);
  return target as Transport;
}
