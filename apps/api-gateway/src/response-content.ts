import { type CallToolResult, embeddedResource } from "@mcpkit/core";
import { htmlToText } from "./html-text.js";
import type { UpstreamResponse } from "./upstream-client.js";

/** A response body made ready for the model: parsed JSON, readable text, or bytes. */
export type RenderedBody =
  | { kind: "json"; text: string; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "binary"; mimeType: string; bytes: Buffer };

export interface RenderedResponse {
  status: number;
  statusText: string;
  url: string;
  body: RenderedBody;
}

export interface Page {
  startIndex: number;
  maxLength: number;
}

const EXCERPT_CHARS = 500;
const MAX_BLOB_BYTES = 1024 * 1024;

export function renderResponse(response: UpstreamResponse): RenderedResponse {
  const { status, statusText, url } = response;
  return { status, statusText, url, body: renderBody(response.contentType, response.body) };
}

function renderBody(contentType: string, bytes: Buffer): RenderedBody {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (/^application\/(?:[\w.+-]+\+)?json$/.test(type)) {
    const text = bytes.toString("utf8");
    try {
      return { kind: "json", text, value: JSON.parse(text) };
    } catch (error) {
      const why = error instanceof Error ? error.message : "parse error";
      return {
        kind: "text",
        text: `(The upstream said JSON, but the body is not valid JSON: ${why}. Raw text follows.)\n${text}`,
      };
    }
  }
  if (type === "text/html" || type === "application/xhtml+xml")
    return { kind: "text", text: htmlToText(bytes.toString("utf8")) };
  if (type === "" || type.startsWith("text/") || /xml|javascript|x-www-form-urlencoded/.test(type)) {
    return { kind: "text", text: bytes.toString("utf8") };
  }
  return { kind: "binary", mimeType: type, bytes };
}

/** True when the whole body is shown at once, so there is nothing to cache for later pages. */
export function fitsOnePage(rendered: RenderedResponse, page: Page): boolean {
  return (
    rendered.body.kind === "binary" || (page.startIndex === 0 && rendered.body.text.length <= page.maxLength)
  );
}

/**
 * The tool result for a rendered response: 4xx/5xx as `isError` with the status and an excerpt;
 * JSON that fits as `structuredContent` plus text; longer text one page at a time with a note
 * saying how to get the next; bytes as an embedded resource.
 */
export function toToolResult(rendered: RenderedResponse, what: string, page: Page): CallToolResult {
  const { body, status } = rendered;
  const statusLine = `HTTP ${status}${rendered.statusText ? ` ${rendered.statusText}` : ""}`;
  if (status >= 400) {
    const excerpt =
      body.kind === "binary" ? `(${body.bytes.byteLength} bytes of ${body.mimeType})` : excerptOf(body.text);
    return {
      content: [{ type: "text", text: `${statusLine} from ${what}${excerpt ? `: ${excerpt}` : ""}` }],
      isError: true,
    };
  }
  if (body.kind === "binary") {
    if (body.bytes.byteLength > MAX_BLOB_BYTES) {
      const text = `${statusLine}: ${body.bytes.byteLength} bytes of ${body.mimeType || "binary data"}, more than the ${MAX_BLOB_BYTES} bytes returned inline.`;
      return { content: [{ type: "text", text }] };
    }
    const blob = body.bytes.toString("base64");
    return {
      content: [
        embeddedResource({ uri: rendered.url, mimeType: body.mimeType || "application/octet-stream", blob }),
      ],
    };
  }
  if (body.text === "") return { content: [{ type: "text", text: `${statusLine} (empty body)` }] };
  if (body.kind === "json" && fitsOnePage(rendered, page)) {
    const value = body.value;
    const structuredContent =
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { result: value };
    return { content: [{ type: "text", text: body.text }], structuredContent };
  }
  return { content: [{ type: "text", text: pageOf(body.text, page) }] };
}

function pageOf(text: string, { startIndex, maxLength }: Page): string {
  if (startIndex >= text.length) {
    return `(No more content: the body has ${text.length} characters and start_index was ${startIndex}.)`;
  }
  const end = Math.min(text.length, startIndex + maxLength);
  const slice = text.slice(startIndex, end);
  if (startIndex === 0 && end === text.length) return slice;
  const more = end < text.length ? ` Call again with start_index=${end} for more.` : " This is the end.";
  return `${slice}\n\n(Characters ${startIndex}-${end} of ${text.length}.${more})`;
}

function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}...` : flat;
}
