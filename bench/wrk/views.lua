-- wrk script: each request POSTs a batch of views, as a reader's page or app sends it.
-- IDS_FILE: article ids, one per line; BATCH (20): ids per batch; DELAY_MS (0): a pause before each request of a
-- connection, to send at a steady rate rather than as fast as the server answers. Each batch has a client id of its
-- own, so every view counts (none is a repeat).
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  if #line > 0 then ids[#ids + 1] = line end
end
local batch = tonumber(os.getenv("BATCH") or "20")
local pause = tonumber(os.getenv("DELAY_MS") or "0")
local n = 0
math.randomseed(os.time())
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local picked = {}
  for i = 1, batch do picked[i] = '"' .. ids[math.random(#ids)] .. '"' end
  local body = '{"articles":[' .. table.concat(picked, ",") .. '],"client":"bench-' .. math.random(1e9) .. "-" .. n .. '"}'
  return wrk.format(nil, "/api/v1/views", nil, body)
end
if pause > 0 then
  delay = function() return pause end
end
