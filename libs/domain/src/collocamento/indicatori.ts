import { IsHoliday, IsoDate, addWorkingDays } from '../calendar/calendario';
import { dataItaliana } from '../calendar/ora-italiana';
import { etaAnni, giornoNumero } from './collocamento.date';
import type { Sesso } from './collocamento.types';
import { formattaPunti } from './graduatoria';
import type { EsitoCandidato, OffertaState } from './offerta.state';
import { giorniLavorativiTra } from './sla';

/**
 * Indicators of the preselection (DOMAIN §2; Puglia C.3.x / G.1.x, Tuscany): requests, applicants, preselected
 * (eligible), sent, interviewed, hired, refusals of a suitable offer, working days to fulfil a request, the share
 * fulfilled within the standard and the share of offers published in preselection; grouped by office, period,
 * gender and age band. Pure: rows in, a deterministic table out; integers only (percentages and averages in
 * hundredths, rounded half up).
 */

export interface CandidatoIndicatori {
  iscrittoId: string;
  sesso: Sesso;
  dataNascita: IsoDate;
  /** Eligible at the close of applications (in the graduatoria). */
  idoneo: boolean;
  /** In the rosa sent to the employer. */
  inviato: boolean;
  esito?: EsitoCandidato;
}

/** One offer, as the indicators see it. */
export interface RigaIndicatori {
  offertaId: string;
  ufficio: string;
  dataRichiesta: IsoDate;
  /** Judged congrua and published for candidatures (the preselection share's numerator). */
  inPreselezione: boolean;
  /** Italian date the rosa was sent (also when it was empty: nobody eligible); undefined if not sent. */
  dataRosa?: IsoDate;
  /** Every active applicant. */
  candidati: CandidatoIndicatori[];
}

/**
 * The row of an offer from its state and the applicants' gender and birth date (by iscrittoId). Throws if one is
 * missing. When the applications are kept outside the state (`adesioniEsterne`), `esterni` gives the active
 * applicants and the whole ranked list (the state holds only its head).
 */
export function rigaIndicatori(
  state: OffertaState,
  anagrafica: ReadonlyMap<string, { sesso: Sesso; dataNascita: IsoDate }>,
  esterni?: { aderenti: readonly string[]; idonei: readonly string[] },
): RigaIndicatori {
  const idonei = new Set(esterni ? esterni.idonei : (state.graduatoria?.ordine ?? []));
  const inviati = new Set(state.rosa?.candidati ?? []);
  const esiti = new Map(state.esiti.map((e) => [e.iscrittoId, e.esito]));
  const aderenti = esterni
    ? [...esterni.aderenti]
    : Object.values(state.adesioni)
        .filter((a) => a.ritirataIl === undefined)
        .map((a) => a.iscrittoId);
  const candidati = aderenti
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((id): CandidatoIndicatori => {
      const p = anagrafica.get(id);
      if (!p) throw new Error(`indicatori: anagrafica mancante per ${id} (offerta ${state.offertaId})`);
      const esito = esiti.get(id);
      return { iscrittoId: id, sesso: p.sesso, dataNascita: p.dataNascita, idoneo: idonei.has(id), inviato: inviati.has(id), ...(esito ? { esito } : {}) };
    });
  return {
    offertaId: state.offertaId,
    ufficio: state.ufficio,
    dataRichiesta: state.dataRichiesta,
    inPreselezione: state.congruita?.esito === 'congrua',
    ...(state.rosa ? { dataRosa: dataItaliana(new Date(state.rosa.inviataIl)) } : {}),
    candidati,
  };
}

export const DIMENSIONI = ['ufficio', 'periodo', 'sesso', 'fascia-eta'] as const;
export type Dimensione = (typeof DIMENSIONI)[number];
export type Periodo = 'mese' | 'trimestre' | 'anno';

/** Lower bounds of the age bands (age on the request date): '<18', '18-24', '25-34', '35-44', '45-54', '55+'. */
export const FASCE_ETA_PREDEFINITE: readonly number[] = [18, 25, 35, 45, 55];

export interface OpzioniIndicatori {
  /** Grouping, in column and sort order; [] gives one total row. */
  raggruppa: Dimensione[];
  /** Period granularity of the request date; 'mese' by default ('YYYY-MM', 'YYYY-T1', 'YYYY'). */
  periodo?: Periodo;
  fasceEta?: readonly number[];
  /** The service standard in working days (5). */
  giorniStandard?: number;
  isHoliday: IsHoliday;
}

export interface ColonnaIndicatori {
  chiave: string;
  intestazione: string;
  /** 'centesimi': an integer in hundredths (rendered '66,62'). */
  tipo: 'testo' | 'intero' | 'centesimi';
}

export type CellaIndicatori = string | number | null;

export interface TabellaIndicatori {
  colonne: ColonnaIndicatori[];
  righe: Array<Record<string, CellaIndicatori>>;
}

