-- Neovim (0.7+) as a real LSP client of gongwen: open a draft, collect diagnostics, hover, apply the preferred quick
-- fix through Neovim's own workspace-edit code, then edit the buffer and wait for the new diagnostics.
-- Every event is printed as one JSON line for the test to parse.
local out = function(t) io.stdout:write(vim.fn.json_encode(t) .. '\n') end
local published = 0
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
  local items = {}
  for _, d in ipairs(result.diagnostics) do
    table.insert(items, { code = d.code, line = d.range.start.line, character = d.range.start.character, source = d.source, message = d.message })
  end
  out({ event = 'diagnostics', version = result.version, items = items })
  published = published + 1
end
local id = vim.lsp.start_client({
  name = 'gongwen', root_dir = vim.fn.getcwd(), cmd = { 'node', vim.env.GONGWEN_CLI, 'lsp', '--stdio' },
  init_options = { debounceMs = 0 },
  on_exit = function(code) if code ~= 0 then out({ event = 'exit', code = code }) end end,
})
if not id then out({ event = 'error', message = 'start_client failed' }); vim.cmd('cquit 2') end
vim.lsp.buf_attach_client(0, id)
local function wait_publish(n, what)
  if not vim.wait(15000, function() return published >= n end, 20) then out({ event = 'timeout', what = what }); vim.cmd('cquit 1') end
end
wait_publish(1, 'first diagnostics')
out({ event = 'vim.diagnostic', count = #vim.diagnostic.get(0) })

local uri = vim.uri_from_bufnr(0)
local first = vim.diagnostic.get(0)[1]
local res = vim.lsp.buf_request_sync(0, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = first.lnum, character = first.col } }, 5000)
for _, r in pairs(res or {}) do out({ event = 'hover', value = r.result and r.result.contents and r.result.contents.value }) end

local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', {
  textDocument = { uri = uri },
  range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.lnum, character = first.col } },
  context = { diagnostics = {} },
}, 5000)
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.isPreferred then
      vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
      out({ event = 'applied', title = a.title, line = vim.api.nvim_buf_get_lines(0, first.lnum, first.lnum + 1, false)[1] })
      break
    end
  end
end
wait_publish(2, 'diagnostics after the fix')
vim.api.nvim_buf_set_lines(0, -1, -1, false, { '请于3月8日前报送材料,逾期不候。' })
wait_publish(3, 'diagnostics after typing')
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd('qall!')
