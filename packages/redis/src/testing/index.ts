export { HaproxyProcess, haproxyConfig } from "./haproxy-process.js";
export { RedisProcess } from "./redis-process.js";
export { stopChild } from "./stop-child.js";
