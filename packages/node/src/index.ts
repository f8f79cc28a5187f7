export {
  Gongwen,
  lintFiles,
  lintText,
  fixText,
  reviewDocx,
  buildDocx,
  defaultReviewPath,
  type GongwenOptions,
  type LintOptions,
  type LintFileResult,
  type BatchFileResult,
  type TextOptions,
  type ReviewOptions,
  type ReviewFileResult,
  type BuildOptions,
  type BuildResult,
} from './gongwen.js';
export {
  CONFIG_NAMES,
  findConfigFile,
  setRuleLevelInFile,
  addTermToFile,
  type LoadedConfig,
} from './config.js';
export {
  IGNORE_FILE,
  IgnoreList,
  contextHash,
  findIgnoreFile,
  addIgnoreEntry,
} from './ignores.js';
export { CHECKED_EXTENSIONS, expandPaths, displayPath, shardOf } from './files.js';
export {
  MAX_INPUT_BYTES,
  isLegacyPath,
  type Env,
  type LegacyConverter,
} from './read.js';
export { LLM_ENV, FileLlmCache, defaultCacheDir, resolveLlmSettings, type LlmFlags, type LlmSettings } from './llm.js';
export { fixLoop, type Checked, type FixLoopOptions } from './fix.js';
export { writeAtomic, AtomicFile } from './write.js';
export { UsageError, oneLine } from './errors.js';
export {
  MATERIAL_EXTENSIONS,
  ClassifiedMaterialError,
  readMaterial,
  planFromFiles,
  draftFromFiles,
  reviseFromFile,
  findSection,
  regionDiff,
  todayAsDate,
  type DraftOptions,
  type DraftResult,
  type ReviseOptions,
  type ReviseResult,
  type ReadMaterial,
  type PlanOptions,
} from './draft.js';
