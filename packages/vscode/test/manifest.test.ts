import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '@gongwen/core';
// @ts-expect-error plain ESM script without types
import { configuration } from '../scripts/manifest.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('extension manifest', () => {
  it('contributed settings are generated from the rule registry (npm run build -w gongwen-vscode refreshes them)', () => {
    expect(pkg.contributes.configuration).toEqual(configuration());
    expect(Object.keys(pkg.contributes.configuration.properties['gongwen.rules'].properties)).toEqual(
      defaultRegistry()
        .all()
        .map((r) => r.meta.id),
    );
  });

  it('declares activation explicitly and bundles without dependencies', () => {
    expect(pkg.activationEvents).toEqual(
      expect.arrayContaining(['onLanguage:plaintext', 'onLanguage:markdown', 'workspaceContains:**/.gongwenrc.yaml']),
    );
    expect(pkg.main).toBe('./dist/extension.cjs');
    expect(pkg.scripts.package).toContain('--no-dependencies');
    expect(pkg.contributes.commands.map((c: { command: string }) => c.command)).toEqual([
      'gongwen.draftDocument',
      'gongwen.checkWithAI',
      'gongwen.buildDocx',
      'gongwen.reviewDocx',
      'gongwen.openRuleDocs',
    ]);
  });
});
