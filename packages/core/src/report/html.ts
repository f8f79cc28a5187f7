import type { RuleRegistry } from '../engine/registry.js';
import { alikeFindings } from './alike.js';
import { SummaryCounter, excerptSpan, pagedPlace, reportFile } from './locate.js';
import { AREA_ZH } from './stylish.js';
import type { FileResult, LlmSummary, LocatedDiagnostic, ReportFile } from './types.js';

const LEVEL_ZH = { error: '错误', warning: '警告', info: '提示' } as const;
const LEVELS = ['error', 'warning', 'info'] as const;
/** Rows in the "top rules" and "worst documents" tables: an overview, not a second listing. */
const TOP = 20;

export interface HtmlOptions {
  toolVersion: string;
  /** Rule descriptions for the "top rules" table (optional). */
  registry?: RuleRegistry;
  /** Findings left out because a baseline already had them. */
  baselined?: number;
  llm?: LlmSummary;
  /** The run was stopped before every file was checked. */
  interrupted?: boolean;
}

/** Every character that could end a text node or an attribute value, so file names and documents stay text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const areaOf = (ruleId: string) => ruleId.split('/')[0]!;
const areaName = (area: string) => AREA_ZH[area] ?? area;

function place(f: ReportFile, d: LocatedDiagnostic): string {
  if (f.format === 'docx')
    return `${d.page !== undefined ? `${d.pageEstimated ? '约' : ''}第 ${d.page} 页 ` : ''}第 ${d.line} 段`;
  if (f.format === 'pdf' || f.format === 'ofd') return pagedPlace(d.page, d.pageLine, d.line);
  return `第 ${d.line} 行第 ${d.column} 列`;
}

function excerptHtml(d: LocatedDiagnostic): string {
  if (!d.excerpt) return '';
  const text = d.excerpt.replace(/\uFFFC/g, ' ');
  const [s, e] = excerptSpan(d);
  // An empty span (a missing element, a place between characters) is marked by a thin caret.
  const mark = e > s ? `<mark>${escapeHtml(text.slice(s, e))}</mark>` : '<mark class="at"></mark>';
  return `<div class="ex">${escapeHtml(text.slice(0, s))}${mark}${escapeHtml(text.slice(e))}</div>`;
}

/** How many places of findings alike are named on the line that stands for them (all are listed under it). */
const PLACES_NAMED = 20;

function findingStart(d: LocatedDiagnostic): string {
  return `<li class="f ${d.severity}" data-level="${d.severity}" data-area="${escapeHtml(areaOf(d.ruleId))}" data-rule="${escapeHtml(d.ruleId)}">`;
}

/**
 * A finding in full; with `alike` (the findings like it in the file, itself first), the others follow it as places
 * and quotes only, under a line that names where they are: one thing to mend, not a page of the same words.
 */
function findingHtml(f: ReportFile, d: LocatedDiagnostic, alike?: readonly LocatedDiagnostic[]): string {
  const parts = [
    findingStart(d),
    `<div class="hd"><span class="lv">${LEVEL_ZH[d.severity]}</span> <span class="pl">${place(f, d)}</span> `,
    `${d.source === 'llm' ? '<span class="ai">AI 建议</span> ' : ''}<span class="msg">${escapeHtml(d.message)}</span> `,
    `<code class="rid">${escapeHtml(d.ruleId)}</code></div>`,
    excerptHtml(d),
  ];
  if (d.standard) parts.push(`<div class="std">依据：${escapeHtml(d.standard)}</div>`);
  if (d.fix)
    parts.push(
      `<div class="fx">${d.fix.text ? `建议改为“<ins>${escapeHtml(d.fix.text)}</ins>”` : '建议删除'}（可自动修正）</div>`,
    );
  if (d.suggestions?.length)
    parts.push(
      `<div class="fx">可考虑：${d.suggestions.map((s) => `“<ins>${escapeHtml(s.fix.text)}</ins>”`).join('、')}</div>`,
    );
  if (alike && alike.length > 1) {
    const others = alike.slice(1);
    // In a Word file the paragraph says where: the page estimate is left to each item below.
    const where = (o: LocatedDiagnostic) => (f.format === 'docx' ? `第 ${o.line} 段` : place(f, o));
    const named = others.slice(0, PLACES_NAMED).map(where).join('、');
    // Open as served (everything readable without scripts); the page's script folds it.
    parts.push(
      `<details class="alike" open><summary>同一问题另有 ${others.length} 处：${named}${others.length > PLACES_NAMED ? '等' : ''}</summary><ol class="fs">`,
      ...others.map(
        (o) =>
          `${findingStart(o)}<div class="hd"><span class="lv">${LEVEL_ZH[o.severity]}</span> <span class="pl">${place(f, o)}</span></div>${excerptHtml(o)}</li>`,
      ),
      '</ol></details>',
    );
  }
  parts.push('</li>');
  return parts.join('');
}

