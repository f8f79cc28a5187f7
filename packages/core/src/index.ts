export type * from './document/types.js';
export { MASK_CHAR } from './document/mask.js';
export type * from './engine/types.js';
export { applyFixes, fixUntilStable, type AppliedFixes, type FixLoopResult, type FixChange } from './engine/fix.js';
export { type Config, type OrganizationConfig, type RuleSetting, ConfigError, parseLevel } from './engine/config.js';
export { normalizeConfig, mergeConfigs } from './config.js';
export type { LlmConfig } from './llm/config.js';
export { RuleRegistry } from './engine/registry.js';
export {
  compileDataRule,
  literalScanner,
  patternScanner,
  validateDataRuleSpec,
  RuleLoadError,
  type DataRuleSpec,
} from './engine/data-rules.js';
export {
  lint,
  runRules,
  finishDiagnostics,
  compareDiagnostics,
  verifyDocumentFixes,
  type LintOptions,
  type LintResult,
} from './engine/lint.js';
export { lineUnits, lineSplittable, lineScopeKey, type LineUnit } from './engine/line-units.js';
export { mayCrossLines, withoutLineIdioms } from './engine/locality.js';
export { homophoneIndex } from './rules/typo/homophone-index.js';
export { shareDataFiles, useSharedDataFiles } from './rules/typo/data-files.js';
export { defaultRegistry } from './engine/load.js';
export { resolveProfile, builtinProfiles, validateProfile } from './engine/profile.js';
export { checkRuleExamples, ruleExampleProblems } from './engine/examples.js';
export { RULE_DOCS_PATH, ruleAnchor, ruleDoc, renderRuleDocs } from './engine/rule-docs.js';
export { Checker, type CheckerOptions } from './engine/checker.js';
export { recognizeStructure } from './structure/recognize.js';
export * from './structure/patterns.js';
export type * from './structure/types.js';
export { DocumentError, DOCUMENT_ERROR_CODES, printable } from './formats/errors.js';
export { decodeText, type DecodedText } from './formats/encoding.js';
export {
  readText,
  encodeSource,
  readMarkdown,
  textDocument,
  markdownFromText,
  formatForPath,
  readDocument,
  documentFromSource,
} from './formats/index.js';
export { normalizeLineBreaks, restoreLineBreaks } from './formats/text.js';
export { readPdf, DEFAULT_PDF_LIMITS, type PdfLimits } from './formats/paged/pdf.js';
export { pagedDocument, NO_TEXT_LAYER } from './formats/paged/build.js';
export { readOfd, MAX_OFD_PAGES } from './formats/paged/ofd.js';
export { pagedToMarkdown } from './formats/paged/markdown-draft.js';
export type {
  PagedLayoutInfo,
  PagedLine,
  PagedPage,
  PagedRule,
  PagedRun,
  PagedSource,
} from './formats/paged/types.js';
export type * from './report/types.js';
export { summarize, displayWidth, reportFile, excerptSpan, locate, SummaryCounter } from './report/locate.js';
export { fingerprints, fingerprintContext, hash64 } from './report/fingerprint.js';
export {
  formatJson,
  formatJsonFiles,
  jsonSummary,
  jsonSummaryOf,
  jsonFileEntry,
  JsonReport,
  type JsonExtra,
} from './report/json.js';
export { formatStylish, formatStylishFiles, StylishReport, type StylishOptions } from './report/stylish.js';
export { snapshotDocument, documentView, type DocumentSnapshot, type ReportDocument } from './report/view.js';
export { HtmlReport, formatHtml, formatHtmlFiles, escapeHtml, type HtmlOptions } from './report/html.js';
export {
  readReport,
  mergeReports,
  comparePaths,
  selectDiagnostics,
  Baseline,
  ReportFormatError,
  type ReadReport,
} from './report/read.js';
export { parseShard, type Shard } from './report/shard.js';
export { formatFixChanges, unifiedDiff, type FileChanges } from './report/fixes.js';
export { formatSarif, formatSarifFiles, SarifReport, type SarifOptions } from './report/sarif.js';
export { DATA_PACK_FILES, DATA_RULE_FILES } from './generated/bundle.js';
export {
  OpenAiBackend,
  type LlmBackend,
  type LlmRequest,
  type LlmResponse,
  type OpenAiBackendOptions,
} from './llm/backend.js';
export { runLlmChecks, type LlmRunOptions, type LlmRunResult } from './llm/run.js';
export { checkWithLlm } from './llm/check.js';
export { confirmTypoFindings, parseConfirmations, type TypoConfirmOptions } from './llm/typo-confirm.js';
export { classifiedMark, classifiedRefusal, type ClassifiedMark } from './llm/classified.js';
export { chunkDocument, type Chunk, type ChunkOptions } from './llm/chunk.js';
export { redactChunk, restoreText, type Redaction, type RedactKind } from './llm/redact.js';
export { PROMPT_VERSION, parseAnswer, type ParsedAnswer } from './llm/prompt.js';
export {
  emptyStats,
  addStats,
  parseCategories,
  type LlmCategory,
  type LlmFinding,
  type LlmCache,
  type LlmStats,
} from './llm/types.js';
export {
  parseDocx,
  readDocx,
  docxLayout,
  readZip,
  writeZip,
  type XmlLimits,
  docxToMarkdown,
  type MarkdownDraft,
  type ParsedDocx,
  type ZipLimits,
} from './formats/docx/index.js';
export * from './writers/builder/index.js';
export { reviewDocx, type ReviewOptions, type ReviewResult } from './writers/review.js';
export { DRAFT_TEMPLATES, findDraftTemplate, type DraftTemplate } from './drafts/index.js';
export * from './drafting/index.js';
