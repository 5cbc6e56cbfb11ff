import { connectRedis } from "./connect-redis.js";
import type { RedisHealth, RedisOptions } from "./redis-connection.js";
import type { RedisEventBus } from "./redis-event-bus.js";
import type { RedisStore } from "./redis-store.js";

/** What an app's `main.ts` spreads into its server and its `run()`: empty without a Redis URL. */
export interface Replica {
  /** For the server's options: the shared store (state and rate limits) and event bus. */
  server: { store?: RedisStore; eventBus?: RedisEventBus };
  /** For `run()`'s HTTP options: `/health` answers 503 while Redis does not. */
  http: { health?: () => Promise<RedisHealth> };
  /** Closes the Redis connections, once the server has closed. */
  close(): Promise<void>;
}

/**
 * Connects a replica to the Redis of `--redis-url` (checked by core's `replicaConfigFor`), or
 * returns empty options when there is none, so an app's `main.ts` reads the same either way.
 * Fails at start-up with `Cannot connect to Redis: ...` rather than serve without shared state.
 *
 * @example
 * const replica = await connectReplica(config.redisUrl);
 * const server = createWeatherServer({ ...deps, ...replica.server, requestStateKey: config.requestStateKey });
 * const running = await server.run({ ...runOptionsFor(config), ...replica.http });
 * await running.closed;
 * await replica.close();
 */
export async function connectReplica(
  url: string | undefined,
  options: Omit<RedisOptions, "url"> = {},
): Promise<Replica> {
  if (url === undefined) return { server: {}, http: {}, close: async () => {} };
  const shared = await connectRedis({ ...options, url });
  return {
    server: { store: shared.store, eventBus: shared.eventBus },
    http: { health: () => shared.health() },
    close: () => shared.close(),
  };
}
