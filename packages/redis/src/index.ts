export { connectRedis, type RedisShared } from "./connect-redis.js";
export { connectReplica, type Replica } from "./connect-replica.js";
export type { RedisEvent, RedisHealth, RedisOptions } from "./redis-connection.js";
export { RedisEventBus } from "./redis-event-bus.js";
export { RedisStore } from "./redis-store.js";
