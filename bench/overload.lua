-- wrk script for bench/overload.sh: POSTs a legacy XML-RPC 'ping' to the URL on the command line and counts the
-- answers: served (status 0, "Done"), refused for capacity (VDSM's status 1100, or HTTP 503), anything else; prints
-- them with the latency summary on one machine-readable line.
wrk.method = "POST"
wrk.body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>ping</methodName>\n<params>\n</params>\n</methodCall>\n"
wrk.headers["Content-Type"] = "text/xml"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- per-thread Lua state: globals, so done() can read them from each thread
served = 0
refused = 0
other = 0

function response(status, headers, body)
  if status == 200 and string.find(body, "Done", 1, true) then
    served = served + 1
  elseif status == 503 or (status == 200 and string.find(body, "1100", 1, true)) then
    refused = refused + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + (t:get("served") or 0)
    r = r + (t:get("refused") or 0)
    o = o + (t:get("other") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "hostbridge-overload requests=%d served=%d refused=%d other=%d p50_us=%d p99_us=%d max_us=%d " ..
    "connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, s, r, o, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout))
end
