export { createServer, startServer, type ServerOptions } from './server.js';
export { formatOf } from './documents.js';
export { IncrementalChecker, documentOf, type Analysis, type TextFormat } from './analysis.js';
