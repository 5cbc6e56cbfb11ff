export { AuthUnavailableError, InvalidTokenError } from "./auth/auth-errors.js";
export {
  type AuthorizationServerMetadata,
  discoverAuthorizationServer,
} from "./auth/authorization-server-metadata.js";
export { type IntrospectionVerifierOptions, introspectionVerifier } from "./auth/introspection-verifier.js";
export { type JwtVerifierOptions, jwtVerifier } from "./auth/jwt-verifier.js";
export { principalOf } from "./auth/principal.js";
export { type AuthorizationCodeOptions, authorizationCode } from "./client/auth/authorization-code.js";
export { type ClientCredentialsOptions, clientCredentials } from "./client/auth/client-credentials.js";
export {
  type CredentialStore,
  memoryCredentialStore,
  type StoredCredentials,
} from "./client/auth/credential-store.js";
export {
  CREDENTIALS_FILE,
  CredentialFileError,
  fileCredentialStore,
} from "./client/auth/file-credential-store.js";
export { type DiscoveredAuthorization, discoverAuthorization } from "./client/auth/resource-discovery.js";
export { staticToken, type TokenSource } from "./client/auth/token-source.js";
export {
  type CallToolOptions,
  Client,
  type ClientOptions,
  type ClientTarget,
  type RequestOptions,
} from "./client/client.js";
export {
  DEFAULT_PROTOCOL_CHOICE,
  type DiscoverResult,
  PROTOCOL_CHOICES,
  type ProtocolChoice,
} from "./client/era-negotiation.js";
export { Subscription, type SubscriptionEnd, type SubscriptionFilter } from "./client/subscription.js";
export type {
  AnyTools,
  ToolInput,
  ToolOutput,
  ToolType,
  ToolTypes,
  TypedCallToolResult,
} from "./client/tool-types.js";
export { configPrefix } from "./compose/from-config.js";
export {
  type FromConfigOptions,
  type McpServerEntry,
  type McpServersConfig,
  parseMcpServersConfig,
} from "./compose/mcp-servers-config.js";
export type { MountOptions } from "./compose/mount.js";
export { createProxy, type ProxyOptions, proxyClient } from "./compose/proxy.js";
export type { ArgumentTransform, ToolTransform, ToolTransforms } from "./compose/tool-transform.js";
export { type AuthFlagValues, authFlags, authOptionsFor } from "./config/auth-flags.js";
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
export { REDIS_URL_ENV, type ReplicaConfig, redisUrlFlag, replicaConfigFor } from "./config/replica-flags.js";
export { REQUEST_STATE_KEY_ENV, requestStateKeyFrom } from "./config/request-state-key.js";
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
export { type FastMCPOptions, type ReplicaOptions, replicaOptionsOf } from "./engine/server-options.js";
export type { Session } from "./engine/session.js";
export {
  McpError,
  RateLimitError,
  RateLimitUnavailableError,
  ToolError,
  ToolTimeoutError,
} from "./errors.js";
export type { BusEvent, EventBus } from "./events/event-bus.js";
export { MemoryEventBus } from "./events/memory-event-bus.js";
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
export { type ErrorHandlingOptions, errorHandling } from "./middleware/error-handling.js";
export type {
  CallToolParams,
  GetPromptParams,
  Hook,
  ListParams,
  ListPromptsResult,
  ListResourcesResult,
  ListResourceTemplatesResult,
  ListToolsResult,
  Middleware,
  MiddlewareNotification,
  MiddlewareRequest,
  Next,
  ReadResourceParams,
} from "./middleware/middleware.js";
export { type RateLimitOptions, rateLimit } from "./middleware/rate-limit.js";
export { requestLogging } from "./middleware/request-logging.js";
export { type CachedMethod, type ResponseCacheOptions, responseCache } from "./middleware/response-cache.js";
export { isTransientError, type RetryOptions, retry } from "./middleware/retry.js";
export {
  type OpenAPIImport,
  type OpenAPIOptions,
  type OpenAPIServerOptions,
  registerOpenAPI,
} from "./openapi/from-openapi.js";
export type { FetchLike, HttpRequestInit } from "./openapi/http-request.js";
export type { HttpMethod, OpenAPIDocument } from "./openapi/operations.js";
export type { OperationMatcher, RouteRule, RouteType } from "./openapi/route-map.js";
export type { Era, RequestEnvelope } from "./protocol/envelope.js";
export { envelopeVersion, META, PROTOCOL_2026 } from "./protocol/era.js";
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
export type { CacheHint } from "./server/cache-hint.js";
export type { ClientConnection, OutgoingRequestOptions } from "./server/client-connection.js";
export type { Completer, Completers } from "./server/completion.js";
export type { AskOptions, Context, ElicitOutcome, SampleOptions, SampleResult } from "./server/context.js";
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
export type { SessionState, StateOptions } from "./server/state-store.js";
export { type ComponentKind, TAGS_META } from "./server/tags.js";
export { type OutputValidation, RegisteredTool, type ToolHandler, type ToolOptions } from "./server/tools.js";
export type { ComponentFilter, TagFilter } from "./server/visibility.js";
export { MemoryStore } from "./store/memory-store.js";
export type { BucketSpec, KeyValueStore, RateLimitStore, SharedStore, TakeResult } from "./store/store.js";
export { InMemoryTransport } from "./transports/in-memory.js";
export { StdioClientTransport, type StdioServerParameters } from "./transports/stdio-client.js";
export { guardStdout } from "./transports/stdout-guard.js";
