-- crossboard snapshot v1: keep the newest snapshot of a board (never replace a newer one).
-- KEYS[1] meta hash, KEYS[2] snapshot string
-- ARGV[1] epoch, ARGV[2] seq, ARGV[3] msgpack {seq, state}
-- Returns 1 if stored, 0 if older than the stored one or the epoch changed.
if redis.call("HGET", KEYS[1], "epoch") ~= ARGV[1] then
  return 0
end
local current = tonumber(redis.call("HGET", KEYS[1], "snapseq") or "0")
if tonumber(ARGV[2]) <= current then
  return 0
end
redis.call("SET", KEYS[2], ARGV[3])
redis.call("HSET", KEYS[1], "snapseq", ARGV[2])
return 1
