// The extension's contributed settings, generated from the rule registry (a test fails when package.json drifts).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultRegistry } from '@gongwen/core';

const LEVELS = ['off', 'info', 'warning', 'error'];

export function configuration() {
  const rules = Object.fromEntries(
    defaultRegistry()
      .all()
      .map((r) => [
        r.meta.id,
        {
          type: 'string',
          enum: LEVELS,
          markdownDescription: `${r.meta.description}${r.meta.standard ? `（${r.meta.standard}）` : ''}\n\n默认级别 / default: \`${r.meta.level}\``,
        },
      ]),
  );
  return {
    title: 'gongwen 公文校对',
    properties: {
      'gongwen.enable': { type: 'boolean', default: true, description: '启用公文校对 / enable gongwen' },
      'gongwen.profile': {
        type: 'string',
        description: '格式规范（如 gbt9704），覆盖 .gongwenrc.yaml 中的 profile / layout profile',
      },
      'gongwen.rules': {
        type: 'object',
        default: {},
        description:
          '按规则设置级别（off、info、warning、error），覆盖 .gongwenrc.yaml / rule levels, over .gongwenrc.yaml',
        properties: rules,
        additionalProperties: false,
      },
      'gongwen.terms': {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: '本单位的专有名称和固定用语，不作检查 / terms never flagged',
      },
      'gongwen.debounceMs': {
        type: 'number',
        default: 150,
        minimum: 0,
        description: '停止输入多少毫秒后检查 / delay before checking (ms)',
      },
    },
  };
}

/** Rewrites the extension's package.json when its generated settings differ from the registry (run by every build). */
export function refreshManifest() {
  const file = new URL('../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const next = { ...pkg, contributes: { ...pkg.contributes, configuration: configuration() } };
  if (JSON.stringify(next) !== JSON.stringify(pkg)) writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
}

// Run as a script (the root build): refresh now. fileURLToPath, not URL.pathname: a path with a space is %20 there.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) refreshManifest();
