import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authorizationCode, Client, CredentialFileError, fileCredentialStore } from "../src/index.js";
import { startAuthorizationServer } from "./authorization-server.js";
import { protectedNotesServer } from "./protected-server.js";

/** A fresh directory under the system's temp dir, removed afterwards. */
async function tempDir() {
  const path = await mkdtemp(join(tmpdir(), "mcpkit-credentials-"));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

const ALICE = { clientId: "client-a", accessToken: "access-a", refreshToken: "refresh-a", expiresAt: 1 };
const SECRET = "refresh-token-that-must-not-leak";

describe("fileCredentialStore", () => {
  it("keeps credentials by issuer across store instances, in a 0600 file in a 0700 directory", async () => {
    await using dir = await tempDir();
    const directory = join(dir.path, "mcpkit");
    const store = fileCredentialStore(directory);
    expect(await store.get("https://as.example")).toBeUndefined();
    await expect(stat(store.file)).rejects.toThrow(/ENOENT/);

    await store.set("https://as.example", { ...ALICE, clientSecret: undefined });
    await store.set("https://other.example", { clientId: "client-b" });

    const later = fileCredentialStore(directory);
    expect(await later.get("https://as.example")).toEqual(ALICE);
    expect(await later.get("https://other.example")).toEqual({ clientId: "client-b" });
    expect(await later.get("https://as.example/")).toBeUndefined();
    expect((await stat(later.file)).mode & 0o777).toBe(0o600);
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
    expect(await readdir(directory)).toEqual(["credentials.json"]);
  });

  it("keeps every one of concurrent writes from one process", async () => {
    await using dir = await tempDir();
    const store = fileCredentialStore(dir.path);
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.set(`https://as${index}.example`, { clientId: `c${index}` }),
      ),
    );
    const stored = JSON.parse(await readFile(store.file, "utf8")) as { issuers: Record<string, unknown> };
    expect(Object.keys(stored.issuers)).toHaveLength(8);
    expect(await readdir(dir.path)).toEqual(["credentials.json"]);
  });

  it("replaces a file others could read with one only the user can", async () => {
    await using dir = await tempDir();
    const store = fileCredentialStore(dir.path);
    await writeFile(store.file, JSON.stringify({ version: 1, issuers: {} }), { mode: 0o644 });
    await chmod(store.file, 0o644);
    await store.set("https://as.example", ALICE);
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["not JSON", `{"version":1,"issuers":{"x":{"refreshToken":"${SECRET}"`, /is not valid JSON/],
    [
      "another shape",
      JSON.stringify({ version: 1, issuers: { x: { refreshToken: SECRET } } }),
      /x\.clientId/,
    ],
    ["another version", JSON.stringify({ version: 2, issuers: {} }), /version is wrong/],
    ["an array", "[]", /is not a credentials file/],
  ])(
    "refuses a file that is %s with an error naming the file, never its content, and leaves it alone",
    async (_, content, problem) => {
      await using dir = await tempDir();
      const store = fileCredentialStore(dir.path);
      await writeFile(store.file, content, { mode: 0o600 });
      for (const attempt of [() => store.get("x"), () => store.set("y", { clientId: "c" })]) {
        const error = await Promise.resolve(attempt()).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(error).toBeInstanceOf(CredentialFileError);
        const { message } = error as CredentialFileError;
        expect(message).toContain(store.file);
        expect(message).toMatch(problem);
        expect(message).toContain("delete it to sign in again");
        expect(`${message} ${String((error as Error).cause ?? "")}`).not.toContain(SECRET);
      }
      expect(await readFile(store.file, "utf8")).toBe(content);
    },
  );

  it("says which file it cannot read", async () => {
    await using dir = await tempDir();
    const store = fileCredentialStore(dir.path);
    // A directory where the file should be: unreadable as a file even for root.
    await mkdir(store.file);
    await expect(store.get("x")).rejects.toThrow(
      `The credentials file ${store.file} cannot be read (EISDIR)`,
    );
  });

  it("lets the next client reuse, then refresh, a user's sign-in without opening the browser", async () => {
    await using dir = await tempDir();
    await using as = await startAuthorizationServer({});
    await using server = await protectedNotesServer(as.issuer);
    Object.assign(as.resources, { [server.url]: { scope: "notes:read", format: "jwt" } });
    let now = Date.now();
    const opened: URL[] = [];
    const signIn = () =>
      authorizationCode({
        store: fileCredentialStore(dir.path),
        now: () => now,
        openBrowser: async (url) => {
          opened.push(url);
          await (await fetch(await as.signIn(url))).text();
        },
      });
    const whoami = async (client: Client) =>
      JSON.parse(((await client.callTool("whoami")).content[0] as { text: string }).text).principal;

    {
      await using first = await Client.connect(server.url, { auth: signIn() });
      expect(await whoami(first)).toBe("alice");
    }
    const saved = JSON.parse(await readFile(join(dir.path, "credentials.json"), "utf8"));
    const token = saved.issuers[as.issuer].accessToken;
    {
      await using second = await Client.connect(server.url, { auth: signIn() });
      expect(await whoami(second)).toBe("alice");
    }
    expect(opened).toHaveLength(1);
    const reused = JSON.parse(await readFile(join(dir.path, "credentials.json"), "utf8"));
    expect(reused.issuers[as.issuer].accessToken).toBe(token);

    now += 2 * 3600_000;
    {
      await using third = await Client.connect(server.url, { auth: signIn() });
      expect(await whoami(third)).toBe("alice");
    }
    expect(opened).toHaveLength(1);
    const refreshed = JSON.parse(await readFile(join(dir.path, "credentials.json"), "utf8"));
    expect(refreshed.issuers[as.issuer].accessToken).not.toBe(token);
  });
});
