-- wrk script: POST /identities with a distinct, valid USER each request (own RUT with its
-- modulo-11 check digit, own email and phone), so every request is a real create (200), not
-- a 409. Reads TOKEN and API_KEY from the environment.

local token = os.getenv("TOKEN") or ""
local key = os.getenv("API_KEY") or "sandbox-key"
local threads = {}
counter = 0
thread_id = 0 -- each thread's copy is set by setup()
c200, c409, cother = 0, 0, 0

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

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["x-api-key"] = key
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["conomyhq-api-version"] = "24-04-2025"
end

function request()
  counter = counter + 1
  -- Each thread owns a block of 40 million document numbers (7-8 digit RUT bodies).
  local n = thread_id * 40000000 + counter
  local body = string.format(
    '{"type":"USER","name":"Load %d","email":"load%d@bench.example.com","phone":"+569%08d",' ..
    '"documentType":"RUT","documentNumber":"%s","idv":"iv-%d","country":"CHL"}',
    n, n, n % 100000000, rut(10000000 + n), n)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 200 then c200 = c200 + 1 elseif status == 409 then c409 = c409 + 1 else cother = cother + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  local ok, dup, other = 0, 0, 0
  for _, t in ipairs(threads) do
    ok, dup, other = ok + t:get("c200"), dup + t:get("c409"), other + t:get("cother")
  end
  io.write(string.format("answers: %d x 200, %d x 409, %d other\n", ok, dup, other))
end
