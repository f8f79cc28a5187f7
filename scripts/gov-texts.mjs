// The published government documents under ../shared/corpora/gov-texts/ as { name, text } in a fixed order, and the
// split the typo model is measured with (train-typo-lm.mjs --holdout, eval-typo-lm.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every document: the 649 notices (file name as the first line) and the work reports, in sorted order. */
export function govDocuments(corpora) {
  const docs = [];
  const web = join(corpora, 'gov-texts', 'ecspell-web-dev');
  for (const f of readdirSync(web)
    .filter((f) => f.endsWith('.txt'))
    .sort())
    docs.push({ name: f, text: `${f.slice(0, -4)}\n${readFileSync(join(web, f), 'utf8').replace(/\r\n?/g, '\n')}` });
  const reports = join(corpora, 'gov-texts', 'work-reports');
  for (const f of readdirSync(reports)
    .filter((f) => f.endsWith('.jsonl'))
    .sort())
    for (const line of readFileSync(join(reports, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line);
      docs.push({ name: String(o.title), text: String(o.content).replace(/\n{2,}/g, '\n') });
    }
  return docs;
}

/**
 * Whether a document is held out of training: FNV-1a of its name is `fold` mod k (k = 10: about a tenth; folds 0 to
 * k − 1 split the documents into k parts, each held out by one model).
 */
export function heldOut(name, k, fold = 0) {
  if (!k) return false;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h % k === fold;
}
