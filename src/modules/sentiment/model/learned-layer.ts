import { NEUTRAL_BAND } from '../sentiment-summary';
import type { NormalizedText } from '../normalized-text';
import type { Sentiment } from '../sentiment.types';
import { extractFeatures, FeatureVector } from './features';
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

  refine(text: NormalizedText, rules: Sentiment): Sentiment {
    const model = this.model;
    const best = model.predict(extractFeatures(text, rules, this.x));
    const label = MODEL_LABELS[best];
    const p = model.probs;
    if (label === rules.label || p[best] < model.minOverride) return rules;
    const lean = p[0] - p[1];
    const score =
      label === 'neutral'
        ? NEUTRAL_BAND * lean
        : Math.sign(lean) * (NEUTRAL_BAND + (1 - NEUTRAL_BAND) * Math.abs(lean));
    return { ...rules, label, score: round3(score), confidence: round3(p[best]) };
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
