import { readFile } from "node:fs/promises";
import type { AudioContent, ImageContent } from "../protocol/types.js";
import { sniffMimeType } from "./mime-sniff.js";

abstract class Media {
  protected constructor(
    readonly data: Uint8Array,
    readonly mimeType: string,
  ) {}

  protected get base64(): string {
    return Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength).toString("base64");
  }
}

/**
 * An image a tool or prompt returns; converted to MCP image content. The type is sniffed from the
 * bytes when not given.
 *
 * @example
 * mcp.tool({ name: "render" }, async () => Image.fromBytes(await chart.png()));
 */
export class Image extends Media {
  static fromBytes(data: Uint8Array, mimeType?: string): Image {
    const type = mimeType ?? sniffMimeType(data);
    if (!type?.startsWith("image/")) throw new TypeError("The bytes are not an image of a known format");
    return new Image(data, type);
  }

  static async fromFile(path: string, mimeType?: string): Promise<Image> {
    return Image.fromBytes(await readFile(path), mimeType);
  }

  toContent(): ImageContent {
    return { type: "image", data: this.base64, mimeType: this.mimeType };
  }
}

/**
 * Audio a tool or prompt returns; converted to MCP audio content.
 *
 * @example
 * mcp.tool({ name: "say" }, async ({ text }) => Audio.fromBytes(await speak(text), "audio/wav"));
 */
export class Audio extends Media {
  static fromBytes(data: Uint8Array, mimeType?: string): Audio {
    const type = mimeType ?? sniffMimeType(data);
    if (!type?.startsWith("audio/")) throw new TypeError("The bytes are not audio of a known format");
    return new Audio(data, type);
  }

  static async fromFile(path: string, mimeType?: string): Promise<Audio> {
    return Audio.fromBytes(await readFile(path), mimeType);
  }

  toContent(): AudioContent {
    return { type: "audio", data: this.base64, mimeType: this.mimeType };
  }
}
