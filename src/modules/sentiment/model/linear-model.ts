/**
 * The learned layer: a linear classifier over `extractFeatures` (hashed text features plus the
 * rule analyzer's verdict), trained offline by `npm run train:sentiment` and stored in
 * `weights.json` with the hashed weights quantised to one signed byte each.
 */
import type { SentimentLabel } from '../sentiment.types';
import { FEATURE_DIM, HASH_BITS, HASHED_DIM, RULE_DIM, type FeatureVector } from './features';

export const MODEL_LABELS: readonly SentimentLabel[] = ['positive', 'negative', 'neutral'];
const K = MODEL_LABELS.length;

/** On-disk shape of `weights.json`. */
export interface ModelWeightsFile {
  format: 1;
  hashBits: number;
  ruleDim: number;
  labels: string[];
  /** Per class: the int8 hashed weights times this give the real weights. */
  scale: number[];
  /** Per class: HASHED_DIM signed bytes, base64. */
  hashed: string[];
  /** Per class: RULE_DIM weights of the rule features. */
  rules: number[][];
  bias: number[];
  /** Softmax temperature, fitted on leave-one-set-out predictions (calibration only). */
  temperature: number;
  /** The model overrides the rules only when its label is at least this probable. */
  minOverride: number;
  /** Provenance: training sets, seed, loss and its settings. */
  meta: Record<string, unknown>;
}

/** Float weights, feature-major: `w[i * 3 + c]` is the weight of feature i for class c. */
export class LinearModel {
  /** Class probabilities of the last `predict` call (after the temperature). */
  readonly probs = new Float64Array(K);
  /** Raw class scores of the last `predict` call. */
  readonly logits = new Float64Array(K);

  constructor(
    readonly w: Float32Array,
    readonly bias: Float64Array,
    public temperature = 1,
    public minOverride = 0,
  ) {
    if (w.length !== FEATURE_DIM * K || bias.length !== K) throw new Error('bad model shape');
  }

  static fromFile(file: ModelWeightsFile): LinearModel {
    if (
      file.format !== 1 ||
      file.hashBits !== HASH_BITS ||
      file.ruleDim !== RULE_DIM ||
      file.labels.join() !== MODEL_LABELS.join()
    ) {
      throw new Error('sentiment weights do not match this feature layout');
    }
    const w = new Float32Array(FEATURE_DIM * K);
    for (let c = 0; c < K; c++) {
      const bytes = Buffer.from(file.hashed[c], 'base64');
      if (bytes.length !== HASHED_DIM) throw new Error('sentiment weights: bad hashed length');
      const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
      const scale = file.scale[c];
      for (let i = 0; i < HASHED_DIM; i++) w[i * K + c] = q[i] * scale;
      for (let r = 0; r < RULE_DIM; r++) w[(HASHED_DIM + r) * K + c] = file.rules[c][r];
    }
    return new LinearModel(w, Float64Array.from(file.bias), file.temperature, file.minOverride);
  }

  /** Quantises the hashed weights; the rule weights and biases stay as they are. */
  toFile(meta: Record<string, unknown>): ModelWeightsFile {
    const scale: number[] = [];
    const hashed: string[] = [];
    const rules: number[][] = [];
    for (let c = 0; c < K; c++) {
      let max = 0;
      for (let i = 0; i < HASHED_DIM; i++) max = Math.max(max, Math.abs(this.w[i * K + c]));
      const s = max === 0 ? 1 : max / 127;
      const q = new Int8Array(HASHED_DIM);
      for (let i = 0; i < HASHED_DIM; i++) q[i] = Math.round(this.w[i * K + c] / s);
      scale.push(Number(s.toPrecision(9)));
      hashed.push(Buffer.from(q.buffer).toString('base64'));
      const r: number[] = [];
      for (let j = 0; j < RULE_DIM; j++) {
        r.push(Number(this.w[(HASHED_DIM + j) * K + c].toPrecision(7)));
      }
      rules.push(r);
    }
    return {
      format: 1,
      hashBits: HASH_BITS,
      ruleDim: RULE_DIM,
      labels: [...MODEL_LABELS],
      scale,
      hashed,
      rules,
      bias: Array.from(this.bias, (b) => Number(b.toPrecision(9))),
      temperature: this.temperature,
      minOverride: this.minOverride,
      meta,
    };
  }

  /** Softmax over the classes into `probs`; returns the index of the most likely class. */
  predict(x: FeatureVector): number {
    const w = this.w;
    let z0 = this.bias[0];
    let z1 = this.bias[1];
    let z2 = this.bias[2];
    for (let i = 0; i < x.count; i++) {
      const v = x.value[i];
      const o = x.index[i] * K;
      z0 += w[o] * v;
      z1 += w[o + 1] * v;
      z2 += w[o + 2] * v;
    }
    this.logits[0] = z0;
    this.logits[1] = z1;
    this.logits[2] = z2;
    const m = Math.max(z0, z1, z2);
    const t = this.temperature;
    const e0 = Math.exp((z0 - m) / t);
    const e1 = Math.exp((z1 - m) / t);
    const e2 = Math.exp((z2 - m) / t);
    const sum = e0 + e1 + e2;
    this.probs[0] = e0 / sum;
    this.probs[1] = e1 / sum;
    this.probs[2] = e2 / sum;
    return z0 >= z1 ? (z0 >= z2 ? 0 : 2) : z1 >= z2 ? 1 : 2;
  }
}
