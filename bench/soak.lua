-- wrk script for bench/soak: a mixed read/write load of a care coordinator
-- with a bearer token, in a fixed weighted order per connection:
--   5 x GET /api/v1/persons/{id}        (one audited read)
--   1 x GET /api/v1/persons?limit=10    (ten audited reads)
--   1 x GET /api/v1/signals?personId=.. (the child's signals, audited)
--   2 x POST /api/v1/signals            (a signal with its indicator, audited)
--   1 x POST /api/v1/persons            (a new child, audited)
-- Every answer must be a success (200 or 201; wrk's Lua sees no link
-- between an answer and its request when a thread has several
-- connections); any other counts as an error.  done() prints
-- "soak-errors N" with the first unexpected statuses.
local token = os.getenv("SIGNAAL_BENCH_TOKEN")
local person = os.getenv("SIGNAAL_BENCH_PERSON")
local auth = "Bearer " .. token
local json = "application/json"

local signal_body = '{"personId":"' .. person .. '","observedOn":"2026-11-01","setting":"school",' ..
  '"observation":"Soak: synthetische observatie van ongeveer honderdtwintig tekens, zoals een mentor die schrijft.",' ..
  '"indicators":["SCH-01"]}'
local person_body = '{"name":"Soak Synthetisch Kind","birthDate":"2013-04-01","gender":"x",' ..
  '"municipality":"Utrecht"}'

local plan = {
  {"GET", "/api/v1/persons/" .. person},
  {"GET", "/api/v1/persons?limit=10"},
  {"POST", "/api/v1/signals", signal_body},
  {"GET", "/api/v1/persons/" .. person},
  {"GET", "/api/v1/signals?personId=" .. person .. "&limit=10"},
  {"GET", "/api/v1/persons/" .. person},
  {"POST", "/api/v1/persons", person_body},
  {"GET", "/api/v1/persons/" .. person},
  {"POST", "/api/v1/signals", signal_body},
  {"GET", "/api/v1/persons/" .. person},
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local requests = {}
local i = 0
errors, first = 0, "" -- globals: done() reads them with thread:get

function init(args)
  for k, p in ipairs(plan) do
    local headers = {["Authorization"] = auth}
    if p[3] then headers["Content-Type"] = json end
    requests[k] = wrk.format(p[1], p[2], headers, p[3])
  end
end

function request()
  i = i % #plan + 1
  return requests[i]
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    errors = errors + 1
    if #first < 40 then first = first .. " " .. status end
  end
end

function done(summary, latency, requests)
  local total, seen = 0, ""
  for _, t in ipairs(threads) do
    total = total + (t:get("errors") or 0)
    seen = seen .. (t:get("first") or "")
  end
  io.write(string.format("soak-errors %d%s\n", total, seen))
end
