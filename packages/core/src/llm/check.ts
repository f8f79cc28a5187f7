import type { GovDocument } from '../document/types.js';
import type { Checker } from '../engine/checker.js';
import { effectiveLevel } from '../engine/config.js';
import { finishDiagnostics, type LintResult } from '../engine/lint.js';
import { classifiedMark, classifiedRefusal } from './classified.js';
import { runLlmChecks, type LlmRunOptions } from './run.js';
import { confirmTypoFindings } from './typo-confirm.js';
import { DEFAULT_LLM_SEVERITY, LLM_CATEGORIES, emptyStats, type LlmStats } from './types.js';

/**
 * The rules, then the AI checks on the same document: AI findings are suggestions only, rule levels in the config
 * (`llm/typo: off`) choose the categories asked for, and both pass the one pipeline. Rejects when `signal` aborts.
 */
export async function checkWithLlm(
  checker: Checker,
  doc: GovDocument,
  llm: LlmRunOptions,
  signal?: AbortSignal,
): Promise<LintResult & { llm: LlmStats }> {
  const result = checker.check(doc);
  // A classified document never leaves the machine: the rule findings and a notice at its 密级, no request at all.
  const secret = classifiedMark(doc);
  if (secret) {
    const message = classifiedRefusal(secret.mark);
    const notice = {
      ruleId: 'gongwen/llm-classified',
      severity: 'info' as const,
      message,
      range: secret.range,
      source: 'rule' as const,
      standard: '《党政机关公文处理工作条例》第九条（二）；《中华人民共和国保守国家秘密法》',
    };
    return {
      diagnostics: finishDiagnostics([notice, ...result.diagnostics], doc),
      structure: result.structure,
      llm: { ...emptyStats(), errors: [message] },
    };
  }
  const severities: LlmRunOptions['severities'] = {};
  const categories = (llm.categories ?? LLM_CATEGORIES).filter((c) => {
    const level = effectiveLevel(checker.config, `llm/${c}`, DEFAULT_LLM_SEVERITY[c]);
    if (level !== 'off') severities[c] = level;
    return level !== 'off';
  });
  if (!categories.length) return { ...result, llm: emptyStats() };
  // With typos asked for, the statistical typo findings the rule was unsure of are put to the model first (yes/no).
  const confirmStats = emptyStats();
  const ruleDiagnostics = categories.includes('typo')
    ? await confirmTypoFindings(
        doc.text,
        result.diagnostics,
        {
          backend: llm.backend,
          ...(llm.timeoutMs !== undefined ? { timeoutMs: llm.timeoutMs } : {}),
          ...(signal ? { signal } : {}),
        },
        confirmStats,
      )
    : result.diagnostics;
  const run = await runLlmChecks(
    doc,
    result.structure,
    { ...llm, categories, severities, terms: [...checker.config.terms, ...(llm.terms ?? [])] },
    ruleDiagnostics,
    signal,
  );
  return {
    diagnostics: finishDiagnostics([...ruleDiagnostics, ...run.diagnostics], doc),
    structure: result.structure,
    llm: addConfirmStats(run.stats, confirmStats),
  };
}

/** The run's accounting with the typo confirmation's requests added. */
function addConfirmStats(stats: LlmStats, confirm: LlmStats): LlmStats {
  stats.requests += confirm.requests;
  stats.promptTokens += confirm.promptTokens;
  stats.completionTokens += confirm.completionTokens;
  stats.malformed += confirm.malformed;
  stats.errors.push(...confirm.errors);
  for (const [url, e] of Object.entries(confirm.endpoints)) {
    const to = (stats.endpoints[url] ??= { characters: 0, requests: 0 });
    to.characters += e.characters;
    to.requests += e.requests;
  }
  return stats;
}
