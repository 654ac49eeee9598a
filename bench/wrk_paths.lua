-- wrk script: each request takes a random line of a paths file, and reports a JSON summary.
--
--   wrk -t1 -c32 -d15s -s bench/wrk_paths.lua http://127.0.0.1:8765 -- bench/results/paths.txt
--
-- A line is "PATH" or "PATH<TAB>BEARER_TOKEN". done() prints one line starting with WRKJSON
-- that bench/http_bench.py parses (latencies in microseconds, duration in microseconds).

local lines = {}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  local file = args[1]
  if file == nil then
    error("usage: wrk ... -s wrk_paths.lua URL -- PATHS_FILE")
  end
  for line in io.lines(file) do
    local path, token = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = { ["Accept"] = "application/json" }
      if token ~= nil and token ~= "" then
        headers["Authorization"] = "Bearer " .. token
      end
      lines[#lines + 1] = wrk.format("GET", path, headers)
    end
  end
  if #lines == 0 then
    error("no paths in " .. file)
  end
  -- Threads start from different seeds so they do not walk the same sequence.
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

function request()
  return lines[math.random(#lines)]
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
