export { buildDocx, buildDraft, type BuildResult } from './builder.js';
export { readDraft, DRAFT_KEYS, DRAFT_FORMATS, type Draft, type DraftFormat, type DraftKey, type BodyParagraph, type AttachmentPage } from './draft.js';
export { breakTitle, countLines, textWidth, titleUnits } from './measure.js';
export { layoutOf, ProfileError, type Layout } from './layout.js';
