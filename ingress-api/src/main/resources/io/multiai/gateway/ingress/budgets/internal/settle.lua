-- Settles a reservation in every budget at once: releases it and adds the actual amount to spent.
-- KEYS[i]: the hash of budget i in its period. ARGV[1]: the reservation, negated (a string: Lua would print a large
-- number in exponent form); ARGV[2]: the actual amount; ARGV[2+i]: budget i's limit; ARGV[2+n+i]: its expiry (epoch s).
-- Returns {i, percent, spent, ...}: each threshold (50, 80, 100 % of the limit, by spent) this settlement crossed
-- first in its period. HSETNX on the period's own hash makes each exactly once across every replica.
local n = #KEYS
local out = {}
for i = 1, n do
  local reserved = redis.call('HINCRBY', KEYS[i], 'reserved', ARGV[1])
  if reserved < 0 then
    redis.call('HSET', KEYS[i], 'reserved', '0')
  end
  local spent = redis.call('HINCRBY', KEYS[i], 'spent', ARGV[2])
  redis.call('EXPIREAT', KEYS[i], ARGV[2 + n + i])
  local limit = tonumber(ARGV[2 + i])
  for _, percent in ipairs({50, 80, 100}) do
    if spent * 100 >= limit * percent and redis.call('HSETNX', KEYS[i], 'alert' .. percent, '1') == 1 then
      table.insert(out, i)
      table.insert(out, percent)
      table.insert(out, spent)
    end
  end
end
return out
