-- crossboard reseed v1: Redis went back in time (restarted from an older file, a lagging
-- replica promoted): replace the board's log with a hub's newer replica, under a new epoch.
-- Only if the board is still in the epoch the hub knew and its head is still below the
-- replica's: a second hub that saw the same rollback finds the epoch changed and reloads.
-- KEYS[1] meta hash, KEYS[2] snapshot string, KEYS[3] log stream, KEYS[4] cid hash
-- ARGV[1] the epoch the hub knew, ARGV[2] the replica's seq, ARGV[3] new epoch,
-- ARGV[4] msgpack {seq: 0, state}
-- Returns 1 if replaced, 0 if not.
if redis.call("HGET", KEYS[1], "epoch") ~= ARGV[1] then
  return 0
end
if tonumber(redis.call("HGET", KEYS[1], "head") or "0") >= tonumber(ARGV[2]) then
  return 0
end
redis.call("DEL", KEYS[3], KEYS[4])
redis.call("HSET", KEYS[1], "epoch", ARGV[3], "head", 0, "snapseq", 0)
redis.call("SET", KEYS[2], ARGV[4])
return 1
