-- Drives the SSL Lens language server from Neovim's built-in LSP client (0.7 or later), headless:
--   nvim --headless -u NONE -i NONE -c 'luafile neovim.lua'
-- Reads SSL_LENS_SERVER, SSL_LENS_FILE, SSL_LENS_HOVER_LINE/CHARACTER (0-based) and writes what it saw,
-- as JSON, to SSL_LENS_OUT.
local server = os.getenv('SSL_LENS_SERVER')
local file = os.getenv('SSL_LENS_FILE')
local out = os.getenv('SSL_LENS_OUT')
local result = { diagnostics = {} }

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'ssl-lens',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
  })
  vim.lsp.buf_attach_client(buf, client_id)

  vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      line = d.lnum, character = d.col, end_line = d.end_lnum, end_character = d.end_col,
      code = d.code or lsp.code, source = d.source, message = d.message, severity = d.severity,
    })
  end

  local client = vim.lsp.get_client_by_id(client_id)
  result.hoverProvider = client.server_capabilities.hoverProvider and true or false
  if result.hoverProvider then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = tonumber(os.getenv('SSL_LENS_HOVER_LINE')), character = tonumber(os.getenv('SSL_LENS_HOVER_CHARACTER')) },
    }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}
    for _, response in pairs(responses) do
      if response.result then result.hover = vim.fn.json_encode(response.result.contents) end
    end
  end
  client.stop()
end)

if not ok then result.error = tostring(err) end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qall!')
