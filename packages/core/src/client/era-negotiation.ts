import { McpError } from "../errors.js";
import { META, PROTOCOL_2026 } from "../protocol/era.js";
import { ErrorCode, LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/messages.js";
import type { Implementation, ServerCapabilities } from "../protocol/types.js";

/**
 * Which protocol era a `Client` speaks: `"auto"` asks with `server/discover` and falls back to
 * the 2025 `initialize` handshake when the server does not know it; a version pins that era.
 */
export type ProtocolChoice = "auto" | typeof PROTOCOL_2026 | typeof LATEST_PROTOCOL_VERSION;

/** Every `ClientOptions.protocol` value, for a flag's help and check (`mcpkit --protocol`). */
export const PROTOCOL_CHOICES: readonly ProtocolChoice[] = ["auto", PROTOCOL_2026, LATEST_PROTOCOL_VERSION];

/** What `server/discover` told a 2026 client (`Client.discovery`). */
export interface DiscoverResult {
  supportedVersions: string[];
  capabilities: ServerCapabilities;
  serverInfo: Implementation | undefined;
  instructions: string | undefined;
  /** How long the answer stays fresh, and who may cache it (the 2026 cache hints). */
  ttlMs: number | undefined;
  cacheScope: string | undefined;
}

/**
 * The errors only a 2026 server gives (spec: basic/index, error codes). Any other error to the
 * probe, or none within the probe's time, means a 2025 server (spec: stdio and Streamable HTTP,
 * backward compatibility): the fallback must not hang on one particular code.
 */
const MODERN_ERRORS = {
  headerMismatch: -32020,
  missingClientCapability: -32021,
  unsupportedProtocolVersion: -32022,
} as const;

/**
 * What a `Client` speaks when not told: 2025-11-25 for now. `"auto"` (2026-07-28 first) passes
 * the 2026 suites, but 48 of core's existing tests still find differences when they run on it
 * (issue 17 lists them); it becomes the default once they are gone.
 */
export const DEFAULT_PROTOCOL_CHOICE: ProtocolChoice = LATEST_PROTOCOL_VERSION;

export function parseProtocolChoice(value: string | undefined): ProtocolChoice {
  if (value === undefined) return DEFAULT_PROTOCOL_CHOICE;
  if ((PROTOCOL_CHOICES as readonly string[]).includes(value)) return value as ProtocolChoice;
  throw new McpError(
    ErrorCode.InvalidParams,
    `Unknown protocol "${value}": use one of ${PROTOCOL_CHOICES.join(", ")}`,
  );
}

/**
 * Sends the `server/discover` probe and reads its answer: what the 2026 server said, or "legacy"
 * to fall back to `initialize`. A closed connection is no answer, so its error is thrown as is.
 */
export async function discoverEra(
  probe: (timeoutMs: number) => Promise<Record<string, unknown>>,
  choice: ProtocolChoice,
  timeoutMs: number,
  closed: () => boolean,
): Promise<DiscoverResult | "legacy"> {
  let result: Record<string, unknown>;
  try {
    // The whole request timeout, not a shorter one: a stdio server still starting up on a busy
    // machine (tsx, a cold cache) can take many seconds to answer, and a shorter wait would take
    // a 2026 server for a 2025 one. Only a 2025 server that stays silent pays this wait.
    result = await probe(timeoutMs);
  } catch (error) {
    if (closed()) throw error;
    return probeFailure(error, choice);
  }
  // A 2025 server that serves any method before initialize can answer with some other result.
  if (!Array.isArray(result.supportedVersions)) {
    const notDiscovery = new McpError(ErrorCode.InvalidRequest, "the answer was no DiscoverResult");
    return probeFailure(notDiscovery, choice);
  }
  const discovery = readDiscoverResult(result);
  if (!discovery.supportedVersions.includes(PROTOCOL_2026)) return unsupportedDiscovery(discovery, choice);
  return discovery;
}

/** Reads a `server/discover` result; a server that does not list 2026-07-28 cannot be spoken to on it. */
function readDiscoverResult(result: Record<string, unknown>): DiscoverResult {
  const supported = Array.isArray(result.supportedVersions)
    ? result.supportedVersions.filter((version): version is string => typeof version === "string")
    : [];
  const meta = result._meta as Record<string, unknown> | undefined;
  const serverInfo = meta?.[META.serverInfo] as Implementation | undefined;
  return {
    supportedVersions: supported,
    capabilities: (result.capabilities as ServerCapabilities | undefined) ?? {},
    serverInfo,
    instructions: typeof result.instructions === "string" ? result.instructions : undefined,
    ttlMs: typeof result.ttlMs === "number" ? result.ttlMs : undefined,
    cacheScope: typeof result.cacheScope === "string" ? result.cacheScope : undefined,
  };
}

/**
 * What a failed probe means: `"legacy"` (fall back to `initialize`), or a thrown error when the
 * server is a 2026 one that refused us, or when 2026 was pinned.
 */
function probeFailure(error: unknown, choice: ProtocolChoice): "legacy" {
  if (!(error instanceof McpError)) throw error;
  if (error.code === MODERN_ERRORS.unsupportedProtocolVersion) {
    const supported = (error.data as { supported?: unknown } | undefined)?.supported;
    const versions = Array.isArray(supported) ? supported.map(String) : [];
    if (choice === "auto" && versions.some((version) => SUPPORTED_PROTOCOL_VERSIONS.includes(version)))
      return "legacy";
    throw new McpError(
      error.code,
      `The server supports protocol ${versions.join(", ") || "(none listed)"}; this client asked for ${PROTOCOL_2026}${choice === "auto" ? ` and also speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")}` : ""}`,
      error.data,
    );
  }
  if (Object.values(MODERN_ERRORS).includes(error.code as never)) throw error;
  if (choice === "auto") return "legacy";
  throw new McpError(
    error.code,
    `The server does not speak protocol ${PROTOCOL_2026} (server/discover failed: ${error.message}); connect with protocol "auto" or "${LATEST_PROTOCOL_VERSION}"`,
    error.data,
  );
}

/** A discover result naming no version we speak on 2026: a 2025 fallback under "auto", else an error. */
function unsupportedDiscovery(discovery: DiscoverResult, choice: ProtocolChoice): "legacy" {
  if (choice === "auto" && discovery.supportedVersions.some((v) => SUPPORTED_PROTOCOL_VERSIONS.includes(v)))
    return "legacy";
  throw new McpError(
    MODERN_ERRORS.unsupportedProtocolVersion,
    `The server supports protocol ${discovery.supportedVersions.join(", ") || "(none listed)"}, not ${PROTOCOL_2026}`,
  );
}
