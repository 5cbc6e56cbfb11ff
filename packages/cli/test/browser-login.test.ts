/// <reference path="../../core/test/oidc-provider.d.ts" />

import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@mcpkit/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startAuthorizationServer } from "../../core/test/authorization-server.js";
import { protectedNotesServer } from "../../core/test/protected-server.js";
import { credentialsDirectory } from "../src/browser-login.js";
import { runCli } from "../src/cli.js";
import { mcpkitCommand } from "./run-mcpkit.js";

type AuthorizationServer = Awaited<ReturnType<typeof startAuthorizationServer>>;

/** A fresh directory under the system's temp dir, removed afterwards. */
async function tempDir() {
  const path = await mkdtemp(join(tmpdir(), "mcpkit-login-"));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/** The authorization server and the protected notes server, trusting each other. */
async function protectedSetup(transport: "http" | "sse" = "http") {
  const as = await startAuthorizationServer({});
  const server = await protectedNotesServer(as.issuer, { transport });
  Object.assign(as.resources, { [server.url]: { scope: "notes:read notes:write", format: "jwt" } });
  return {
    as,
    server,
    async [Symbol.asyncDispose]() {
      await server[Symbol.asyncDispose]();
      await as[Symbol.asyncDispose]();
    },
  };
}

/** Plays the user: signs in at the authorization URL and delivers the redirect to the CLI. */
const userAt = (as: AuthorizationServer) => async (url: URL) => {
  await (await fetch(await as.signIn(url, "alice"))).text();
};

/**
 * Runs `mcpkit <args>` in this process; each authorization URL the CLI prints to stderr is handed
 * to `browser` as it appears (the user reading the terminal), while the command waits.
 */
async function mcpkitWithUser(args: string[], browser: (url: URL) => Promise<void>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const shown: URL[] = [];
  const browsing: Promise<void>[] = [];
  const text = (chunk: unknown) =>
    typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
  const out = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown) => {
    stdout.push(text(chunk));
    return true;
  }) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: unknown) => {
    const line = text(chunk);
    stderr.push(line);
    for (const [href] of line.matchAll(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/g)) {
      const url = new URL(href);
      shown.push(url);
      browsing.push(browser(url));
    }
    return true;
  }) as typeof process.stderr.write);
  try {
    const code = await runCli(args);
    await Promise.all(browsing);
    return { code, stdout: stdout.join(""), stderr: stderr.join(""), shown };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const noBrowser = async () => {
  throw new Error("the CLI asked the user to sign in again");
};

interface CredentialsFile {
  issuers: Record<string, { accessToken: string; refreshToken: string; expiresAt: number }>;
}
const readCredentials = async (file: string) => JSON.parse(await readFile(file, "utf8")) as CredentialsFile;

beforeEach(() => {
  for (const name of ["MCPKIT_TOKEN", "MCPKIT_CLIENT_ID", "MCPKIT_CLIENT_SECRET", "MCPKIT_SCOPE"])
    vi.stubEnv(name, "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("browser sign-in for a protected URL", () => {
  it("signs in on a 401, keeps the sign-in in MCPKIT_CREDENTIALS, reuses it, then refreshes it", async () => {
    await using setup = await protectedSetup();
    await using dir = await tempDir();
    const { as, server } = setup;
    vi.stubEnv("MCPKIT_CREDENTIALS", dir.path);
    vi.stubEnv("MCPKIT_NO_BROWSER", "1");
    const file = join(dir.path, "credentials.json");

    const first = await mcpkitWithUser(["call", server.url, "whoami"], userAt(as));
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ principal: "alice", audience: server.url });
    expect(first.shown).toHaveLength(1);
    expect(first.stderr).toContain("sign in by opening this URL in a browser");
    expect(first.shown[0]?.searchParams.get("code_challenge_method")).toBe("S256");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = await readCredentials(file);
    const { accessToken, refreshToken } = saved.issuers[as.issuer] ?? {};
    expect(accessToken).toEqual(expect.any(String));

    // The 2026 era's 401 is recognised too, and the kept sign-in is used as it is.
    const second = await mcpkitWithUser(["list", server.url, "--protocol", "2026-07-28"], noBrowser);
    expect(second).toMatchObject({ code: 0, shown: [] });
    expect(second.stdout).toContain("whoami");
    expect((await readCredentials(file)).issuers[as.issuer]?.accessToken).toBe(accessToken);

    // The access token has expired: the refresh token gets a new one, with no browser.
    const expired = await readCredentials(file);
    (expired.issuers[as.issuer] as { expiresAt: number }).expiresAt = 0;
    await writeFile(file, JSON.stringify(expired));
    const third = await mcpkitWithUser(["call", server.url, "whoami"], noBrowser);
    expect(third).toMatchObject({ code: 0, shown: [] });
    expect(JSON.parse(third.stdout).principal).toBe("alice");
    expect((await readCredentials(file)).issuers[as.issuer]?.accessToken).not.toBe(accessToken);

    for (const outcome of [first, second, third]) {
      expect(outcome.stderr).not.toContain(accessToken);
      expect(outcome.stderr).not.toContain(refreshToken);
    }
  });

  it("signs in to a legacy SSE server too", async () => {
    await using setup = await protectedSetup("sse");
    await using dir = await tempDir();
    vi.stubEnv("MCPKIT_CREDENTIALS", dir.path);
    vi.stubEnv("MCPKIT_NO_BROWSER", "1");
    expect(setup.server.url).toMatch(/\/sse$/);
    const outcome = await mcpkitWithUser(["call", setup.server.url, "whoami"], userAt(setup.as));
    expect(outcome).toMatchObject({ code: 0, shown: [expect.any(URL)] });
    expect(JSON.parse(outcome.stdout)).toMatchObject({ principal: "alice", audience: setup.server.url });
  });

  it("opens the browser with xdg-open, in $XDG_CONFIG_HOME/mcpkit by default", async () => {
    await using setup = await protectedSetup();
    await using dir = await tempDir();
    const { as, server } = setup;
    // A fake xdg-open that hands the URL it was given to this test, over loopback HTTP.
    let signedIn: Promise<void> | undefined;
    const received = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        response.end();
        signedIn = userAt(as)(new URL(body));
      });
    });
    await new Promise<void>((resolve) => received.listen(0, "127.0.0.1", resolve));
    await using _received = {
      [Symbol.asyncDispose]: () => new Promise<void>((resolve) => received.close(() => resolve())),
    };
    const at = `http://127.0.0.1:${(received.address() as AddressInfo).port}/`;
    const opener = join(dir.path, "xdg-open");
    await writeFile(
      opener,
      `#!/bin/sh\nexec "${process.execPath}" -e 'fetch(process.argv[1], { method: "POST", body: process.argv[2] })' "${at}" "$1"\n`,
    );
    await chmod(opener, 0o755);
    vi.stubEnv("PATH", dir.path);
    vi.stubEnv("XDG_CONFIG_HOME", join(dir.path, "config"));
    vi.stubEnv("MCPKIT_CREDENTIALS", "");

    const outcome = await mcpkitWithUser(["call", server.url, "whoami"], async () => {});
    await signedIn;
    expect(outcome.stderr).toContain("opening a browser to sign in");
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).principal).toBe("alice");
    const file = join(dir.path, "config", "mcpkit", "credentials.json");
    expect(Object.keys((await readCredentials(file)).issuers)).toEqual([as.issuer]);
  });

  it("prints the URL when no opener exists, and the user can still sign in", async () => {
    await using setup = await protectedSetup();
    await using dir = await tempDir();
    vi.stubEnv("PATH", dir.path);
    vi.stubEnv("MCPKIT_CREDENTIALS", dir.path);
    const outcome = await mcpkitWithUser(["call", setup.server.url, "whoami"], userAt(setup.as));
    expect(outcome.stderr).toContain("could not open a browser (xdg-open: ENOENT)");
    expect(outcome.shown).toHaveLength(1);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).principal).toBe("alice");
  });

  it("refuses a corrupt credentials file with a clear error naming it, never its content", async () => {
    await using setup = await protectedSetup();
    await using dir = await tempDir();
    vi.stubEnv("MCPKIT_CREDENTIALS", dir.path);
    vi.stubEnv("MCPKIT_NO_BROWSER", "1");
    const file = join(dir.path, "credentials.json");
    const content = '{"version":1,"issuers":{"x":{"refreshToken":"refresh-that-must-not-leak"';
    await writeFile(file, content);
    const outcome = await mcpkitWithUser(["call", setup.server.url, "whoami"], noBrowser);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`The credentials file ${file} is not valid JSON`);
    expect(outcome.stderr).not.toContain("refresh-that-must-not-leak");
    expect(outcome.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(file, "utf8")).toBe(content);
  });

  it("uses MCPKIT_TOKEN when set, even a bad one, and never a browser", async () => {
    await using setup = await protectedSetup();
    await using dir = await tempDir();
    vi.stubEnv("MCPKIT_CREDENTIALS", dir.path);
    vi.stubEnv("MCPKIT_TOKEN", "not-a-valid-token");
    const outcome = await mcpkitWithUser(["call", setup.server.url, "whoami"], noBrowser);
    expect(outcome.code).toBe(1);
    expect(outcome.shown).toEqual([]);
    expect(outcome.stderr).toContain("Token is not a valid signed JWT");
    await expect(stat(join(dir.path, "credentials.json"))).rejects.toThrow(/ENOENT/);
  });
});

