-- The interleaved harness's warm-up (interleaved.sh): /hello and /chain in turn, one request each.
local paths = { "/hello", "/chain" }
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
