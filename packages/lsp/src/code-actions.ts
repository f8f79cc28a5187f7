import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { DATA_RULE_FILES, type Diagnostic, type Fix, type GovDocument } from '@gongwen/core';
import { fixLoop } from '@gongwen/node';
import { COMMANDS } from './command-ids.js';
import type { DiagnosticsScheduler } from './diagnostics.js';
import type { DocumentStore } from './documents.js';
import { minimalEdit, normalizedOffset, toPosition } from './positions.js';
import type { Settings } from './settings.js';

export const FIX_ALL_KIND = 'source.fixAll.gongwen';

export function versionedEdit(uri: string, version: number, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits } satisfies TextDocumentEdit] };
}

function fixEdit(doc: GovDocument, fix: Fix): TextEdit {
  return { range: { start: toPosition(doc, fix.range[0]), end: toPosition(doc, fix.range[1]) }, newText: fix.text };
}

/**
 * Whether “add to the terms list” makes sense for a finding: only a word or name a wording, homophone or AI check
 * questioned (an organisation's own name can look like a mistake), never punctuation, numbers or layout, and never a
 * form the typo lexicon knows to be wrong (布署): that would silence a real error for good.
 */
export function termCandidate(d: Diagnostic, term: string): boolean {
  if (term.trim().length < 2 || term.length > 40 || term.includes('\n')) return false;
  if (!/^(wording|typo|llm)\//.test(d.ruleId) || d.ruleId === 'typo/lexicon') return false;
  return !knownTypos().some((t) => term.includes(t));
}

let typoForms: string[] | undefined;
/** The wrong forms of the typo lexicon (rules/typo/lexicon.yaml), read once. */
function knownTypos(): string[] {
  if (!typoForms) {
    const lexicon = DATA_RULE_FILES.find((f) => (f.data as { id?: string }).id === 'typo/lexicon')?.data as
      | { swap?: Record<string, string> }
      | undefined;
    typoForms = Object.keys(lexicon?.swap ?? {});
  }
  return typoForms;
}

/** Quick fixes, "ignore / disable / add term" actions, and fix-all (of one rule, or of every rule) as one edit. */
export class CodeActions {
  constructor(
    private readonly docs: DocumentStore,
    private readonly settings: Settings,
    private readonly diagnostics: DiagnosticsScheduler,
  ) {}

  /** Every safe fix (optionally of one rule), re-checked until stable, as one minimal edit of that version. */
  fixAllEdit(uri: string, version: number, ruleId?: string): WorkspaceEdit | undefined {
    const st = this.docs.current(uri, version);
    if (!st?.checker) return undefined;
    const ignores = this.settings.ignoresFor(uri);
    const checker = st.checker;
    const { output } = fixLoop(st.source, (s) => checker.check(s, st.format), {
      keep: ignores.keep,
      ...(ruleId ? { ruleId } : {}),
    });
    const edit = minimalEdit(st.doc, st.source, output);
    return edit ? versionedEdit(uri, version, [edit]) : undefined;
  }

  actions(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const td = this.docs.get(uri);
    const st = this.docs.current(uri);
    if (!td || !st) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];
    const version = td.version;
    if (wants(CodeActionKind.QuickFix)) {
      const startN = normalizedOffset(td.getText(), td.offsetAt(params.range.start));
      const endN = normalizedOffset(td.getText(), td.offsetAt(params.range.end));
      st.diagnostics.forEach((d, i) => {
        if (!(d.range[0] <= endN && startN <= d.range[1])) return;
        const lspDiag = this.diagnostics.toLsp(st.doc, d);
        const quick = { kind: CodeActionKind.QuickFix, diagnostics: [lspDiag] };
        const options = [
          ...(d.fix ? [{ title: `修正为“${d.fix.text}”`, fix: d.fix }] : []),
          ...(d.suggestions ?? []).map((s) => ({ title: s.message, fix: s.fix })),
        ];
        const isPreferred = options.length === 1 && d.source !== 'llm';
        for (const o of options) {
          actions.push({
            title: `${o.title}（${d.ruleId}）`,
            ...quick,
            isPreferred,
            edit: versionedEdit(uri, version, [fixEdit(st.doc, o.fix)]),
          });
        }
        const sameRule = st.diagnostics.filter((x) => x.ruleId === d.ruleId && x.fix).length;
        if (d.fix && sameRule > 1) {
          const edit = this.fixAllEdit(uri, version, d.ruleId);
          if (edit) actions.push({ title: `修正全部“${d.ruleId}”问题（${sameRule} 处）`, ...quick, edit });
        }
        const occurrence = {
          uri,
          version,
          ruleId: d.ruleId,
          hash: st.hashes[i],
          text: st.doc.text.slice(d.range[0], d.range[1]),
        };
        actions.push({
          title: `忽略此处（${d.ruleId}）`,
          ...quick,
          command: { title: '忽略此处', command: COMMANDS.ignore, arguments: [occurrence] },
        });
        const disable = { title: '关闭规则', command: COMMANDS.disableRule, arguments: [{ uri, ruleId: d.ruleId }] };
        actions.push({ title: `在 .gongwenrc.yaml 中关闭规则 ${d.ruleId}`, ...quick, command: disable });
        const term = st.doc.text.slice(d.range[0], d.range[1]);
        if (termCandidate(d, term)) {
          actions.push({
            title: `把“${term}”加入术语表（terms）`,
            ...quick,
            command: { title: '加入术语表', command: COMMANDS.addTerm, arguments: [{ uri, term }] },
          });
        }
      });
    }
    if (wants(FIX_ALL_KIND) && (only || st.diagnostics.some((d) => d.fix))) {
      const edit = this.fixAllEdit(uri, version);
      if (edit) actions.push({ title: '修正全部可自动修正的问题（gongwen）', kind: FIX_ALL_KIND, edit });
    }
    return actions;
  }
}
