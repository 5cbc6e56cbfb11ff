import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type CallToolResult,
  Client,
  ConfigError,
  checkDirectories,
  FastMCP,
  PathGuard,
  type Root,
  RootSource,
  type RootSourceOptions,
  type ServerRoot,
} from "../src/index.js";

async function tree() {
  const base = await realpath(await mkdtemp(join(tmpdir(), "mcpkit-roots-")));
  const shared = join(base, "shared");
  await mkdir(join(shared, "sub"), { recursive: true });
  await mkdir(join(base, "outside"));
  await writeFile(join(shared, "a.txt"), "a");
  await writeFile(join(shared, ".env"), "SECRET=1");
  await symlink(join(base, "outside"), join(shared, "escape"));
  return { base, shared, [Symbol.asyncDispose]: () => rm(base, { recursive: true, force: true }) };
}

/** A server whose one tool says where a path really is, after the roots and the guard. */
function serve(roots: ServerRoot[], options?: RootSourceOptions) {
  const source = new RootSource(roots, options);
  const mcp = new FastMCP({ name: "roots", version: "1.0.0", logLevel: "silent" });
  mcp.tool(
    { name: "locate", input: { path: z.string(), write: z.boolean().optional() } },
    async (args, context) => {
      const guard = new PathGuard(await source.forCall(context), {
        match: (path) => (path.endsWith(".env") ? ".env" : undefined),
      });
      return (await guard.resolve(args.path, { write: args.write ?? false })).real;
    },
  );
  return mcp;
}

const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;
const rootAt = (path: string): Root => ({ uri: pathToFileURL(path).href });

describe("RootSource and PathGuard", () => {
  it("serve the server's roots to a client that answers roots/list with an empty list", async () => {
    await using dirs = await tree();
    await using client = await Client.connect(serve([{ path: dirs.shared, writable: false }]), { roots: [] });
    expect(text(await client.callTool("locate", { path: "a.txt" }))).toBe(join(dirs.shared, "a.txt"));
  });

  it("narrow to the client's roots, never widen, and keep the server root's write permission", async () => {
    await using dirs = await tree();
    const server = serve([{ path: dirs.shared, writable: false }]);
    await using narrowed = await Client.connect(server, { roots: [rootAt(join(dirs.shared, "sub"))] });
    const outsideSub = await narrowed.callTool("locate", { path: join(dirs.shared, "a.txt") });
    expect(outsideSub.isError).toBe(true);
    expect(text(outsideSub)).toContain("is outside the folders shared with this server");
    const readOnly = await narrowed.callTool("locate", { path: "new.txt", write: true });
    expect(text(readOnly)).toContain("is in a read-only folder");

    await using wider = await Client.connect(serve([{ path: dirs.shared, writable: false }]), {
      roots: [rootAt(dirs.base)],
    });
    expect((await wider.callTool("locate", { path: join(dirs.base, "outside") })).isError).toBe(true);
    expect(text(await wider.callTool("locate", { path: join(dirs.shared, "a.txt") }))).toBe(
      join(dirs.shared, "a.txt"),
    );
  });

  it("refuse symlinks out of the roots, denied paths and, without any root, everything", async () => {
    await using dirs = await tree();
    await using client = await Client.connect(serve([{ path: dirs.shared, writable: true }]));
    expect(text(await client.callTool("locate", { path: "escape/x" }))).toContain("outside the folders");
    expect(text(await client.callTool("locate", { path: ".env" }))).toContain("deny-list");
    await using none = await Client.connect(serve([]), { roots: [rootAt(dirs.shared)] });
    expect(text(await none.callTool("locate", { path: "a.txt" }))).toMatch(/^No directories are shared/);
    await using alone = await Client.connect(serve([], { clientRootsAlone: true }), {
      roots: [rootAt(dirs.shared)],
    });
    expect(text(await alone.callTool("locate", { path: "a.txt" }))).toBe(join(dirs.shared, "a.txt"));
  });

  it("checkDirectories refuses a root that is not an existing directory", async () => {
    await using dirs = await tree();
    expect(() => checkDirectories([dirs.shared])).not.toThrow();
    expect(() => checkDirectories([join(dirs.shared, "a.txt")])).toThrow(ConfigError);
    expect(() => checkDirectories([join(dirs.base, "nope")])).toThrow(
      `${JSON.stringify(join(dirs.base, "nope"))} is not an existing directory`,
    );
  });
});
