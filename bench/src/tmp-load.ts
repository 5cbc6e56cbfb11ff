import { connect } from "./harness/driver.js";
import { closedLoop } from "./harness/measure.js";

const [command, ...args] = process.argv.slice(2);
const driver = await connect({ kind: "stdio", command: { command: command as string, args } }, "minimal");
const r = await closedLoop(() => driver.callTool("echo", { message: "hello" }), 32, {
  count: 50000,
  ms: 3000,
});
console.log(Math.round(r.perSecond), r.calls);
await driver.close();
