import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxLayout, parseDocx, readDocument, recognizeStructure, textDocument } from '@gongwen/core';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS =
  `xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml"';

function pkg(body: string, extra: Record<string, string> = {}, rels = ''): Uint8Array {
  const parts: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': `<w:document ${NS}><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr></w:body></w:document>`,
    'word/_rels/document.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    ...extra,
  };
  return zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])));
}
const REL = (id: string, type: string, target: string) =>
  `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;

const THEME =
  `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:clrScheme name="x"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:accent2><a:srgbClr val="C00000"/></a:accent2></a:clrScheme>` +
  '<a:fontScheme name="x"><a:majorFont><a:latin typeface="Cambria"/><a:ea typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:font script="Hans" typeface="仿宋"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>';

const STYLES =
  `<w:styles ${NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi"/><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>` +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="32"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Base"><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Child"><w:basedOn w:val="Base"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:sz w:val="44"/></w:rPr></w:style>' +
  '<w:style w:type="character" w:styleId="Strong"><w:rPr><w:b/><w:color w:val="FF0000"/></w:rPr></w:style></w:styles>';

const NUMBERING =
  `<w:numbering ${NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:lvl>` +
  '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>';

const p = (inner: string, ppr = '') => `<w:p><w:pPr>${ppr}</w:pPr>${inner}</w:p>`;
const r = (t: string, rpr = '') => `<w:r><w:rPr>${rpr}</w:rPr><w:t xml:space="preserve">${t}</w:t></w:r>`;

