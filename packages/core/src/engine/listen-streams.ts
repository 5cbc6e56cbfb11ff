import { McpError } from "../errors.js";
import type { BusEvent } from "../events/event-bus.js";
import { META } from "../protocol/era.js";
import { ErrorCode, type RequestId } from "../protocol/messages.js";
import type { MethodHandler, RequestCall } from "./session.js";

/** What a `subscriptions/listen` asked for, as the server agreed to honour it. */
export interface NotificationFilter {
  toolsListChanged?: true;
  promptsListChanged?: true;
  resourcesListChanged?: true;
  resourceSubscriptions?: string[];
}

/** The filter field that opts in to each list's `list_changed` notification. */
const LIST_FILTERS: Record<string, keyof NotificationFilter> = {
  "notifications/tools/list_changed": "toolsListChanged",
  "notifications/prompts/list_changed": "promptsListChanged",
  "notifications/resources/list_changed": "resourcesListChanged",
};

export const DEFAULT_MAX_LISTENS = 1000;

interface Listen {
  readonly id: RequestId;
  readonly call: RequestCall;
  readonly filter: NotificationFilter;
  readonly uris: ReadonlySet<string>;
  /** Ends the stream gracefully: the listen request is answered. */
  stop(): void;
  readonly ended: Promise<void>;
}

/**
 * The open 2026-07-28 `subscriptions/listen` streams of one server. Each is a request that stays
 * in flight: acknowledged first, then sent the bus events its filter asked for, each tagged with
 * its subscription id (the request's id), until the client closes it or the server shuts down
 * and answers it. `max` caps how many are open at once, so a flood of listens cannot pin memory.
 */
export class ListenStreams {
  private readonly open = new Set<Listen>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.open.size;
  }

  /** The `subscriptions/listen` method handler. */
  readonly handler: MethodHandler = async (params, call) => {
    const filter = parseFilter(params.notifications);
    if (this.open.size >= this.max) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `Too many subscriptions/listen streams are open (the limit is ${this.max}); close one and retry`,
      );
    }
    const id = call.request.id;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let ended!: () => void;
    const listen: Listen = {
      id,
      call,
      filter,
      uris: new Set(filter.resourceSubscriptions),
      stop,
      ended: new Promise((resolve) => {
        ended = resolve;
      }),
    };
    this.open.add(listen);
    try {
      await call.session.notify(
        "notifications/subscriptions/acknowledged",
        { _meta: { [META.subscriptionId]: id }, notifications: filter },
        id,
      );
      const { signal } = call;
      if (!signal.aborted) {
        await Promise.race([
          stopped,
          new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true })),
        ]);
      }
      return { _meta: { [META.subscriptionId]: id } };
    } finally {
      this.open.delete(listen);
      ended();
    }
  };

  /** Sends `event` to every stream whose filter asked for it. */
  deliver(event: BusEvent): void {
    for (const listen of this.open) {
      if (event.kind === "listChanged") {
        const field = LIST_FILTERS[event.method];
        if (field === undefined || listen.filter[field] !== true) continue;
        void listen.call.session.notify(
          event.method,
          { _meta: { [META.subscriptionId]: listen.id } },
          listen.id,
        );
      } else if (listen.uris.has(event.uri)) {
        void listen.call.session.notify(
          "notifications/resources/updated",
          { _meta: { [META.subscriptionId]: listen.id }, uri: event.uri },
          listen.id,
        );
      }
    }
  }

  /** Answers every open stream (the graceful close) and resolves once their handlers are done. */
  async closeAll(): Promise<void> {
    const open = [...this.open];
    for (const listen of open) listen.stop();
    await Promise.all(open.map((listen) => listen.ended));
    // The answers are written a few microtasks after the handlers return; let them go out first.
    if (open.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Reads the client's filter, keeping only what the server honours (all four kinds). */
function parseFilter(value: unknown): NotificationFilter {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new McpError(ErrorCode.InvalidParams, "subscriptions/listen: notifications must be an object");
  }
  const requested = value as Record<string, unknown>;
  const filter: NotificationFilter = {};
  for (const field of ["toolsListChanged", "promptsListChanged", "resourcesListChanged"] as const) {
    if (requested[field] === true) filter[field] = true;
  }
  const uris = requested.resourceSubscriptions;
  if (uris !== undefined) {
    if (!Array.isArray(uris) || !uris.every((uri) => typeof uri === "string")) {
      throw new McpError(
        ErrorCode.InvalidParams,
        "subscriptions/listen: notifications.resourceSubscriptions must be an array of URIs",
      );
    }
    if (uris.length > 0) filter.resourceSubscriptions = uris;
  }
  return filter;
}
