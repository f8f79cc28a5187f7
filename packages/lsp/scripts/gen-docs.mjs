// Writes docs/rules.md from the built rule registry.
import { writeFileSync, renameSync } from 'node:fs';
import { defaultRegistry } from '@gongwen/core';
import { renderRuleDocs } from '../dist/index.js';

const out = new URL('../docs/rules.md', import.meta.url);
writeFileSync(`${out.pathname}.tmp`, renderRuleDocs(defaultRegistry()));
renameSync(`${out.pathname}.tmp`, out.pathname);
