-- wrk script for the DigitDemo load figure in docs/RELIABILITY.md: every request is POST /predict with the body
-- read from the file named by the environment variable BODY (one {"pixels": [784 numbers]} request).
-- Usage: BODY=digit.json wrk -t2 -c32 -d10s -s scripts/wrk-predict.lua http://127.0.0.1:PORT/predict
local file = assert(io.open(assert(os.getenv("BODY"), "set BODY to a request body file"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

-- wrk itself reports "Non-2xx or 3xx responses: N" when there are any; this adds the socket errors, zero or not.
done = function(summary)
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
