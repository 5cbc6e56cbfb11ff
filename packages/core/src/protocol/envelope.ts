import { McpError } from "../errors.js";
import { META, PROTOCOL_2026 } from "./era.js";
import { ErrorCode, SUPPORTED_PROTOCOL_VERSIONS } from "./messages.js";
import { type ClientCapabilities, type Implementation, LOGGING_LEVELS, type LoggingLevel } from "./types.js";

/** Which rules a request is served by: a 2025 session's, or the stateless 2026-07-28 ones. */
export type Era = "2025" | "2026";

/**
 * What a 2026-07-28 request says about its client in `params._meta`: the per-request stand-in
 * for what `initialize` told a 2025 session once.
 */
export interface RequestEnvelope {
  readonly protocolVersion: string;
  readonly clientCapabilities: ClientCapabilities;
  readonly clientInfo: Implementation | undefined;
  /** Log messages are sent for the request only when it set a level (2026-07-28 logging). */
  readonly logLevel: LoggingLevel | undefined;
}

/** Every revision one endpoint serves, newest first: the 2026 one, then the 2025 family. */
export const ALL_PROTOCOL_VERSIONS: readonly string[] = [PROTOCOL_2026, ...SUPPORTED_PROTOCOL_VERSIONS];

/** The versions a request may name in its envelope. */
const ENVELOPE_VERSIONS: readonly string[] = [PROTOCOL_2026];

/** The `-32022` error for an envelope naming a version this server does not serve. */
export function unsupportedVersion(requested: string): McpError {
  return new McpError(
    ErrorCode.UnsupportedProtocolVersion,
    `Unsupported protocol version: ${requested} (supported: ${ALL_PROTOCOL_VERSIONS.join(", ")})`,
    { supported: ALL_PROTOCOL_VERSIONS, requested },
  );
}

/**
 * Reads and checks the envelope of a request whose `_meta` names `version` (see
 * `envelopeVersion`). Throws `-32022` for a version the server does not serve and `-32602` for a
 * malformed envelope, naming the field, so that a client's bug shows in its first request.
 */
export function parseEnvelope(params: Record<string, unknown> | undefined, version: string): RequestEnvelope {
  if (!ENVELOPE_VERSIONS.includes(version)) throw unsupportedVersion(version);
  const meta = params?._meta as Record<string, unknown>;
  const clientCapabilities = meta[META.clientCapabilities];
  if (!isObject(clientCapabilities)) {
    throw malformed(`${META.clientCapabilities} is required and must be an object`);
  }
  const clientInfo = meta[META.clientInfo];
  if (
    clientInfo !== undefined &&
    (!isObject(clientInfo) || typeof clientInfo.name !== "string" || typeof clientInfo.version !== "string")
  ) {
    throw malformed(`${META.clientInfo} must be an object with a string name and version`);
  }
  const logLevel = meta[META.logLevel];
  if (logLevel !== undefined && !LOGGING_LEVELS.includes(logLevel as LoggingLevel)) {
    throw malformed(`${META.logLevel} must be one of ${LOGGING_LEVELS.join(", ")}`);
  }
  return {
    protocolVersion: version,
    clientCapabilities: clientCapabilities as ClientCapabilities,
    clientInfo: clientInfo as Implementation | undefined,
    logLevel: logLevel as LoggingLevel | undefined,
  };
}

function malformed(problem: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `Invalid request envelope: ${problem}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether a message at `level` goes to a 2026 request that asked for `requested` (or nothing). */
export function logsAt(level: LoggingLevel, requested: LoggingLevel | undefined): boolean {
  return requested !== undefined && LOGGING_LEVELS.indexOf(level) >= LOGGING_LEVELS.indexOf(requested);
}
