import { createRequire } from 'node:module';

let own: NodeJS.Require | undefined;

/**
 * Node's require, for loading a heavy dependency on first use instead of at start-up. Call sites write
 * `typeof require === 'function' ? require('pkg') : nodeRequire('pkg')`: the literal require() is what a bundler (the
 * editor extension's esbuild build) sees and inlines, and it is what a CommonJS bundle runs; Node's ES modules have no
 * require, so they take this one (which also loads ES-only packages: Node ≥ 20.19 requires ES modules).
 */
export function nodeRequire(id: string): unknown {
  return (own ??= createRequire(import.meta.url))(id);
}
