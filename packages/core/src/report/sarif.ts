import type { RuleRegistry } from '../engine/registry.js';
import { reportFile } from './locate.js';
import type { FileResult, ReportFile } from './types.js';

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export interface SarifOptions {
  registry: RuleRegistry;
  toolVersion: string;
  /** Turns a result path into the artifact URI (relative paths are kept as they are). */
  uri?: (path: string) => string;
}

/** SARIF 2.1.0 with the rules, their levels and clauses, and a region per finding. */
export function formatSarif(results: readonly FileResult[], options: SarifOptions): string {
  return formatSarifFiles(results.map(reportFile), options);
}

/** The SARIF results of one file's located findings. */
function fileResults(r: ReportFile, index: ReadonlyMap<string, number>, uri: (path: string) => string): unknown[] {
  return r.diagnostics.map((l) => {
    const ruleIndex = index.get(l.ruleId);
    const region = {
      startLine: l.line,
      startColumn: l.column,
      endLine: l.endLine,
      endColumn: Math.max(l.endColumn, l.endLine === l.line ? l.column : 1),
      charOffset: l.offset,
      charLength: l.endOffset - l.offset,
      ...(l.excerpt ? { snippet: { text: l.excerpt } } : {}),
    };
    // SARIF has no pages: a finding in a PDF or OFD says where it prints in the location's properties.
    const printed = l.pageLine !== undefined ? { properties: { page: l.page, pageLine: l.pageLine } } : {};
    const location = { physicalLocation: { artifactLocation: { uri: uri(r.path) }, region }, ...printed };
    return {
      ruleId: l.ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: SARIF_LEVEL[l.severity],
      message: { text: l.standard ? `${l.message}（${l.standard}）` : l.message },
      locations: [location],
      // Code scanning matches results across runs by this: it survives lines moving (see fingerprints()).
      ...(l.fingerprint ? { partialFingerprints: { 'gongwen/v1': l.fingerprint } } : {}),
      ...(l.fix
        ? {
            fixes: [
              {
                description: { text: `改为“${l.fix.text}”` },
                artifactChanges: [
                  {
                    artifactLocation: { uri: uri(r.path) },
                    replacements: [
                      {
                        deletedRegion: { charOffset: l.fix.range[0], charLength: l.fix.range[1] - l.fix.range[0] },
                        insertedContent: { text: l.fix.text },
                      },
                    ],
                  },
                ],
              },
            ],
          }
        : {}),
      properties: { source: l.source, ...(l.standard ? { standard: l.standard } : {}) },
    };
  });
}

// Stands for the results array while the frame around it is written (no rule text holds a NUL).
const RESULTS_MARK = '\u0000results';

/**
 * SARIF written piece by piece, byte for byte what formatSarifFiles gives: `file()` returns each file's results as
 * they come (to be kept aside, e.g. in a temporary file), and `frame()` at the end the text before and after them.
 * The log names the files that could not be read before its results, so the results wait until the end; nothing
 * else does.
 */
export class SarifReport {
  private readonly index: Map<string, number>;
  private readonly uri: (path: string) => string;
  private readonly notifications: unknown[] = [];
  private results = 0;

  constructor(private readonly options: SarifOptions) {
    this.index = new Map(options.registry.all().map((r, i) => [r.meta.id, i]));
    this.uri = options.uri ?? ((p: string) => p.split('\\').join('/'));
  }

  file(r: ReportFile): string {
    if (r.error)
      this.notifications.push({
        level: 'error',
        message: { text: r.error.message },
        descriptor: { id: r.error.code },
        locations: [{ physicalLocation: { artifactLocation: { uri: this.uri(r.path) } } }],
      });
    let out = '';
    for (const item of fileResults(r, this.index, this.uri))
      out += `${this.results++ ? ',' : ''}\n        ${JSON.stringify(item, null, 2).replace(/\n/g, '\n        ')}`;
    return out;
  }

  /** [before, after] the results; `interrupted`: the run stopped before every file was checked. */
  frame(extra: { interrupted?: boolean } = {}): [string, string] {
    const rules = this.options.registry.all();
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'gongwen',
              version: this.options.toolVersion,
              rules: rules.map((r) => ({
                id: r.meta.id,
                shortDescription: { text: r.meta.message },
                fullDescription: { text: r.meta.description },
                defaultConfiguration: { level: SARIF_LEVEL[r.meta.level] },
                properties: { ...(r.meta.standard ? { standard: r.meta.standard } : {}), kind: r.meta.kind },
              })),
            },
          },
          columnKind: 'utf16CodeUnits',
          invocations: [
            {
              executionSuccessful: this.notifications.length === 0 && !extra.interrupted,
              toolExecutionNotifications: this.notifications,
            },
          ],
          results: RESULTS_MARK,
          ...(extra.interrupted ? { properties: { interrupted: true } } : {}),
        },
      ],
    };
    const text = JSON.stringify(log, null, 2);
    const mark = JSON.stringify(RESULTS_MARK);
    const at = text.indexOf(mark);
    return [`${text.slice(0, at)}[`, `${this.results ? '\n      ' : ''}]${text.slice(at + mark.length)}`];
  }
}

/** SARIF of files already located (a check's results, or outputs read back by `merge`). */
export function formatSarifFiles(results: readonly ReportFile[], options: SarifOptions): string {
  const report = new SarifReport(options);
  let body = '';
  for (const r of results) body += report.file(r);
  const [before, after] = report.frame();
  return before + body + after;
}
