import { readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import {
  ConfigError,
  defineFlag,
  defineFlags,
  type FlagValues,
  type OpenAPIDocument,
  parseFlags,
  RateLimiter,
  type RateLimitSpec,
  type ReplicaConfig,
  replicaConfigFor,
  serverFlags,
} from "@mcpkit/core";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { HTTP_METHODS, type Upstream, type UpstreamOpenAPI } from "./upstream.js";

export const flags = defineFlags({
  program: "api-gateway",
  summary:
    "An MCP server that lets a model call the HTTP APIs declared in a config file (JSON or YAML), and " +
    "nothing else: no raw hosts, no private addresses, bounded time and size.",
  envPrefix: "API_GATEWAY",
  flags: {
    config: defineFlag({
      kind: "string",
      help: "Gateway config, .json, .yaml or .yml (required)",
      placeholder: "<file>",
      schema: z.string({ error: "is required: the gateway's config file" }).min(1, "must not be empty"),
    }),
    ...serverFlags,
  },
  notes:
    "Secrets never go in the config file: an upstream's auth names the environment variable to read.\n" +
    "See README.md for every config key.",
});

export const DEFAULTS = {
  allowedMethods: ["GET"] as const,
  timeouts: { connectMs: 5_000, headersMs: 15_000, totalMs: 30_000 },
  retries: 2,
  maxConcurrency: 4,
  maxQueue: 16,
  maxResponseBytes: 5 * 1024 * 1024,
};

const MIN_SECRET_LENGTH = 8;
const FORBIDDEN_HEADERS = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "keep-alive",
  "proxy-authorization",
  "authorization",
  "cookie",
  "accept-encoding",
]);

const positive = (max: number) => z.number().int().min(1).max(max);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name");
const methods = z.array(z.enum(HTTP_METHODS)).min(1);

const matcherShape = {
  operationId: z.string().min(1).optional(),
  tags: z.array(z.string()).optional(),
  path: z.string().startsWith("/").optional(),
  methods: methods.optional(),
};
const matcherSchema = z.strictObject(matcherShape);
const routeSchema = z.strictObject({
  ...matcherShape,
  type: z.enum(["tool", "resource", "resource_template", "exclude"]),
});

const upstreamSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, "must be 1-32 characters of a-z, 0-9 and _, starting with a letter"),
  description: z.string().min(1),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).refine((value) => {
    const url = new URL(value);
    return !url.username && !url.password && !url.search && !url.hash;
  }, "must not contain credentials, a query or a fragment (use auth and headers)"),
  auth: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("bearer"), env: envName }),
      z.strictObject({ type: z.literal("header"), name: headerName, env: envName }),
      z.strictObject({ type: z.literal("query"), name: z.string().min(1), env: envName }),
    ])
    .optional(),
  allowedMethods: methods.default([...DEFAULTS.allowedMethods]),
  headers: z
    .record(headerName, z.string().regex(/^[^\r\n\0]*$/, "must not contain line breaks"))
    .refine((headers) => Object.keys(headers).every((name) => !FORBIDDEN_HEADERS.has(name.toLowerCase())), {
      message: `may not set ${[...FORBIDDEN_HEADERS].join(", ")} (credentials belong in auth)`,
    })
    .default({}),
  timeouts: z
    .strictObject({
      connectMs: positive(120_000).default(DEFAULTS.timeouts.connectMs),
      headersMs: positive(600_000).default(DEFAULTS.timeouts.headersMs),
      totalMs: positive(600_000).default(DEFAULTS.timeouts.totalMs),
    })
    .default(DEFAULTS.timeouts),
  retries: z.number().int().min(0).max(5).default(DEFAULTS.retries),
  rateLimit: z
    .string()
    .refine((spec) => {
      try {
        new RateLimiter(spec as RateLimitSpec);
        return true;
      } catch {
        return false;
      }
    }, 'must look like "60/minute" (count per second, minute, hour or day)')
    .optional(),
  maxConcurrency: positive(64).default(DEFAULTS.maxConcurrency),
  maxQueue: z.number().int().min(0).max(1_000).default(DEFAULTS.maxQueue),
  maxResponseBytes: positive(100 * 1024 * 1024).default(DEFAULTS.maxResponseBytes),
  allowPrivateNetwork: z.boolean().default(false),
  openapi: z
    .union([
      z.string().min(1),
      z.strictObject({
        file: z.string().min(1),
        include: z.array(matcherSchema).optional(),
        exclude: z.array(matcherSchema).optional(),
        routeMap: z.array(routeSchema).optional(),
      }),
    ])
    .optional(),
});

const fileSchema = z.strictObject({
  upstreams: z
    .array(upstreamSchema)
    .min(1, "declare at least one upstream")
    .superRefine((upstreams, context) => {
      const seen = new Set<string>();
      upstreams.forEach((upstream, index) => {
        if (seen.has(upstream.name))
          context.addIssue({
            code: "custom",
            path: [index, "name"],
            message: `"${upstream.name}" is used twice`,
          });
        seen.add(upstream.name);
      });
    }),
});

