--- copydesk for Neovim: registers the copydesk language server for news drafts
--- (Markdown and plain text). Neovim 0.11+ uses vim.lsp.config/vim.lsp.enable, laid
--- over lsp/copydesk.lua (the base configuration, usable without this module); 0.10
--- starts the client from a FileType autocmd with vim.lsp.start.
---
---   require("copydesk").setup({
---     settings = { rules = { ["vague-source"] = "warning" }, stylebook = { preferred = { "Kyiv" } } },
---     inlay_hints = true,
---   })
local M = {}

local INSTALL_HINT = "install it with `cargo install copydesk` (or `cargo install --path .` in a clone of the copydesk repository), or set `cmd`"

--- @class copydesk.Options
--- @field cmd? string[] The server command; default { "copydesk" }.
--- @field filetypes? string[] Default { "markdown", "text" }.
--- @field root_markers? string[] Files that mark the project root; default copydesk.toml, .copydesk.toml, .git.
--- @field settings? table The `copydesk` settings, in the shape of copydesk.toml: rules, stylebook, known, speech, vague-sources, files.
--- @field inlay_hints? boolean Show the speaker after quotes attributed by a pronoun or in another sentence; default false.
--- @field on_attach? fun(client: vim.lsp.Client, bufnr: integer)
--- @field capabilities? table Merged into the default client capabilities.
--- @field legacy? boolean Use the FileType autocmd + vim.lsp.start path even on 0.11.

M.defaults = {
  cmd = { "copydesk" },
  filetypes = { "markdown", "text" },
  root_markers = { "copydesk.toml", ".copydesk.toml", ".git" },
  settings = {},
  inlay_hints = false,
  on_attach = nil,
  capabilities = nil,
  legacy = false,
}

--- The options in force after setup().
M.options = nil

--- The client configuration for `opts` (the shape vim.lsp.config and vim.lsp.start take).
--- @param opts copydesk.Options
function M.client_config(opts)
  opts = vim.tbl_extend("force", M.defaults, opts or {})
  -- An empty Lua table would travel as a JSON array; the server wants an object.
  local settings = next(opts.settings) and opts.settings or vim.empty_dict()
  local config = {
    name = "copydesk",
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = { copydesk = settings },
    -- Answers the server's workspace/configuration request for the `copydesk` section.
    settings = { copydesk = settings },
    on_attach = function(client, bufnr)
      if opts.inlay_hints and vim.lsp.inlay_hint then
        vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
      end
      if opts.on_attach then
        opts.on_attach(client, bufnr)
      end
    end,
  }
  if opts.capabilities then
    config.capabilities = vim.tbl_deep_extend("force", vim.lsp.protocol.make_client_capabilities(), opts.capabilities)
  end
  return config
end

local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if vim.fs.root then
    local root = vim.fs.root(bufnr, markers)
    if root then
      return root
    end
  else
    local found = vim.fs.find(markers, { path = vim.fs.dirname(name), upward = true })[1]
    if found then
      return vim.fs.dirname(found)
    end
  end
  return name ~= "" and vim.fs.dirname(name) or vim.uv.cwd()
end

local group

--- Registers the server. Call once, from your config.
--- @param opts? copydesk.Options
function M.setup(opts)
  opts = vim.tbl_extend("force", M.defaults, opts or {})
  M.options = opts
  if vim.fn.has("nvim-0.10") == 0 then
    vim.notify("copydesk: Neovim 0.10 or newer is required", vim.log.levels.ERROR)
    return
  end
  if vim.fn.executable(opts.cmd[1]) == 0 then
    vim.notify(("copydesk: `%s` not found; %s"):format(opts.cmd[1], INSTALL_HINT), vim.log.levels.WARN)
    return
  end
  local config = M.client_config(opts)

  if vim.lsp.config and vim.lsp.enable and not opts.legacy then
    vim.lsp.config("copydesk", config)
    vim.lsp.enable("copydesk")
    return
  end

  group = vim.api.nvim_create_augroup("copydesk", { clear = true })
  local function start(bufnr)
    if vim.bo[bufnr].buftype ~= "" then
      return
    end
    local client_config = vim.deepcopy(config)
    client_config.on_attach = config.on_attach
    client_config.root_markers = nil
    client_config.filetypes = nil
    client_config.root_dir = root_dir(bufnr, opts.root_markers)
    vim.lsp.start(client_config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers already open when setup() runs (a lazy-loaded plugin).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

return M
