---@brief
---
--- copydesk: a language server for news drafts (Markdown and plain text) that reads
--- them as a copy editor does: quotes with no speaker, names spelled two ways, sources
--- that name no one, figures with no source.
---
--- Install the server with `cargo install copydesk`. With this directory on the
--- runtimepath (or this file copied to `~/.config/nvim/lsp/`), Neovim 0.11 needs only:
---
--- ```lua
--- vim.lsp.enable("copydesk")
--- ```
---
--- Settings take the shape of copydesk.toml (rules, stylebook, known, speech,
--- vague-sources, files) and are laid over the nearest copydesk.toml:
---
--- ```lua
--- vim.lsp.config("copydesk", {
---   settings = { copydesk = { rules = { ["vague-source"] = "warning" } } },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { "copydesk" },
  filetypes = { "markdown", "text" },
  root_markers = { "copydesk.toml", ".copydesk.toml", ".git" },
  -- A draft outside any project is checked too.
  workspace_required = false,
  -- The server reads its settings from init_options at start and asks for the
  -- `copydesk` section after; an empty table would travel as a JSON array.
  init_options = { copydesk = vim.empty_dict() },
  settings = { copydesk = vim.empty_dict() },
  before_init = function(params, config)
    local settings = config.settings and config.settings.copydesk
    if settings and next(settings) then
      params.initializationOptions = { copydesk = settings }
    end
  end,
}
