-- wrk script: POST /v1/events batches of unique events (so every event is a
-- real insert, not a duplicate). Usage:
--   KEY=sm_... BATCH=100 wrk -t2 -c8 -d30s -s scripts/bench/ingest.lua http://127.0.0.1:8080
local batch = tonumber(os.getenv("BATCH") or "100")
local key = os.getenv("KEY")
local types = {"view", "view", "view", "click", "cart", "purchase"}
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
end

function request()
  counter = counter + 1
  local parts = {}
  for i = 1, batch do
    local n = counter * batch + i
    parts[i] = string.format(
      '{"user_id":"u%d","item_id":"i%d","type":"%s","time":"2026-11-%02dT%02d:%02d:%02dZ","session_id":"t%d-%d"}',
      math.random(1, 100000), math.random(1, 20000), types[math.random(1, #types)],
      math.random(1, 27), math.random(0, 23), math.random(0, 59), math.random(0, 59), thread_id, n)
  end
  local body = '{"events":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/v1/events", {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("requests: %d, errors: %d (status %d), events/s: %.0f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout,
    summary.errors.status, summary.requests * batch / secs))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
