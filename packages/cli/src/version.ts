import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * The build's identity (dist/build-id, written by the bundle: its code and data files), or '' where the command line
 * runs from its modules without one. Read once.
 */
let build: string | undefined;
export function buildId(): string {
  if (build === undefined) {
    try {
      build = readFileSync(new URL('./build-id', import.meta.url), 'utf8').trim();
    } catch {
      build = '';
    }
  }
  return build;
}
