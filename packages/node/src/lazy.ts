import { createRequire } from 'node:module';

let own: NodeJS.Require | undefined;

/**
 * Node's require, for a dependency loaded on first use instead of at start-up (the CLI's `check` of a text file
 * needs no YAML parser unless a config file exists, and no glob library unless a pattern is a glob). Call sites write
 * `typeof require === 'function' ? require('pkg') : nodeRequire('pkg')`: the literal require() is what the editor
 * extension's bundler sees and inlines; ES modules under Node take this one.
 */
export function nodeRequire(id: string): unknown {
  return (own ??= createRequire(import.meta.url))(id);
}

/** Where a module of an installed package is (its real path), as Node's require would find it from here. */
export function nodeResolve(id: string): string {
  return (own ??= createRequire(import.meta.url)).resolve(id);
}
