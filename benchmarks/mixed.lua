-- wrk script for the mixed load (benchmarks/soak.py): each request takes a path at random from the file named by
-- the MIXED_PATHS environment variable (one path per line). The result line at the end is latency.lua's (wrk runs
-- from the project's folder).
dofile("benchmarks/latency.lua")

local paths = {}

init = function(args)
  for line in io.lines(os.getenv("MIXED_PATHS")) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
