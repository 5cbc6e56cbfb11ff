import { createHash } from "node:crypto";

/**
 * Takes one token from every bucket in KEYS, or from none, in one round trip. ARGV holds each
 * bucket's capacity and period in milliseconds, in KEYS order. Time comes from the Redis server,
 * so replicas whose clocks disagree still share one bucket fairly.
 *
 * Returns {1} when allowed, else {0, index of the first refusing bucket, ms until it has a token}.
 * A refusal writes nothing: a bucket's level is always recomputed from its last update.
 */
export const TOKEN_BUCKET_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local levels = {}
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i - 1])
  local period = tonumber(ARGV[2 * i])
  local saved = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(saved[1])
  local at = tonumber(saved[2])
  if tokens == nil or at == nil then
    tokens = capacity
    at = now
  end
  tokens = math.min(capacity, tokens + math.max(0, now - at) / period * capacity)
  if tokens < 1 then
    return {0, i - 1, math.ceil((1 - tokens) / capacity * period)}
  end
  levels[i] = tokens
end
for i = 1, #KEYS do
  local period = tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 'tokens', tostring(levels[i] - 1), 'at', tostring(now))
  -- A bucket left alone for a period is full again: nothing is lost when Redis drops it.
  redis.call('PEXPIRE', KEYS[i], math.ceil(period) + 1000)
end
return {1}
`;

export const TOKEN_BUCKET_SHA = createHash("sha1").update(TOKEN_BUCKET_SCRIPT).digest("hex");