export interface GatewayConfig {
  upstreams: Upstream[];
}

export type Config = Omit<FlagValues<typeof flags.flags>, "config"> &
  ReplicaConfig & { gateway: GatewayConfig };

/** Parses flags and environment, then loads and checks the config file. "help" for --help. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config | "help" {
  const parsed = parseFlags(flags, argv, env);
  if (parsed === "help") return "help";
  const { config, ...rest } = parsed;
  const replica = replicaConfigFor(rest, env);
  const gateway = loadGatewayConfig(config, env);
  const limited = gateway.upstreams.find((upstream) => upstream.rateLimit !== undefined);
  if (replica.redisUrl !== undefined && limited)
    throw new ConfigError(
      `upstream ${limited.name}: rateLimit is counted in each process's memory, so behind a load balancer ` +
        `every replica would allow ${limited.rateLimit} on its own. Remove it from the config file to run with ` +
        "--redis-url (and limit the upstream where it is served), or run a single replica without --redis-url.",
    );
  return { ...rest, ...replica, gateway };
}

/** Reads a JSON or YAML config file and checks it (see `parseGatewayConfig`). */
export function loadGatewayConfig(path: string, env: NodeJS.ProcessEnv): GatewayConfig {
  const raw = readStructuredFile(path, "config file");
  return parseGatewayConfig(raw, { env, baseDir: dirname(resolve(path)) });
}

/**
 * Checks a parsed config and resolves what it refers to: secrets from `env` (a missing one fails
 * here, at start-up, not on the first call) and OpenAPI files relative to `baseDir`. Every problem
 * is reported with the key path that holds it, e.g.
 * `upstreams[1].auth.env: environment variable GITHUB_TOKEN is not set`.
 */
export function parseGatewayConfig(
  raw: unknown,
  options: { env: NodeJS.ProcessEnv; baseDir: string },
): GatewayConfig {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${keyPath(issue.path)}: ${issue.message}`).join("\n"),
    );
  }
  const problems: string[] = [];
  const upstreams = parsed.data.upstreams.map((entry, index): Upstream => {
    const at = `upstreams[${index}]`;
    const upstream: Upstream = {
      name: entry.name,
      description: entry.description,
      baseUrl: new URL(entry.baseUrl),
      allowedMethods: entry.allowedMethods,
      headers: entry.headers,
      timeouts: entry.timeouts,
      retries: entry.retries,
      maxConcurrency: entry.maxConcurrency,
      maxQueue: entry.maxQueue,
      maxResponseBytes: entry.maxResponseBytes,
      allowPrivateNetwork: entry.allowPrivateNetwork,
    };
    if (entry.rateLimit !== undefined) upstream.rateLimit = entry.rateLimit as RateLimitSpec;
    if (entry.auth) {
      const value = options.env[entry.auth.env];
      if (value === undefined || value === "")
        problems.push(`${at}.auth.env: environment variable ${entry.auth.env} is not set`);
      else if (value.length < MIN_SECRET_LENGTH) {
        problems.push(
          `${at}.auth.env: environment variable ${entry.auth.env} is shorter than ${MIN_SECRET_LENGTH} characters`,
        );
      } else if (/[\r\n\0]/.test(value))
        problems.push(`${at}.auth.env: environment variable ${entry.auth.env} contains a line break`);
      else
        upstream.auth = {
          type: entry.auth.type,
          name: entry.auth.type === "bearer" ? "authorization" : entry.auth.name,
          value,
        };
    }
    if (entry.openapi !== undefined) {
      const spec = typeof entry.openapi === "string" ? { file: entry.openapi } : entry.openapi;
      const where = typeof entry.openapi === "string" ? `${at}.openapi` : `${at}.openapi.file`;
      try {
        const document = readStructuredFile(
          resolve(options.baseDir, spec.file),
          "OpenAPI document",
        ) as OpenAPIDocument;
        if (
          typeof document?.openapi !== "string" ||
          !document.openapi.startsWith("3.") ||
          typeof document.paths !== "object"
        ) {
          throw new ConfigError(
            `${spec.file} is not an OpenAPI 3.x document (it needs "openapi: 3.x" and "paths")`,
          );
        }
        const openapi: UpstreamOpenAPI = { document };
        if (spec.include) openapi.include = spec.include;
        if (spec.exclude) openapi.exclude = spec.exclude;
        if (spec.routeMap) openapi.routeMap = spec.routeMap;
        upstream.openapi = openapi;
      } catch (error) {
        problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return upstream;
  });
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return { upstreams };
}

function readStructuredFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unreadable";
    throw new ConfigError(`cannot read ${what} ${path} (${code})`, { cause: error });
  }
  try {
    const extension = extname(path).toLowerCase();
    if (extension === ".json") return JSON.parse(text);
    if (extension === ".yaml" || extension === ".yml") return parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `${what} ${path} is not valid: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  throw new ConfigError(`${what} ${path} must end in .json, .yaml or .yml`);
}

/** `["upstreams", 1, "auth", "env"]` -> `upstreams[1].auth.env` */
function keyPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(config)";
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}
