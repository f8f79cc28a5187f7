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
