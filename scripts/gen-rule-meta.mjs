#!/usr/bin/env node
// Writes every rule's meta, in registry order, beside the compiled core (packages/core/dist/rule-meta.json) so that
// `gongwen rules` answers without loading the engine.
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../packages/core/dist');
const { defaultRegistry } = await import(join(dist, 'index.js'));
const { RULE_META_FILE } = await import(join(dist, 'rule-meta.js'));
const out = join(dist, RULE_META_FILE);
writeFileSync(
  `${out}.tmp`,
  JSON.stringify(
    defaultRegistry()
      .all()
      .map((r) => r.meta),
  ),
);
renameSync(`${out}.tmp`, out);
