-- wrk script: each request GETs a path built from a random line of a file.
-- PICK_FILE: the file (one value per line); PICK_PREFIX: what goes before the value.
local file = os.getenv("PICK_FILE")
local prefix = os.getenv("PICK_PREFIX") or "/"
local values = {}
for line in io.lines(file) do
  if #line > 0 then values[#values + 1] = line end
end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", prefix .. values[math.random(#values)])
end
