import type { RuleViolation } from '../common/violation';
import type { CausaEsterna, Fase, Indicatore, IsoDate, PianoDocumento } from './cronoprogramma.types';

/** Monitoring data of a phase: what the office reports during the year, no approval needed. */
export interface MonitoraggioFase {
  indicatore: string;
  numero: number;
  fineEffettiva?: IsoDate | null;
  notaMonitoraggio?: string | null;
  fonteDati?: string | null;
  causaEsterna?: CausaEsterna | null;
  autovalutazionePct?: number | null;
  ritardoStimatoGiorni?: number | null;
}

export interface MonitoraggioIndicatore {
  codice: string;
  raggiunto?: number | null;
  autovalutazionePct?: number | null;
  notaMonitoraggio?: string | null;
  fonteDati?: string | null;
  causaEsterna?: CausaEsterna | null;
}

const CAMPI_MONITORAGGIO_FASE = ['fineEffettiva', 'notaMonitoraggio', 'fonteDati', 'causaEsterna', 'autovalutazionePct', 'ritardoStimatoGiorni'] as const;
const CAMPI_MONITORAGGIO_NUMERICO = ['raggiunto', 'autovalutazionePct', 'notaMonitoraggio', 'fonteDati', 'causaEsterna'] as const;

/** Field `k` of `da` copied onto `a`, or removed from `a` when `da` has none. */
function riporta<T extends object, K extends keyof T>(a: T, da: T, k: K): void {
  if (da[k] !== undefined) a[k] = da[k];
  else delete a[k];
}

const indicatori = (p: PianoDocumento): Indicatore[] => p.aree.flatMap((a) => a.obiettivi.flatMap((o) => o.indicatori));

/** Sets (a value) or clears (null) each given field; leaves fields not mentioned as they are. */
function patch<T extends object>(target: T, changes: object, fields: readonly string[]): T {
  const out = { ...target } as Record<string, unknown>;
  for (const f of fields) {
    if (!(f in changes)) continue;
    const v = (changes as Record<string, unknown>)[f];
    if (v === null || v === undefined) delete out[f];
    else out[f] = v;
  }
  return out as T;
}

/**
 * Applies monitoring updates (actual ends, notes, achieved values, external causes) to a copy of the plan. Planned
 * data cannot change this way: that takes a revision. Every reference to a missing phase or indicator is reported.
 */
export function applicaMonitoraggio(
  piano: PianoDocumento,
  changes: { fasi?: MonitoraggioFase[]; indicatori?: MonitoraggioIndicatore[] },
): { piano: PianoDocumento; violations: RuleViolation[] } {
  const copy: PianoDocumento = structuredClone(piano);
  const byCode = new Map(indicatori(copy).map((i) => [i.codice, i]));
  const violations: RuleViolation[] = [];
  (changes.fasi ?? []).forEach((m, k) => {
    const ind = byCode.get(m.indicatore);
    const i = ind?.tipo === 'procedurale' ? ind.fasi.findIndex((f) => f.numero === m.numero) : -1;
    if (!ind || ind.tipo !== 'procedurale' || i < 0) {
      violations.push({
        rule: 'fase-inesistente',
        field: `fasi[${k}]`,
        message: `l'indicatore procedurale ${m.indicatore} non ha la fase ${m.numero}`,
        found: `${m.indicatore}#${m.numero}`,
      });
      return;
    }
    ind.fasi[i] = patch<Fase>(ind.fasi[i], m, CAMPI_MONITORAGGIO_FASE);
  });
  (changes.indicatori ?? []).forEach((m, k) => {
    const ind = byCode.get(m.codice);
    if (!ind || ind.tipo !== 'numerico') {
      violations.push({ rule: 'indicatore-inesistente', field: `indicatori[${k}]`, message: `non esiste l'indicatore numerico ${m.codice}`, found: m.codice });
      return;
    }
    Object.assign(ind, patch(ind, m, CAMPI_MONITORAGGIO_NUMERICO));
    for (const f of CAMPI_MONITORAGGIO_NUMERICO) if (f in m && m[f] == null) delete ind[f];
  });
  return { piano: copy, violations };
}

/**
 * A revision replaces the planned data (dates, weights, phases, objectives) while the monitoring already reported
 * is kept for every phase and indicator that still exists. Office, year and close date cannot be revised.
 */
