import { McpError } from "../errors.js";
import { META } from "../protocol/era.js";
import { ErrorCode, type RequestId } from "../protocol/messages.js";

/** What a 2026 `subscriptions/listen` asks for; every kind is opt-in. */
export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  /** `notifications/resources/updated` for these URIs (what 2025's `resources/subscribe` did). */
  resourceSubscriptions?: string[];
}

/** How a subscription ended: closed by this client, completed by the server, or dropped. */
export type SubscriptionEnd = "closed" | "completed" | "dropped";

/**
 * An open `subscriptions/listen` stream (2026-07-28). Its notifications reach the client's `on`
 * listeners exactly as 2025's unasked ones do; `close` (or `await using`) ends it, which closes
 * the HTTP stream or sends `notifications/cancelled` on stdio.
 *
 * @example
 * await using subscription = await client.listen({ toolsListChanged: true });
 * client.on("notifications/tools/list_changed", () => refresh());
 */
export class Subscription implements AsyncDisposable {
  private constructor(
    /** The listen request's id, which tags each of its notifications. */
    readonly id: RequestId,
    /** What the server agreed to send: the kinds it does not support are left out. */
    readonly acknowledged: SubscriptionFilter,
    /** Settles once the subscription is over, however it ended. */
    readonly ended: Promise<SubscriptionEnd>,
    private readonly controller: AbortController,
  ) {}

  /** Waits for the server's acknowledgement, which must come before any notification. */
  static async open(
    id: RequestId,
    result: Promise<Record<string, unknown>>,
    acknowledgement: Promise<SubscriptionFilter>,
    controller: AbortController,
    ackTimeoutMs: number,
  ): Promise<Subscription> {
    const ended = result.then(
      (): SubscriptionEnd => "completed",
      (): SubscriptionEnd => (controller.signal.aborted ? "closed" : "dropped"),
    );
    const endedEarly = result.then(() => {
      throw new McpError(
        ErrorCode.InternalError,
        "The server ended the subscription before acknowledging it",
      );
    });
    endedEarly.catch(() => {});
    // The stream itself may stay open for good, but its acknowledgement comes first or not at all.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unacknowledged = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new McpError(
            ErrorCode.RequestTimeout,
            `No acknowledgement of the subscription within ${ackTimeoutMs} ms`,
          ),
        );
      }, ackTimeoutMs);
    });
    try {
      const acknowledged = await Promise.race([acknowledgement, endedEarly, unacknowledged]);
      return new Subscription(id, acknowledged, ended, controller);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<SubscriptionEnd> {
    this.controller.abort();
    return this.ended;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

type ListenSend = (
  params: Record<string, unknown>,
  signal: AbortSignal,
) => { id: RequestId; result: Promise<Record<string, unknown>> };

/**
 * A client's 2026 listens: opens them (`send` sends one `subscriptions/listen`, envelope added,
 * with no timeout), and matches each acknowledgement to the listen awaiting it.
 */
export class Listens {
  private readonly waiting = new Map<RequestId, (filter: SubscriptionFilter) => void>();

  constructor(
    private readonly send: ListenSend,
    /** How long an acknowledgement may take: the client's request timeout. */
    private readonly ackTimeoutMs: () => number,
  ) {}

  async open(filter: SubscriptionFilter, signal?: AbortSignal): Promise<Subscription> {
    const controller = new AbortController();
    const { id, result } = this.send(
      { notifications: filter },
      signal ? AbortSignal.any([signal, controller.signal]) : controller.signal,
    );
    const acknowledged = new Promise<SubscriptionFilter>((resolve) => this.waiting.set(id, resolve));
    void result.catch(() => {}).finally(() => this.waiting.delete(id));
    return Subscription.open(id, result, acknowledged, controller, this.ackTimeoutMs());
  }

  /** Handles `notifications/subscriptions/acknowledged`. */
  acknowledged(params: Record<string, unknown>): void {
    const id = (params._meta as Record<string, unknown> | undefined)?.[META.subscriptionId] as RequestId;
    const resolve = this.waiting.get(id);
    if (!resolve) return;
    this.waiting.delete(id);
    resolve((params.notifications as SubscriptionFilter | undefined) ?? {});
  }
}
