import { StringDecoder } from "node:string_decoder";
import { parseJsonRpc, stringifyJsonRpc } from "../protocol/json-rpc-text.js";
import { ErrorCode, type JsonRpcMessage } from "../protocol/messages.js";

/** The largest single message accepted on a stream; a larger one is dropped with an error. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface LineHandlers {
  message(message: JsonRpcMessage): void;
  /** A line that was not JSON, or too long: answered with a JSON-RPC error, never fatal. */
  invalid(code: number, reason: string): void;
}

/**
 * Newline-delimited JSON-RPC over a byte stream (the stdio transport's framing). Bytes are decoded
 * as UTF-8 across chunk boundaries; blank lines are ignored.
 */
export class LineReader {
  private decoder = new StringDecoder("utf8");
  private buffer = "";
  private discarding = false;

  constructor(
    private readonly handlers: LineHandlers,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer + text.slice(start, newline);
      this.buffer = "";
      if (this.discarding) this.discarding = false;
      else this.line(line);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (this.discarding) return;
    this.buffer += text.slice(start);
    if (this.buffer.length > this.maxBytes) {
      this.buffer = "";
      this.discarding = true;
      this.handlers.invalid(
        ErrorCode.InvalidRequest,
        `Message larger than ${this.maxBytes} bytes was dropped`,
      );
    }
  }

  private line(raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = parseJsonRpc(line);
    } catch (error) {
      this.handlers.invalid(ErrorCode.ParseError, `Parse error: ${(error as Error).message}`);
      return;
    }
    // Envelope problems are the session's to answer: it knows the id to reply to.
    this.handlers.message(value as JsonRpcMessage);
  }
}

export function serializeMessage(message: JsonRpcMessage): string {
  return `${stringifyJsonRpc(message)}\n`;
}