export function applicaRevisione(corrente: PianoDocumento, proposta: PianoDocumento): { piano: PianoDocumento; violations: RuleViolation[] } {
  const violations: RuleViolation[] = [];
  for (const f of ['ufficio', 'anno'] as const) {
    if (proposta[f] !== corrente[f])
      violations.push({
        rule: 'campo-non-revisionabile',
        field: f,
        message: `${f}: non modificabile con una revisione`,
        found: proposta[f],
        limit: corrente[f],
      });
  }
  const vecchi = new Map(indicatori(corrente).map((i) => [i.codice, i]));
  const piano: PianoDocumento = structuredClone(proposta);
  for (const ind of indicatori(piano)) {
    const old = vecchi.get(ind.codice);
    if (!old || old.tipo !== ind.tipo) continue;
    if (ind.tipo === 'procedurale' && old.tipo === 'procedurale') {
      ind.fasi = ind.fasi.map((f) => {
        const prev = old.fasi.find((o) => o.numero === f.numero);
        if (!prev) return f;
        const kept = Object.fromEntries(CAMPI_MONITORAGGIO_FASE.filter((k) => prev[k] !== undefined).map((k) => [k, prev[k]]));
        const planned = Object.fromEntries(Object.entries(f).filter(([k]) => !(CAMPI_MONITORAGGIO_FASE as readonly string[]).includes(k)));
        return { ...planned, ...kept } as Fase;
      });
    } else if (ind.tipo === 'numerico' && old.tipo === 'numerico') {
      for (const k of CAMPI_MONITORAGGIO_NUMERICO) riporta(ind, old, k);
    }
  }
  return { piano, violations };
}

/** What a revision changes in the planned data, for the audit trail and the approver: one line per change. */
export function differenzePianificate(prima: PianoDocumento, dopo: PianoDocumento): string[] {
  const out: string[] = [];
  const fasi = (p: PianoDocumento) =>
    new Map(indicatori(p).flatMap((i) => (i.tipo === 'procedurale' ? i.fasi.map((f) => [`${i.codice}#${f.numero}`, f] as const) : [])));
  const a = fasi(prima);
  const b = fasi(dopo);
  for (const [k, f] of b) {
    const old = a.get(k);
    if (!old) out.push(`${k}: nuova fase`);
    else
      for (const c of ['inizioPrevisto', 'finePrevista', 'peso', 'strutturaResponsabile'] as const)
        if (old[c] !== f[c]) out.push(`${k}: ${c} ${old[c]} -> ${f[c]}`);
  }
  for (const k of a.keys()) if (!b.has(k)) out.push(`${k}: fase eliminata`);
  const pesi = (p: PianoDocumento) => new Map(indicatori(p).map((i) => [i.codice, i.peso]));
  const pa = pesi(prima);
  for (const [k, w] of pesi(dopo)) if (pa.has(k) && pa.get(k) !== w) out.push(`${k}: peso ${pa.get(k)} -> ${w}`);
  if (prima.chiusura !== dopo.chiusura) out.push(`chiusura ${prima.chiusura} -> ${dopo.chiusura}`);
  return out;
}

/** The same calendar day `anni` years on; 29 February becomes 28 February in a year that has none. */
export function spostaAnni(d: string, anni: number): string {
  const anno = Number(d.slice(0, 4)) + anni;
  const bisestile = (anno % 4 === 0 && anno % 100 !== 0) || anno % 400 === 0;
  const md = d.slice(5) === '02-29' && !bisestile ? '02-28' : d.slice(5);
  return `${String(anno).padStart(4, '0')}-${md}`;
}

/**
 * "Copy last year's plan": the same areas, objectives, weights, indicators and phases for `anno`, every date moved
 * by the same number of years (the close date too), and everything the year's monitoring recorded cleared: actual
 * ends, monitoring notes, data sources, external causes, self-assessments, estimated delays and achieved values. The
 * numeric indicators keep their target, and last year's achieved value becomes their baseline. Pure.
 */
export function copiaPianoPerAnno(piano: PianoDocumento, anno: number): PianoDocumento {
  const anni = anno - piano.anno;
  return {
    ...piano,
    anno,
    chiusura: spostaAnni(piano.chiusura, anni),
    aree: piano.aree.map((area) => ({
      ...area,
      obiettivi: area.obiettivi.map((o) => ({
        ...o,
        indicatori: o.indicatori.map((ind) => {
          if (ind.tipo === 'procedurale') {
            return {
              ...ind,
              fasi: ind.fasi.map(
                ({ fineEffettiva: _f, notaMonitoraggio: _n, fonteDati: _d, causaEsterna: _c, autovalutazionePct: _a, ritardoStimatoGiorni: _r, ...f }) => ({
                  ...f,
                  inizioPrevisto: spostaAnni(f.inizioPrevisto, anni),
                  finePrevista: spostaAnni(f.finePrevista, anni),
                }),
              ),
            };
          }
          if (ind.tipo === 'numerico') {
            const { raggiunto, autovalutazionePct: _a, notaMonitoraggio: _n, fonteDati: _d, causaEsterna: _c, ...resto } = ind;
            return { ...resto, ...(raggiunto !== undefined ? { baseline: raggiunto } : {}) };
          }
          return { ...ind };
        }),
      })),
    })),
  };
}
