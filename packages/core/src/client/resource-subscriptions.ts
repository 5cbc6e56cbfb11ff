import { McpError } from "../errors.js";
import { ErrorCode } from "../protocol/messages.js";
import type { Subscription, SubscriptionFilter } from "./subscription.js";

/**
 * 2025's `resources/subscribe` and `unsubscribe` on a 2026 server, which has neither: one
 * `subscriptions/listen` holds every subscribed URI, and each change opens the new listen before
 * closing the old, so that no update falls between them. Changes run one at a time, in order. A
 * server that does not acknowledge a URI does not offer its updates: subscribing to it fails, as
 * `resources/subscribe` fails on a 2025 server without the capability.
 */
export class ResourceSubscriptions {
  private readonly uris = new Set<string>();
  private current: Subscription | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly listen: (filter: SubscriptionFilter) => Promise<Subscription>) {}

  subscribe(uri: string): Promise<void> {
    return this.change(() => this.uris.add(uri), uri);
  }

  unsubscribe(uri: string): Promise<void> {
    return this.change(() => this.uris.delete(uri));
  }

  private change(edit: () => void, added?: string): Promise<void> {
    const next = this.queue.then(async () => {
      const before = [...this.uris];
      edit();
      if (this.uris.size === before.length && this.current) return;
      const opened =
        this.uris.size > 0 ? await this.listen({ resourceSubscriptions: [...this.uris] }) : undefined;
      if (added !== undefined && opened && !opened.acknowledged.resourceSubscriptions?.includes(added)) {
        this.uris.delete(added);
        await opened.close();
        throw new McpError(ErrorCode.MethodNotFound, `The server offers no updates of ${added}`);
      }
      const previous = this.current;
      this.current = opened;
      await previous?.close();
    });
    this.queue = next.catch(() => {});
    return next;
  }
}
