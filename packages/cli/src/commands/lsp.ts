import { UsageError } from '@gongwen/node';

// The server is its own package: the CLI finds it when `gongwen lsp` runs instead of importing it, so neither face
// depends on the other's code (the specifier is not a literal, so no compiler or bundler pulls the server in). It is
// the package's bundled server, which starts in about half the time of its separate modules.
const SERVER_PACKAGE = ['@gongwen', 'lsp', 'server'].join('/');

/** `gongwen lsp --stdio`: the language server on this process's stdin/stdout; resolves only when the client exits. */
export async function runLsp(opts: { stdio?: boolean }): Promise<number> {
  if (!opts.stdio) throw new UsageError('目前只支持 --stdio / only --stdio is supported');
  type Server = { startServer: () => void };
  let server: Server;
  try {
    const mod = (await import(SERVER_PACKAGE)) as Server & { default?: Server };
    server = mod.default ?? mod;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new UsageError(
      '未安装语言服务器 @gongwen/lsp（npm install -g @gongwen/lsp） / the language server package is not installed',
    );
  }
  server.startServer();
  // The connection keeps the process alive and ends it when the client says exit.
  return new Promise<never>(() => {});
}
