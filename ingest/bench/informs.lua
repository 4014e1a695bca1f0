-- wrk script: every request is one Inform of a different device (a corpus Inform with its
-- SerialNumber replaced), TR-098 and TR-181 in turn. Usage: wrk ... -s informs.lua -- <corpus dir>
local files = {"tr098-2-periodic.xml", "tr181-1-boot-m-reboot.xml",
               "tr098-4-value-change.xml", "tr181-4-value-change.xml"}
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

function init(args)
  local dir = args[1] or error("usage: -- <corpus dir>")
  templates = {}
  for _, name in ipairs(files) do
    local f = assert(io.open(dir .. "/" .. name, "rb"))
    local text = f:read("*a")
    f:close()
    local open_end = select(2, text:find("<SerialNumber>", 1, true))
    local close_start = text:find("</SerialNumber>", 1, true)
    assert(open_end and close_start, name .. " has no SerialNumber")
    table.insert(templates, {head = text:sub(1, open_end), tail = text:sub(close_start)})
  end
  headers = {["Content-Type"] = "text/xml; charset=utf-8"}
  serial = 0
end

function request()
  serial = serial + 1
  local t = templates[serial % #templates + 1]
  return wrk.format("POST", "/", headers, t.head .. "W" .. thread_id .. "N" .. serial .. t.tail)
end

function done(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect
      - summary.errors.read - summary.errors.write - summary.errors.timeout
  io.write(string.format(
      "RESULT requests=%d ok=%d non_2xx=%d socket_errors=%d seconds=%.1f informs_per_s=%.0f"
          .. " p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
      summary.requests, ok, summary.errors.status,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
      summary.duration / 1e6, ok / (summary.duration / 1e6),
      latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
