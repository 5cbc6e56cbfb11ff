export {
  type CallToolOptions,
  Client,
  type ClientOptions,
  type ClientTarget,
  type RequestOptions,
} from "./client/client.js";
export { createProxy, type ProxyOptions, proxyClient } from "./compose/proxy.js";
export { ConfigError } from "./config/config-error.js";
export {
  defineFlags,
  type FlagEntries,
  type FlagTable,
  type FlagTableOptions,
  type FlagValues,
} from "./config/define-flags.js";
export {
  booleanFlag,
  defineFlag,
  enumFlag,
  type Flag,
  type FlagKind,
  type FlagOptions,
  listFlag,
  numberFlag,
  stringFlag,
} from "./config/flag.js";
export type { FlagRow } from "./config/format-help.js";
export { loadConfigOrExit } from "./config/load-config-or-exit.js";
export { parseFlags } from "./config/parse-flags.js";
export {
  hostFlag,
  logLevelFlag,
  portFlag,
  runOptionsFor,
  serverFlags,
  transportFlag,
} from "./config/server-flags.js";
export { embeddedResource, resourceLink } from "./content/blocks.js";
export { Audio, Image } from "./content/media.js";
export { sniffMimeType } from "./content/mime-sniff.js";
export type { LogSink, ServerLogLevel } from "./engine/request-log.js";
export type { RunningServer } from "./engine/running-server.js";
export type { Servable } from "./engine/servable.js";
export type { ServerEvent } from "./engine/server-event.js";
export type { FastMCPOptions } from "./engine/server-options.js";
export type { Session } from "./engine/session.js";
export { McpError, ToolError } from "./errors.js";
export { FastMCP } from "./facade/fast-mcp.js";
export type { RunOptions } from "./facade/run-options.js";
export { createHttpHandler } from "./http/create-http-handler.js";
export type {
  BearerAuthOptions,
  CorsOptions,
  HttpHandler,
  HttpHandlerOptions,
  HttpOptions,
  HttpRoute,
  TokenVerifier,
} from "./http/http-options.js";
export { staticTokenVerifier } from "./http/static-token-verifier.js";
export {
  type OpenAPIImport,
  type OpenAPIOptions,
  type OpenAPIServerOptions,
  registerOpenAPI,
} from "./openapi/from-openapi.js";
export type { FetchLike, HttpRequestInit } from "./openapi/http-request.js";
export type { HttpMethod, OpenAPIDocument } from "./openapi/operations.js";
export type { OperationMatcher, RouteRule, RouteType } from "./openapi/route-map.js";
export {
  ErrorCode,
  type JsonRpcMessage,
  LATEST_PROTOCOL_VERSION,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./protocol/messages.js";
export type { InferInput, InputShape } from "./protocol/schema.js";
export type { AuthInfo, MessageExtra, Transport } from "./protocol/transport.js";
export type {
  Annotations,
  AudioContent,
  BlobResourceContents,
  CallToolResult,
  ClientCapabilities,
  CompleteResult,
  CompletionReference,
  ContentBlock,
  CreateMessageRequest,
  CreateMessageResult,
  ElicitRequest,
  ElicitResult,
  EmbeddedResource,
  GetPromptResult,
  Icon,
  ImageContent,
  Implementation,
  InitializeResult,
  LoggingLevel,
  LogMessageNotification,
  Meta,
  ModelPreferences,
  ProgressNotification,
  Prompt,
  PromptArgument,
  PromptMessage,
  ReadResourceResult,
  Resource,
  ResourceContents,
  ResourceLink,
  ResourceTemplate,
  Role,
  Root,
  SamplingMessage,
  ServerCapabilities,
  TextContent,
  TextResourceContents,
  Tool,
  ToolAnnotations,
} from "./protocol/types.js";
export { type TemplateParams, UriTemplate } from "./protocol/uri-template.js";
export { type AllowedRoot, combineRoots, isWithin, type ServerRoot } from "./roots/allowed-root.js";
export { checkDirectories } from "./roots/check-directories.js";
export {
  type DenyRule,
  describeFsError,
  isCode,
  PathGuard,
  quote,
  type ResolvedPath,
  type ResolveOptions,
} from "./roots/path-guard.js";
export { RootSource, type RootSourceOptions } from "./roots/root-source.js";
export type { ClientConnection, OutgoingRequestOptions } from "./server/client-connection.js";
export type { Completer, Completers } from "./server/completion.js";
export type { Context, ElicitOutcome, SampleOptions, SampleResult } from "./server/context.js";
export {
  assistantMessage,
  type PromptArgs,
  type PromptHandler,
  type PromptMessageInput,
  type PromptOptions,
  type PromptValue,
  RegisteredPrompt,
  userMessage,
} from "./server/prompts.js";
export { RateLimiter, type RateLimitSpec } from "./server/rate-limit.js";
export {
  RegisteredResource,
  type ResourceHandler,
  type ResourceOptions,
  type ResourceValue,
} from "./server/resources.js";
export { type OutputValidation, RegisteredTool, type ToolHandler, type ToolOptions } from "./server/tools.js";
export { InMemoryTransport } from "./transports/in-memory.js";
export { StdioClientTransport, type StdioServerParameters } from "./transports/stdio-client.js";
