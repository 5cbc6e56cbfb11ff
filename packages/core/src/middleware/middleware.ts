import type {
  CallToolResult,
  GetPromptResult,
  Meta,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from "../protocol/types.js";
import type { ClientConnection } from "../server/client-connection.js";
import type { Context } from "../server/context.js";

/** Marks the engine's own handle on a request; spread copies it, so `{ ...request, params }` works. */
export const CALL: unique symbol = Symbol("mcpkit.call");

/**
 * One request as the middleware chain sees it. Pass it on unchanged with `next(request)`, or
 * with other params with `next({ ...request, params: { ...request.params, ... } })`.
 */
export interface MiddlewareRequest<P = Record<string, unknown>> {
  /** The JSON-RPC method, e.g. "tools/call". */
  readonly method: string;
  readonly params: P;
  /** The request's context: session, auth, signal, and logging to the client. */
  readonly context: Context;
  /** The engine's handle on the request being served. */
  readonly [CALL]: unknown;
}

/** The rest of the chain: the next middleware's hook, or the handler itself. */
export type Next<P, R> = (request: MiddlewareRequest<P>) => Promise<R>;

/** A hook runs around the rest of the chain; it may change the request or the result, or answer itself. */
export type Hook<P, R> = (request: MiddlewareRequest<P>, next: Next<P, R>) => Promise<R>;

/** `tools/call` params as `onCallTool` sees them; the engine has checked that `name` is a tool. */
export interface CallToolParams {
  name: string;
  arguments?: Record<string, unknown>;
  _meta?: Meta;
}
/** `resources/read` params as `onReadResource` sees them. */
export interface ReadResourceParams {
  uri: string;
  _meta?: Meta;
}
/** `prompts/get` params as `onGetPrompt` sees them. */
export interface GetPromptParams {
  name: string;
  arguments?: Record<string, string>;
  _meta?: Meta;
}
/** The params of every list method; `cursor` is the page asked for (pages are cut after the chain). */
export interface ListParams {
  cursor?: string;
  _meta?: Meta;
}

/** A list as the hooks see it: every item, before the engine cuts it into pages. */
export interface ListToolsResult {
  tools: Tool[];
  [key: string]: unknown;
}
/** `resources/list` as `onListResources` sees it: every resource. */
export interface ListResourcesResult {
  resources: Resource[];
  [key: string]: unknown;
}
/** `resources/templates/list` as `onListResourceTemplates` sees it: every template. */
export interface ListResourceTemplatesResult {
  resourceTemplates: ResourceTemplate[];
  [key: string]: unknown;
}
/** `prompts/list` as `onListPrompts` sees it: every prompt. */
export interface ListPromptsResult {
  prompts: Prompt[];
  [key: string]: unknown;
}

/** A notification from the client (`notifications/initialized`, `cancelled`, `roots/list_changed`...). */
export interface MiddlewareNotification {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly session: ClientConnection;
}

/**
 * Behaviour around a server's requests, added with `mcp.use(...)`. Each hook gets the request
 * and `next`, the rest of the chain: call it to go on (with the request, or a changed copy),
 * change what it returns, catch what it throws, or answer without calling it. `onRequest` runs
 * for every request and wraps the hook for the operation (`onCallTool` for `tools/call`...).
 * The first middleware added is the outermost. Hooks that are not defined cost nothing.
 *
 * @example
 * mcp.use({
 *   async onCallTool(request, next) {
 *     if (request.params.name.startsWith("admin_") && !request.context.auth) {
 *       throw new ToolError("Sign in to use admin tools.");
 *     }
 *     return next(request);
 *   },
 * });
 */
export interface Middleware {
  /** Named in logs and docs; optional. */
  readonly name?: string;
  onRequest?: Hook<Record<string, unknown>, Record<string, unknown>>;
  onCallTool?: Hook<CallToolParams, CallToolResult>;
  onReadResource?: Hook<ReadResourceParams, ReadResourceResult>;
  onGetPrompt?: Hook<GetPromptParams, GetPromptResult>;
  onListTools?: Hook<ListParams, ListToolsResult>;
  onListResources?: Hook<ListParams, ListResourcesResult>;
  onListResourceTemplates?: Hook<ListParams, ListResourceTemplatesResult>;
  onListPrompts?: Hook<ListParams, ListPromptsResult>;
  /** Client notifications; `next` does what the server does with it (e.g. cancel a request). */
  onNotification?: (
    notification: MiddlewareNotification,
    next: (notification: MiddlewareNotification) => Promise<void>,
  ) => Promise<void>;
}

/** The operation hook each method gets, besides `onRequest`. */
export const OPERATION_HOOKS = {
  "tools/call": "onCallTool",
  "resources/read": "onReadResource",
  "prompts/get": "onGetPrompt",
  "tools/list": "onListTools",
  "resources/list": "onListResources",
  "resources/templates/list": "onListResourceTemplates",
  "prompts/list": "onListPrompts",
} as const satisfies Record<string, keyof Middleware>;
