import { RedisConnection, type RedisHealth, type RedisOptions } from "./redis-connection.js";
import { RedisEventBus } from "./redis-event-bus.js";
import { RedisStore } from "./redis-store.js";

/** What a replica shares through Redis. Give `store` and `eventBus` to the server's options. */
export interface RedisShared {
  store: RedisStore;
  eventBus: RedisEventBus;
  health(): Promise<RedisHealth>;
  /** Closes both connections. */
  close(): Promise<void>;
}

/**
 * Connects to Redis and returns the shared store and event bus on it.
 *
 * @example
 * const shared = await connectRedis({ url: "redis://127.0.0.1:6379" });
 * const mcp = new FastMCP({ name: "notes", store: shared.store, eventBus: shared.eventBus });
 */
export async function connectRedis(options: RedisOptions): Promise<RedisShared> {
  const connection = new RedisConnection(options);
  await connection.connect();
  const eventBus = new RedisEventBus(connection);
  await eventBus.start();
  return {
    store: new RedisStore(connection),
    eventBus,
    health: () => connection.health(),
    close: async () => {
      await eventBus.close();
      await connection.close();
    },
  };
}
