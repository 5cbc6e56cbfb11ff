import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type {
  CallToolResult,
  ContentBlock,
  GetPromptResult,
  ProgressNotification,
  ReadResourceResult,
  ResourceContents,
} from "@mcpkit/core";
import { structuredTable } from "./table.js";

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/svg+xml": "svg",
  "audio/wav": "wav",
  "audio/mpeg": "mp3",
  "audio/ogg": "ogg",
  "application/pdf": "pdf",
  "application/json": "json",
  "text/plain": "txt",
};

/** Writes binary payloads (images, audio, blobs) as numbered files in one directory. */
export class FileSaver {
  private count = 0;
  constructor(private readonly directory: string) {}

  save(base64: string, mimeType: string | undefined, stem: string): string {
    mkdirSync(this.directory, { recursive: true });
    const extension = (mimeType && EXTENSIONS[mimeType]) ?? "bin";
    const path = join(this.directory, `${stem}-${++this.count}.${extension}`);
    writeFileSync(path, Buffer.from(base64, "base64"));
    return path;
  }
}

/** A tool result as the user reads it: text as is, structured content as a table, media saved to files. */
export function renderToolResult(result: CallToolResult, saver: FileSaver): string {
  const lines: string[] = [];
  const table = result.structuredContent ? structuredTable(result.structuredContent) : undefined;
  // Tools send their structured result as JSON text too (unwrapped when it is `{ result }`).
  const structured = result.structuredContent;
  const wrapped = structured && Object.keys(structured).length === 1 ? structured.result : undefined;
  const sameAsStructured = (text: string) =>
    isSameJson(text, JSON.stringify(structured)) ||
    (wrapped !== undefined && isSameJson(text, JSON.stringify(wrapped)));
  if (table) lines.push(table);
  for (const block of result.content) {
    if (table && block.type === "text" && sameAsStructured(block.text)) continue;
    lines.push(renderBlock(block, saver));
  }
  if (!table && result.content.length === 0 && result.structuredContent) {
    lines.push(JSON.stringify(result.structuredContent, null, 2));
  }
  return lines.join("\n");
}

function isSameJson(text: string, json: string): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === json;
  } catch {
    return false;
  }
}

export function renderBlock(block: ContentBlock, saver: FileSaver): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      return `[${block.type} ${block.mimeType} saved to ${saver.save(block.data, block.mimeType, block.type)}]`;
    case "resource":
      return renderContents(block.resource, saver);
    case "resource_link":
      return `[link ${block.uri}${block.name && block.name !== block.uri ? ` (${block.name})` : ""}${block.description ? `: ${block.description}` : ""}]`;
    default:
      return JSON.stringify(block);
  }
}

export function renderContents(contents: ResourceContents, saver: FileSaver): string {
  if ("text" in contents) return contents.text;
  return `[${contents.mimeType ?? "binary"} ${contents.uri} saved to ${saver.save(contents.blob, contents.mimeType, "resource")}]`;
}

export function renderResource(result: ReadResourceResult, saver: FileSaver): string {
  return result.contents.map((contents) => renderContents(contents, saver)).join("\n");
}

export function renderPrompt(result: GetPromptResult, saver: FileSaver): string {
  const lines = result.description ? [`# ${result.description}`, ""] : [];
  for (const message of result.messages)
    lines.push(`${message.role}: ${renderBlock(message.content, saver)}`);
  return lines.join("\n");
}

/** A progress bar on stderr: redrawn in place on a terminal, one line per update otherwise. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(progress: ProgressNotification): void;
  done(): void;
} {
  let drawn = false;
  return {
    update({ progress, total, message }) {
      const label = message ? ` ${message}` : "";
      let line: string;
      if (total && total > 0) {
        const ratio = Math.min(1, Math.max(0, progress / total));
        const filled = Math.round(ratio * 20);
        line = `[${"#".repeat(filled)}${".".repeat(20 - filled)}] ${Math.round(ratio * 100)}%${label}`;
      } else {
        line = `[progress ${progress}]${label}`;
      }
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else {
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
