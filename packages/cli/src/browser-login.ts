import { spawn } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { authorizationCode, fileCredentialStore, type TokenSource } from "@mcpkit/core";

/**
 * Where the CLI keeps sign-ins: `MCPKIT_CREDENTIALS` (a directory), else
 * `$XDG_CONFIG_HOME/mcpkit`, else `~/.config/mcpkit`.
 */
export function credentialsDirectory(env: NodeJS.ProcessEnv): string {
  if (env.MCPKIT_CREDENTIALS) return env.MCPKIT_CREDENTIALS;
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "mcpkit");
}

/**
 * The user's own tokens for a protected URL: the authorization-code grant with PKCE and a
 * loopback redirect, the browser opened on the authorization page, the sign-in kept in the
 * credentials file so that the next command reuses it (or refreshes it) without a browser.
 */
export function browserLogin(env: NodeJS.ProcessEnv): TokenSource {
  const scope = env.MCPKIT_SCOPE;
  return authorizationCode({
    clientName: "mcpkit",
    store: fileCredentialStore(credentialsDirectory(env)),
    openBrowser: (url) => showAuthorizationPage(url, env),
    ...(scope ? { scope } : {}),
  });
}

/**
 * Opens `url` with the platform's opener; prints it to stderr as well, so that the user can
 * copy it when no browser opens (`MCPKIT_NO_BROWSER=1`, a remote shell, a missing opener).
 */
async function showAuthorizationPage(url: URL, env: NodeJS.ProcessEnv): Promise<void> {
  if (env.MCPKIT_NO_BROWSER === "1") {
    process.stderr.write(`mcpkit: sign in by opening this URL in a browser:\n${url.href}\n`);
    return;
  }
  const [command, args] = opener(url.href);
  const problem = await new Promise<string | undefined>((resolve) => {
    const child = spawn(command, args, { stdio: "ignore", detached: true, windowsVerbatimArguments: true });
    child.once("error", (error: NodeJS.ErrnoException) =>
      resolve(`${command}: ${error.code ?? error.message}`),
    );
    child.once("spawn", () => {
      child.unref();
      resolve(undefined);
    });
  });
  process.stderr.write(
    problem === undefined
      ? `mcpkit: opening a browser to sign in; if none opens, visit:\n${url.href}\n`
      : `mcpkit: could not open a browser (${problem}); sign in by opening this URL:\n${url.href}\n`,
  );
}

function opener(url: string): [string, string[]] {
  if (process.platform === "darwin") return ["open", [url]];
  // `start` is a cmd built-in; its first quoted argument is a window title; quotes keep `&` literal.
  if (process.platform === "win32") return ["cmd", ["/c", "start", '""', `"${url}"`]];
  return ["xdg-open", [url]];
}
