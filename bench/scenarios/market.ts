import { join, resolve } from 'node:path';
import { spawnNode } from '../lib/proc';
import { fmt, ScenarioContext, ScenarioReport, table } from './common';

interface ToolRound {
  cache: 'memory' | 'redis';
  p50_without_ms: number;
  p50_with_tool_round_ms: number;
  p50_added_ms: number;
  p99_added_ms: number;
}
interface MarketLine {
  tool_round: ToolRound[];
  single_flight: {
    askers: number;
    instances: number;
    answered: number;
    upstream_requests: number;
    wall_ms: number;
  };
}

/** Live figures (bench/market-tools.bench.ts): one tool round's cost, and single-flight. */
export async function marketScenario({ h, smoke, log }: ScenarioContext): Promise<ScenarioReport> {
  const proc = spawnNode('market', join(resolve(__dirname, '..'), 'market-tools.bench.js'), {
    core: 0,
    args: ['--iterations', smoke ? '50' : '2000'],
    logDir: h.logDir,
  });
  const line = await proc.waitForLine(/^\{.*"tool_round".*\}$/, 120_000);
  await proc.exited;
  const r = JSON.parse(line[0]) as MarketLine;
  const added = r.tool_round.find((x) => x.cache === 'redis') ?? r.tool_round[0];
  const sf = r.single_flight;
  log(`market: +${fmt(added.p50_added_ms, 3)} ms p50; ${sf.upstream_requests} upstream request(s)`);
  return {
    id: 'market',
    title: 'Live market figures',
    markdown: [
      table(
        [
          'cache',
          'p50 without tools (ms)',
          'p50 with one tool round (ms)',
          'p50 added (ms)',
          'p99 added (ms)',
        ],
        r.tool_round.map((x) => [
          x.cache,
          fmt(x.p50_without_ms, 3),
          fmt(x.p50_with_tool_round_ms, 3),
          fmt(x.p50_added_ms, 3),
          fmt(x.p99_added_ms, 2),
        ]),
      ),
      '',
      'Service time of the answer path in process with a zero-latency model: the tool loop, the ' +
        'tool, the warm cache read (in-process LRU, or the shared Redis), the JSON and the masking ' +
        'of its result. The model’s second round trip is the model’s time, not the service’s, and ' +
        'is not included.',
      '',
      `${sf.askers} concurrent askers of the dollar rates over ${sf.instances} instances sharing ` +
        `Redis, against a local DolarApi answering in 50 ms: ${sf.answered} answered, ` +
        `**${sf.upstream_requests} upstream request(s)**, ${fmt(sf.wall_ms, 0)} ms in all.`,
    ].join('\n'),
    targets: [
      {
        name: 'one tool round, warm cache',
        target: '≤ 2 ms p50 added',
        measured: `${fmt(added.p50_added_ms, 3)} ms`,
        met: added.p50_added_ms <= 2,
      },
      {
        name: '200 concurrent askers of one figure',
        target: '1 upstream request',
        measured: String(sf.upstream_requests),
        met: sf.upstream_requests === 1,
      },
    ],
    data: r,
  };
}
