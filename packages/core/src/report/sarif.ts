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

/** SARIF of files already located (a check's results, or outputs read back by `merge`). */
export function formatSarifFiles(results: readonly ReportFile[], options: SarifOptions): string {
  const rules = options.registry.all();
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const uri = options.uri ?? ((p: string) => p.split('\\').join('/'));
  const notifications = results
    .filter((r) => r.error)
    .map((r) => ({
      level: 'error',
      message: { text: r.error!.message },
      descriptor: { id: r.error!.code },
      locations: [{ physicalLocation: { artifactLocation: { uri: uri(r.path) } } }],
    }));
  const sarifResults = results.flatMap((r) =>
    r.diagnostics.map((l) => {
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
      const location = { physicalLocation: { artifactLocation: { uri: uri(r.path) }, region } };
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
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gongwen',
            version: options.toolVersion,
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
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
