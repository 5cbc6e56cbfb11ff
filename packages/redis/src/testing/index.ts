export { HaproxyProcess, haproxyConfig } from "./haproxy-process.js";
export { RedisProcess } from "./redis-process.js";
