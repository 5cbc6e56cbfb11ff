/** Splits a byte stream into lines (newline-delimited JSON-RPC, the stdio framing). */
export function onLines(stream: NodeJS.ReadableStream, handle: (line: string) => void): void {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line.trim() !== "") handle(line);
      newline = buffer.indexOf("\n");
    }
  });
}

export type Message = {
  id?: string | number | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
};

export function parseMessage(line: string): Message | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Message)
      : undefined;
  } catch {
    return undefined;
  }
}

const MAX_TRACE = 300;

/** One readable trace line: direction, id, method or outcome, and the payload (shortened). */
export function traceLine(direction: "->" | "<-", line: string): string {
  const message = parseMessage(line);
  if (!message) return `${direction} (not JSON) ${shorten(line)}`;
  const id = message.id === undefined || message.id === null ? "" : ` #${message.id}`;
  if (message.method)
    return `${direction}${id} ${message.method} ${shorten(JSON.stringify(message.params ?? {}))}`;
  if (message.error)
    return `${direction}${id} error ${message.error.code}: ${shorten(message.error.message)}`;
  return `${direction}${id} result ${shorten(JSON.stringify(message.result ?? null))}`;
}

function shorten(text: string): string {
  return text.length > MAX_TRACE ? `${text.slice(0, MAX_TRACE - 1)}…` : text;
}
