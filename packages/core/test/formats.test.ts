import { describe, expect, it } from 'vitest';
import { formatForPath } from '@gongwen/core';

describe('formatForPath', () => {
  it('goes by the extension alone, in any case', () => {
    expect(formatForPath('/档案/2024/通知.TXT')).toBe('text');
    expect(formatForPath('a.text')).toBe('text');
    expect(formatForPath('草稿.Md')).toBe('markdown');
    expect(formatForPath('草稿.markdown')).toBe('markdown');
    expect(formatForPath('/x/y.DOCX')).toBe('docx');
    expect(formatForPath('扫描件.pdf')).toBe('pdf');
    expect(formatForPath('版式.OFD')).toBe('ofd');
    expect(formatForPath('.md')).toBe('markdown');
  });

  it('knows no format for another extension, none, or a dot in a folder name', () => {
    for (const p of ['a.doc', 'a.wps', 'md', 'txt', '/dir.md/file', '/dir.txt/', 'a.txt.bak', 'a.', ''])
      expect(formatForPath(p), p).toBeUndefined();
  });
});
