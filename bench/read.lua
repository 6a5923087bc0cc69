-- wrk script: read one person through the API with a bearer token.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SIGNAAL_BENCH_TOKEN")
wrk.path = "/api/v1/persons/" .. os.getenv("SIGNAAL_BENCH_PERSON")

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