const COLONNE_DIMENSIONI: Record<Dimensione, ColonnaIndicatori> = {
  ufficio: { chiave: 'ufficio', intestazione: 'Ufficio', tipo: 'testo' },
  periodo: { chiave: 'periodo', intestazione: 'Periodo', tipo: 'testo' },
  sesso: { chiave: 'sesso', intestazione: 'Sesso', tipo: 'testo' },
  'fascia-eta': { chiave: 'fasciaEta', intestazione: 'Fascia di età', tipo: 'testo' },
};

/**
 * The measures, in column order. Offer-level measures (requests, shares, days) are null in a table grouped by
 * gender or age band, where they have no meaning.
 */
export const COLONNE_MISURE: readonly ColonnaIndicatori[] = [
  { chiave: 'richieste', intestazione: 'Richieste', tipo: 'intero' },
  { chiave: 'inPreselezione', intestazione: 'Offerte in preselezione', tipo: 'intero' },
  { chiave: 'quotaPreselezione', intestazione: 'Quota offerte in preselezione (%)', tipo: 'centesimi' },
  { chiave: 'candidature', intestazione: 'Candidature', tipo: 'intero' },
  { chiave: 'preselezionati', intestazione: 'Candidati preselezionati', tipo: 'intero' },
  { chiave: 'inviati', intestazione: 'Candidati inviati', tipo: 'intero' },
  { chiave: 'colloquiati', intestazione: 'Candidati a colloquio', tipo: 'intero' },
  { chiave: 'assunti', intestazione: 'Assunti', tipo: 'intero' },
  { chiave: 'rifiuti', intestazione: 'Rifiuti di offerta congrua', tipo: 'intero' },
  { chiave: 'evase', intestazione: 'Richieste evase', tipo: 'intero' },
  { chiave: 'giorniMedi', intestazione: 'Giorni lavorativi medi per evadere', tipo: 'centesimi' },
  { chiave: 'entroStandard', intestazione: 'Evase entro lo standard', tipo: 'intero' },
  { chiave: 'quotaEntroStandard', intestazione: 'Quota evase entro lo standard (%)', tipo: 'centesimi' },
];

const MISURE_OFFERTA = ['richieste', 'inPreselezione', 'quotaPreselezione', 'evase', 'giorniMedi', 'entroStandard', 'quotaEntroStandard'];

/** a / b in hundredths, rounded half up; null when b = 0. */
export function centesimiDi(a: number, b: number): number | null {
  return b === 0 ? null : Math.floor((a * 200 + b) / (2 * b));
}

