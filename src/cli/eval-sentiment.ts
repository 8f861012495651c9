/**
 * Scores the local sentiment analyzer against labelled JSONL files
 * (`{"id", "text", "label", "tags"}` per line).
 *
 * Usage: node dist/cli/eval-sentiment.js [--rules-only] <file.jsonl> [more files]
 *   --rules-only: score the rule analyzer without the learned layer.
 */
import { readFileSync } from 'node:fs';
import { LexiconSentimentAnalyzer } from '../modules/sentiment/lexicon-sentiment.analyzer';
import type { SentimentLabel } from '../modules/sentiment/sentiment.types';

const LABELS: readonly SentimentLabel[] = ['positive', 'negative', 'neutral'];

interface Example {
  id: string;
  text: string;
  label: SentimentLabel;
}

interface Prediction extends Example {
  got: SentimentLabel;
  score: number;
}

interface LabelStats {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvaluationReport {
  total: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<SentimentLabel, LabelStats>;
  /** confusion[expected][predicted], both indexed like LABELS. */
  confusion: number[][];
  errors: Prediction[];
}

function isLabel(value: unknown): value is SentimentLabel {
  return typeof value === 'string' && (LABELS as readonly string[]).includes(value);
}

export function readExamples(path: string): Example[] {
  const examples: Example[] = [];
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const row = JSON.parse(line) as Record<string, unknown>;
    const { id, text, label } = row;
    if (typeof text !== 'string' || !isLabel(label)) {
      throw new Error(`${path}:${index + 1}: expected a "text" string and a known "label"`);
    }
    examples.push({ id: typeof id === 'string' ? id : `line ${index + 1}`, text, label });
  });
  return examples;
}

export function evaluate(
  examples: readonly Example[],
  analyzer: LexiconSentimentAnalyzer,
): EvaluationReport {
  const confusion = LABELS.map(() => LABELS.map(() => 0));
  const errors: Prediction[] = [];
  for (const example of examples) {
    const { label: got, score } = analyzer.analyzeSync(example.text);
    confusion[LABELS.indexOf(example.label)][LABELS.indexOf(got)]++;
    if (got !== example.label) errors.push({ ...example, got, score });
  }

  const perLabel = {} as Record<SentimentLabel, LabelStats>;
  let f1Sum = 0;
  LABELS.forEach((label, i) => {
    const truePositives = confusion[i][i];
    const predicted = confusion.reduce((sum, row) => sum + row[i], 0);
    const support = confusion[i].reduce((sum, n) => sum + n, 0);
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { precision, recall, f1, support };
    f1Sum += f1;
  });

  const total = examples.length;
  const correct = total - errors.length;
  return {
    total,
    accuracy: total === 0 ? 0 : correct / total,
    macroF1: f1Sum / LABELS.length,
    perLabel,
    confusion,
    errors,
  };
}

const fixed = (value: number) => value.toFixed(3);
const cell = (value: string | number, width = 10) => String(value).padEnd(width);

export function printReport(title: string, report: EvaluationReport): void {
  console.log(`== ${title} (${report.total} messages) ==`);
  console.log(`accuracy   ${fixed(report.accuracy)}`);
  console.log(`macro-F1   ${fixed(report.macroF1)}`);
  console.log('');
  console.log(cell('label') + cell('precision') + cell('recall') + cell('f1') + 'support');
  for (const label of LABELS) {
    const s = report.perLabel[label];
    console.log(
      cell(label) +
        cell(fixed(s.precision)) +
        cell(fixed(s.recall)) +
        cell(fixed(s.f1)) +
        s.support,
    );
  }
  console.log('');
  console.log('confusion matrix (rows: expected, columns: predicted)');
  console.log((cell('') + LABELS.map((label) => cell(label)).join('')).trimEnd());
  LABELS.forEach((label, i) => {
    console.log((cell(label) + report.confusion[i].map((n) => cell(n)).join('')).trimEnd());
  });
  console.log('');
  console.log(`misclassified (${report.errors.length})`);
  for (const e of report.errors) {
    console.log(`  ${e.id}\texpected=${e.label}\tgot=${e.got} (${fixed(e.score)})\t${e.text}`);
  }
  console.log('');
}

export function main(argv: readonly string[]): number {
  const rulesOnly = argv.includes('--rules-only');
  const args = argv.filter((a) => a !== '--rules-only');
  if (args.length === 0) {
    console.log('usage: node dist/cli/eval-sentiment.js [--rules-only] <file.jsonl> [more files]');
    return 1;
  }
  const analyzer = new LexiconSentimentAnalyzer(undefined, rulesOnly ? null : undefined);
  const all: Example[] = [];
  for (const path of args) {
    const examples = readExamples(path);
    all.push(...examples);
    printReport(path, evaluate(examples, analyzer));
  }
  if (args.length > 1) printReport('all files', evaluate(all, analyzer));
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
