import { SUPPORTED_PROTOCOL_VERSIONS } from "../protocol/messages.js";
import { type HeaderMap, headerValue } from "./http-exchange.js";

/**
 * Every MCP request header the HTTP front ends read, parsed in one place. Plain functions over
 * the header map rather than a parsed object, so that serving a request allocates nothing more.
 */

/** `Mcp-Session-Id`: the session a stateful Streamable HTTP request belongs to. */
export function sessionIdHeader(headers: HeaderMap): string | undefined {
  return headerValue(headers, "mcp-session-id");
}

/** `MCP-Protocol-Version`, as sent (checked by `protocolVersionProblem`). */
export function protocolVersionHeader(headers: HeaderMap): string | undefined {
  return headerValue(headers, "mcp-protocol-version");
}

/** Why the `MCP-Protocol-Version` header cannot be served, or undefined when it can (or is absent). */
export function protocolVersionProblem(headers: HeaderMap): string | undefined {
  const version = protocolVersionHeader(headers);
  if (version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return undefined;
  return `unsupported MCP-Protocol-Version ${version} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`;
}

/** `Last-Event-ID`: where a client resuming an SSE stream left off. */
export function lastEventIdHeader(headers: HeaderMap): string | undefined {
  return headerValue(headers, "last-event-id");
}

export function originHeader(headers: HeaderMap): string | undefined {
  return headerValue(headers, "origin");
}

export function hostHeader(headers: HeaderMap): string | undefined {
  return headerValue(headers, "host");
}

/** Whether the body is declared as JSON (`Content-Type: application/json`, any parameters). */
export function hasJsonBody(headers: HeaderMap): boolean {
  return (headerValue(headers, "content-type") ?? "").includes("application/json");
}

/** What a POST's `Accept` allows the answer to be; a missing header or `*\/*` allows both. */
export type AcceptedAnswer = "json" | "sse" | "either" | "neither";

export function acceptedAnswer(headers: HeaderMap): AcceptedAnswer {
  const accept = headerValue(headers, "accept") ?? "*/*";
  const any = accept.includes("*/*");
  const sse = any || accept.includes("text/event-stream");
  const json = any || accept.includes("application/json");
  return sse && json ? "either" : sse ? "sse" : json ? "json" : "neither";
}

/** Whether a GET may be answered with an event stream: it must say `text/event-stream`. */
export function acceptsEventStream(headers: HeaderMap): boolean {
  return (headerValue(headers, "accept") ?? "").includes("text/event-stream");
}
