/**
 * Markdown drafts for `gongwen new`: one per 文种 of the《党政机关公文处理工作条例》§8, in the layout GB/T 9704 gives it.
 * Front matter keys are explained in comments so a drafter can fill them in without the README.
 */

export interface DraftTemplate {
  /** 文种 as the CLI accepts it. */
  genre: string;
  aliases: string[];
  format: '通用' | '信函' | '命令' | '纪要';
  direction: '上行文' | '下行文' | '平行文';
  summary: string;
  text: string;
}

type Field = [key: string, value: string | string[] | boolean | null, comment: string];

const yamlValue = (v: string | boolean): string => {
  if (typeof v === 'boolean') return v ? '是' : '否';
  return /^[\d\s]|[:#'"{}[\],&*!|>%@`]/.test(v) ? JSON.stringify(v) : v;
};

function frontMatter(genre: string, format: string, direction: string, fields: Field[]): string {
  const out = [
    '---',
    `# 公文草稿：${genre}（${format}格式，${direction}）。gongwen build 本文件 -o 输出.docx 生成符合 GB/T 9704 的公文。`,
    '# 以 # 开头的是说明，可删除；不需要的字段整行删除即可。字段说明见 README“文首字段”一节。',
  ];
  for (const [key, value, comment] of fields) {
    if (value === null) {
      out.push(`# ${key}:${' '.repeat(Math.max(1, 14 - key.length * 2))}# ${comment}`);
    } else if (Array.isArray(value)) {
      out.push(`${key}:${' '.repeat(Math.max(1, 16 - key.length * 2))}# ${comment}`);
      for (const v of value) out.push(`  - ${yamlValue(v)}`);
    } else {
      const line = `${key}: ${yamlValue(value)}`;
      out.push(
        `${line}${' '.repeat(Math.max(2, 34 - [...line].reduce((a, c) => a + (c.charCodeAt(0) > 0x7f ? 2 : 1), 0)))}# ${comment}`,
      );
    }
  }
  out.push('---', '');
  return out.join('\n');
}

const C = {
  format: '通用 / 信函 / 命令 / 纪要（GB/T 9704-2012 第10章）',
  header: '打印：印出红色版头；留空：为预印版头的公文纸留出位置',
  copy: '份号：6 位数字，加引号；涉密公文必须标注（7.2.1）',
  secrecy: '密级：绝密 / 机密 / 秘密（7.2.2）',
  period: '保密期限：如 1年、6个月，与密级以★连接',
  urgency: '紧急程度：特急 / 加急（7.2.3）',
  issuer: '发文机关全称或规范化简称；联合行文写成列表，主办机关在前',
  mark: '发文机关标志；省略时由发文机关生成（加“文件”）',
  number: '发文字号：机关代字〔年份〕序号号（7.2.5）',
  signer: '签发人：上行文必须标注；多人写成列表（7.2.6）',
  title: '标题：发文机关＋事由＋文种（7.3.1），自动分行',
  addressee: '主送机关，末尾全角冒号可省略（7.3.2）',
  attachments: '附件名称列表，正文后自动生成附件说明（7.3.4）；正文末尾用“附件1”等行开始附件页',
  signature: '署名：省略时使用发文机关（7.3.5）',
  date: '成文日期：阿拉伯数字，年月日齐全（7.3.5.4）',
  seal: '印章：是 / 否，决定署名和日期的位置（7.3.5.1、7.3.5.2）',
  note: '附注：如“此件公开发布”，自动加括号（7.3.6）',
  cc: '抄送机关，末尾句号自动补全（7.4.2）',
  printer: '印发机关（7.4.3）',
  printDate: '印发日期（7.4.3）',
};

interface Spec {
  genre: string;
  aliases?: string[];
  format?: DraftTemplate['format'];
  direction: DraftTemplate['direction'];
  summary: string;
  issuer: string;
  number: string;
  title: string;
  addressee?: string;
  signer?: string[];
  attachments?: string[];
  sealed?: boolean;
  note?: string;
  cc?: string;
  extra?: Field[];
  body: string;
  pages?: string;
  mark?: string;
}

function template(s: Spec): DraftTemplate {
  const format = s.format ?? '通用';
  const fields: Field[] = [
    ['格式', format, C.format],
    ['版头', '打印', C.header],
    ['份号', null, C.copy],
    ['密级', null, C.secrecy],
    ['保密期限', null, C.period],
    ['紧急程度', null, C.urgency],
    ['发文机关', s.issuer, C.issuer],
    [...(s.mark ? ['发文机关标志', s.mark, C.mark] : ['发文机关标志', null, C.mark])] as Field,
    [
      format === '命令' ? '令号' : format === '纪要' ? '期号' : '发文字号',
      s.number,
      format === '命令'
        ? '令号：第N号（10.2）'
        : format === '纪要'
          ? '期号：如 第5期 或 〔2025〕5号（10.3）'
          : C.number,
    ],
  ];
  if (s.signer) fields.push(['签发人', s.signer, C.signer]);
  fields.push(['标题', s.title || null, C.title]);
  if (s.addressee) fields.push(['主送', s.addressee, C.addressee]);
  if (s.attachments) fields.push(['附件', s.attachments, C.attachments]);
  else fields.push(['附件', null, C.attachments]);
  if (format === '纪要') {
    fields.push(...(s.extra ?? []));
    fields.push(['成文日期', '2025年3月10日', C.date]);
  } else {
    fields.push(['署名', format === '命令' ? null : s.issuer, C.signature]);
    if (format === '命令') fields.push(...(s.extra ?? []));
    fields.push(['成文日期', '2025年3月10日', C.date]);
    fields.push(['印章', s.sealed ?? true, C.seal]);
  }
  fields.push(['附注', s.note ?? null, C.note]);
  fields.push(['抄送', s.cc ?? null, C.cc]);
  if (format !== '信函') {
    fields.push(['印发机关', `${s.issuer}办公室`.replace('办公室办公室', '办公室'), C.printer]);
    fields.push(['印发日期', '2025年3月11日', C.printDate]);
  }
  const text = `${frontMatter(s.genre, format, s.direction, fields)}\n${s.body.trim()}\n${s.pages ? `\n${s.pages.trim()}\n` : ''}`;
  return { genre: s.genre, aliases: s.aliases ?? [], format, direction: s.direction, summary: s.summary, text };
}

const CITY = '某某市人民政府';
const OFFICE = '某某市人民政府办公室';

export const DRAFT_TEMPLATES: readonly DraftTemplate[] = [
  template({
    genre: '决议',
    direction: '下行文',
    summary: '会议讨论通过的重大决策事项',
    issuer: '某某市人民代表大会常务委员会',
    number: '某人常发〔2025〕1号',
    title: '某某市人民代表大会常务委员会关于批准某某市2024年市级决算的决议',
    body: `某某市第十六届人民代表大会常务委员会第二十次会议听取和审议了市人民政府关于某某市2024年市级决算的报告。会议同意市人民代表大会财政经济委员会提出的审查报告，决定批准某某市2024年市级决算。

会议要求，市人民政府及其有关部门要进一步加强预算管理，严格执行预算法，提高财政资金使用效益，切实做好审计查出问题的整改工作。`,
  }),
  template({
    genre: '决定',
    direction: '下行文',
    summary: '对重要事项作出决策和部署、奖惩有关单位和人员',
    issuer: CITY,
    number: '某政发〔2025〕3号',
    title: '某某市人民政府关于表彰2024年度安全生产工作先进单位的决定',
    addressee: '各区人民政府，市政府各委、办、局',
    body: `2024年，全市各级各部门认真贯彻落实安全生产工作部署，压实安全生产责任，全市安全生产形势持续稳定向好。为表彰先进，市人民政府决定，对某某区人民政府等10个安全生产工作先进单位予以通报表彰。

希望受表彰的单位珍惜荣誉，再接再厉。各地区、各部门要以先进为榜样，坚持人民至上、生命至上，扎实做好安全生产各项工作。`,
    attachments: ['2024年度安全生产工作先进单位名单'],
    pages: `附件

2024年度安全生产工作先进单位名单

某某区人民政府、某某县人民政府、市应急管理局、市住房和城乡建设局、市交通运输局。`,
  }),
  template({
    genre: '命令',
    aliases: ['令', '命令（令）'],
    format: '命令',
    direction: '下行文',
    summary: '公布行政法规和规章、宣布施行重大强制性措施等',
    issuer: CITY,
    number: '第5号',
    title: '',
    extra: [['署名', '市长　张某某', '签发人职务和姓名，签名章加盖于此（7.3.5.3）']],
    body: `《某某市城市供水管理办法》已经2025年2月28日市人民政府第30次常务会议通过，现予公布，自2025年5月1日起施行。`,
  }),
  template({
    genre: '公报',
    direction: '下行文',
    summary: '公布重要决定或者重大事项',
    issuer: '某某市统计局',
    number: '某统发〔2025〕2号',
    title: '某某市2024年国民经济和社会发展统计公报',
    body: `2024年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济运行总体平稳、稳中有进。

一、综合

初步核算，全年全市地区生产总值5000亿元，比上年增长5.2%。

二、农业

全年粮食总产量150万吨，比上年增长1.2%。`,
  }),
  template({
    genre: '公告',
    direction: '下行文',
    summary: '向国内外宣布重要事项或者法定事项',
    issuer: CITY,
    number: '某政告〔2025〕1号',
    title: '某某市人民政府关于某某大桥实施封闭施工的公告',
    body: `因某某大桥维修加固工程需要，自2025年4月1日起至2025年6月30日止，对某某大桥实施全封闭施工，禁止机动车和行人通行。过往车辆请绕行某某路和某某大道。

特此公告。`,
  }),
  template({
    genre: '通告',
    direction: '下行文',
    summary: '在一定范围内公布应当遵守或者周知的事项',
    issuer: '某某市公安局',
    number: '某公通〔2025〕2号',
    title: '某某市公安局关于春节期间烟花爆竹燃放管理的通告',
    body: `为维护公共安全和社会秩序，根据《烟花爆竹安全管理条例》等规定，现就春节期间烟花爆竹燃放管理有关事项通告如下：

一、2025年1月28日至2月12日，城区以外区域可以燃放烟花爆竹。

二、任何单位和个人不得在文物保护单位、车站、医院、学校等场所燃放烟花爆竹。

三、违反本通告规定的，由公安机关依法予以处罚。

本通告自发布之日起施行。`,
  }),
  template({
    genre: '意见',
    direction: '下行文',
    summary: '对重要问题提出见解和处理办法',
    issuer: OFFICE,
    number: '某政办发〔2025〕6号',
    title: '某某市人民政府办公室关于加快推进政务服务标准化规范化便利化的实施意见',
    addressee: '各区人民政府，市政府各委、办、局',
    body: `为深入贯彻落实党中央、国务院关于深化“放管服”改革的决策部署，加快推进政务服务标准化、规范化、便利化，经市人民政府同意，提出如下意见。

一、总体要求

（一）指导思想。以人民为中心，持续优化营商环境，不断提升企业和群众办事满意度。

（二）工作目标。到2025年底，全市政务服务事项实现标准统一、流程规范、办理便捷。

二、重点任务

（一）推进政务服务事项标准化。全面梳理政务服务事项，编制标准化办事指南。

（二）推进政务服务规范化。规范审批服务行为，严格执行首问负责、一次告知等制度。

三、保障措施

各区、各部门要加强组织领导，明确责任分工，确保各项任务落到实处。`,
  }),
  template({
    genre: '通知',
    direction: '下行文',
    summary: '发布、传达要求下级机关执行的事项，批转、转发公文',
    issuer: OFFICE,
    number: '某政办发〔2025〕8号',
    title: '某某市人民政府办公室关于做好2025年春季森林防火工作的通知',
    addressee: '各区人民政府，市政府各委、办、局',
    body: `当前正值春季森林防火关键期，为切实做好全市森林防火工作，经市人民政府同意，现将有关事项通知如下：

一、提高思想认识

各区、各部门要充分认识森林防火工作的重要性，坚决克服麻痹思想和侥幸心理。

二、落实防控措施

（一）加强火源管控。严格野外用火审批，严禁在林区吸烟、烧纸等违规用火行为。

（二）强化监测预警。充分利用视频监控、卫星遥感等手段，做到早发现、早报告、早处置。

三、做好应急准备

各区要完善应急预案，加强扑火队伍建设，储备充足的扑火物资。

特此通知。`,
    note: '此件公开发布',
    cc: '市委办公室，市人大常委会办公室，市政协办公室',
  }),
  template({
    genre: '通报',
    direction: '下行文',
    summary: '表彰先进、批评错误、传达重要精神和告知重要情况',
    issuer: OFFICE,
    number: '某政办发〔2025〕9号',
    title: '某某市人民政府办公室关于2024年度政务公开工作考核情况的通报',
    addressee: '各区人民政府，市政府各委、办、局',
    body: `根据《某某市政务公开工作考核办法》，市人民政府办公室组织开展了2024年度政务公开工作考核。现将考核情况通报如下。

一、总体情况

全市政务公开工作总体推进有力，主动公开内容更加丰富，政策解读质量明显提升。

二、存在问题

个别单位信息更新不及时，部分政策解读形式单一。

三、工作要求

各单位要对照问题抓好整改，于2025年4月30日前将整改情况报市人民政府办公室。`,
  }),
  template({
    genre: '报告',
    direction: '上行文',
    summary: '向上级机关汇报工作、反映情况，回复上级机关的询问',
    issuer: CITY,
    number: '某政报〔2025〕2号',
    signer: ['张某某'],
    title: '某某市人民政府关于2024年度法治政府建设情况的报告',
    addressee: '某某省人民政府',
    body: `2024年，我市深入贯彻习近平法治思想，全面推进法治政府建设，各项工作取得积极成效。现将有关情况报告如下。

一、主要工作及成效

（一）依法全面履行政府职能。深化“放管服”改革，全年取消和下放行政许可事项20项。

（二）完善依法行政制度体系。全年出台政府规章3部，开展规范性文件合法性审核120件。

二、存在的不足

法治政府建设还存在一些薄弱环节，基层行政执法规范化水平有待提升。

三、下一步工作安排

我市将持续深化法治政府建设，推动各项工作再上新台阶。

特此报告。`,
  }),
  template({
    genre: '请示',
    direction: '上行文',
    summary: '向上级机关请求指示、批准',
    issuer: CITY,
    number: '某政〔2025〕10号',
    signer: ['张某某'],
    title: '某某市人民政府关于申请设立某某经济技术开发区的请示',
    addressee: '某某省人民政府',
    body: `为进一步优化产业布局，推动经济高质量发展，我市拟申请设立某某经济技术开发区。现将有关事项请示如下：

一、设立的必要性

某某片区区位优势明显，产业基础较好，设立经济技术开发区有利于集聚发展先进制造业。

二、规划范围

开发区规划面积约10平方公里，主要发展装备制造、新材料等产业。

妥否，请批示。`,
    note: '联系人：李某某，电话：0000-12345678',
  }),
  template({
    genre: '批复',
    direction: '下行文',
    summary: '答复下级机关请示事项',
    issuer: CITY,
    number: '某政复〔2025〕4号',
    title: '某某市人民政府关于同意某某区调整部分行政区划的批复',
    addressee: '某某区人民政府',
    body: `你区《关于调整部分行政区划的请示》收悉。经研究，现批复如下：

一、同意撤销某某乡，设立某某镇，镇人民政府驻地不变。

二、你区要认真做好调整后的各项工作，确保社会稳定。

此复。`,
  }),
  template({
    genre: '议案',
    direction: '上行文',
    summary: '各级人民政府按照法律程序向同级人民代表大会或者人民代表大会常务委员会提请审议事项',
    issuer: CITY,
    number: '某政议〔2025〕1号',
    signer: ['张某某'],
    title: '某某市人民政府关于提请审议《某某市养犬管理条例（草案）》的议案',
    addressee: '某某市人民代表大会常务委员会',
    body: `为规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，市人民政府起草了《某某市养犬管理条例（草案）》，已经2025年2月28日市人民政府第30次常务会议讨论通过。现提请审议。`,
    attachments: ['某某市养犬管理条例（草案）'],
    sealed: false,
    pages: `附件

某某市养犬管理条例（草案）

第一条　为规范养犬行为，保障公民健康和人身安全，制定本条例。`,
  }),
  template({
    genre: '函',
    aliases: ['复函'],
    format: '信函',
    direction: '平行文',
    summary: '不相隶属机关之间商洽工作、询问和答复问题、请求批准和答复审批事项',
    issuer: OFFICE,
    number: '某政办函〔2025〕12号',
    title: '某某市人民政府办公室关于商请支持某某国际马拉松赛事保障工作的函',
    addressee: '某某省体育局',
    body: `某某国际马拉松赛定于2025年4月20日在我市举行。为确保赛事顺利进行，恳请贵局在赛事组织、技术官员选派等方面给予支持。

请予函复。`,
    cc: '市体育局',
  }),
  template({
    genre: '纪要',
    aliases: ['会议纪要'],
    format: '纪要',
    direction: '下行文',
    summary: '记载会议主要情况和议定事项',
    issuer: CITY,
    number: '第5期',
    mark: '某某市人民政府常务会议纪要',
    title: '',
    extra: [
      ['出席', ['张某某', '王某某', '李某某', '赵某某'], '出席人员名单（10.3）'],
      ['请假', ['刘某某'], '请假人员名单'],
      ['列席', ['市政府办公室、市发展改革委、市财政局负责同志'], '列席人员名单'],
    ],
    body: `2025年3月10日，市长张某某主持召开市人民政府第30次常务会议。会议纪要如下：

一、审议通过《某某市城市供水管理办法》

会议原则通过《某某市城市供水管理办法》，由市司法局根据会议意见修改完善后，以市人民政府令公布施行。

二、研究春季森林防火工作

会议要求，各区、各部门要压实责任，强化火源管控，确保全市森林资源安全。`,
  }),
];

/** The template of a 文种 (or one of its aliases), or undefined. */
export function findDraftTemplate(name: string): DraftTemplate | undefined {
  const n = name.trim();
  return DRAFT_TEMPLATES.find((t) => t.genre === n || t.aliases.includes(n));
}
