const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Topic names (Spanish, shown to users) and the words that signal them. */
const TOPICS: [string, RegExp][] = [
  [
    'MERVAL y acciones argentinas',
    /\b(merval|panel (lider|general)|acciones? (argentinas?|locales)|ypf|ggal|galicia|pampa)\b/,
  ],
  ['CEDEARs', /\bcedears?\b/],
  ['ADRs', /\badrs?\b/],
  [
    'Dólar y brecha',
    /\b(dolar|mep|ccl|contado con liqui|blue|brecha|cepo|tipo de cambio|devaluacion)\b/,
  ],
  ['Bonos', /\b(bonos?|al30|gd30|gd35|gd38|gd41|al29|soberanos?|tir|paridad|cupon)\b/],
  ['LECAPs y letras', /\b(lecaps?|boncaps?|letras?|lebacs?|leliqs?)\b/],
  ['Obligaciones negociables', /\b(obligaciones negociables|ons?)\b/],
  ['FCIs y money market', /\b(fcis?|fondos? comunes?|money market|fondo de inversion)\b/],
  ['Plazo fijo', /\bplazos? fijos?\b/],
  ['Caución', /\bcaucion(es)?\b/],
  ['Inflación', /\b(inflacion|ipc|indec|cer|uva)\b/],
  ['BCRA y tasas', /\b(bcra|banco central|tasas?|politica monetaria|reservas|encajes)\b/],
  ['Riesgo país', /\briesgo pais\b/],
  ['Cripto', /\b(cripto(monedas?)?|bitcoin|btc|ethereum|usdt|usdc|stablecoins?)\b/],
  [
    'Perfil de riesgo y diversificación',
    /\b(perfil|conservador|moderado|agresivo|diversific\w*|riesgo)\b/,
  ],
  ['Impuestos', /\b(impuestos?|ganancias|bienes personales|afip|arca)\b/],
];

/** Topics of a text, most specific first. */
export function topicsOf(text: string): string[] {
  const t = fold(text);
  return TOPICS.filter(([, re]) => re.test(t)).map(([name]) => name);
}

const KNOWN_TICKERS = new Set(
  (
    'YPF YPFD GGAL PAMP BMA BBAR SUPV TXAR ALUA CEPU TGSU2 TGS LOMA CRES EDN COME MIRG TECO2 TEO VALO BYMA ' +
    'TRAN CVH HARG METR IRSA IRS AGRO BHIP BPAT RICH MOLI LEDE SEMI GBAN DGCU2 CTIO AUSO FERR ' +
    'AL29 AL30 AL35 AE38 AL41 GD29 GD30 GD35 GD38 GD41 GD46 TX26 TX28 TZX26 TZX27 TZXD5 DICP PARP CUAP ' +
    'MELI GLOB DESP AAPL MSFT TSLA KO AMZN GOOGL META NVDA SPY QQQ DIA EWZ BRKB JPM WMT DIS NFLX BABA VIST ' +
    'BTC ETH USDT USDC DAI SOL'
  ).split(' '),
);

/** Tickers mentioned: known symbols written as words, and any $CASHTAG. */
export function tickersOf(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\$([A-Za-z][A-Za-z0-9]{0,5})\b/g)) found.add(m[1].toUpperCase());
  for (const m of text.matchAll(/\b([A-Za-z]{2,5}[0-9]{0,2}[A-Za-z]?[0-9]?)\b/g)) {
    const w = m[1].toUpperCase();
    if (KNOWN_TICKERS.has(w) && (m[1] === w || w.length >= 4)) found.add(w);
  }
  return [...found];
}
