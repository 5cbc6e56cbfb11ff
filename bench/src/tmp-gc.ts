import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "./harness/driver.js";
import { closedLoop } from "./harness/measure.js";

const [script] = process.argv.slice(2);
const driver = await connect(
  {
    kind: "stdio",
    command: {
      command: process.execPath,
      args: [...(process.env.NFLAGS ? process.env.NFLAGS.split(" ") : []), script as string],
      stderrPath: "/tmp/gc.log",
    },
  },
  "minimal",
);
const rss = () => /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${driver.pid}/status`, "utf8"))?.[1];
console.log("idle rss", rss());
for (const c of [1, 8, 32]) {
  await closedLoop(() => driver.callTool("echo", { message: "hello" }), c, { count: 100000, ms: 1500 });
  console.log(
    c,
    "rss",
    rss(),
    /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${driver.pid}/status`, "utf8"))?.[1],
  );
}
await driver.close();
