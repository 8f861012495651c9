import { NEUTRAL_BAND } from '../sentiment-summary';
import { KIND_DIRECTION } from '../lexicon-entry';
import type { NormalizedText } from '../normalized-text';
import type { Sentiment, SentimentLabel } from '../sentiment.types';
import { extractFeatures, FeatureVector, type RuleEvidence } from './features';
import { LinearModel, MODEL_LABELS, type ModelWeightsFile } from './linear-model';

/**
 * Final say over the rule analyzer's verdict: a linear model reads the message's features
 * and the rules' label, score and confidence, and picks the label. When it agrees with the
 * rules, their score and confidence stand (they carry intensity and how much evidence there
 * was); when it overrides them, the score comes from the model's probabilities, placed in the
 * new label's band, and the confidence is the calibrated probability of that label. Emotions
 * and keywords stay the rules'. Below `minOverride` probability the rules keep their label. Reuses one feature buffer, so it is not re-entrant.
 */
export class LearnedLayer {
  private readonly x = new FeatureVector();

  constructor(readonly model: LinearModel) {}

  static fromFile(file: ModelWeightsFile): LearnedLayer {
    return new LearnedLayer(LinearModel.fromFile(file));
  }

  refine(text: NormalizedText, rules: Sentiment, evidence?: RuleEvidence): Sentiment {
    // Nothing but punctuation or symbols ("???!!!"): no words for the model to read.
    if (text.count === 0) return rules;
    const model = this.model;
    const best = model.predict(extractFeatures(text, rules, this.x, evidence));
    const label = MODEL_LABELS[best];
    const p = model.probs;
    if (label === rules.label || p[best] < model.minOverride) return rules;
    if (evidence && text.count <= HEADLINE_TOKENS && againstDomain(label, evidence)) return rules;
    const lean = p[0] - p[1];
    const score =
      label === 'neutral'
        ? NEUTRAL_BAND * lean
        : Math.sign(lean) * (NEUTRAL_BAND + (1 - NEUTRAL_BAND) * Math.abs(lean));
    return { ...rules, label, score: round3(score), confidence: round3(p[best]) };
  }
}

/** Up to this many tokens a message is a headline: its words alone say little. */
const HEADLINE_TOKENS = 6;

/**
 * "Bajó el MERVAL", "subió la inflación": when a headline's only evidence is a market move the
 * rules read against its subject (domain knowledge the hashed words cannot hold: "bajó" is good
 * news for inflation and bad for the MERVAL), the model may not turn that reading into its
 * opposite. In longer messages the model has the rest of the text and keeps its say.
 */
function againstDomain(label: SentimentLabel, { items, contrib }: RuleEvidence): boolean {
  if (label === 'neutral') return false;
  let direction = 0;
  for (let k = 0; k < items.count; k++) {
    const v = contrib[k];
    if (v === 0) continue;
    if (items.entries[k].kind !== KIND_DIRECTION) return false;
    direction += v;
  }
  return label === 'positive' ? direction < 0 : direction > 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
