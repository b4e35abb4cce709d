const DATA = new Intl.DateTimeFormat('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Rome' });
const DATA_ORA = new Intl.DateTimeFormat('it-IT', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Rome',
});

/** A date (YYYY-MM-DD or ISO date-time) as Italians write it: 05/03/2026. */
export function data(valore?: string | null): string {
  if (!valore) return '—';
  const d = new Date(valore.length === 10 ? `${valore}T12:00:00Z` : valore);
  return Number.isNaN(d.getTime()) ? valore : DATA.format(d);
}

export function dataOra(valore?: string | null): string {
  if (!valore) return '—';
  const d = new Date(valore);
  return Number.isNaN(d.getTime()) ? valore : DATA_ORA.format(d);
}

/** A machine state (`in-revisione`, `IN_REVISIONE`) in words. */
export function stato(valore?: string | null): string {
  if (!valore) return '—';
  const parole = valore.replace(/[_-]+/g, ' ').toLowerCase();
  return parole.charAt(0).toUpperCase() + parole.slice(1);
}
