-- End-to-end test of the copydesk plugin in a real headless Neovim:
--
--   COPYDESK_BIN=target/debug/copydesk nvim --headless --clean -l editors/nvim/test/e2e.lua
--
-- Opens a fixture draft through the plugin, then checks diagnostics (codes and 0-based
-- byte columns on a line with emoji), hover, a quick fix applied through
-- vim.lsp.buf.code_action, diagnostics following an edit, and an inlay hint.
-- COPYDESK_E2E_LEGACY=1 runs the Neovim 0.10 path (FileType autocmd + vim.lsp.start);
-- COPYDESK_E2E_NATIVE=1 uses no plugin code at all: lsp/copydesk.lua found on the
-- runtimepath by vim.lsp.enable("copydesk"), settings given with vim.lsp.config.
-- Prints `nvim e2e: N passed, M failed` and exits non-zero on any failure.

local here = vim.fs.dirname(vim.fs.normalize(debug.getinfo(1, "S").source:sub(2)))
local plugin = vim.fs.dirname(here)
local repo = vim.fs.dirname(vim.fs.dirname(plugin))
local bin = vim.env.COPYDESK_BIN or (repo .. "/target/debug/copydesk")
local legacy = vim.env.COPYDESK_E2E_LEGACY == "1"
local native = vim.env.COPYDESK_E2E_NATIVE == "1"
local path_name = native and " (lsp/copydesk.lua)" or legacy and " (0.10 path)" or ""
local TIMEOUT = 10000

vim.opt.rtp:prepend(plugin)
vim.cmd("filetype on")

local passed, failed = 0, 0
local function say(line)
  io.stdout:write(line, "\n")
end
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    say("ok    " .. name)
  else
    failed = failed + 1
    say("FAIL  " .. name .. "\n      " .. tostring(err):gsub("\n", "\n      "))
  end
  return ok
end
local function finish()
  for _, client in ipairs(vim.lsp.get_clients({ name = "copydesk" })) do
    client:stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_clients({ name = "copydesk" }) == 0
  end)
  say(("nvim e2e%s: %d passed, %d failed"):format(path_name, passed, failed))
  os.exit(failed == 0 and 0 or 1)
end

local function eq(actual, expected, what)
  if not vim.deep_equal(actual, expected) then
    error(("%s: expected %s, got %s"):format(what, vim.inspect(expected), vim.inspect(actual)), 2)
  end
end
local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT, predicate, 20) then
    error("timed out waiting for " .. what, 2)
  end
end

-- A draft in a project of its own, marked by a copydesk.toml (the stylebook) above it.
local project = vim.fn.tempname()
vim.fn.mkdir(project .. "/drafts", "p")
vim.fn.writefile({ "[stylebook]", 'preferred = ["Türkiye"]' }, project .. "/copydesk.toml")
local draft = project .. "/drafts/ferry-strike.md"
vim.fn.writefile(vim.fn.readfile(here .. "/fixtures/ferry-strike.md"), draft)
project = vim.uv.fs_realpath(project)
draft = vim.uv.fs_realpath(draft)

local settings = {
  rules = { ["vague-source"] = "warning", ["unsourced-statistic"] = "off" },
  known = { { name = "Ingrid Solberg", kind = "person", description = "chair of the Halden Bay ferry workers' union" } },
}
local copydesk = require("copydesk")
if native then
  -- As a user of Neovim 0.11 without the plugin: the server on PATH, the settings and
  -- inlay hints in their own config.
  vim.env.PATH = vim.fs.dirname(bin) .. ":" .. vim.env.PATH
  vim.lsp.config("copydesk", { settings = { copydesk = settings } })
  vim.api.nvim_create_autocmd("LspAttach", {
    callback = function(args)
      vim.lsp.inlay_hint.enable(true, { bufnr = args.buf })
    end,
  })
  vim.lsp.enable("copydesk")
else
  copydesk.setup({
    cmd = { bin },
    legacy = legacy,
    inlay_hints = true,
    settings = settings,
  })
end

vim.cmd.edit(vim.fn.fnameescape(draft))
local buf = vim.api.nvim_get_current_buf()
local client

