/**
 * Dates, numbers and percentages as the exported documents print them, in the Italian style: 20/03/2020, 59.908,
 * 74,59%. The work is `Intl`'s ('it-IT'); the options below keep two choices of ours: thousands are grouped from
 * 1.000 on (CLDR groups Italian numbers only from 10.000), and a zero is never printed with a minus sign.
 */

const LOCALE = 'it-IT';

const DATA = new Intl.DateTimeFormat(LOCALE, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });

const formati = new Map<string, Intl.NumberFormat>();

/** The formatter of numbers with `decimali` decimals (as many as the number has when undefined), as a percentage or not. */
function formatoNumero(decimali: number | undefined, percentuale: boolean): Intl.NumberFormat {
  const chiave = `${decimali ?? ''}${percentuale ? '%' : ''}`;
  let f = formati.get(chiave);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, {
      // 'percent' as a unit prints the number as it is (74.59 → 74,59%); style 'percent' would multiply it by 100.
      ...(percentuale ? { style: 'unit', unit: 'percent' } : {}),
      // 20 is the most Intl allows: enough for the shortest form of any double that is not printed in exponent form.
      minimumFractionDigits: decimali ?? 0,
      maximumFractionDigits: decimali ?? 20,
      useGrouping: 'always',
      signDisplay: 'negative',
    });
    formati.set(chiave, f);
  }
  return f;
}

/** 'YYYY-MM-DD' → [y, m, d] when it is a real calendar day. */
export function partiData(iso: string | undefined): [number, number, number] | undefined {
  const m = iso === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? [y, mo, d] : undefined;
}

/** A date-only value: midnight UTC, which exceljs stores as a whole Excel serial (no time zone shift). */
export function dataUtc(iso: string | undefined): Date | undefined {
  const p = partiData(iso);
  return p ? new Date(Date.UTC(p[0], p[1] - 1, p[2])) : undefined;
}

/** 'YYYY-MM-DD' as 'gg/mm/aaaa'; anything that is not a calendar day is printed as it came. */
export function dataIt(iso: string | undefined): string {
  const d = dataUtc(iso);
  return d ? DATA.format(d) : (iso ?? '');
}

/** Italian number: '.' for thousands, ',' for decimals; `decimali` fixes the decimals when given. */
export function numeroIt(v: number, decimali?: number): string {
  return Number.isFinite(v) ? formatoNumero(decimali, false).format(v) : String(v);
}

/** A percentage already in percent (74.59 → '74,59%'), with `decimali` decimals when given. */
export function percentualeIt(v: number, decimali?: number): string {
  return Number.isFinite(v) ? formatoNumero(decimali, true).format(v) : `${String(v)}%`;
}

/**
 * A computed explanation in the documents' one style: the valuation writes machine numbers and dates ("74.59%",
 * "2020-03-20"); the documents print "74,59%" and "20/03/2020", like every other figure and date in them.
 */
export function spiegazioneIt(s: string): string {
  return s.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (t) => (partiData(t) ? dataIt(t) : t)).replace(/(?<![\w.,])(\d+)\.(\d{1,2})(?![\w.,])/g, '$1,$2');
}