describe("browser sign-in for mcpkit run <url> (the proxy)", () => {
  it("signs in before serving, and the proxy calls the server as the user", async () => {
    await using setup = await protectedSetup();
    await using dir = await tempDir();
    const child = spawn(
      mcpkitCommand.command,
      [...mcpkitCommand.args, "run", setup.server.url, "--transport", "http", "--port", "0"],
      {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, MCPKIT_CREDENTIALS: dir.path, MCPKIT_NO_BROWSER: "1", MCPKIT_TOKEN: "" },
      },
    );
    await using _child = {
      async [Symbol.asyncDispose]() {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      },
    };
    let stderr = "";
    let signedIn: Promise<void> | undefined;
    const listening = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const authorization = /http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/.exec(stderr)?.[0];
        if (authorization && !signedIn) signedIn = userAt(setup.as)(new URL(authorization));
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)\b/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      child.once("exit", (code) => reject(new Error(`mcpkit run exited ${code}: ${stderr}`)));
    });
    await signedIn;
    await using client = await Client.connect(listening);
    const whoami = await client.callTool("whoami");
    expect(JSON.parse((whoami.content[0] as { text: string }).text).principal).toBe("alice");
    expect(Object.keys((await readCredentials(join(dir.path, "credentials.json"))).issuers)).toEqual([
      setup.as.issuer,
    ]);
  });
});

describe("credentialsDirectory", () => {
  it("is MCPKIT_CREDENTIALS, else $XDG_CONFIG_HOME/mcpkit, else ~/.config/mcpkit", () => {
    expect(credentialsDirectory({ MCPKIT_CREDENTIALS: "/c", XDG_CONFIG_HOME: "/x" })).toBe("/c");
    expect(credentialsDirectory({ XDG_CONFIG_HOME: "/x" })).toBe(join("/x", "mcpkit"));
    expect(credentialsDirectory({ HOME: "/h" })).toMatch(/[/\\]\.config[/\\]mcpkit$/);
  });
});
