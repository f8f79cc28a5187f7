import type { Block } from '../../document/types.js';
import type { Rule } from '../../engine/types.js';
import { lines } from '../text-helpers.js';

interface Cell {
  text: string;
  range: readonly [number, number];
}

const TOTAL_LABEL_RE = /^(?:合[\s\u3000]*计|总[\s\u3000]*计|共[\s\u3000]*计)$/;
const SUBTOTAL_RE = /小[\s\u3000]*计/;
// Columns whose total row holds a rate, an average or a rank rather than a sum.
const NOT_ADDITIVE_RE = /率|比|均|%|％|指数|价|名次|排名|排序|序号|编号|年份|年度|月份|日期|代码|电话|增幅|增速|增长/;
const NUMBER_RE = /^-?\d+(?:,\d{3})*(?:\.\d+)?$/;

function parse(s: string): { value: number; slack: number } | undefined {
  const t = s.replace(/[\s\u3000]/g, '');
  if (!NUMBER_RE.test(t)) return undefined;
  const plain = t.replace(/,/g, '');
  const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  return { value: Number(plain), slack: 0.5 * 10 ** -decimals };
}

/** The tables of the document as rows of cells: docx cells by table and row, Markdown cells by source line. */
function tables(blocks: Block[], text: string): Cell[][][] {
  const out: Cell[][][] = [];
  let table: Cell[][] | undefined;
  let tableKey: string | undefined;
  let rowKey: string | undefined;
  for (const b of blocks) {
    if (b.kind !== 'table-cell' && b.role !== 'table-cell' && !b.format?.table) {
      if (b.role !== 'blank') tableKey = undefined;
      continue;
    }
    const t = b.format?.table;
    const tk = t ? `d${t.index}` : tableKey?.startsWith('m') ? tableKey : `m${b.index}`;
    const rk = t ? `${t.index}:${t.row}` : `l${b.source?.line}`;
    if (tk !== tableKey) {
      table = [];
      out.push(table);
      tableKey = tk;
      rowKey = undefined;
    }
    if (rk !== rowKey) {
      table!.push([]);
      rowKey = rk;
    }
    table!.at(-1)!.push({ text: text.slice(b.range[0], b.range[1]).trim(), range: b.range });
  }
  return out;
}

/**
 * Tables typed in a plain-text document: runs of lines split by `|` (as in Markdown) or by tabs. A rule line of
 * dashes between the header and the body is skipped.
 */
function textTables(text: string): Cell[][][] {
  const out: Cell[][][] = [];
  let table: Cell[][] | undefined;
  for (const { start, line } of lines(text)) {
    const sep = line.includes('|') ? '|' : line.includes('\t') ? '\t' : undefined;
    if (!sep) {
      table = undefined;
      continue;
    }
    if (/^[\s|:：\-—]+$/.test(line)) continue;
    const row: Cell[] = [];
    // The outer pipes of `| a | b |` frame the row; they do not open empty cells.
    let s = 0;
    let end = line.length;
    if (sep === '|') {
      const first = line.search(/\S/);
      if (line[first] === '|') s = first + 1;
      const last = line.trimEnd().length - 1;
      if (line[last] === '|' && last >= s) end = last;
    }
    while (s <= end) {
      let e = line.indexOf(sep, s);
      if (e < 0 || e > end) e = end;
      const raw = line.slice(s, e);
      const lead = raw.length - raw.trimStart().length;
      const cell = raw.trim();
      row.push({ text: cell, range: [start + s + lead, start + s + lead + cell.length] });
      s = e + 1;
      if (e === end) break;
    }
    if (row.length < 2) {
      table = undefined;
      continue;
    }
    if (!table) out.push((table = []));
    table.push(row);
  }
  return out;
}

export const tableTotalRule: Rule = {
  meta: {
    id: 'consistency/table-total',
    level: 'warning',
    kind: 'code',
    file: 'packages/core/src/rules/consistency/table-total.ts',
    description:
      '表格中“合计”“总计”行的数额应等于同列各项之和（允许原文小数位的舍入误差）；表头含“率”“比”“均”“%”等的列、有“小计”行或各行单元格数不一的表不判断。',
    message: '表格合计行与各项之和不一致',
    standard: '《党政机关公文处理工作条例》第十九条（三）（表述准确）',
    examples: {
      bad: [
        { text: '| 单位 | 金额（万元） |\n| --- | --- |\n| 甲 | 50 |\n| 乙 | 60 |\n| 合计 | 120 |' },
        { text: '单位\t金额（万元）\n甲\t50\n乙\t60\n合计\t120' },
      ],
      good: [
        '| 单位 | 金额（万元） |\n| --- | --- |\n| 甲 | 50 |\n| 乙 | 60 |\n| 合计 | 110 |',
        '| 单位 | 增长率（%） |\n| --- | --- |\n| 甲 | 5 |\n| 乙 | 6 |\n| 合计 | 5.5 |',
      ],
    },
  },
  create(ctx) {
    // A reader that knows tables gives their cells as blocks (docx); otherwise the rows are read from the lines.
    let found = tables(ctx.structure.blocks, ctx.text);
    if (!found.length && ctx.document.format !== 'docx') found = textTables(ctx.text);
    for (const rows of found) {
      if (rows.length < 4) continue;
      const width = rows[0]!.length;
      if (width < 2 || rows.some((r) => r.length !== width) || rows.some((r) => SUBTOTAL_RE.test(r[0]!.text))) continue;
      const totals = rows.filter((r, i) => i > 0 && TOTAL_LABEL_RE.test(r[0]!.text));
      if (totals.length !== 1) continue;
      const total = totals[0]!;
      const parts = rows.slice(1).filter((r) => r !== total);
      if (parts.length < 2) continue;
      for (let c = 1; c < width; c++) {
        const head = rows[0]![c]!.text;
        if (!head || parse(head) || NOT_ADDITIVE_RE.test(head)) continue;
        const t = parse(total[c]!.text);
        const values = parts.map((r) => parse(r[c]!.text));
        if (!t || values.some((v) => !v)) continue;
        const sum = values.reduce((n, v) => n + v!.value, 0);
        const slack = values.reduce((n, v) => n + v!.slack, t.slack) + 1e-9 * Math.abs(t.value);
        if (Math.abs(sum - t.value) <= slack) continue;
        const decimals = Math.max(0, ...values.map((v) => Math.round(-Math.log10(v!.slack * 2))));
        ctx.report({
          range: total[c]!.range,
          message: `表中“${head}”列的${total[0]!.text.replace(/[\s\u3000]/g, '')}为${total[c]!.text}，而${parts.length}项之和为${sum.toFixed(decimals)}，请核对`,
        });
      }
    }
  },
};
