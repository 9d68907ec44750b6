-- The same question through the whole gateway, pinned to the OpenAI client pointed at the fake;
-- no-cache keeps a response cache (if any) out of the measured path.
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("@(.*/)") .. "?.lua"
require "report"
wrk.method = "POST"
wrk.path = "/api/ai/route"
wrk.headers["content-type"] = "application/json"
wrk.headers["cache-control"] = "no-cache"
if os.getenv("GATEWAY_API_KEY") then wrk.headers["x-api-key"] = os.getenv("GATEWAY_API_KEY") end
wrk.body = '{"query":"What is the capital of France?","provider":"openai","fallback":false}'
function done(summary, latency, requests) report(summary, latency) end
