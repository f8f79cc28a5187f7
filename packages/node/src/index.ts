export {
  Gongwen, lintFiles, lintText, fixText, reviewDocx, buildDocx, defaultReviewPath,
  type GongwenOptions, type LintOptions, type LintFileResult, type TextOptions, type ReviewOptions, type ReviewFileResult, type BuildOptions,
  type BuildResult,
} from './gongwen.js';
export {
  CONFIG_NAMES, ConfigResolver, loadConfigFile, findConfigFile, editConfigFile, setRuleLevelInFile, addTermToFile,
  type LoadedConfig, type ConfigResolverOptions,
} from './config.js';
export {
  IGNORE_FILE, IgnoreList, IgnoreLists, contextHash, ignoreKey, readIgnoreFile, findIgnoreFile, addIgnoreEntry, type IgnoreEntry,
} from './ignores.js';
export { CHECKED_EXTENSIONS, expandPaths, isIgnored, displayPath } from './files.js';
export {
  MAX_INPUT_BYTES, readInput, readDocxInput, assertDocxInput, isLegacyPath, findSoffice, sofficeConvert, libreOfficeConverter,
  defaultLegacyConverter, type Env, type InputDocument, type LegacyConverter,
} from './read.js';
export { LLM_ENV, LlmSession, FileLlmCache, defaultCacheDir, resolveLlmSettings, type LlmFlags, type LlmSettings } from './llm.js';
export { fixLoop, type Checked, type FixLoopOptions } from './fix.js';
export { writeAtomic } from './write.js';
export { UsageError, oneLine } from './errors.js';