local function line_of(needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1, line
    end
  end
  error("buffer has no " .. vim.inspect(needle), 2)
end
local function diagnostics()
  local list = vim.diagnostic.get(buf)
  table.sort(list, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return list
end
local function codes(list)
  local out = {}
  for _, d in ipairs(list) do
    table.insert(out, d.code)
  end
  table.sort(out)
  return out
end
local function find(list, code)
  for _, d in ipairs(list) do
    if d.code == code then
      return d
    end
  end
  error(("no %s diagnostic among %s"):format(code, vim.inspect(codes(list))), 2)
end

local started = check("the plugin starts copydesk for a markdown buffer, rooted at copydesk.toml", function()
  eq(vim.bo[buf].filetype, "markdown", "filetype")
  wait_for("the copydesk client to attach", function()
    client = vim.lsp.get_clients({ bufnr = buf, name = "copydesk" })[1]
    return client ~= nil and client.initialized
  end)
  eq(client.root_dir, project, "root_dir")
  eq(client.offset_encoding, "utf-8", "negotiated position encoding")
  if native then
    eq(client.config.cmd, { "copydesk" }, "cmd from lsp/copydesk.lua")
    eq(client.config.settings, { copydesk = settings }, "settings from vim.lsp.config")
  else
    eq(client.config.init_options, { copydesk = settings }, "init_options")
  end
end)
if not started then
  finish()
end

local expected_codes = { "stylebook-spelling", "unattributed-quote", "vague-source" }

check("diagnostics arrive with their codes, at byte columns after the emoji", function()
  wait_for("diagnostics " .. table.concat(expected_codes, ", "), function()
    return vim.deep_equal(codes(diagnostics()), expected_codes)
  end)
  local list = diagnostics()
  local row, col, line = line_of("Officials said")
  assert(line:find("💡", 1, true) == 1, "the fixture's line starts with an emoji")
  local vague = find(list, "vague-source")
  eq({ vague.lnum, vague.col, vague.end_lnum, vague.end_col }, { row, col, row, col + #"Officials said" }, "vague-source range")
  eq(vague.severity, vim.diagnostic.severity.WARN, "vague-source severity (raised by the settings)")
  -- Two emoji before this one ("💡" and "🚢", four bytes each).
  local _, tcol = line_of("Turkey")
  local spelling = find(list, "stylebook-spelling")
  eq({ spelling.lnum, spelling.col, spelling.end_col }, { row, tcol, tcol + #"Turkey" }, "stylebook-spelling range")
  assert(spelling.message:find("Türkiye", 1, true), spelling.message)
  local qrow, qcol = line_of("“We have a timetable")
  local quote = find(list, "unattributed-quote")
  eq({ quote.lnum, quote.col }, { qrow, qcol }, "unattributed-quote start")
  eq(quote.source, "copydesk", "source")
end)

--- Hover at the first occurrence of `needle` (plus `offset` bytes); the result's text.
local function hover_at(needle, offset)
  local row, col = line_of(needle)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + (offset or 0) })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, TIMEOUT)
  local response = responses and responses[client.id]
  assert(response, "no hover response")
  assert(not response.err, vim.inspect(response.err))
  local result = response.result
  if not result then
    return nil
  end
  local contents = result.contents
  return type(contents) == "table" and (contents.value or vim.inspect(contents)) or tostring(contents)
end

check("hovering a quotation names its speaker (vim.lsp.buf.hover)", function()
  local row, col = line_of("Six is not a crew")
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  vim.lsp.buf.hover()
  local float
  wait_for("the hover window", function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        float = win
        return true
      end
    end
    return false
  end)
  local text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), "\n")
  vim.api.nvim_win_close(float, true)
  assert(text:find("Quotation", 1, true), text)
  assert(text:find("Ingrid Solberg", 1, true), text)
  assert(text:find("Cue: “said”", 1, true), "the cue: " .. text)
  assert(text:find("“she” refers to Ingrid Solberg", 1, true), "the pronoun: " .. text)
end)

check("hovering a person's name says who that is in the story (from settings.known)", function()
  local text = hover_at("Ingrid Solberg", #"Ingrid ")
  assert(text, "no hover on the name")
  assert(text:find("Ingrid Solberg", 1, true), text)
  assert(text:find("person", 1, true), text)
  -- The description comes from the `known` entry in the plugin's settings.
  assert(text:find("chair of the Halden Bay ferry workers' union", 1, true), text)
end)

check("an inlay hint names the speaker right after “she”", function()
  assert(vim.lsp.inlay_hint.is_enabled({ bufnr = buf }), "inlay hints enabled by inlay_hints = true")
  local row, col = line_of("crew,” she")
  local at = col + #"crew,” she"
  local hint
  wait_for("an inlay hint", function()
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
      if item.inlay_hint.position.line == row then
        hint = item.inlay_hint
        return true
      end
    end
    return false
  end)
  local label = type(hint.label) == "string" and hint.label or hint.label[1].value
  eq(label, "Solberg", "label")
  eq(hint.position.character, at, "position (byte column after the pronoun)")
end)

check("a quick fix applied through vim.lsp.buf.code_action attributes the quote", function()
  local row, col = line_of("“We have a timetable")
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 4 })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title == "Attribute to Solberg"
    end,
  })
  local expected = "“We have a timetable to keep and passengers to move,” Solberg said."
  wait_for("the fix in the buffer", function()
    return vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1] == expected
  end)
  wait_for("unattributed-quote to go", function()
    return vim.deep_equal(codes(diagnostics()), { "stylebook-spelling", "vague-source" })
  end)
