/**
 * Trains the learned sentiment layer on labelled JSONL sets and writes its weights.
 *
 * Usage: node dist/cli/train-sentiment.js [options] [train.jsonl ...]
 *   (no files: every eval/sentiment-*.jsonl set; the sets in eval/held-out/ are never trained
 *   on, and are scored after the weights are written)
 *   --out <path>        where to write the weights (default src/modules/sentiment/model/weights.json)
 *   --loso              leave-one-set-out: per set, train on the others and score it; writes nothing
 *   --score <file>      after training, score this set (model and rules alone); repeatable; writes nothing
 *   --loss logistic|hinge, --epochs N, --rate X, --l2 X, --seed N, --temperature X,
 *   --min-override P, --without-rules
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LexiconSentimentAnalyzer } from '../modules/sentiment/lexicon-sentiment.analyzer';
import { extractFeatures, FeatureVector } from '../modules/sentiment/model/features';
import { LearnedLayer } from '../modules/sentiment/model/learned-layer';
import { MODEL_LABELS, type ModelWeightsFile } from '../modules/sentiment/model/linear-model';
import {
  DEFAULT_TRAIN_OPTIONS,
  fitTemperature,
  freeze,
  train,
  type TrainingExample,
  type TrainOptions,
} from '../modules/sentiment/model/trainer';
import { readExamples } from './eval-sentiment';

const DEFAULT_OUT = 'src/modules/sentiment/model/weights.json';

interface LabelledSet {
  path: string;
  texts: string[];
  labels: number[];
  examples: TrainingExample[];
}

export function loadSet(path: string, rules: LexiconSentimentAnalyzer): LabelledSet {
  const x = new FeatureVector();
  const texts: string[] = [];
  const labels: number[] = [];
  const examples: TrainingExample[] = [];
  for (const e of readExamples(path)) {
    const label = MODEL_LABELS.indexOf(e.label);
    texts.push(e.text);
    labels.push(label);
    examples.push(
      rules.inspect(e.text, (t, r, evidence) => freeze(extractFeatures(t, r, x, evidence), label)),
    );
  }
  return { path, texts, labels, examples };
}

/** Trains and returns the weights file exactly as it would be written (quantised). */
export function trainWeights(sets: readonly LabelledSet[], opts: TrainOptions): ModelWeightsFile {
  const model = train(
    sets.flatMap((s) => s.examples),
    opts,
  );
  return model.toFile({
    trainedOn: sets.map((s) => s.path),
    examples: sets.reduce((n, s) => n + s.examples.length, 0),
    ...opts,
  });
}

export function weightsHash(file: ModelWeightsFile): string {
  return createHash('sha256').update(JSON.stringify(file)).digest('hex');
}

/** Accuracy of the model behind `file` and of the rules alone on one set; its raw logits. */
function score(file: ModelWeightsFile, set: LabelledSet) {
  const layer = LearnedLayer.fromFile(file);
  const analyzer = new LexiconSentimentAnalyzer(undefined, layer);
  const rules = new LexiconSentimentAnalyzer(undefined, null);
  let model = 0;
  let alone = 0;
  const logits: Float64Array[] = [];
  set.texts.forEach((text, i) => {
    const want = MODEL_LABELS[set.labels[i]];
    if (analyzer.analyzeSync(text).label === want) model++;
    logits.push(layer.model.logits.slice());
    if (rules.analyzeSync(text).label === want) alone++;
  });
  return { model: model / set.texts.length, rules: alone / set.texts.length, logits };
}

/** The labelled sets (`sentiment-*.jsonl`) directly in `dir`, in name order. */
function setsIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^sentiment-.*\.jsonl$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
}

export function main(argv: readonly string[]): number {
  const args = [...argv];
  const flag = (name: string) => {
    const at = args.indexOf(name);
    if (at >= 0) args.splice(at, 1);
    return at >= 0;
  };
  const loso = flag('--loso');
  const withoutRules = flag('--without-rules');
  const out = option(args, '--out') ?? DEFAULT_OUT;
  const toScore: string[] = [];
  for (let s = option(args, '--score'); s !== undefined; s = option(args, '--score')) {
    toScore.push(s);
  }
  const opts: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    withoutRules,
    loss: (option(args, '--loss') as TrainOptions['loss'] | undefined) ?? 'logistic',
  };
  const num = (name: string, fallback: number) => Number(option(args, name) ?? fallback);
  opts.epochs = num('--epochs', opts.epochs);
  opts.learningRate = num('--rate', opts.learningRate);
  opts.l2 = num('--l2', opts.l2);
  opts.seed = num('--seed', opts.seed);
  opts.temperature = num('--temperature', opts.temperature);
  opts.minOverride = num('--min-override', opts.minOverride);
  if (opts.loss !== 'logistic' && opts.loss !== 'hinge') throw new Error('unknown --loss');

  const paths = args.length > 0 ? args : setsIn('eval');
  const rules = new LexiconSentimentAnalyzer(undefined, null);
  const sets = paths.map((p) => loadSet(p, rules));
  console.log(`options ${JSON.stringify(opts)}`);

  if (loso) {
    let sum = 0;
    let sumRules = 0;
    const logits: Float64Array[] = [];
    const labels: number[] = [];
    for (const held of sets) {
      const file = trainWeights(
        sets.filter((s) => s !== held),
        opts,
      );
      const r = score(file, loadSet(held.path, rules));
      sum += r.model;
      sumRules += r.rules;
      logits.push(...r.logits);
      labels.push(...held.labels);
      console.log(`${held.path}\tmodel ${r.model.toFixed(3)}\trules now ${r.rules.toFixed(3)}`);
    }
    const n = sets.length;
    console.log(`mean\tmodel ${(sum / n).toFixed(3)}\trules now ${(sumRules / n).toFixed(3)}`);
    console.log(`temperature fitted on the held-out logits: ${fitTemperature(logits, labels)}`);
    return 0;
  }

  const file = trainWeights(sets, opts);
  console.log(`trained on ${sets.length} sets; weights sha256 ${weightsHash(file)}`);
  if (toScore.length > 0) {
    for (const path of toScore) {
      const r = score(file, loadSet(path, rules));
      console.log(`${path}\tmodel ${r.model.toFixed(3)}\trules alone ${r.rules.toFixed(3)}`);
    }
    return 0;
  }
  const json = JSON.stringify(file);
  writeFileSync(out, json + '\n');
  console.log(`wrote ${out} (${json.length} bytes)`);
  // The held-out sets are never trained on: their scores are the estimate for unseen registers.
  for (const path of setsIn(join('eval', 'held-out'))) {
    const r = score(file, loadSet(path, rules));
    console.log(`held out ${path}\tmodel ${r.model.toFixed(3)}\trules alone ${r.rules.toFixed(3)}`);
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
