/**
 * Offline training of the learned layer: multinomial logistic regression or a multiclass
 * linear SVM (Crammer-Singer hinge), both by AdaGrad SGD with L2, in a fixed order drawn from a
 * seeded generator, so the same data and seed always give the same weights.
 */
import { FEATURE_DIM, HASHED_DIM, type FeatureVector } from './features';
import { LinearModel, MODEL_LABELS } from './linear-model';

const K = MODEL_LABELS.length;

/** One training example: a frozen copy of its sparse features and the class index. */
export interface TrainingExample {
  index: Int32Array;
  value: Float32Array;
  label: number;
}

export interface TrainOptions {
  loss: 'logistic' | 'hinge';
  epochs: number;
  learningRate: number;
  /** L2 strength, applied to the weights an example touches. */
  l2: number;
  seed: number;
  /** Leave out the rule verdict (text features only), for comparison. */
  withoutRules?: boolean;
  /** Softmax temperature stored with the weights (`--loso` prints the fitted one). */
  temperature: number;
  /** Stored with the weights: the least probability at which the model overrides the rules. */
  minOverride: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  loss: 'logistic',
  epochs: 30,
  learningRate: 0.2,
  l2: 1e-5,
  seed: 20261207,
  temperature: 1.3,
  minOverride: 0,
};

export function freeze(x: FeatureVector, label: number): TrainingExample {
  return { index: x.index.slice(0, x.count), value: x.value.slice(0, x.count), label };
}

/** Small deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function train(examples: readonly TrainingExample[], opts: TrainOptions): LinearModel {
  const w = new Float64Array(FEATURE_DIM * K);
  const g2 = new Float64Array(FEATURE_DIM * K);
  const bias = new Float64Array(K);
  const biasG2 = new Float64Array(K);
  const random = mulberry32(opts.seed);
  const order = examples.map((_, i) => i);
  const z = new Float64Array(K);
  const grad = new Float64Array(K);
  const lr = opts.learningRate;

  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const at of order) {
      const x = examples[at];
      const n = opts.withoutRules ? countHashed(x) : x.index.length;
      for (let c = 0; c < K; c++) z[c] = bias[c];
      for (let i = 0; i < n; i++) {
        const o = x.index[i] * K;
        const v = x.value[i];
        for (let c = 0; c < K; c++) z[c] += w[o + c] * v;
      }
      if (!lossGradient(opts.loss, z, x.label, grad)) continue;
      for (let c = 0; c < K; c++) {
        biasG2[c] += grad[c] * grad[c];
        bias[c] -= (lr * grad[c]) / (Math.sqrt(biasG2[c]) + 1e-8);
      }
      for (let i = 0; i < n; i++) {
        const o = x.index[i] * K;
        const v = x.value[i];
        for (let c = 0; c < K; c++) {
          const g = grad[c] * v + opts.l2 * w[o + c];
          if (g === 0) continue;
          g2[o + c] += g * g;
          w[o + c] -= (lr * g) / (Math.sqrt(g2[o + c]) + 1e-8);
        }
      }
    }
  }
  return new LinearModel(Float32Array.from(w), bias, opts.temperature, opts.minOverride);
}

function countHashed(x: TrainingExample): number {
  let n = 0;
  while (n < x.index.length && x.index[n] < HASHED_DIM) n++;
  return n;
}

/** Gradient of the loss with respect to the logits; false when it is zero. */
function lossGradient(loss: TrainOptions['loss'], z: Float64Array, y: number, grad: Float64Array) {
  if (loss === 'logistic') {
    const m = Math.max(z[0], z[1], z[2]);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += grad[c] = Math.exp(z[c] - m);
    for (let c = 0; c < K; c++) grad[c] = grad[c] / sum - (c === y ? 1 : 0);
    return true;
  }
  let rival = -1;
  for (let c = 0; c < K; c++) if (c !== y && (rival < 0 || z[c] > z[rival])) rival = c;
  grad.fill(0);
  if (z[y] - z[rival] >= 1) return false;
  grad[y] = -1;
  grad[rival] = 1;
  return true;
}

/** The temperature in [0.5, 10] that minimises the log loss of held-out logits. */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[]): number {
  let best = 1;
  let bestLoss = Infinity;
  for (let t = 0.5; t <= 10.001; t += 0.05) {
    let loss = 0;
    logits.forEach((z, i) => {
      const m = Math.max(z[0], z[1], z[2]);
      let sum = 0;
      for (let c = 0; c < K; c++) sum += Math.exp((z[c] - m) / t);
      loss -= (z[labels[i]] - m) / t - Math.log(sum);
    });
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}
