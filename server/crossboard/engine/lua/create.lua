-- crossboard create v1: store a new board (or re-seed a lost one) with its state at seq 0.
-- KEYS[1] meta hash, KEYS[2] snapshot string, KEYS[3] log stream, KEYS[4] cid hash
-- ARGV[1] title, ARGV[2] epoch, ARGV[3] created (ms), ARGV[4] msgpack {seq: 0, state}
-- Returns 1 if created, 0 if the board already exists (then nothing changes).
if redis.call("EXISTS", KEYS[1]) == 1 then
  return 0
end
redis.call("DEL", KEYS[3], KEYS[4])
redis.call("HSET", KEYS[1], "title", ARGV[1], "epoch", ARGV[2], "created", ARGV[3],
  "head", 0, "snapseq", 0)
redis.call("SET", KEYS[2], ARGV[4])
return 1
