export { createServer, startServer, defaultDocsUri, formatOf, contextHash, ruleHover, COMMANDS, FIX_ALL_KIND, IGNORE_FILE, type ClientSettings, type ServerOptions } from './server.js';
export { IncrementalChecker, documentOf, type Analysis, type TextFormat } from './analysis.js';
export { mayCrossLines, isLineLocal, withoutLineIdioms } from './locality.js';
export { renderRuleDocs, ruleAnchor } from './docs.js';
export { CONFIG_NAMES, ConfigResolver, loadConfigFile, findConfigFile, setRuleLevelInFile, addTermToFile, type LoadedConfig } from './config-files.js';
