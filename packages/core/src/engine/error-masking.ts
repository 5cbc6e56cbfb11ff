/**
 * What a client is shown for an unexpected error (a bug, as opposed to a `ToolError`): its
 * message, or nothing of it when the server masks error details. The one rule for tool results
 * and JSON-RPC errors alike; the full error always goes to the server's log.
 *
 * `during` names what failed ("Error calling tool get_forecast"); without it the generic text is
 * "Internal error".
 */
export function describeInternalError(error: unknown, masked: boolean, during?: string): string {
  const detail = masked ? undefined : error instanceof Error ? error.message : String(error);
  if (during === undefined) return detail ?? "Internal error";
  return detail === undefined ? during : `${during}: ${detail}`;
}
