export {
  factsIn,
  numericFacts,
  organFacts,
  personFacts,
  decisionFacts,
  parseNumber,
  csvMaterialText,
  type FactKind,
  type FactMention,
} from './facts.js';
export {
  planDraft,
  splitRecipients,
  type DraftPlan,
  type Material,
  type PlanInput,
  type PlannedFact,
} from './plan.js';
export { indexSources, guardFacts, type SourceIndex, type UnverifiedFact, type GuardResult } from './guard.js';
export { DRAFT_PROMPT_VERSION, buildDraftMessages, extractDraft } from './prompt.js';
export {
  DraftError,
  askModel,
  composeDraft,
  draftFrontMatter,
  type ComposeInput,
  type ComposedDraft,
  type DraftModelOptions,
  type ModelAnswer,
} from './compose.js';
