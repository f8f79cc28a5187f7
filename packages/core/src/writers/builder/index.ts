import type { GovDocument } from '../../document/types.js';
import type { Profile } from '../../engine/types.js';
import type { BuildResult } from './builder.js';
import type { Draft } from './draft.js';

export type { BuildResult } from './builder.js';

// The writer and the docx package are loaded when a document is built, not whenever the engine starts.
export async function buildDocx(doc: GovDocument, profile: Profile): Promise<BuildResult> {
  return (await import('./builder.js')).buildDocx(doc, profile);
}

export async function buildDraft(draft: Draft, profile: Profile): Promise<BuildResult> {
  return (await import('./builder.js')).buildDraft(draft, profile);
}
export { readDraft, type Draft, type DraftFormat } from './draft.js';
export { breakTitle, countLines, textWidth, titleUnits } from './measure.js';
export { ProfileError } from '../../engine/profile.js';
