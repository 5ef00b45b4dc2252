-- wrk script for bench/protocols.sh: POSTs the file named by $BENCH_BODY with Content-Type
-- $BENCH_TYPE to the URL given on the command line, and prints the same machine-readable summary line
-- as ping2.lua. A reply must be 200 and contain $BENCH_EXPECT, or it counts as an error (in non2xx).
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("BENCH_TYPE")
local expect = os.getenv("BENCH_EXPECT")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- per-thread Lua state: a global, so done() can read it from each thread
bad = 0

function response(status, headers, body)
  if status ~= 200 or not string.find(body, expect, 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local wrong = 0
  for _, t in ipairs(threads) do
    wrong = wrong + (t:get("bad") or 0)
  end
  io.write(string.format(
    "hostbridge-bench requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.max,
    math.max(e.status, wrong), e.connect, e.read, e.write, e.timeout))
end
