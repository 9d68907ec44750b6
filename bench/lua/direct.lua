-- Calls the fake OpenAI upstream directly, exactly as the gateway's OpenAI client does.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
require "report"
wrk.method = "POST"
wrk.path = "/v1/chat/completions"
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer bench-key"
wrk.body = '{"model":"gpt-5-mini","messages":[{"role":"user","content":"What is the capital of France?"}],"max_completion_tokens":1024}'
function done(summary, latency, requests) report(summary, latency) end
