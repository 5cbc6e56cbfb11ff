import { DEFAULT_PROTOCOL_CHOICE, PROTOCOL_CHOICES, type ProtocolChoice } from "@mcpkit/core";
import { UsageError } from "./errors.js";

/** `--protocol`, for every command that connects to a server as a client. */
export const protocolOption = { protocol: { type: "string" } } as const;

export const PROTOCOL_HELP = `  --protocol <p>      The protocol era to speak: 2025-11-25 (default), 2026-07-28, or auto
                      (2026-07-28 when the server speaks it, else 2025-11-25)`;

export function parseProtocol(value: string | undefined): ProtocolChoice {
  if (value === undefined) return DEFAULT_PROTOCOL_CHOICE;
  if ((PROTOCOL_CHOICES as readonly string[]).includes(value)) return value as ProtocolChoice;
  throw new UsageError(`--protocol must be one of ${PROTOCOL_CHOICES.join(", ")}, got "${value}"`);
}