/** The levels a rule's findings have: the one alone, or each with its count (`错误 66<br>提示 1`). */
function levelsOf(c: Counts): string {
  const present = LEVELS.filter((lv) => c[lv]);
  return present.length === 1 ? LEVEL_ZH[present[0]!] : present.map((lv) => `${LEVEL_ZH[lv]} ${c[lv]}`).join('<br>');
}

interface Counts {
  error: number;
  warning: number;
  info: number;
}
const zero = (): Counts => ({ error: 0, warning: 0, info: 0 });
const total = (c: Counts) => c.error + c.warning + c.info;

/** Horizontal stacked bars, one row per area: its size depends on the areas, never on the number of documents. */
function chartSvg(byArea: Map<string, Counts>): string {
  const rows = [...byArea].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
  if (!rows.length) return '<p>未发现问题。</p>';
  const max = Math.max(...rows.map(([, c]) => total(c)));
  const label = 72;
  const width = 640;
  const bar = width - label - 70;
  const rowH = 26;
  const height = rows.length * rowH + 30;
  const out = [
    `<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    '<title id="chart-title">按类别和级别统计的问题数</title>',
  ];
  rows.forEach(([area, c], i) => {
    const y = i * rowH;
    out.push(
      `<g class="row" data-area="${escapeHtml(area)}"><text x="${label - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(areaName(area))}</text>`,
    );
    let x = label;
    for (const lv of LEVELS) {
      if (!c[lv]) continue;
      const w = Math.max(1, (c[lv] / max) * bar);
      out.push(
        `<rect class="${lv}" x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}"><title>${escapeHtml(areaName(area))} ${LEVEL_ZH[lv]} ${c[lv]}</title></rect>`,
      );
      x += w;
    }
    out.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 17}">${total(c)}</text></g>`);
  });
  const ly = rows.length * rowH + 14;
  LEVELS.forEach((lv, i) => {
    const x = label + i * 90;
    out.push(
      `<rect class="${lv}" x="${x}" y="${ly - 10}" width="12" height="12"/><text x="${x + 18}" y="${ly}">${LEVEL_ZH[lv]}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

const STYLE = `
:root{--err:#b3261e;--warn:#a15c00;--info:#1d5fa8;--line:#d8d8d8;--muted:#666}
*{box-sizing:border-box}
body{font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1b1b1b;background:#fff}
h1{font-size:24px;margin:8px 0}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted);margin:0}
.warn-box{border:1px solid var(--warn);background:#fff6e5;padding:6px 10px;margin:8px 0}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:110px}
.cards b{display:block;font-size:22px}
.cards .error b{color:var(--err)}.cards .warning b{color:var(--warn)}.cards .info b{color:var(--info)}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.lvl{white-space:nowrap}
.chart text{font-size:13px;fill:#1b1b1b}
.chart rect.error,.lv-key.error{fill:var(--err)}.chart rect.warning{fill:#e08a00}.chart rect.info{fill:var(--info)}
#filters{position:sticky;top:0;background:#f6f6f6;border:1px solid var(--line);padding:8px 10px;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;z-index:1}
#filters[hidden]{display:none}
#filters label{white-space:nowrap}
details.doc{border:1px solid var(--line);border-radius:6px;margin:8px 0;content-visibility:auto;contain-intrinsic-size:auto 120px}
details.doc>summary{cursor:pointer;padding:6px 10px;background:#fafafa;border-radius:6px}
details.doc>summary .path{font-weight:600;word-break:break-all}
.cnt{color:var(--muted);margin-left:8px;white-space:nowrap}
ol.fs{margin:0;padding:0 10px 6px 34px}
li.f{padding:6px 0;border-top:1px dashed #e6e6e6}
li.f:first-child{border-top:0}
.lv{display:inline-block;font-size:12px;padding:0 6px;border-radius:3px;color:#fff;line-height:20px}
.error .lv{background:var(--err)}.warning .lv{background:var(--warn)}.info .lv{background:var(--info)}
.pl{color:var(--muted);font-size:13px}
.rid{color:var(--muted);font-size:12px;margin-left:6px}
.ai{font-size:12px;border:1px solid var(--muted);border-radius:3px;padding:0 4px}
.ex{font-family:"Noto Sans Mono CJK SC",monospace;background:#f4f4f4;padding:2px 8px;margin:4px 0;white-space:pre-wrap;word-break:break-all}
mark{background:#ffd54f;color:inherit;text-decoration:underline wavy var(--err);text-underline-offset:3px}
mark.at{display:inline-block;width:2px;height:1.1em;vertical-align:text-bottom;background:var(--err)}
.std,.fx{font-size:13px;color:#333}
details.alike{margin:4px 0 0}details.alike>summary{cursor:pointer;font-size:13px;color:var(--muted)}
details.alike ol.fs{padding-left:18px}
ins{text-decoration:none;background:#dff3e4}
.err-code{color:var(--muted);font-size:12px}
.empty-note{color:var(--muted)}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  #filters,.noprint{display:none!important}
  details.doc{content-visibility:visible;break-inside:auto;border:0;border-top:1px solid #999;border-radius:0}
  details.doc>summary{list-style:none;background:none;padding:4px 0}
  details.doc>summary::-webkit-details-marker{display:none}
  details.doc::details-content{content-visibility:visible;display:block}
  li.f{break-inside:avoid}
  a{color:inherit;text-decoration:none}
  .ex{background:none;border-left:2px solid #999}
}
`;

/**
 * Filters (level, area, rule, file name) kept in the address (`#filter?level=error&area=punct`), so a filtered view can
 * be shared and reloaded; a link to a document opens it. Without scripts the page shows everything.
 */
const SCRIPT = `
(function(){
var form=document.getElementById('filters');if(!form)return;
var docs=[].slice.call(document.querySelectorAll('details.doc'));
var items=[].slice.call(document.querySelectorAll('li.f'));
var out=document.getElementById('shown');
var total=items.length;
form.hidden=false;
if(docs.length>${TOP})docs.forEach(function(d){d.open=false;});
[].forEach.call(document.querySelectorAll('details.alike'),function(d){d.open=false;});
function state(){var h=location.hash;var s={};if(h.indexOf('#filter?')===0){h.slice(8).split('&').forEach(function(p){var i=p.indexOf('=');if(i>0)s[decodeURIComponent(p.slice(0,i))]=decodeURIComponent(p.slice(i+1));});}return s;}
function apply(s){
  ['level','area','rule','q'].forEach(function(k){var el=form.elements[k];if(el)el.value=s[k]||'';});
  var lv=s.level||'',ar=s.area||'',ru=s.rule||'',q=(s.q||'').toLowerCase();
  var active=!!(lv||ar||ru||q),shown=0,files=0;
  docs.forEach(function(d){
    var pathOk=!q||d.getAttribute('data-path').toLowerCase().indexOf(q)>=0,n=0;
    [].forEach.call(d.querySelectorAll('li.f'),function(li){
      var ok=pathOk&&(!lv||li.getAttribute('data-level')===lv)&&(!ar||li.getAttribute('data-area')===ar)&&(!ru||li.getAttribute('data-rule')===ru);
      li.hidden=!ok;if(ok)n++;
    });
    var failed=d.classList.contains('failed');
    d.hidden=active&&n===0&&!(failed&&pathOk&&!lv&&!ar&&!ru);
    if(!d.hidden)files++;
    if(active&&n>0&&docs.length<=${TOP * 10})d.open=true;
    shown+=n;
  });
  out.textContent=active?('显示 '+shown+' / '+total+' 个问题，'+files+' 个文件'):('共 '+total+' 个问题，'+docs.length+' 个文件');
}
function save(){var p=[];['level','area','rule','q'].forEach(function(k){var v=form.elements[k].value;if(v)p.push(k+'='+encodeURIComponent(v));});
  history.replaceState(null,'',p.length?'#filter?'+p.join('&'):location.pathname+location.search);apply(state());}
form.addEventListener('input',save);form.addEventListener('change',save);
form.addEventListener('submit',function(e){e.preventDefault();});
document.getElementById('reset').addEventListener('click',function(){form.reset();history.replaceState(null,'',location.pathname+location.search);apply({});});
document.getElementById('open-all').addEventListener('click',function(){docs.forEach(function(d){if(!d.hidden)d.open=true;});});
document.getElementById('close-all').addEventListener('click',function(){docs.forEach(function(d){d.open=false;});});
function follow(){var h=location.hash;if(h.indexOf('#filter?')===0){apply(state());return;}
  var el=h.length>1&&document.getElementById(h.slice(1));if(el&&el.tagName==='DETAILS'){el.hidden=false;el.open=true;}}
window.addEventListener('hashchange',follow);
var was=[];window.addEventListener('beforeprint',function(){was=docs.map(function(d){return d.open;});docs.forEach(function(d){d.open=true;});});
window.addEventListener('afterprint',function(){docs.forEach(function(d,i){d.open=was[i];});});
apply(state());follow();
document.documentElement.setAttribute('data-ready','1');
})();
`;

/** `--format html` of a check's results. */
export function formatHtml(results: readonly FileResult[], options: HtmlOptions): string {
  return formatHtmlFiles(results.map(reportFile), options);
}

/**
 * One self-contained page (inline style, script and SVG; nothing loaded from anywhere): totals, a chart by area and
 * level, the most frequent rules, the documents with most findings, then each document with its findings. Every text
 * from documents, file names and messages is escaped. Readable without scripts and when printed.
 */
export function formatHtmlFiles(files: readonly ReportFile[], options: HtmlOptions): string {
  const report = new HtmlReport(options);
  const sections: string[] = [];
  const failed: string[] = [];
  for (const f of files) {
    const part = report.file(f);
    if (part.section) sections.push(part.section);
    if (part.failed) failed.push(part.failed);
  }
  const [before, between, after] = report.frame(options);
  return `${before}${failed.join('')}${between}${sections.join('')}${after}`;
}

type Worst = { path: string; c: Counts; id: number };
const worse = (a: Worst, b: Worst) =>
  b.c.error - a.c.error ||
  b.c.warning - a.c.warning ||
  total(b.c) - total(a.c) ||
  (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The HTML report made as the files come, in their order: each file's section and, for a file that could not be
 * checked, its row in the list of those are returned at once (a run writes them aside), and only what the overview
 * needs is kept (counts by area and rule, the worst documents so far); frame() gives what goes around them at the end:
 * the page is `before + failed rows + between + sections + after`, the same bytes as formatHtmlFiles of all files.
 */
export class HtmlReport {
  private readonly counter = new SummaryCounter();
  private readonly byArea = new Map<string, Counts>();
  /** By rule: its findings by level (a rule may give more than one: the body's font is an error, an annex title's advice). */
  private readonly byRule = new Map<string, { levels: Counts; n: number; files: number; standard?: string }>();
  /** The TOP worst so far, in their order (a file displaces the last when worse). */
  private readonly worst: Worst[] = [];
  private files = 0;
  /** Files with findings or an error (they get a section). */
  private listed = 0;
  private withFindings = 0;
  private failedFiles = 0;

  constructor(private readonly options: Pick<HtmlOptions, 'toolVersion' | 'registry'>) {}

  /** The file's section (empty for a file without findings) and its row among the files that could not be checked. */
  file(f: ReportFile): { section: string; failed?: string } {
    const id = this.files++;
    this.counter.add(f);
    const c = zero();
    const rulesHere = new Set<string>();
    for (const d of f.diagnostics) {
      c[d.severity]++;
      const area = areaOf(d.ruleId);
      const a = this.byArea.get(area) ?? zero();
      a[d.severity]++;
      this.byArea.set(area, a);
      const r = this.byRule.get(d.ruleId) ?? {
        levels: zero(),
        n: 0,
        files: 0,
        ...(d.standard ? { standard: d.standard } : {}),
      };
      r.n++;
      r.levels[d.severity]++;
      if (!rulesHere.has(d.ruleId)) {
        rulesHere.add(d.ruleId);
        r.files++;
      }
      this.byRule.set(d.ruleId, r);
    }
    if (!f.diagnostics.length && !f.error) return { section: '' };
    this.listed++;
    if (total(c) > 0) {
      this.withFindings++;
      const w = { path: f.path, c, id };
      const list = this.worst;
      if (list.length < TOP || worse(w, list[list.length - 1]!) < 0) {
        let at = list.length;
        while (at > 0 && worse(w, list[at - 1]!) < 0) at--;
        list.splice(at, 0, w);
        if (list.length > TOP) list.pop();
      }
    }
    const counts = LEVELS.filter((lv) => c[lv])
      .map((lv) => `${LEVEL_ZH[lv]} ${c[lv]}`)
      .join(' · ');
    const out = [
      `<details class="doc${f.error ? ' failed' : ''}" id="f${id}" data-path="${escapeHtml(f.path)}" open>`,
      `<summary><span class="path">${escapeHtml(f.path)}</span><span class="cnt">${f.error ? '无法检查' : counts}</span></summary>`,
    ];
    if (f.error)
      out.push(`<p>${escapeHtml(f.error.message)} <span class="err-code">${escapeHtml(f.error.code)}</span></p>`);
    if (f.diagnostics.length) {
      const alike = alikeFindings(f.diagnostics);
      out.push('<ol class="fs">');
      for (const d of f.diagnostics) {
        const group = alike.get(d);
        if (!group || group[0] === d) out.push(findingHtml(f, d, group));
      }
      out.push('</ol>');
    }
    out.push('</details>');
    const section = `\n${out.join('\n')}`;
    if (!f.error) return { section };
    this.failedFiles++;
    return {
      section,
      failed: `\n<tr><td><a href="#f${id}">${escapeHtml(f.path)}</a></td><td>${escapeHtml(f.error.message)} <span class="err-code">${escapeHtml(f.error.code)}</span></td></tr>`,
    };
  }

  /** What goes before the failed rows, between them and the sections, and after the sections. */
  frame(extra: Pick<HtmlOptions, 'baselined' | 'llm' | 'interrupted'>): [string, string, string] {
    const { options } = this;
    const s = this.counter.summary();
    const byArea = this.byArea;
    const findings = s.errors + s.warnings + s.infos;
    const rules = [...this.byRule].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]));
    const worst = this.worst;
    const clean = this.files - this.listed;
    const out: string[] = [];
    out.push(
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      // Nothing may be fetched: the page is one file, opened from disk or an artifact store.
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
      `<meta name="generator" content="gongwen ${escapeHtml(options.toolVersion)}">`,
      '<title>公文检查报告</title>',
      `<style>${STYLE}</style></head><body>`,
      '<header><h1>公文检查报告</h1>',
      `<p class="meta">gongwen ${escapeHtml(options.toolVersion)} · 检查了 ${s.files} 个文件，发现 ${findings} 个问题</p>`,
    );
    if (extra.interrupted) out.push('<p class="warn-box">检查被中断：本报告只包含中断前已检查完的文件。</p>');
    out.push('</header>');

    out.push('<section id="totals"><h2>总览</h2><ul class="cards">');
    const card = (cls: string, label: string, n: number) => `<li class="${cls}"><b>${n}</b>${label}</li>`;
    out.push(
      card('files', '个文件', s.files),
      card('with', '个文件有问题', this.withFindings),
      card('error', '个错误', s.errors),
      card('warning', '个警告', s.warnings),
      card('info', '个提示', s.infos),
    );
    if (s.failedFiles) out.push(card('failed', '个文件无法检查', s.failedFiles));
    if (s.fixable) out.push(card('fixable', '个可自动修正', s.fixable));
    if (extra.baselined !== undefined) out.push(card('baselined', '个已在基线中（未列出）', extra.baselined));
    out.push('</ul>');
    if (extra.llm)
      out.push(
        `<p class="meta">AI 检查：请求 ${extra.llm.requests} 次，缓存命中 ${extra.llm.cachedChunks} 段；AI 给出的问题仅为建议，须人工确认。</p>`,
      );
    out.push('</section>');

    out.push(`<section id="areas"><h2>按类别和级别</h2>${chartSvg(byArea)}`);
    if (byArea.size) {
      out.push('<table><thead><tr><th>类别</th>');
      for (const lv of LEVELS) out.push(`<th class="n">${LEVEL_ZH[lv]}</th>`);
      out.push('<th class="n">合计</th></tr></thead><tbody>');
      for (const [area, c] of [...byArea].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]))) {
        out.push(`<tr><td>${escapeHtml(areaName(area))}（${escapeHtml(area)}）</td>`);
        for (const lv of LEVELS) out.push(`<td class="n">${c[lv]}</td>`);
        out.push(`<td class="n">${total(c)}</td></tr>`);
      }
      out.push('</tbody></table>');
    }
    out.push('</section>');

    if (rules.length) {
      out.push(
        `<section id="rules"><h2>最常见的规则${rules.length > TOP ? `（前 ${TOP} 条，共 ${rules.length} 条）` : ''}</h2>`,
        '<table><thead><tr><th>规则</th><th>级别</th><th>说明</th><th class="n">问题数</th><th class="n">文件数</th></tr></thead><tbody>',
      );
      for (const [id, r] of rules.slice(0, TOP)) {
        const meta = options.registry?.get(id)?.meta;
        const about = meta?.description ?? '';
        const std = r.standard ?? meta?.standard;
        out.push(
          `<tr><td><a href="#filter?rule=${encodeURIComponent(id)}"><code>${escapeHtml(id)}</code></a></td><td class="lvl">${levelsOf(r.levels)}</td>`,
          `<td>${escapeHtml(about)}${std ? `<br><span class="pl">${escapeHtml(std)}</span>` : ''}</td>`,
          `<td class="n">${r.n}</td><td class="n">${r.files}</td></tr>`,
        );
      }
      out.push('</tbody></table></section>');
    }

    if (worst.length) {
      out.push(
        `<section id="worst"><h2>问题最多的文件${this.listed > TOP ? `（前 ${TOP} 个）` : ''}</h2>`,
        '<table><thead><tr><th>文件</th><th class="n">错误</th><th class="n">警告</th><th class="n">提示</th><th class="n">合计</th></tr></thead><tbody>',
      );
      for (const w of worst)
        out.push(
          `<tr><td><a href="#f${w.id}">${escapeHtml(w.path)}</a></td><td class="n">${w.c.error}</td><td class="n">${w.c.warning}</td><td class="n">${w.c.info}</td><td class="n">${total(w.c)}</td></tr>`,
        );
      out.push('</tbody></table></section>');
    }

    // The rows of files that could not be checked go here (each begins with its line break).
    let before = out.join('\n');
    out.length = 0;
    let between = '';
    if (this.failedFiles) {
      before += '\n<section id="failed"><h2>无法检查的文件</h2><table><tbody>';
      between = '\n</tbody></table></section>';
    }
    out.push('<section id="files"><h2>各文件的问题</h2>');
    // The filter bar is shown by the script: without it there is nothing to filter with, and everything is listed.
    out.push(
      '<form id="filters" hidden><label>级别 <select name="level"><option value="">全部</option>',
      ...LEVELS.map((lv) => `<option value="${lv}">${LEVEL_ZH[lv]}</option>`),
      '</select></label><label>类别 <select name="area"><option value="">全部</option>',
      ...[...byArea.keys()].sort().map((a) => `<option value="${escapeHtml(a)}">${escapeHtml(areaName(a))}</option>`),
      '</select></label><label>规则 <select name="rule"><option value="">全部</option>',
      ...rules.map(([id, r]) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}（${r.n}）</option>`),
      '</select></label><label>文件名 <input name="q" type="search" size="16"></label>',
      '<button type="button" id="reset">清除筛选</button><button type="button" id="open-all">全部展开</button>',
      '<button type="button" id="close-all">全部折叠</button><output id="shown"></output></form>',
    );
    if (!this.listed) out.push('<p class="empty-note">所有文件均未发现问题。</p>');
    between += `\n${out.join('\n')}`;
    const after = [
      ...(clean && this.listed ? [`<p class="empty-note">另有 ${clean} 个文件未发现问题。</p>`] : []),
      '</section>',
      `<script>${SCRIPT}</script></body></html>`,
    ];
    return [before, between, `\n${after.join('\n')}\n`];
  }
}
