import type { Block, ElementRole } from '../document/types.js';

/** The 文种 of 《党政机关公文处理工作条例》 §8. */
export const GENRES = [
  '决议',
  '决定',
  '命令',
  '令',
  '公报',
  '公告',
  '通告',
  '意见',
  '通知',
  '通报',
  '报告',
  '请示',
  '批复',
  '议案',
  '函',
  '纪要',
] as const;
export type Genre = (typeof GENRES)[number];

export interface DocumentStructure {
  /** Title text (may span several blocks). */
  title?: string;
  titleBlocks: Block[];
  genre?: Genre;
  /** 上行文 (报告, 请示, 议案) vs others. */
  direction?: 'up' | 'down' | 'parallel' | 'public';
  byRole(role: ElementRole): Block[];
  blocks: Block[];
}
