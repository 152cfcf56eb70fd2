-- crossboard append v3: sequence a batch of ops on one board, atomically.
-- For each op: assign the board's next seq, XADD the entry to the board's stream (id
-- "<seq>-0"), remember its cid, and PUBLISH "<seq>:<payload>" to the board's channel.
-- Then trim the stream once. One call per board per batch: this is the pipelining.
--
-- KEYS[1] meta hash   cb:{board}:meta   (epoch, head, snapseq, title, created)
-- KEYS[2] log stream  cb:{board}:log
-- KEYS[3] cid hash    cb:{board}:cids   (cid -> seq)
-- ARGV[1] the epoch the caller believes in
-- ARGV[2] channel     cb:{board}:ch     (same hash tag: same slot in a cluster)
-- ARGV[3] window: entries kept beyond the newest snapshot
-- ARGV[4] "1": sharded pub/sub (SPUBLISH, cluster), "0": PUBLISH
-- ARGV[5], ARGV[6], ...: cid ("" for none), payload (msgpack {op, by, cid, ts}), ...
--
-- Returns {"EPOCH", epoch} | {"NOBOARD"} | {"OK", r1, r2, ...} where each r is
-- seq (a new entry) or {seq, payload or false} (a duplicate cid: the original entry).

local epoch = redis.call("HGET", KEYS[1], "epoch")
if not epoch then
  return {"NOBOARD"}
end
if epoch ~= ARGV[1] then
  return {"EPOCH", epoch}
end

local publish = "PUBLISH"
if ARGV[4] == "1" then
  publish = "SPUBLISH"
end

local out = {"OK"}
local seq = 0
for i = 5, #ARGV, 2 do
  local cid, payload = ARGV[i], ARGV[i + 1]
  local seen = false
  if cid ~= "" then
    seen = redis.call("HGET", KEYS[3], cid)
  end
  if seen then
    local found = redis.call("XRANGE", KEYS[2], seen .. "-0", seen .. "-0")
    local original = false
    if found[1] then
      original = found[1][2][2]
    end
    out[#out + 1] = {tonumber(seen), original}
  else
    seq = redis.call("HINCRBY", KEYS[1], "head", 1)
    redis.call("XADD", KEYS[2], seq .. "-0", "d", payload, "c", cid)
    if cid ~= "" then
      redis.call("HSET", KEYS[3], cid, seq)
    end
    redis.call(publish, ARGV[2], seq .. ":" .. payload)
    out[#out + 1] = seq
  end
end

-- Keep every entry after the newest snapshot, and at least `window` entries. The cids of
-- the entries trimmed leave the cid hash with them (exact trim, so no cid is forgotten
-- while its entry is still in the stream).
if seq > 0 then
  local snapseq = tonumber(redis.call("HGET", KEYS[1], "snapseq") or "0")
  local minid = math.min(snapseq + 1, seq - tonumber(ARGV[3]) + 1)
  if minid > 1 then
    local old = redis.call("XRANGE", KEYS[2], "-", "(" .. minid .. "-0", "COUNT", 1000)
    local last = nil
    for _, entry in ipairs(old) do
      local fields = entry[2]
      for f = 1, #fields, 2 do
        if fields[f] == "c" and fields[f + 1] ~= "" then
          redis.call("HDEL", KEYS[3], fields[f + 1])
        end
      end
      last = entry[1]
    end
    if last then  -- ids are "<seq>-0": "<seq>-1" is just past the last one read
      redis.call("XTRIM", KEYS[2], "MINID", "=", string.match(last, "^(%d+)-") .. "-1")
    end
  end
end
return out
