-- Reserves an amount in every budget or in none, atomically (Redis runs one script at a time).
-- KEYS[i]: the hash of budget i in its period (fields spent, reserved, alert50/80/100; nano-USD integers).
-- ARGV[1]: the amount; ARGV[1+i]: budget i's limit; ARGV[1+n+i]: when budget i's hash may expire (epoch s).
-- Returns {0} when reserved, else {i, spent, reserved, exhausted}: budget i refused; exhausted = 1 when it could
-- not take the amount even with nothing in flight and this is the first such refusal of the period (its 100 % alert).
local n = #KEYS
local amount = tonumber(ARGV[1])
for i = 1, n do
  local limit = tonumber(ARGV[1 + i])
  local spent = tonumber(redis.call('HGET', KEYS[i], 'spent') or '0')
  local reserved = tonumber(redis.call('HGET', KEYS[i], 'reserved') or '0')
  if spent + reserved + amount > limit then
    local exhausted = 0
    if spent + amount > limit and redis.call('HSETNX', KEYS[i], 'alert100', '1') == 1 then
      exhausted = 1
      redis.call('EXPIREAT', KEYS[i], ARGV[1 + n + i])
    end
    return {i, spent, reserved, exhausted}
  end
end
for i = 1, n do
  redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[1])
  redis.call('EXPIREAT', KEYS[i], ARGV[1 + n + i])
end
return {0}
