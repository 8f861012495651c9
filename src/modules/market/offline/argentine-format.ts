const TIME_ZONE = 'America/Argentina/Buenos_Aires';

const numberFormats = new Map<number, Intl.NumberFormat>();

/** `1.193,40`: the Argentine way, with this many decimals. */
export function formatNumber(value: number, decimals = 2): string {
  let f = numberFormats.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('es-AR', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    numberFormats.set(decimals, f);
  }
  return f.format(value);
}

const dateTime = new Intl.DateTimeFormat('es-AR', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An as-of as Argentines write it: `04/12/2026 12:00` (Buenos Aires time) for a timestamp,
 * `03/12/2026` for a date, `octubre de 2026` for a month.
 */
export function formatAsOf(asOf: string, monthNames: readonly string[]): string {
  const month = /^(\d{4})-(\d{2})$/.exec(asOf);
  if (month) return `${monthNames[Number(month[2]) - 1]} de ${month[1]}`;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  const t = Date.parse(asOf);
  if (Number.isNaN(t)) return asOf;
  return dateTime.format(new Date(t)).replace(',', '');
}
