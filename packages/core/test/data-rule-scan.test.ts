// Pattern rules may declare where their matches can start (`startsWith`) or a literal each match contains (`anchor`),
// so the engine tries the pattern only there. A wrong declaration would lose findings silently: here every such rule
// is scanned both ways over its examples, the fixtures, the samples and (when present) the gov-texts corpus, and the
// matches must be the same.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATA_RULE_FILES, literalScanner, patternScanner, validateDataRuleSpec } from '@gongwen/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const govTexts = join(root, '../shared/corpora/gov-texts/ecspell-web-dev');
if (process.env.CI && !existsSync(govTexts)) throw new Error(`corpus missing in CI: ${govTexts}`);

function texts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return texts(p);
      return /\.(txt|md)$/.test(name) ? [readFileSync(p, 'utf8')] : [];
    });
}

const plain = (pattern: string, text: string) => {
  const re = new RegExp(pattern, 'gu');
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    else out.push(`${m.index}:${m[0]}`);
  }
  return out;
};

const specs = DATA_RULE_FILES.map(({ file, data }) => validateDataRuleSpec(data, `rules/${file}`)).filter(
  (s) => s.kind === 'pattern' && (s.startsWith !== undefined || s.anchor !== undefined),
);

describe('pattern rules narrowed by startsWith or anchor', () => {
  const corpus = [...texts(join(root, 'corpora')), ...texts(govTexts)];
  // Hand-made edges: matches back to back, at the ends of the text, an anchor inside and right after a match.
  const edges = [
    '〔',
    '国发〔2024〕1号《',
    '》国发〔2024〕1号》国发〔2024〕2号',
    'a,b',
    '中,',
    ',中',
    '中.中',
    '  ',
    '\u3000',
  ];

  it('some rules use them', () => {
    expect(specs.length).toBeGreaterThanOrEqual(5);
  });

  for (const spec of specs) {
    it(`${spec.id}: the narrowed scan finds exactly what the plain scan finds`, () => {
      const scan = patternScanner(spec);
      const inputs = [
        ...spec.examples.bad.map((b) => b.text),
        ...spec.examples.good,
        ...edges,
        ...corpus,
        spec.examples.bad.map((b) => b.text).join(''),
      ];
      let found = 0;
      for (const text of inputs) {
        const want = plain(spec.pattern!, text);
        const got = [...scan(text)].map((m) => `${m.index}:${m[0]}`);
        expect(got, text.slice(0, 80)).toEqual(want);
        found += want.length;
      }
      // The bad examples alone guarantee the comparison saw matches.
      expect(found).toBeGreaterThan(0);
    });
  }
});

// Substitution and existence rules match their words without a regex (literalScanner); the matches must be those of
// the alternation, longest word first, that the rules compiled to before.
describe('word lists scanned without the alternation regex', () => {
  const lists = DATA_RULE_FILES.map(({ file, data }) => validateDataRuleSpec(data, `rules/${file}`)).filter(
    (s) => s.kind !== 'pattern',
  );
  const corpus = [...texts(join(root, 'corpora')), ...texts(govTexts)];
  const escapeWord = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('some rules are word lists', () => {
    expect(lists.length).toBeGreaterThanOrEqual(3);
  });

  for (const spec of lists) {
    it(`${spec.id}: the same matches as the alternation`, () => {
      const words = (spec.kind === 'substitution' ? Object.keys(spec.swap!) : spec.tokens!).sort(
        (a, b) => b.length - a.length,
      );
      const scan = literalScanner(words);
      const pattern = words.map(escapeWord).join('|');
      const bad = spec.examples.bad.map((b) => b.text);
      // Back to back, overlapping and nested words.
      const edges = [words.join(''), words.slice(0, 20).join('中'), words.map((w) => w.slice(0, -1) + w).join('')];
      let found = 0;
      for (const text of [...bad, ...spec.examples.good, ...edges, ...corpus]) {
        const want = plain(pattern, text);
        expect(
          [...scan(text)].map((m) => `${m.index}:${m[0]}`),
          text.slice(0, 80),
        ).toEqual(want);
        found += want.length;
      }
      expect(found).toBeGreaterThan(0);
    });
  }

  it('never starts inside a surrogate pair, as the regex with the u flag', () => {
    const words = ['\udfb7中', '𠮷'];
    const text = '𠮷中\udfb7中';
    expect([...literalScanner(words)(text)].map((m) => `${m.index}:${m[0]}`)).toEqual(
      plain(words.map(escapeWord).join('|'), text),
    );
  });
});
