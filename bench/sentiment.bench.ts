/**
 * Throughput of the local sentiment analyzer on one core.
 *
 * Run: npx tsc -p tsconfig.bench.json && node dist-bench/bench/sentiment.bench.js [--seconds N]
 */
import { LexiconSentimentAnalyzer } from '../src/modules/sentiment/lexicon-sentiment.analyzer';

/** A mix of what users send: questions, complaints, slang, emojis, short and long messages. */
const MESSAGES: readonly string[] = [
  '¿Qué es un CEDEAR?',
  'Se fue a pique el Merval y yo con todo adentro 📉',
  'Subió YPF un 6% hoy, todo verde 🚀🚀',
  'Bárbaro, otra comisión que no me avisaron',
  '¿Conviene el MEP o el CCL para dolarizarme?',
  'No me preocupa la baja de hoy, sigo tranqui con el plan',
  'me re cague cuando vi el blue a 1500, q bajon',
  'Pasame la cotización del dólar oficial',
  'Aunque rebotaron los bonos, sigo preocupado por la inflación',
  'GRACIAS!!! ME SALVASTE CON LO DEL PLAZO FIJO',
  'Buenisimoooo el rendimiento de la caución esta semana',
  'La app no anda y nadie responde en el chat 😡',
  'Tengo 2 millones en pesos, ¿qué me recomendás para no perder contra la inflación?',
  'El riesgo país bajó de 600, por fin buenas noticias para los globales',
  'Se disparó la brecha otra vez y tengo los ahorros en pesos',
  'hola, queria saber como funciona la caucion tomadora',
  'Me clavé con esa ON, quedé adentro justo antes del default',
  'Qué lindo ver la cartera en verde después de tanto sufrir 🙌',
  'Decime cuánto tengo disponible en la cuenta comitente',
  'Nunca tuve tanto miedo de un fin de semana largo con el dólar',
  'Estoy pensando en pasar parte de los ahorros a bonos CER, pero no sé si es el momento',
  'Al principio me daba pánico invertir, pero arranqué de a poco con un FCI y algunos ' +
    'CEDEARs y hoy estoy feliz de haberme animado; la cartera viene firme y sin sobresaltos',
  'Comprá 100 acciones de GGAL a precio de mercado',
  'ok 👍',
];

export interface SentimentBenchOptions {
  /** Length of each measured run, in seconds (default 1; five runs are measured). */
  seconds?: number;
}

export interface SentimentBenchResult {
  name: 'sentiment';
  /** Median of the runs. */
  msgs_per_sec: number;
  runs: number[];
  seconds_per_run: number;
  distinct_messages: number;
}

const RUNS = 5;

/** Messages per second over roughly `seconds`, analysing the mix in a loop. */
function measure(analyzer: LexiconSentimentAnalyzer, seconds: number): number {
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let now = start;
  let count = 0;
  // Consuming every score keeps the work from being optimised away.
  let sink = 0;
  do {
    for (let i = 0; i < MESSAGES.length; i++) sink += analyzer.analyzeSync(MESSAGES[i]).score;
    count += MESSAGES.length;
    now = process.hrtime.bigint();
  } while (now - start < budget);
  if (Number.isNaN(sink)) throw new Error('sentiment bench: a score was NaN');
  return count / (Number(now - start) / 1e9);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function runSentimentBench(
  opts: SentimentBenchOptions = {},
): Promise<SentimentBenchResult> {
  const seconds = opts.seconds ?? 1;
  const analyzer = new LexiconSentimentAnalyzer();
  // Warm-up: give the JIT time to optimise the hot paths before anything is recorded.
  measure(analyzer, Math.min(1, seconds));
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    runs.push(Math.round(measure(analyzer, seconds)));
    // Yield between runs so a runner sharing the process stays responsive.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return {
    name: 'sentiment',
    msgs_per_sec: Math.round(median(runs)),
    runs,
    seconds_per_run: seconds,
    distinct_messages: MESSAGES.length,
  };
}

function parseSeconds(args: readonly string[]): number | undefined {
  const at = args.indexOf('--seconds');
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error('--seconds needs a positive number');
  return value;
}

if (require.main === module) {
  runSentimentBench({ seconds: parseSeconds(process.argv.slice(2)) }).then(
    (result) => {
      const { name, msgs_per_sec, runs } = result;
      console.log(JSON.stringify({ name, msgs_per_sec, runs }));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
