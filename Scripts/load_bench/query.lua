-- wrk script: POST /query with the JSON body in the file named by the first script argument.
-- response() reads `Server-Timing: model;dur=X, total;dur=Y` (ms) from every 2xx response and
-- keeps total - model (the server's time outside the model: JSON, base64, JPEG decode and resize,
-- search, logging); it also counts non-2xx statuses and 503s without Retry-After.
-- done() merges the threads' samples and prints one "RESULT {json}" line.
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local body = f:read("*a")
  f:close()
  req = wrk.format("POST", "/query", { ["Content-Type"] = "application/json" }, body)
  overhead, model, total, statuses = {}, {}, {}, {}
  ok, no_timing, no_retry_after = 0, 0, 0
end

function request() return req end

local function header(headers, name)
  local v = headers[name]
  if v then return v end
  local lower = name:lower()
  for k, val in pairs(headers) do if k:lower() == lower then return val end end
  return nil
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    local st = header(headers, "Server-Timing") or ""
    local m = tonumber(st:match("model;dur=([%d%.]+)"))
    local t = tonumber(st:match("total;dur=([%d%.]+)"))
    if m and t then
      local n = #overhead + 1
      overhead[n], model[n], total[n] = t - m, m, t
    else
      no_timing = no_timing + 1
    end
  else
    local k = tostring(status)
    statuses[k] = (statuses[k] or 0) + 1
    if status == 503 and not header(headers, "Retry-After") then no_retry_after = no_retry_after + 1 end
  end
end

local function pct(xs, p)
  if #xs == 0 then return -1 end
  table.sort(xs)
  local i = math.max(1, math.min(#xs, math.ceil(p / 100 * #xs)))
  return xs[i]
end

function done(summary, latency, requests)
  local ov, mo, to, st = {}, {}, {}, {}
  local n_ok, n_no_timing, n_no_ra = 0, 0, 0
  for _, t in ipairs(threads) do
    for _, v in ipairs(t:get("overhead")) do ov[#ov + 1] = v end
    for _, v in ipairs(t:get("model")) do mo[#mo + 1] = v end
    for _, v in ipairs(t:get("total")) do to[#to + 1] = v end
    for k, v in pairs(t:get("statuses")) do st[k] = (st[k] or 0) + v end
    n_ok = n_ok + t:get("ok")
    n_no_timing = n_no_timing + t:get("no_timing")
    n_no_ra = n_no_ra + t:get("no_retry_after")
  end
  local parts = {}
  for k, v in pairs(st) do parts[#parts + 1] = string.format('"%s":%d', k, v) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_s":%.3f,"rps":%.3f,"p50_ms":%.3f,"p99_ms":%.3f,' ..
    '"status_errors":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,' ..
    '"ok":%d,"non2xx":{%s},"no_retry_after":%d,"no_timing":%d,' ..
    '"overhead_p50_ms":%.3f,"overhead_p99_ms":%.3f,"model_p50_ms":%.3f,"server_total_p50_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect, e.read, e.write, e.timeout,
    n_ok, table.concat(parts, ","), n_no_ra, n_no_timing,
    pct(ov, 50), pct(ov, 99), pct(mo, 50), pct(to, 50)))
end
