-- wrk script: create signals through the API with a bearer token.
wrk.method = "POST"
wrk.path = "/api/v1/signals"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SIGNAAL_BENCH_TOKEN")
wrk.body = '{"personId":"' .. os.getenv("SIGNAAL_BENCH_PERSON") .. '",' ..
           '"observedOn":"2026-11-01","setting":"school",' ..
           '"observation":"Benchmark: synthetische observatie van ongeveer honderdtwintig tekens, zoals een mentor die schrijft.",' ..
           '"indicators":["SCH-01"]}'

function response(status, headers, body)
  if status ~= 201 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
