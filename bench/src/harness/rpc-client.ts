/** What every benchmark client offers: requests by method, and the server process to watch. */
export interface RpcClient {
  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  notify(method: string, params?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
  /** The server process, when this client spawned it. */
  readonly pid: number | undefined;
}

export const CLIENT_INFO = { name: "mcpkit-bench", version: "0.0.0" };
export const PROTOCOL_VERSION = "2025-06-18";

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`JSON-RPC error ${code}: ${message}`);
  }
}

interface Waiter {
  resolve(result: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** Request ids and their waiters, shared by the stdio and HTTP minimal clients. */
export class Waiters {
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 0;

  open(): { id: number; result: Promise<Record<string, unknown>> } {
    const id = ++this.nextId;
    const result = new Promise<Record<string, unknown>>((resolve, reject) =>
      this.waiting.set(id, { resolve, reject }),
    );
    return { id, result };
  }

  settle(message: {
    id?: unknown;
    result?: Record<string, unknown>;
    error?: { code: number; message: string };
  }): void {
    const waiter = this.waiting.get(message.id as number);
    if (!waiter) return;
    this.waiting.delete(message.id as number);
    if (message.error) waiter.reject(new RpcError(message.error.code, message.error.message));
    else waiter.resolve(message.result ?? {});
  }

  failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** `initialize`, `notifications/initialized`: the handshake every client does first. */
export async function handshake(client: RpcClient): Promise<Record<string, unknown>> {
  const result = await client.request("initialize", {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: CLIENT_INFO,
  });
  await client.notify("notifications/initialized");
  return result;
}
