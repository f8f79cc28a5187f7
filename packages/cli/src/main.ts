import { Command, CommanderError, Option } from 'commander';
import { helpLayout } from './help.js';
import type { Io, SetExit } from './io.js';
import { VERSION } from './version.js';

export type { Io } from './io.js';
export { limitHeapGrowth } from './commands/heap.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// Only commander and the option definitions load up front: each command's module (and with it the engine) is imported
// when that command runs, so `--version` and `--help` load nothing of the engine.

/**
 * Colour as the environment asks (flags win over it): FORCE_COLOR set and not `0`/`false` turns it on, NO_COLOR set
 * and not empty turns it off; undefined when neither says.
 */
function envColor(env: NodeJS.ProcessEnv): boolean | undefined {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return undefined;
}

/** Builds the program; `setExit` receives the exit code of the command that ran. */
export function buildProgram(io: Io, setExit: SetExit): Command {
  const program = new Command();
  program
    .name('gongwen')
    .description(
      '公文校对与排版工具：按 GB/T 9704、GB/T 15834、GB/T 15835 和《党政机关公文处理工作条例》检查公文\nProofread and write Chinese official documents',
    )
    .version(VERSION, '-v, --version', '显示版本 / show the version')
    .helpOption('-h, --help', '显示帮助 / show help')
    .addHelpCommand('help [command]', '显示命令的帮助 / help for a command')
    .showHelpAfterError()
    // Before the commands are added: each takes its parent's.
    .configureHelp(helpLayout)
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command('check')
    .description('检查文件、文件夹或通配符匹配的文件 / check files, folders and globs')
    .argument('[paths...]', '文件、文件夹或通配符 / files, folders or globs')
    .addOption(
      new Option(
        '-f, --format <format>',
        '输出格式（jsonl：每个文件一行，随检查随输出；html：单个网页报告） / output format',
      )
        .choices(['stylish', 'json', 'jsonl', 'sarif', 'html'])
        .default('stylish'),
    )
    .option('--fix', '自动修正并写回文件（保持原编码和换行） / fix files in place')
    .option('--fix-dry-run', '计算修正但不写文件 / compute fixes without writing')
    .option('--stdin', '从标准输入读取文本 / read text from standard input')
    .option('--stdin-filename <name>', '标准输入的文件名（决定格式和配置） / file name for --stdin')
    .option('--max-warnings <n>', '警告超过 N 个时以 1 退出 / exit 1 when warnings exceed N')
    .option('-q, --quiet', '只报告错误 / report errors only')
    .option(
      '--rule <id=level>',
      '覆盖规则级别（可重复），如 punct/half-width=off / override a rule level (repeatable)',
      collect,
    )
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('-o, --output <file>', '把报告写入文件 / write the report to a file')
    .option('--color', '彩色输出 / colour output')
    .option('--no-color', '不用彩色 / no colour')
    .option(
      '--baseline <file>',
      '只报告不在基线（以前 check --format json 或 jsonl 的输出）中的新问题 / report only findings not in this earlier output',
    )
    .option(
      '--shard <i/n>',
      '只检查文件列表 n 份中的第 i 份（从 1 起），用 gongwen merge 合并 / check the i-th of n parts of the files',
    )
    .option(
      '--concurrency <n>',
      '同时检查的文件数（默认为 CPU 核数；1 为单线程） / files checked at once (default: the CPU cores; 1: one thread)',
    )
    .option('--no-progress', '终端上不显示进度 / no progress line on the terminal')
    .option('--cache', '缓存检查结果，未改动的文件不再检查 / keep results; unchanged files are not checked again')
    .option(
      '--cache-location <path>',
      '缓存文件位置（默认当前目录下的 .gongwencache） / where --cache keeps results (default .gongwencache)',
    )
    .option(
      '--cache-strategy <strategy>',
      '判断文件未改动的方式：metadata（默认，大小、时间与 inode 未变即不再读取）或 content（每次读取并比对内容） / how --cache knows a file is unchanged: metadata (default) or content',
    )
    .option(
      '--llm',
      '同时用大模型做 AI 校对（结果仅为建议，须人工确认；需配置模型服务） / also run the AI checks (suggestions only)',
    )
    .option(
      '--llm-redact',
      '发送前隐去身份证号、手机号、银行卡号和电子邮箱（隐含 --llm） / mask personal data before sending (implies --llm)',
    )
    .option('--llm-model <model>', 'AI 校对所用模型（覆盖 GONGWEN_LLM_MODEL） / model for the AI checks')
    .option('--llm-base-url <url>', 'OpenAI 兼容服务地址（覆盖 GONGWEN_LLM_BASE_URL） / OpenAI-compatible endpoint')
    .action(async (paths: string[], opts) => {
      const color = opts.output ? false : (opts.color ?? envColor(process.env) ?? Boolean(io.stdout.isTTY));
      const { runCheck } = await import('./commands/check.js');
      setExit(await runCheck(paths, { ...opts, color }, io));
    });

  program
    .command('merge')
    .description(
      '合并多次检查（如各分片）的 json 或 jsonl 输出为一份报告 / merge the json or jsonl outputs of several runs (shards)',
    )
    .argument('<reports...>', 'check --format json 或 jsonl 的输出文件 / outputs of check --format json or jsonl')
    .addOption(
      new Option('-f, --format <format>', '输出格式 / output format')
        .choices(['stylish', 'json', 'sarif', 'html'])
        .default('stylish'),
    )
    .option('-o, --output <file>', '把报告写入文件 / write the report to a file')
    .option('--max-warnings <n>', '警告超过 N 个时以 1 退出 / exit 1 when warnings exceed N')
    .option('--color', '彩色输出 / colour output')
    .option('--no-color', '不用彩色 / no colour')
    .action(async (inputs: string[], opts) => {
      const color = opts.color ?? (Boolean(io.stdout.isTTY) && !process.env.NO_COLOR);
      const { runMerge } = await import('./commands/merge.js');
      setExit(await runMerge(inputs, { ...opts, color }, io));
    });

  program
    .command('rules')
    .description('列出规则及其标准条款、提示语和示例 / list rules with clauses, messages and examples')
    .argument('[id]', '规则 id 或类别（如 punct） / a rule id or an area')
    .addOption(
      new Option('-f, --format <format>', '输出格式 / output format').choices(['text', 'json']).default('text'),
    )
    .action(async (id: string | undefined, opts) => {
      const { runRules } = await import('./commands/rules.js');
      setExit(runRules(id, opts, io.stdout));
    });

  program
    .command('lsp')
    .description('启动语言服务器（供编辑器使用） / start the language server for editors')
    .option('--stdio', '通过标准输入输出通信 / talk over stdin/stdout')
    .allowUnknownOption(true)
    .action(async (opts: { stdio?: boolean }) => {
      const { runLsp } = await import('./commands/lsp.js');
      setExit(await runLsp(opts));
    });

  program
    .command('new')
    .description('生成某一文种的 Markdown 公文草稿 / write a Markdown draft for a document type')
    .argument('[文种]', '文种，如 通知、请示、函、纪要 / document type')
    .option('-o, --output <file>', '写入文件（默认输出到标准输出） / write to a file instead of stdout')
    .option('--list', '列出全部文种 / list the document types')
    .option('--force', '覆盖已有文件 / overwrite an existing file')
    .action(async (genre: string | undefined, opts) => {
      const { runNew } = await import('./commands/new.js');
      setExit(runNew(genre, opts, io));
    });

  program
    .command('build')
    .description('把 Markdown 草稿排版为符合 GB/T 9704 的 .docx / lay out a Markdown draft as a GB/T 9704 .docx')
    .argument('<draft>', 'Markdown 草稿 / the Markdown draft')
    .option('-o, --output <file>', "输出的 .docx（默认与草稿同名） / output .docx (default: the draft's name)")
    .option('--force', '草稿有错误时仍然生成 / build even when the draft has errors')
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('-q, --quiet', '只报告错误 / report errors only')
    .action(async (draft: string, opts) => {
      const { runBuild } = await import('./commands/build.js');
      setExit(await runBuild(draft, opts, io));
    });

  program
    .command('draft')
    .description(
      '由起草要求和材料起草公文：先定文种和行文方向，模型成稿后逐项核对事实 / draft a document from a request and materials',
    )
    .requiredOption('--request <text>', '起草要求 / what to write')
    .option('--materials <files...>', '材料（.txt .md .docx .csv） / source materials')
    .option('--genre <文种>', '要求的文种（可能按行文关系改定） / the document type asked for')
    .option('--from <机关>', '发文机关 / the sending organ')
    .option('--to <机关>', '主送机关（多个用顿号分隔） / the organs addressed')
    .option('--plan', '只输出起草计划（JSON），不调用模型 / print the plan as JSON, no model')
    .option('-o, --output <file>', '写入草稿文件（默认输出到标准输出） / write the draft to a file')
    .option('--force', '覆盖已有文件 / overwrite an existing file')
    .option('--date <成文日期>', '成文日期（默认当天） / the date of the document (default: today)')
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('--llm-redact', '发送前隐去身份证号、手机号、银行卡号和电子邮箱 / mask personal data before sending')
    .option('--llm-model <model>', '模型（覆盖 GONGWEN_LLM_MODEL） / model')
    .option('--llm-base-url <url>', 'OpenAI 兼容服务地址（覆盖 GONGWEN_LLM_BASE_URL） / OpenAI-compatible endpoint')
    .action(async (opts) => {
      const { runDraft } = await import('./commands/draft.js');
      setExit(await runDraft(opts, io));
    });

  program
    .command('revise')
    .description('按要求修改草稿的一个部分，其余文字不变，并再次核对事实 / revise one part of a draft')
    .argument('<draft>', 'Markdown 草稿 / the Markdown draft')
    .requiredOption('--section <部分>', '要修改的部分，如 二（即“二、”开头的部分） / the part to revise')
    .requiredOption('--instruction <text>', '修改要求 / what to change')
    .option('--materials <files...>', '材料（默认用草稿文首记录的材料） / materials (default: those recorded)')
    .option('-o, --output <file>', '写入另一文件（默认改写草稿） / write elsewhere (default: the draft)')
    .option('--dry-run', '只显示改动，不写文件 / show the change only')
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('--llm-redact', '发送前隐去身份证号、手机号、银行卡号和电子邮箱 / mask personal data before sending')
    .option('--llm-model <model>', '模型（覆盖 GONGWEN_LLM_MODEL） / model')
    .option('--llm-base-url <url>', 'OpenAI 兼容服务地址（覆盖 GONGWEN_LLM_BASE_URL） / OpenAI-compatible endpoint')
    .action(async (draft: string, opts) => {
      const { runRevise } = await import('./commands/draft.js');
      setExit(await runRevise(draft, opts, io));
    });

  program
    .command('review')
    .description(
      '生成审阅稿：问题写成 Word 批注，可自动修正的写成修订（原文件不变） / write a reviewed copy with comments and tracked changes',
    )
    .argument(
      '<paths...>',
      '.docx（或 .doc/.wps，需要 LibreOffice）文件或其所在文件夹 / .docx files (.doc/.wps with LibreOffice) or folders of them',
    )
    .option(
      '-o, --output <path>',
      '审阅稿路径（默认 原名.reviewed.docx）；审阅多个文件或文件夹时为输出文件夹 / output path (default <name>.reviewed.docx); a folder for several files',
    )
    .option('--fix-layout', '同时直接修正页边距、字体和字号 / also fix margins, fonts and sizes directly')
    .option(
      '--accept',
      '直接应用安全的文字修正（不作修订标记），其余问题仍写成批注 / make the safe text fixes directly, no tracked changes',
    )
    .option('--author <name>', '批注和修订的作者（默认 gongwen） / author of comments and changes')
    .option('--rule <id=level>', '覆盖规则级别（可重复） / override a rule level (repeatable)', collect)
    .option('-c, --config <file>', '使用指定配置文件 / use this config file')
    .option('-q, --quiet', '不列出问题，只输出摘要 / summary only')
    .action(async (paths: string[], opts) => {
      const { runReview } = await import('./commands/review.js');
      setExit(await runReview(paths, opts, io));
    });

  program
    .command('convert')
    .description(
      '把 .docx（或 .doc/.wps）、.pdf、.ofd 转换为 Markdown 草稿，版头版记放入文首数据 / convert a .docx, .pdf or .ofd to a Markdown draft',
    )
    .argument('<input>', '.docx、.pdf 或 .ofd 文件 / .docx, .pdf or .ofd file')
    .option('-o, --output <file>', '输出的 .md 文件（默认同名 .md） / output .md file')
    .action(async (input: string, opts: { output?: string }) => {
      const { runConvert } = await import('./commands/convert.js');
      setExit(await runConvert(input, opts, io));
    });

  return program;
}

/** The exit code and one-line message for an error that ended the run (the engine loads only on this path). */
async function failure(e: unknown, io: Io): Promise<number> {
  const [{ ConfigError, DocumentError, RuleLoadError }, { UsageError, oneLine }] = await Promise.all([
    import('@gongwen/core'),
    import('@gongwen/node'),
  ]);
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

/** Runs the CLI and returns its exit code: 0 clean, 1 findings, 2 usage or internal failure. */
export async function main(
  argv: string[],
  io: Io = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return 0;
      return 2;
    }
    return failure(e, io);
  }
}
