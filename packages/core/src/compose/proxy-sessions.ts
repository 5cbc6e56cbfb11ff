import { Client, type ClientOptions, type ClientTarget } from "../client/client.js";
import { PROTOCOL_2026 } from "../protocol/era.js";
import type { CreateMessageResult, ElicitResult, LogMessageNotification } from "../protocol/types.js";
import type { ClientConnection, OutgoingRequestOptions } from "../server/client-connection.js";
import type { Context } from "../server/context.js";

/** Options for the proxy's own connections to the proxied server. */
export type BackendOptions = Omit<ClientOptions, "onSampling" | "onElicitation" | "onRoots" | "roots">;

/** The requests (tool calls, reads, prompts) being served through a proxy, newest last. */
export class CallsInProgress {
  private readonly contexts: Context[] = [];

  async run<T>(context: Context, work: () => Promise<T>): Promise<T> {
    this.contexts.push(context);
    try {
      return await work();
    } finally {
      this.contexts.splice(this.contexts.lastIndexOf(context), 1);
    }
  }

  latest(): Context | undefined {
    return this.contexts.at(-1);
  }

  /** The newest call in progress from this client session. */
  latestOf(session: ClientConnection): Context | undefined {
    return this.contexts.findLast((context) => context.session === session);
  }
}

/**
 * The proxy's connections to the proxied server. One is shared: the mirror lists and subscribes
 * through it, and it serves the clients that declared none of roots, sampling and elicitation,
 * so it declares none either. A client session that declared any gets a connection of its own,
 * opened on its first call, declaring just those: the proxied server asks only a client that can
 * answer (file-manager falls back to its `--root` for one that cannot), and caches each client's
 * roots apart. Without a target to open more (`FastMCP.fromClient`, a proxy of a `Transport`),
 * every call takes the shared one.
 */
export class BackendConnections {
  private readonly own = new Map<ClientConnection, Promise<Client>>();

  constructor(
    readonly shared: Client,
    private readonly calls: CallsInProgress,
    private readonly target?: { target: ClientTarget; options: BackendOptions },
  ) {}

  /** Runs a proxied call on the connection that serves `context`'s client session. */
  async run<T>(context: Context, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.for(context);
    return this.calls.run(context, () => work(client));
  }

  /** The newest call in progress from any client. */
  latestCall(): Context | undefined {
    return this.calls.latest();
  }

  private for(context: Context): Promise<Client> {
    const { session } = context;
    const { roots, sampling, elicitation } = session.clientCapabilities;
    if (!this.target || (!roots && !sampling && !elicitation)) return Promise.resolve(this.shared);
    let connection = this.own.get(session);
    if (!connection) {
      // Sessions do not announce their end, so the connections of ended ones are closed here.
      this.closeEnded();
      const opened = this.open(session, this.target);
      connection = opened;
      this.own.set(session, opened);
      opened.catch(() => {
        if (this.own.get(session) === opened) this.own.delete(session);
      });
    }
    return connection;
  }

  /** Passes a client's `notifications/roots/list_changed` on to its connection (2026 has none). */
  rootsChanged(session: ClientConnection): void {
    void this.own
      .get(session)
      ?.then((client) => {
        if (client.protocolVersion !== PROTOCOL_2026)
          return client.notify("notifications/roots/list_changed");
      })
      .catch(() => {});
  }

  async close(): Promise<void> {
    const connections = [...this.own.values()];
    this.own.clear();
    await Promise.allSettled([
      ...connections.map(async (connection) => (await connection).close()),
      this.shared.close(),
    ]);
  }

  private closeEnded(): void {
    for (const [session, connection] of this.own) {
      if (!session.closed) continue;
      this.own.delete(session);
      void connection.then((client) => client.close()).catch(() => {});
    }
  }

  private open(session: ClientConnection, { target, options }: NonNullable<BackendConnections["target"]>) {
    const { roots, sampling, elicitation } = session.clientCapabilities;
    const ask = (method: string, params: object, signal: AbortSignal) =>
      session.request(method, { ...params }, this.outgoing(session, signal));
    const forwarded: ClientOptions = {
      ...options,
      onLog: (message) => this.forwardLog(session, message),
    };
    if (roots) forwarded.onRoots = (signal) => session.roots(this.outgoing(session, signal));
    if (sampling) {
      forwarded.onSampling = (request, signal) =>
        ask("sampling/createMessage", request, signal) as Promise<CreateMessageResult>;
    }
    if (elicitation) {
      forwarded.onElicitation = (request, signal) =>
        ask("elicitation/create", request, signal) as Promise<ElicitResult>;
    }
    return Client.connect(target, forwarded);
  }

  /** On that client's call in progress, if any: over HTTP it then goes out on the call's stream. */
  private outgoing(session: ClientConnection, signal: AbortSignal): OutgoingRequestOptions {
    const context = this.calls.latestOf(session);
    if (!context) return { signal };
    return { signal: AbortSignal.any([signal, context.signal]), relatedRequestId: context.requestId };
  }

  private forwardLog(session: ClientConnection, { level, logger, data }: LogMessageNotification): void {
    void session.log(level, data, logger, this.calls.latestOf(session)?.requestId);
  }
}
