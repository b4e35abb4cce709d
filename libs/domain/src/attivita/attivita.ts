/**
 * "Le mie attività": what waits for one user across every procedure, in one list. Each procedure says, from its own
 * states, which of its records wait for which role and with what deadline (`<procedure>/*.attivita.ts`); this file
 * holds what is common: the item, its order, whether it is overdue, and the page of a merged list. Pure.
 */

/** The procedures an item comes from, in the order their counts are listed. */
export const PROCEDURE_ATTIVITA = ['pratiche', 'tirocini', 'collocamento', 'ispezioni', 'cronoprogramma'] as const;
export type ProceduraAttivita = (typeof PROCEDURE_ATTIVITA)[number];

/** Where the console shows each procedure's record (its path conventions). */
const PERCORSI: Record<ProceduraAttivita, string> = {
  pratiche: '/pratiche',
  tirocini: '/tirocini',
  collocamento: '/collocamento/offerte',
  ispezioni: '/ispezioni/richieste',
  cronoprogramma: '/cronoprogramma/piani',
};

export const linkAttivita = (procedura: ProceduraAttivita, id: string): string => `${PERCORSI[procedura]}/${id}`;

/**
 * One thing a user has to do, as a procedure's rules derive it from a record: `codice` names the step in the
 * procedure's terms (it tells apart two things to do on the same record, e.g. a plan's revision and its monitoring),
 * `azione` says it in Italian for the user. Instants are ISO 8601 in UTC.
 */
export interface VoceAttivita {
  procedura: ProceduraAttivita;
  id: string;
  codice: string;
  /** What the user recognises the record by (only data the role may see). */
  riferimento: string;
  /** The record's state in its procedure. */
  stato: string;
  azione: string;
  /** When the step is due (the instant its term lapses), or null when no term runs. */
  scadenza: string | null;
  /** Since when it waits for the user. */
  dal: string;
  link: string;
}

export interface Attivita extends VoceAttivita {
  /** Its term has lapsed. */
  scaduta: boolean;
}

/** A term lapses at its instant: from then on the step is overdue. */
export function scaduta(scadenza: string | null, now: Date): boolean {
  return scadenza !== null && Date.parse(scadenza) <= now.getTime();
}

export const conScadenza = (v: VoceAttivita, now: Date): Attivita => ({ ...v, scaduta: scaduta(v.scadenza, now) });

/** Where an item sits in the list: by deadline (none last), then by how long it has waited, then a fixed tie-break. */
export interface ChiaveAttivita {
  /** ms since the epoch, or null (no deadline). */
  scadenza: number | null;
  dal: number;
  procedura: ProceduraAttivita;
  id: string;
  codice: string;
}

export function chiaveAttivita(v: VoceAttivita): ChiaveAttivita {
  return { scadenza: v.scadenza === null ? null : Date.parse(v.scadenza), dal: Date.parse(v.dal), procedura: v.procedura, id: v.id, codice: v.codice };
}

const testo = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The list's order: deadline ascending with no deadline last, then `dal` ascending, then procedure, id and step. */
export function confrontaChiavi(a: ChiaveAttivita, b: ChiaveAttivita): number {
  if (a.scadenza !== b.scadenza) {
    if (a.scadenza === null) return 1;
    if (b.scadenza === null) return -1;
    return a.scadenza - b.scadenza;
  }
  return a.dal - b.dal || PROCEDURE_ATTIVITA.indexOf(a.procedura) - PROCEDURE_ATTIVITA.indexOf(b.procedura) || testo(a.id, b.id) || testo(a.codice, b.codice);
}

export const confrontaAttivita = (a: VoceAttivita, b: VoceAttivita): number => confrontaChiavi(chiaveAttivita(a), chiaveAttivita(b));

/** Each thing to do once: the same step on the same record found twice (two roles, two arms of a query) is one. */
export function unicheAttivita<T extends VoceAttivita>(voci: readonly T[]): T[] {
  const viste = new Set<string>();
  return voci.filter((v) => {
    const k = `${v.procedura}\u0000${v.id}\u0000${v.codice}`;
    if (viste.has(k)) return false;
    viste.add(k);
    return true;
  });
}

export type ConteggiAttivita = Record<ProceduraAttivita, number>;

export interface PaginaAttivita {
  elementi: Attivita[];
  /** The key of the last item shown, when more follow. */
  successivo?: ChiaveAttivita;
  /** Items per procedure in the whole list (whatever the filter and the page). */
  conteggi: ConteggiAttivita;
  /** Overdue items in the whole list. */
  scadute: number;
}

/**
 * Where a run of items with no deadline, of one procedure and step, in the order of their `dal` and then their id
 * (as a database index holds them), resumes after the item `dopo`: the items whose `dal` is after `dal`, and at that
 * very `dal` all of them (`pari` true), none (false), or those whose id is after `id` (or is `id`, `incluso`).
 * Undefined: from the first (no cursor, or a cursor on an item with a deadline, which all come before). Exactly the
 * items `confrontaChiavi` puts after `dopo`.
 */
export interface RipresaSenzaScadenza {
  dal: number;
  pari: boolean | { id: string; incluso: boolean };
}

export function ripresaSenzaScadenza(dopo: ChiaveAttivita | undefined, procedura: ProceduraAttivita, codice: string): RipresaSenzaScadenza | undefined {
  if (!dopo || dopo.scadenza !== null) return undefined;
  const ordine = PROCEDURE_ATTIVITA.indexOf(procedura) - PROCEDURE_ATTIVITA.indexOf(dopo.procedura);
  if (ordine !== 0) return { dal: dopo.dal, pari: ordine > 0 };
  return { dal: dopo.dal, pari: { id: dopo.id, incluso: testo(codice, dopo.codice) > 0 } };
}

/**
 * One page of the user's list: everything the procedures found (`voci`), each once, marked overdue against `now`,
 * in order; `procedura` keeps one procedure's items; `dopo` starts after the item with that key; at most `limite`.
 * `nonLette`: items a procedure counted but did not read, with no deadline and none that the page would hold (a long
 * run without deadline read one page at a time, see ripresaSenzaScadenza: those before `dopo` and those after the
 * ones read): they count, and the page is what the whole list would give.
 */
export function paginaAttivita(
  voci: readonly VoceAttivita[],
  opzioni: { limite: number; now: Date; procedura?: ProceduraAttivita; dopo?: ChiaveAttivita; nonLette?: Partial<ConteggiAttivita> },
): PaginaAttivita {
  const tutte = unicheAttivita(voci)
    .map((v) => conScadenza(v, opzioni.now))
    .sort(confrontaAttivita);
  const conteggi = Object.fromEntries(PROCEDURE_ATTIVITA.map((p) => [p, opzioni.nonLette?.[p] ?? 0])) as ConteggiAttivita;
  for (const v of tutte) conteggi[v.procedura]++;
  const dopo = opzioni.dopo;
  const scelte = tutte.filter((v) => (!opzioni.procedura || v.procedura === opzioni.procedura) && (!dopo || confrontaChiavi(chiaveAttivita(v), dopo) > 0));
  const elementi = scelte.slice(0, opzioni.limite);
  const ultimo = elementi[elementi.length - 1];
  return {
    elementi,
    ...(scelte.length > elementi.length && ultimo ? { successivo: chiaveAttivita(ultimo) } : {}),
    conteggi,
    scadute: tutte.filter((v) => v.scaduta).length,
  };
}
