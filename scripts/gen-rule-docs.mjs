#!/usr/bin/env node
// Writes the rule docs (rules/README.md) from the built rule registry, beside the data rules they describe.
import { renameSync, writeFileSync } from 'node:fs';
import { RULE_DOCS_PATH, defaultRegistry, renderRuleDocs } from '@gongwen/core';

const out = new URL(`../${RULE_DOCS_PATH}`, import.meta.url).pathname;
writeFileSync(`${out}.tmp`, renderRuleDocs(defaultRegistry()));
renameSync(`${out}.tmp`, out);
