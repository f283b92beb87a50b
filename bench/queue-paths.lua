-- wrk script for bench/run-queue.sh: each request takes the next path of a
-- file (one path a line), so a run measures many different searches.
--   wrk ... -s bench/queue-paths.lua http://127.0.0.1:PORT -- PATHS_FILE
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Threads start at different places in the list.
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
