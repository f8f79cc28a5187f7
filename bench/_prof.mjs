import { readdirSync, readFileSync } from 'node:fs';
import { Checker, textDocument } from '@gongwen/core';
const dir='/work/shared/corpora/gov-texts/ecspell-web-dev';
const texts = readdirSync(dir).filter(f=>f.endsWith('.txt')).sort().map(f=>readFileSync(dir+'/'+f,'utf8'));
const c = new Checker(); c.check(textDocument(texts[0]));
const t=performance.now();
for (let r=0;r<2;r++) for (const x of texts) c.check(textDocument(x));
console.log(((performance.now()-t)/2).toFixed(0),'ms/pass');
