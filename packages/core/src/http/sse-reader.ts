/**
 * Reads a Server-Sent Events body: yields the `data` of each event, in order. Comments (keep-alive
 * lines starting with `:`), `event:`, `id:` and `retry:` fields are skipped, as an MCP client
 * needs only the messages; an event without data (a 2025 priming event) yields nothing.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  let data: string[] = [];
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split(/\r\n|\r|\n/);
    // The last piece may be half a line (or the "\r" of a "\r\n" split across chunks): keep it.
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (data.length > 0) yield data.join("\n");
        data = [];
      } else if (line.startsWith("data:")) {
        data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
      }
    }
  }
  if (buffered.startsWith("data:")) data.push(buffered.slice(buffered.startsWith("data: ") ? 6 : 5));
  if (data.length > 0) yield data.join("\n");
}
