// `pnpm demo`: starts the real server over stdio, as an MCP client would, and shows real calls
// against the embedded sample database. Exits non-zero when a call does not behave as shown.
import { fileURLToPath } from "node:url";
import { type CallToolResult, Client } from "@mcpkit/core";

const appDirectory = fileURLToPath(new URL("..", import.meta.url));
const started = performance.now();
let failures = 0;

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[0m` : text);

await using client = await Client.connect({
  command: process.execPath,
  args: ["--conditions=@mcpkit/source", "--import", "tsx", "src/main.ts", "--log-level", "silent"],
  cwd: appDirectory,
  stderr: "pipe",
});
console.log(bold(`Connected to ${client.serverInfo.name} ${client.serverInfo.version} over stdio\n`));

const tools = await client.listTools();
console.log(bold("tools/list"));
for (const tool of tools) console.log(`  ${tool.name.padEnd(15)} ${dim(tool.title ?? "")}`);

async function call(
  title: string,
  name: string,
  args: Record<string, unknown>,
  expectError = false,
): Promise<CallToolResult> {
  console.log(`\n${bold(`▶ ${title}`)}`);
  console.log(dim(`  tools/call ${name} ${JSON.stringify(args)}`));
  const result = await client.callTool(name, args);
  const text = result.content
    .map((block) => (block.type === "text" ? block.text : `[${block.type}]`))
    .join("\n");
  console.log(text.replace(/^/gm, "  "));
  if (Boolean(result.isError) !== expectError) {
    failures += 1;
    console.log(`  ✗ expected ${expectError ? "an error" : "success"}`);
  }
  return result;
}

await call("What is in the database?", "list_tables", {});
await call("Describe a table", "describe_table", { table: "orders" });
await call("Best-selling products (a join with an aggregate)", "query", {
  sql: `SELECT p.name, c.name AS category, sum(i.quantity) AS units, round(sum(i.quantity * i.unit_price), 2) AS revenue
          FROM order_items i JOIN products p ON p.id = i.product_id JOIN categories c ON c.id = p.category_id
          GROUP BY p.id ORDER BY revenue DESC LIMIT 5`,
});
await call("Revenue per country, with a bound parameter", "query", {
  sql: `SELECT cu.country, count(DISTINCT o.id) AS orders, round(sum(t.total), 2) AS revenue
        FROM order_totals t JOIN orders o ON o.id = t.order_id JOIN customers cu ON cu.id = o.customer_id
        WHERE o.status <> :excluded GROUP BY cu.country ORDER BY revenue DESC LIMIT 5`,
  params: { excluded: "cancelled" },
});
const page = await call("Paging: three rows at a time", "query", {
  sql: "SELECT id, first_name, last_name, city FROM customers ORDER BY id",
  max_rows: 3,
});
const next = (page.structuredContent as { next_offset?: number } | undefined)?.next_offset;
await call("…and the next page", "query", {
  sql: "SELECT id, first_name, last_name, city FROM customers ORDER BY id",
  max_rows: 3,
  offset: next,
});
await call("How SQLite runs it", "explain_query", {
  sql: "SELECT * FROM orders WHERE customer_id = ?",
  params: [42],
});
await call("A write attempt is refused", "query", { sql: "DELETE FROM orders" }, true);
await call(
  "So is one hidden in a CTE",
  "query",
  { sql: "WITH x AS (SELECT 1) INSERT INTO categories(name) SELECT 'x' FROM x RETURNING *" },
  true,
);

console.log(`\n${bold("▶ resources/read schema://tables")}`);
const schema = await client.readResource("schema://tables");
const schemaText = schema.contents[0] && "text" in schema.contents[0] ? schema.contents[0].text : "";
console.log(`${schemaText.split("\n").slice(0, 12).join("\n").replace(/^/gm, "  ")}\n  ${dim("…")}`);
if (!schemaText.includes("CREATE TABLE orders")) failures += 1;

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${failures === 0 ? "All calls behaved as expected" : `${failures} call(s) misbehaved`} (${seconds} s).`,
);
process.exitCode = failures === 0 ? 0 : 1;
