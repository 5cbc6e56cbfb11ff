const DROPPED = ["script", "style", "noscript", "template", "svg", "iframe", "object", "head"];
const BLOCK =
  /^(?:p|div|br|hr|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|nav|main|aside|blockquote|pre|dt|dd|title|form)$/;
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  copy: "©",
  reg: "®",
  mdash: "—",
  ndash: "–",
  hellip: "…",
  laquo: "«",
  raquo: "»",
};

/**
 * Readable text from an HTML page: scripts, styles and other non-content elements dropped, tags
 * removed (block elements become line breaks), common entities decoded, whitespace collapsed.
 * A single left-to-right scan with `indexOf`, so hostile markup (unclosed tags, thousands of
 * `<script`) costs linear time; the result is plain text, never HTML.
 */
export function htmlToText(html: string): string {
  const rawTitle = /<title[^>]*>([^<]*)<\/title/i.exec(html.slice(0, 65_536))?.[1];
  const title = rawTitle === undefined ? undefined : collapse(decodeEntities(rawTitle)).replace(/\n/g, " ");
  let text = "";
  let index = 0;
  const lower = html.toLowerCase();
  while (index < html.length) {
    const open = html.indexOf("<", index);
    if (open === -1) {
      text += html.slice(index);
      break;
    }
    text += html.slice(index, open);
    if (html.startsWith("<!--", open)) {
      const end = html.indexOf("-->", open + 4);
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    const close = html.indexOf(">", open + 1);
    if (close === -1) break;
    const tag = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/
      .exec(html.slice(open, Math.min(close + 1, open + 64)))?.[1]
      ?.toLowerCase();
    if (tag === undefined && html[open + 1] !== "!" && html[open + 1] !== "/") {
      text += "<"; // a literal "<", as in "a < b"
      index = open + 1;
      continue;
    }
    index = close + 1;
    if (tag === undefined) continue;
    if (DROPPED.includes(tag) && html[open + 1] !== "/") {
      const end = lower.indexOf(`</${tag}`, index);
      index = end === -1 ? html.length : Math.max(index, lower.indexOf(">", end) + 1 || html.length);
      continue;
    }
    if (BLOCK.test(tag)) text += "\n";
  }
  const body = collapse(decodeEntities(text));
  return title && !body.startsWith(title) ? `${title}\n\n${body}` : body;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (entity, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : "\uFFFD";
    }
    return NAMED[body.toLowerCase()] ?? entity;
  });
}

function collapse(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n")
    .trim();
}
