import { Command, CommanderError, Option } from 'commander';
import { ConfigError, DocumentError, RuleLoadError } from '@gongwen/core';
import { runCheck } from './commands/check.js';
import { runRules } from './commands/rules.js';
import { registerLsp } from './commands/lsp.js';
import { registerBuild, registerNew } from './commands/build.js';
import { registerReview } from './commands/review.js';
import { registerConvert } from './commands/convert.js';
import { UsageError, oneLine } from './io.js';
import { VERSION } from './version.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const { decodeText } = await import('@gongwen/core');
  return decodeText(Buffer.concat(chunks)).text;
}

export interface Io {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** Builds the program; `setExit` receives the exit code of the command that ran. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('gongwen')
    .description('公文校对与排版工具：按 GB/T 9704、GB/T 15834、GB/T 15835 和《党政机关公文处理工作条例》检查公文\nProofread and write Chinese official documents')
    .version(VERSION, '-v, --version', '显示版本 / show the version')
    .helpOption('-h, --help', '显示帮助 / show help')
    .addHelpCommand('help [command]', '显示命令的帮助 / help for a command')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  registerCheck(program, io, setExit);
  registerRules(program, io, setExit);
  for (const register of EXTRA_COMMANDS) register(program, io, setExit);
  return program;
}

export type CommandRegistrar = (program: Command, io: Io, setExit: (code: number) => void) => void;

/** Further commands (review, convert, build, new, lsp …) register themselves here. */
const EXTRA_COMMANDS: CommandRegistrar[] = [registerLsp, registerNew, registerBuild, registerReview, registerConvert];

function registerCheck(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('检查文件、文件夹或通配符匹配的文件 / check files, folders and globs')
    .argument('[paths...]', '文件、文件夹或通配符 / files, folders or globs')
    .addOption(new Option('-f, --format <format>', '输出格式 / output format').choices(['stylish', 'json', 'sarif']).default('stylish'))
    .option('--fix', '自动修正并写回文件（保持原编码和换行） / fix files in place')
    .option('--fix-dry-run', '计算修正但不写文件 / compute fixes without writing')
    .option('--stdin', '从标准输入读取文本 / read text from standard input')
    .option('--stdin-filename <name>', '标准输入的文件名（决定格式和配置） / file name for --stdin')
    .option('--max-warnings <n>', '警告超过 N 个时以 1 退出 / exit 1 when warnings exceed N')
    .option('-q, --quiet', '只报告错误 / report errors only')
    .option('--rule <id=level>', '覆盖规则级别（可重复），如 punct/half-width=off / override a rule level (repeatable)', collect)
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('-o, --output <file>', '把报告写入文件 / write the report to a file')
    .option('--color', '彩色输出 / colour output')
    .option('--no-color', '不用彩色 / no colour')
    .option('--llm', '同时用大模型做 AI 校对（结果仅为建议，须人工确认；需配置模型服务） / also run the AI checks (suggestions only)')
    .option('--llm-redact', '发送前隐去身份证号、手机号、银行卡号和电子邮箱（隐含 --llm） / mask personal data before sending (implies --llm)')
    .option('--llm-model <model>', 'AI 校对所用模型（覆盖 GONGWEN_LLM_MODEL） / model for the AI checks')
    .option('--llm-base-url <url>', 'OpenAI 兼容服务地址（覆盖 GONGWEN_LLM_BASE_URL） / OpenAI-compatible endpoint')
    .action(async (paths: string[], opts) => {
      const color = opts.color ?? (Boolean(io.stdout.isTTY) && !process.env.NO_COLOR);
      setExit(await runCheck(paths, { ...opts, color }, { cwd: io.cwd, stdout: io.stdout, stderr: io.stderr, readStdin }));
    });
}

function registerRules(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('rules')
    .description('列出规则及其标准条款、提示语和示例 / list rules with clauses, messages and examples')
    .argument('[id]', '规则 id 或类别（如 punct） / a rule id or an area')
    .addOption(new Option('-f, --format <format>', '输出格式 / output format').choices(['text', 'json']).default('text'))
    .action((id: string | undefined, opts) => setExit(runRules(id, opts, io.stdout)));
}

/** Runs the CLI and returns its exit code: 0 clean, 1 findings, 2 usage or internal failure. */
export async function main(argv: string[], io: Io = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    // A document that cannot be read outside a batch (standard input) is the input's fault, not an internal one.
    if (e instanceof UsageError || e instanceof ConfigError || e instanceof DocumentError) {
      io.stderr.write(`gongwen: ${oneLine(e)}\n`);
      return 2;
    }
    if (e instanceof RuleLoadError) {
      io.stderr.write(`gongwen: 规则文件有误 / invalid rule file: ${e.message.split('\n').slice(0, 3).join(' | ')}\n`);
      return 2;
    }
    io.stderr.write(`gongwen: 内部错误 / internal error: ${oneLine(e)}\n`);
    if (process.env.GONGWEN_DEBUG) io.stderr.write(`${(e as Error).stack ?? ''}\n`);
    return 2;
  }
}
