import { connect } from "./harness/driver.js";
import { sequentialLatency, throughput } from "./harness/measure.js";

const [script, warm = "8"] = process.argv.slice(2);
const driver = await connect(
  { kind: "stdio", command: { command: process.execPath, args: [script as string] } },
  "minimal",
);
const call = () => driver.callTool("echo", { message: "hello" });
await throughput(call, Number(warm), { count: 3000, ms: 400 });
for (let i = 0; i < 3; i++) {
  const l = await sequentialLatency(call, { count: 5000, ms: 800 });
  console.log(script?.split("/").pop(), warm, (l.p50 * 1000).toFixed(0), (l.p90 * 1000).toFixed(0), l.calls);
}
await driver.close();
