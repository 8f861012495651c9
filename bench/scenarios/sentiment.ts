import { join, resolve } from 'node:path';
import { spawnNode } from '../lib/proc';
import { fmt, ScenarioContext, ScenarioReport } from './common';

interface SentimentLine {
  name: string;
  msgs_per_sec: number;
  runs: number[];
}

/** The local sentiment analyzer on one core (bench/sentiment.bench.ts), alone on core 0. */
export async function sentimentScenario({
  h,
  smoke,
  log,
}: ScenarioContext): Promise<ScenarioReport> {
  const seconds = smoke ? 0.05 : 1;
  const proc = spawnNode('sentiment', join(resolve(__dirname, '..'), 'sentiment.bench.js'), {
    core: 0,
    args: ['--seconds', String(seconds)],
    logDir: h.logDir,
  });
  const line = await proc.waitForLine(/^\{.*"msgs_per_sec".*\}$/, 120_000);
  await proc.exited;
  const result = JSON.parse(line[0]) as SentimentLine;
  log(`sentiment: ${result.msgs_per_sec} msgs/s`);
  return {
    id: 'sentiment',
    title: 'Sentiment analyzer',
    markdown: [
      '| benchmark | msgs/s on one core (median) | runs |',
      '| --- | --- | --- |',
      '| lexicon sentiment analyzer (`bench/sentiment.bench.ts`, a mix of 24 user messages) | ' +
        `${fmt(result.msgs_per_sec, 0)} | ${result.runs.map((r) => fmt(r, 0)).join(' / ')} (${seconds} s each) |`,
      '',
      `Run alone on core 0 while nothing else is measured: ${fmt(1e6 / result.msgs_per_sec, 1)} µs of CPU per ` +
        'message, to set against the per-message cost of the whole pipeline (1 / the REST chat rate below).',
    ].join('\n'),
    targets: [],
    data: result,
  };
}
