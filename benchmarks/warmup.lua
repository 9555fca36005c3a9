-- Rotates over the measured endpoints, one request each in turn (the warm-up after a start).
local paths = { "/hello", "/chain", "/work", "/actuator/health" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
