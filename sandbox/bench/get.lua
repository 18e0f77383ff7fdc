-- wrk script: GET /identities/{ID}. Reads TOKEN, API_KEY and ID from the environment.

local token = os.getenv("TOKEN") or ""
local key = os.getenv("API_KEY") or "sandbox-key"
local id = os.getenv("ID") or ""

function init(args)
  wrk.method = "GET"
  wrk.path = "/identities/" .. id
  wrk.headers["x-api-key"] = key
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["conomyhq-api-version"] = "24-04-2025"
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
end