describe('docx reader', () => {
  const rels =
    REL('s', 'styles', 'styles.xml') + REL('t', 'theme', 'theme/theme1.xml') + REL('n', 'numbering', 'numbering.xml');
  const extra = { 'word/styles.xml': STYLES, 'word/theme/theme1.xml': THEME, 'word/numbering.xml': NUMBERING };

  it('reads a theme seen before as it read it, its elements counted against the limit each time', () => {
    const bytes = pkg(p(r('正文')), extra, rels);
    const fontOf = (b: Uint8Array) => docxLayout(readDocument(b, 'docx'))!.normal.fontEastAsia;
    expect(fontOf(bytes)).toBe('仿宋');
    expect(fontOf(bytes)).toBe('仿宋');
    // Another theme with the same shape reads as its own.
    expect(fontOf(pkg(p(r('正文')), { ...extra, 'word/theme/theme1.xml': THEME.replace('仿宋', '楷体') }, rels))).toBe(
      '楷体',
    );
    expect(fontOf(bytes)).toBe('仿宋');
    // The fewest elements the package reads with, found by halving over copies whose theme was never seen (the
    // same elements, another name); the package whose theme was seen reads with as many, and not with one fewer.
    let unseen = 0;
    const reads = (
      maxElements: number,
      b = pkg(
        p(r('正文')),
        { ...extra, 'word/theme/theme1.xml': THEME.replace('name="x"', `name="u${++unseen}"`) },
        rels,
      ),
    ) => {
      try {
        parseDocx(b, { xmlLimits: { maxDepth: 256, maxElements, maxParagraphs: 100 } });
        return true;
      } catch (e) {
        expect((e as { code?: string }).code).toBe('too-many-elements');
        return false;
      }
    };
    let lo = 1;
    let hi = 1000;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (reads(mid)) hi = mid;
      else lo = mid + 1;
    }
    for (let k = 0; k < 2; k++) {
      expect(reads(lo, bytes)).toBe(true);
      expect(reads(lo - 1, bytes)).toBe(false);
    }
  });

  it('resolves docDefaults → theme fonts → basedOn chain → character style → direct formatting', () => {
    const doc = readDocument(
      pkg(
        p(r('正文') + r('加粗', '<w:rStyle w:val="Strong"/>') + r('ABC', '<w:rFonts w:ascii="Times New Roman"/>'), '') +
          p(r('标题'), '<w:pStyle w:val="Child"/>') +
          p(r('红字', '<w:color w:themeColor="accent2" w:val="000000"/>')),
        extra,
        rels,
      ),
      'docx',
    );
    expect(doc.text).toBe('正文加粗ABC\n标题\n红字');
    const [b0, b1, b2] = doc.blocks;
    const runs = b0!.format!.runs!;
    expect(runs[0]).toMatchObject({ start: 0, end: 2, slot: 'eastAsia', font: '仿宋', sizePt: 16, color: 'auto' });
    expect(runs[1]).toMatchObject({ start: 2, end: 4, bold: true, color: 'FF0000', font: '仿宋' });
    expect(runs[2]).toMatchObject({ start: 4, end: 7, slot: 'ascii', font: 'Times New Roman', fontEastAsia: '仿宋' });
    expect(b1!.format).toMatchObject({ alignment: 'center', firstLineIndentChars: 2 });
    expect(b1!.format!.runs![0]).toMatchObject({ font: '黑体', sizePt: 22 });
    expect(b2!.format!.runs![0]!.color).toBe('C00000');
    expect(doc.sourceMap.position(doc.text.indexOf('标题'))).toMatchObject({ line: 2, column: 1 });
    expect(doc.sourceMap.lineText(3)).toBe('红字');
  });

  it('builds numbering labels as text, with their own level font', () => {
    const num = (lvl: number) =>
      `<w:numPr><w:ilvl w:val="${lvl}"/><w:numId w:val="3"/></w:numPr><w:ind w:firstLineChars="200"/>`;
    const doc = readDocument(
      pkg(
        p(r('总体要求'), num(0)) +
          p(r('加强领导'), num(1)) +
          p(r('明确分工'), num(1)) +
          p(r('工作措施'), num(0)) +
          p(r('压实责任'), num(1)),
        extra,
        rels,
      ),
      'docx',
    );
    expect(doc.text.split('\n')).toEqual([
      '一、总体要求',
      '（一）加强领导',
      '（二）明确分工',
      '二、工作措施',
      '（一）压实责任',
    ]);
    const label = doc.blocks[0]!.format!.runs![0]!;
    expect(label).toMatchObject({ label: true, font: '黑体', start: 0, end: 2 });
    expect(doc.blocks[0]!.format!.numberingLabel).toBe('一、');
    const s = recognizeStructure(doc);
    expect(s.blocks.map((b) => b.level)).toEqual([1, 2, 2, 1, 2]);
  });

  it("draws a numbering label with the paragraph mark's properties, as Word does", () => {
    const num =
      '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/><w:sz w:val="32"/></w:rPr>';
    const doc = readDocument(pkg(p(r('加强领导', '<w:rFonts w:eastAsia="楷体_GB2312"/>'), num), extra, rels), 'docx');
    expect(doc.blocks[0]!.format!.runs![0]).toMatchObject({ label: true, font: '楷体_GB2312', sizePt: 16 });
  });

  it('takes the first face of a font list and the alignment of a frame or a floating text box', () => {
    const framed = p(
      r('— 1 —', '<w:rFonts w:ascii="宋体;SimSun" w:eastAsia="宋体;SimSun" w:hAnsi="宋体;SimSun"/>'),
      '<w:framePr w:wrap="around" w:vAnchor="text" w:hAnchor="margin" w:xAlign="outside" w:y="1"/>',
    );
    const box =
      '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>' +
      '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>' +
      p(r('第2页')) +
      '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>';
    const doc = readDocument(pkg(framed + box, extra, rels), 'docx');
    expect(doc.blocks[0]!.format!.runs![0]).toMatchObject({ font: '宋体', fontEastAsia: '宋体' });
    expect(doc.blocks[0]!.format!.frameAlignment).toBe('outside');
    expect(doc.blocks.find((b) => b.kind === 'textbox')!.format!.frameAlignment).toBe('right');
  });

  it('reads one branch of mc:AlternateContent, text boxes, tables, fields and page breaks', () => {
    const box = (t: string) => `<w:txbxContent>${p(r(t))}</w:txbxContent>`;
    const alt =
      `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="5616000" cy="0"/><a:graphic><a:graphicData><wps:wsp><wps:txbx>${box('某某市人民政府文件')}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict><v:shape><v:textbox>${box('某某市人民政府文件')}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;
    const line =
      '<w:r><w:drawing><wp:anchor><wp:extent cx="5616000" cy="0"/><a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst="line"/><a:ln w="19050"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></wps:spPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>';
    const field =
      '<w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>';
    const table = `<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="8" w:color="000000"/></w:tblBorders></w:tblPr><w:tr><w:tc>${p(r('抄送：各区。'))}</w:tc></w:tr></w:tbl>`;
    const parsed = parseDocx(
      pkg(
        p(alt) +
          p(line) +
          p(field) +
          p('<w:r><w:br w:type="page"/></w:r>') +
          p(r('附件')) +
          table +
          p('<w:del><w:r><w:delText>删掉</w:delText></w:r></w:del><w:ins><w:r><w:t>新增</w:t></w:r></w:ins>'),
      ),
    );
    const doc = parsed.doc;
    expect(doc.text.split('\n')).toEqual(['某某市人民政府文件', '', '', '第7页', '', '附件', '抄送：各区。', '新增']);
    expect(doc.blocks[0]!.kind).toBe('textbox');
    expect(doc.blocks[2]!.format!.lines).toEqual([
      { kind: 'drawingml', weightEmu: 19050, color: 'FF0000', lengthEmu: 5616000 },
    ]);
    expect(doc.blocks[5]!.format!.pageBreakBefore).toBe(true);
    expect(doc.blocks[6]!.kind).toBe('table-cell');
    expect(doc.blocks[6]!.format!.table!.borders!.top).toMatchObject({ sz: 8, color: '000000' });
    expect(docxLayout(doc)!.revisions).toBe(2);
    expect(docxLayout(doc)!.sections[0]).toMatchObject({
      pageWidth: 11906,
      margins: { top: 2098, left: 1587 },
      grid: { type: 'lines', linePitch: 579 },
    });
  });

  it('reads footers with the PAGE field as a pattern, in the sections that reference them', () => {
    const body = `<w:p><w:r><w:t>正文</w:t></w:r></w:p><w:sectPr><w:footerReference w:type="default" r:id="f1"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>`;
    const bytes = zipSync({
      '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      'word/document.xml': strToU8(`<w:document ${NS}><w:body>${body}</w:body></w:document>`),
      'word/_rels/document.xml.rels': strToU8(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${REL('f1', 'footer', 'footer1.xml')}</Relationships>`,
      ),
      'word/footer1.xml': strToU8(
        `<w:ftr ${NS}><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`,
      ),
    });
    const doc = readDocument(bytes, 'docx');
    const footer = doc.blocks.find((b) => b.kind === 'footer')!;
    expect(footer.role).toBe('page-number');
    expect(footer.format).toMatchObject({ pageField: true, fieldPattern: '— # —', alignment: 'right' });
    expect(docxLayout(doc)!.sections[0]!.footers).toEqual([{ type: 'default', part: 'word/footer1.xml' }]);
  });

  it('refuses entity declarations instead of expanding them', () => {
    const bytes = zipSync({
      'word/document.xml': strToU8(
        `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document ${NS}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>`,
      ),
    });
    expect(() => readDocument(bytes, 'docx')).toThrow(/DOCTYPE/);
  });

  it('does not take a lead-in ending in 如下： for the 主送机关', () => {
    const doc = textDocument(
      '某某市人民政府关于春节期间烟花爆竹燃放管理的通告\n为维护公共安全，现就有关事项通告如下：\n一、禁放区域',
    );
    recognizeStructure(doc);
    expect(doc.blocks.map((b) => b.role)).toEqual(['title', 'body', 'heading']);
  });
});
