--- :checkhealth copydesk
local M = {}

function M.check()
  local health = vim.health
  health.start("copydesk")
  if vim.fn.has("nvim-0.10") == 1 then
    local v = vim.version()
    health.ok(("Neovim %d.%d.%d"):format(v.major, v.minor, v.patch))
  else
    health.error("Neovim 0.10 or newer is required")
  end
  local opts = require("copydesk").options
  if not opts then
    health.warn('require("copydesk").setup() has not been called')
    opts = require("copydesk").defaults
  end
  local exe = opts.cmd[1]
  if vim.fn.executable(exe) == 1 then
    local version = vim.fn.system({ exe, "--version" })
    health.ok(("`%s` found: %s"):format(vim.fn.exepath(exe), vim.trim(version)))
  else
    health.error(("`%s` not found"):format(exe), {
      "cargo install copydesk",
      "or, in a clone of the copydesk repository: cargo install --path .",
      'or point setup({ cmd = { "/path/to/copydesk" } }) at the binary',
    })
  end
  local clients = vim.lsp.get_clients({ name = "copydesk" })
  if #clients > 0 then
    for _, client in ipairs(clients) do
      health.ok(("client %d running, root %s, %s positions"):format(client.id, client.root_dir or "(none)", client.offset_encoding))
    end
  else
    health.info("no copydesk client running (open a Markdown or text file)")
  end
end

return M