function periodoDi(d: IsoDate, p: Periodo): string {
  if (p === 'anno') return d.slice(0, 4);
  if (p === 'trimestre') return `${d.slice(0, 4)}-T${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
  return d.slice(0, 7);
}

/** The band of an age: index (for sorting) and label. */
function fasciaDi(eta: number, fasce: readonly number[]): { indice: number; etichetta: string } {
  if (eta < fasce[0]) return { indice: 0, etichetta: `<${fasce[0]}` };
  for (let i = 0; i < fasce.length; i++) {
    if (i === fasce.length - 1 || eta < fasce[i + 1]) {
      return { indice: i + 1, etichetta: i === fasce.length - 1 ? `${fasce[i]}+` : `${fasce[i]}-${fasce[i + 1] - 1}` };
    }
  }
  /* istanbul ignore next */
  return { indice: fasce.length, etichetta: `${fasce[fasce.length - 1]}+` };
}

interface Accumulo {
  chiaveOrdine: string[];
  valori: Record<string, string>;
  richieste: number;
  inPreselezione: number;
  candidature: number;
  preselezionati: number;
  inviati: number;
  colloquiati: number;
  assunti: number;
  rifiuti: number;
  evase: number;
  giorni: number;
  entroStandard: number;
}

/** The indicators table of `righe` grouped by `opzioni.raggruppa`; rows sorted by the grouping values. */
export function calcolaIndicatori(righe: readonly RigaIndicatori[], opzioni: OpzioniIndicatori): TabellaIndicatori {
  const dims = opzioni.raggruppa;
  for (const d of dims) if (!(DIMENSIONI as readonly string[]).includes(d)) throw new Error(`indicatori: dimensione sconosciuta ${JSON.stringify(d)}`);
  if (new Set(dims).size !== dims.length) throw new Error('indicatori: dimensioni ripetute');
  const periodo = opzioni.periodo ?? 'mese';
  const fasce = opzioni.fasceEta ?? FASCE_ETA_PREDEFINITE;
  if (fasce.length === 0 || fasce.some((f, i) => !Number.isSafeInteger(f) || (i > 0 && f <= fasce[i - 1]))) {
    throw new Error('indicatori: fasceEta devono essere interi crescenti');
  }
  const standard = opzioni.giorniStandard ?? 5;
  const perPersona = dims.includes('sesso') || dims.includes('fascia-eta');

  const gruppi = new Map<string, Accumulo>();
  const gruppo = (r: RigaIndicatori, c?: CandidatoIndicatori): Accumulo => {
    const ordine: string[] = [];
    const valori: Record<string, string> = {};
    for (const d of dims) {
      let v: string;
      let k: string;
      if (d === 'ufficio') v = k = r.ufficio;
      else if (d === 'periodo') v = k = periodoDi(r.dataRichiesta, periodo);
      else if (d === 'sesso') v = k = (c as CandidatoIndicatori).sesso;
      else {
        const f = fasciaDi(etaAnni(giorno((c as CandidatoIndicatori).dataNascita), giorno(r.dataRichiesta)), fasce);
        v = f.etichetta;
        k = String(f.indice).padStart(4, '0');
      }
      ordine.push(k);
      valori[COLONNE_DIMENSIONI[d].chiave] = v;
    }
    const chiave = JSON.stringify(ordine);
    let g = gruppi.get(chiave);
    if (!g) {
      g = {
        chiaveOrdine: ordine,
        valori,
        richieste: 0,
        inPreselezione: 0,
        candidature: 0,
        preselezionati: 0,
        inviati: 0,
        colloquiati: 0,
        assunti: 0,
        rifiuti: 0,
        evase: 0,
        giorni: 0,
        entroStandard: 0,
      };
      gruppi.set(chiave, g);
    }
    return g;
  };

  for (const r of righe) {
    giorno(r.dataRichiesta);
    if (!perPersona) {
      const g = gruppo(r);
      g.richieste++;
      if (r.inPreselezione) g.inPreselezione++;
      if (r.dataRosa !== undefined) {
        g.evase++;
        g.giorni += giorniLavorativiTra(r.dataRichiesta, r.dataRosa, opzioni.isHoliday);
        if (r.dataRosa <= addWorkingDays(r.dataRichiesta, standard, opzioni.isHoliday)) g.entroStandard++;
      }
    }
    for (const c of r.candidati) {
      const g = perPersona ? gruppo(r, c) : gruppo(r);
      g.candidature++;
      if (c.idoneo) g.preselezionati++;
      if (c.inviato) g.inviati++;
      if (c.esito !== undefined && c.esito !== 'non-presentato') g.colloquiati++;
      if (c.esito === 'assunto') g.assunti++;
      if (c.esito === 'rifiuto') g.rifiuti++;
    }
  }

  const ordinati = [...gruppi.values()].sort((a, b) => {
    for (let i = 0; i < a.chiaveOrdine.length; i++) {
      if (a.chiaveOrdine[i] !== b.chiaveOrdine[i]) return a.chiaveOrdine[i] < b.chiaveOrdine[i] ? -1 : 1;
    }
    return 0;
  });
  const out = ordinati.map((g) => {
    const riga: Record<string, CellaIndicatori> = {
      ...g.valori,
      richieste: g.richieste,
      inPreselezione: g.inPreselezione,
      quotaPreselezione: centesimiDi(g.inPreselezione * 100, g.richieste),
      candidature: g.candidature,
      preselezionati: g.preselezionati,
      inviati: g.inviati,
      colloquiati: g.colloquiati,
      assunti: g.assunti,
      rifiuti: g.rifiuti,
      evase: g.evase,
      giorniMedi: centesimiDi(g.giorni, g.evase),
      entroStandard: g.entroStandard,
      quotaEntroStandard: centesimiDi(g.entroStandard * 100, g.evase),
    };
    if (perPersona) for (const k of MISURE_OFFERTA) riga[k] = null;
    return riga;
  });
  return { colonne: [...dims.map((d) => COLONNE_DIMENSIONI[d]), ...COLONNE_MISURE], righe: out };
}

function giorno(d: IsoDate): number {
  const n = giornoNumero(d);
  if (Number.isNaN(n)) throw new Error(`indicatori: data non valida ${JSON.stringify(d)}`);
  return n;
}

function cellaCsv(v: CellaIndicatori, tipo: ColonnaIndicatori['tipo']): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return tipo === 'centesimi' ? formattaPunti(v) : String(v);
  // Text: neutralise spreadsheet formulas, then quote when needed.
  const t = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[;"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/**
 * The table as CSV for Italian spreadsheets: ';' separated, Italian headers, CRLF line ends, decimal comma for
 * hundredths ('66,62'), empty cells for null; text quoted when it holds ';', '"' or a line break, and prefixed with
 * "'" when it starts with = + - @ (no formula injection). No BOM: add one if the consumer needs it.
 */
export function indicatoriCsv(tabella: TabellaIndicatori): string {
  const righe = [tabella.colonne.map((c) => cellaCsv(c.intestazione, 'testo')).join(';')];
  for (const r of tabella.righe) righe.push(tabella.colonne.map((c) => cellaCsv(r[c.chiave] ?? null, c.tipo)).join(';'));
  // The BOM tells Excel the file is UTF-8: without it, Italian Excel reads accents as Windows-1252.
  return `\uFEFF${righe.join('\r\n')}\r\n`;
}
