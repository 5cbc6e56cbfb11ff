import { z } from "zod";
import { ConfigError } from "./config-error.js";
import { defineFlag } from "./flag.js";
import { REQUEST_STATE_KEY_ENV, requestStateKeyFrom } from "./request-state-key.js";

/** The environment variable every app reads its Redis URL from (the same name in every app). */
export const REDIS_URL_ENV = "MCPKIT_REDIS_URL";

const redisUrl = z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" });

/**
 * `--redis-url`, the Redis every replica of a server shares, as a plain string: core only checks
 * it, and an app that gets one connects with `@mcpkit/redis`. Falls back to `MCPKIT_REDIS_URL`
 * (one name for every app, read by `replicaConfigFor`), not to the app's own prefix.
 *
 * @example
 * const flags = { ...serverFlags }; // includes redisUrl: redisUrlFlag
 */
export const redisUrlFlag = defineFlag({
  kind: "string",
  name: "redis-url",
  env: false,
  placeholder: "<url>",
  help: `Redis shared by replicas behind a load balancer; HTTP only, needs ${REQUEST_STATE_KEY_ENV} [${REDIS_URL_ENV}]`,
  schema: redisUrl.optional(),
});

/** What a replica shares with the others, from `--redis-url` and the environment. */
export interface ReplicaConfig {
  /** When set, the transport is `http` and `requestStateKey` is set too. */
  redisUrl: string | undefined;
  /** From `MCPKIT_REQUEST_STATE_KEY`; see `requestStateKeyFrom`. */
  requestStateKey: string[] | undefined;
}

/**
 * The Redis URL (`--redis-url`, else `MCPKIT_REDIS_URL`) and the request-state key, checked
 * together. With a Redis URL, it refuses with a `ConfigError` naming the fix what would run but
 * break across replicas: stdio (one client, one process: nothing to share), legacy SSE (a client's
 * stream and its posts must reach one replica, which round robin does not do), and no shared
 * request-state key (each replica would seal 2026 request state with its own random key).
 *
 * @example
 * const values = parseFlags(flags, argv, env);
 * return values === "help" ? values : { ...values, ...replicaConfigFor(values, env) };
 */
export function replicaConfigFor(
  values: { transport: "stdio" | "http" | "sse"; redisUrl?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): ReplicaConfig {
  const requestStateKey = requestStateKeyFrom(env);
  const url = values.redisUrl ?? fromEnvironment(env);
  if (url === undefined) return { redisUrl: undefined, requestStateKey };
  if (values.transport === "stdio")
    throw new ConfigError(
      `--redis-url is for replicas served over HTTP: a stdio server has one client in one process and nothing to share. ` +
        `Add --transport http, or unset --redis-url and ${REDIS_URL_ENV}.`,
    );
  if (values.transport === "sse")
    throw new ConfigError(
      "--redis-url needs --transport http: a legacy SSE client's stream and its posts must reach the same replica, " +
        "which a round-robin load balancer does not do. Use --transport http (Streamable HTTP).",
    );
  if (requestStateKey === undefined)
    throw new ConfigError(
      `--redis-url needs ${REQUEST_STATE_KEY_ENV}, the same secret on every replica: without it each replica seals ` +
        `2026 request state with a random key of its own, which the others cannot open. ` +
        `Generate one with \`openssl rand -base64 32\` and set ${REQUEST_STATE_KEY_ENV} to it on every replica.`,
    );
  return { redisUrl: url, requestStateKey };
}

function fromEnvironment(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const text = env[REDIS_URL_ENV]?.trim();
  if (!text) return undefined;
  const parsed = redisUrl.safeParse(text);
  if (!parsed.success) throw new ConfigError(`${REDIS_URL_ENV} must be a redis:// or rediss:// URL`);
  return parsed.data;
}
