-- wrk script: mixed traffic on the identities API, per request drawn at random:
-- 25 % POST /identities (a distinct valid USER, so a real create), 35 % GET /identities/{id},
-- 20 % GET /identities?... (a page, sometimes filtered), 20 % PATCH /identities/{id}
-- (a new nickname). The ids come from IDS (comma-separated, created before the run).
-- Reads TOKEN, API_KEY and IDS from the environment. Reports p50/p99, answers by status,
-- and the mix actually sent.

local token = os.getenv("TOKEN") or ""
local key = os.getenv("API_KEY") or "sandbox-key"
local ids = {}
for id in string.gmatch(os.getenv("IDS") or "", "[^,]+") do table.insert(ids, id) end

local threads = {}
counter = 0
thread_id = 0
sent = { create = 0, get = 0, list = 0, patch = 0 }
c2xx, c409, c4xx, c5xx = 0, 0, 0, 0

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local function rut(body)
  local sum, factor, n = 0, 2, body
  while n > 0 do
    sum = sum + (n % 10) * factor
    n = math.floor(n / 10)
    factor = (factor == 7) and 2 or factor + 1
  end
  local dv = 11 - (sum % 11)
  if dv == 11 then dv = "0" elseif dv == 10 then dv = "K" else dv = tostring(dv) end
  return string.format("%d-%s", body, dv)
end

local headers = {}

function init(args)
  math.randomseed(os.time() + thread_id * 7919)
  headers["x-api-key"] = key
  headers["Authorization"] = "Bearer " .. token
  headers["conomyhq-api-version"] = "24-04-2025"
  headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local r = math.random(100)
  local id = ids[math.random(#ids)]
  if r <= 25 then
    sent.create = sent.create + 1
    -- Each thread owns a block of 20 million numbers, past the ones the setup used.
    local n = 1000000 + thread_id * 20000000 + counter
    local body = string.format(
      '{"type":"USER","name":"Mixed %d","email":"mixed%d@bench.example.com","phone":"+569%08d",' ..
      '"documentType":"RUT","documentNumber":"%s","idv":"iv-%d","country":"CHL"}',
      n, n, n % 100000000, rut(10000000 + n), n)
    return wrk.format("POST", "/identities", headers, body)
  elseif r <= 60 then
    sent.get = sent.get + 1
    return wrk.format("GET", "/identities/" .. id, headers, nil)
  elseif r <= 80 then
    sent.list = sent.list + 1
    local q = ({"?limit=20", "?type=USER&limit=10", "?country=CHL&limit=50", "?status=ACTIVE"})[math.random(4)]
    return wrk.format("GET", "/identities" .. q, headers, nil)
  else
    sent.patch = sent.patch + 1
    local body = string.format('{"nickname":"nick-%d-%d"}', thread_id, counter)
    return wrk.format("PATCH", "/identities/" .. id, headers, body)
  end
end

function response(status, hdrs, body)
  if status < 300 then c2xx = c2xx + 1
  elseif status == 409 then c409 = c409 + 1
  elseif status < 500 then c4xx = c4xx + 1
  else c5xx = c5xx + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("throughput: %.0f requests/s (%d in %.1f s)\n",
    summary.requests / (summary.duration / 1e6), summary.requests, summary.duration / 1e6))
  io.write(string.format("latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  local ok, dup, c4, c5 = 0, 0, 0, 0
  local mix = { create = 0, get = 0, list = 0, patch = 0 }
  for _, t in ipairs(threads) do
    ok, dup, c4, c5 = ok + t:get("c2xx"), dup + t:get("c409"), c4 + t:get("c4xx"), c5 + t:get("c5xx")
    local s = t:get("sent")
    for k, v in pairs(s) do mix[k] = mix[k] + v end
  end
  io.write(string.format("answers: %d 2xx, %d 409, %d other 4xx, %d 5xx\n", ok, dup, c4, c5))
  local e = summary.errors
  io.write(string.format("errors: %d non-2xx/3xx, socket connect %d, read %d, write %d, timeout %d\n",
    e.status, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("mix sent: %d create, %d get, %d list, %d patch\n", mix.create, mix.get, mix.list, mix.patch))
end
