import { spawn } from "node:child_process";
import type { Command } from "./node-command.js";

/**
 * Runs a command in the foreground with this process's stdio (so a stdio server talks straight
 * to our client), passes signals on, and resolves with its exit code.
 */
export function execForeground(command: Command): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, {
      stdio: "inherit",
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
    });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map(
      (signal) => [signal, forward(signal)] as const,
    );
    for (const [signal, handler] of handlers) process.on(signal, handler);
    child.once("error", (error) =>
      reject(new Error(`Could not start ${command.command}: ${error.message}`, { cause: error })),
    );
    child.once("exit", (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      resolve(code ?? (signal ? 128 + signalNumber(signal) : 1));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 }[signal as string] ?? 0;
}
