import type { Command } from 'commander';
import type { Io } from '../main.js';
import { UsageError } from '../io.js';

/** `gongwen lsp --stdio`: the language server on this process's stdin/stdout. */
export function registerLsp(program: Command, _io: Io, setExit: (code: number) => void): void {
  program
    .command('lsp')
    .description('启动语言服务器（供编辑器使用） / start the language server for editors')
    .option('--stdio', '通过标准输入输出通信 / talk over stdin/stdout')
    .allowUnknownOption(true)
    .action(async (opts: { stdio?: boolean }) => {
      if (!opts.stdio) throw new UsageError('目前只支持 --stdio / only --stdio is supported');
      const { startServer } = await import('@gongwen/lsp');
      startServer();
      // The connection keeps the process alive; the exit code is set when the client says exit.
      setExit(0);
      await new Promise<never>(() => {});
    });
}