end)

check("diagnostics follow an edit typed above and before them", function()
  local row = line_of("Officials said")
  -- A new paragraph above, and words before the emoji on the same line.
  vim.api.nvim_buf_set_text(buf, row, 0, row, 0, { "The ferry resumed a reduced service at noon.", "", "Update: " })
  local new_row, col, line = line_of("Officials said")
  eq(new_row, row + 2, "the line moved down")
  assert(line:sub(1, #"Update: 💡") == "Update: 💡", line)
  local _, tcol = line_of("Turkey")
  wait_for("diagnostics at the new position", function()
    local ok, vague = pcall(find, diagnostics(), "vague-source")
    return ok and vague.lnum == new_row
  end)
  local list = diagnostics()
  local vague = find(list, "vague-source")
  eq({ vague.lnum, vague.col, vague.end_col }, { new_row, col, col + #"Officials said" }, "vague-source after the edit")
  local spelling = find(list, "stylebook-spelling")
  eq({ spelling.lnum, spelling.col }, { new_row, tcol }, "stylebook-spelling after the edit")
  eq(codes(list), { "stylebook-spelling", "vague-source" }, "codes after the edit")
end)

check("lsp/copydesk.lua and the plugin agree on the command, file types and root markers", function()
  local files = vim.api.nvim_get_runtime_file("lsp/copydesk.lua", true)
  eq(files, { plugin .. "/lsp/copydesk.lua" }, "lsp/copydesk.lua on the runtimepath")
  local base = dofile(files[1])
  eq(base.cmd, copydesk.defaults.cmd, "cmd")
  eq(base.filetypes, copydesk.defaults.filetypes, "filetypes")
  eq(base.root_markers, copydesk.defaults.root_markers, "root_markers")
  eq(vim.json.encode(base.init_options), '{"copydesk":{}}', "default init_options as JSON")
  -- before_init sends the settings as initializationOptions too.
  local params = {}
  base.before_init(params, { settings = { copydesk = settings } })
  eq(params.initializationOptions, { copydesk = settings }, "initializationOptions from settings")
  params = {}
  base.before_init(params, base)
  eq(params.initializationOptions, nil, "no settings, no override")
end)

check("inlay hints stay off unless the user opts in", function()
  local scratch = vim.api.nvim_create_buf(false, true)
  local config = copydesk.client_config({ cmd = { bin } })
  config.on_attach(client, scratch)
  assert(not vim.lsp.inlay_hint.is_enabled({ bufnr = scratch }), "enabled without inlay_hints = true")
  eq(config.init_options, { copydesk = vim.empty_dict() }, "default init_options")
  eq(vim.json.encode(config.init_options), '{"copydesk":{}}', "default init_options as JSON")
end)

finish()
