export { createServer, startServer, defaultDocsUri, type ServerOptions } from './server.js';
export { COMMANDS } from './command-ids.js';
export { FIX_ALL_KIND } from './code-actions.js';
export { formatOf } from './documents.js';
export { ruleHover } from './hover.js';
export type { ClientSettings } from './settings.js';
export { IncrementalChecker, documentOf, type Analysis, type TextFormat } from './analysis.js';
export { renderRuleDocs, ruleAnchor } from './docs.js';
