import * as libreriaCodiceFiscale from 'codice-fiscale-js';
import { IsoDate, parseIsoDate } from '../calendar/calendario';
import type { RuleViolation } from './violation';

/**
 * Italian identifiers: the personal codice fiscale (16 characters) and the 11-digit partita IVA / codice fiscale of
 * organisations.
 *
 * About `codice-fiscale-js` (2.4.0), checked in its source:
 * - Its package exposes `module.exports.CodiceFiscale` while its typings declare a default export: the named import
 *   fails to type-check and the default import is `undefined`-ish at run time, so it is read from the namespace below.
 * - `CodiceFiscale.check(cf)` tests the pattern (omocodia letters included) and the check character. We use it for
 *   the format. It does NOT test that the birth date exists: 'RSSMRA05B31D612N' (31 February) passes.
 * - Decoding (`new CodiceFiscale(cf)`, `.birthday`) resolves the two-digit year against the WALL CLOCK: 20yy if that
 *   is not after the current year, else 19yy (`new Date().getFullYear()`), so the answer changes with the day it runs
 *   on; it rolls impossible dates over (31 February → 3 March) and it throws for birthplace codes missing from its
 *   list of comuni (valid codes would be refused). So we do not decode with it: `datiDaCodiceFiscale` decodes the
 *   date and sex itself, deterministically, against a reference date passed in (see there).
 * The birthplace code is only checked for its shape (a letter and three digits, omocodia allowed), not against a
 * list of comuni or foreign states: such lists change and a stale one must not refuse a real person's code.
 */
type CodiceFiscaleStatico = typeof libreriaCodiceFiscale.default;
/** The class the package exports by name at run time, where its typings declare only the default export. */
const esportaPerNome = (m: object): m is { CodiceFiscale: CodiceFiscaleStatico } => 'CodiceFiscale' in m && typeof m.CodiceFiscale === 'function';
const CodiceFiscale: CodiceFiscaleStatico = esportaPerNome(libreriaCodiceFiscale) ? libreriaCodiceFiscale.CodiceFiscale : libreriaCodiceFiscale.default;

export type Sesso = 'M' | 'F';

export interface DatiCodiceFiscale {
  dataNascita: IsoDate;
  sesso: Sesso;
}

/** Trimmed and upper-cased, as every check here compares it. */
export const normalizzaCodiceFiscale = (cf: string): string => (typeof cf === 'string' ? cf.trim().toUpperCase() : '');

const MESI_CF = 'ABCDEHLMPRST';
/** Omocodia: a digit in these positions may be replaced by the letter at the same index of 'LMNPQRSTUV'. */
const OMOCODIA = 'LMNPQRSTUV';
const POSIZIONI_NUMERICHE = [6, 7, 9, 10, 12, 13, 14];

/** The code with omocodia letters turned back into digits (only the positions that hold digits). */
function senzaOmocodia(cf: string): string {
  const c = cf.split('');
  for (const i of POSIZIONI_NUMERICHE) {
    const k = OMOCODIA.indexOf(c[i]);
    if (k >= 0) c[i] = String(k);
  }
  return c.join('');
}

const giorniNelMese = (anno: number, mese: number): number => new Date(Date.UTC(anno, mese, 0)).getUTCDate();

/** Two-digit year, month (1-12), day (1-31) and sex encoded in a code that passed `CodiceFiscale.check`. */
function parti(cf: string): { aa: number; mese: number; giorno: number; sesso: Sesso } {
  const c = senzaOmocodia(cf);
  const aa = Number(c.slice(6, 8));
  const mese = MESI_CF.indexOf(c[8]) + 1;
  const gg = Number(c.slice(9, 11));
  return gg > 40 ? { aa, mese, giorno: gg - 40, sesso: 'F' } : { aa, mese, giorno: gg, sesso: 'M' };
}

/** Whether the encoded day exists in that month: 29 February only when yy is a multiple of 4 (2000 was leap). */
function dataEsistente(p: { aa: number; mese: number; giorno: number }): boolean {
  return p.giorno >= 1 && p.giorno <= giorniNelMese(2000 + p.aa, p.mese);
}

/**
 * Rule 'codice-fiscale-formato' for a person's codice fiscale: 16 characters (after trimming, any case), the official
 * pattern with omocodia, the right check character, and a birth day that exists (1-31, or 41-71 for women, within
 * the month's length). Empty when well-formed.
 */
export function verificaCodiceFiscalePersona(cf: string, field = 'codiceFiscale'): RuleViolation[] {
  const c = normalizzaCodiceFiscale(cf);
  const v = (message: string, limit?: unknown): RuleViolation[] => [
    { rule: 'codice-fiscale-formato', field, message, found: typeof cf === 'string' ? cf : String(cf), ...(limit !== undefined ? { limit } : {}) },
  ];
  if (c.length !== 16) return v(`il codice fiscale deve avere 16 caratteri, ne ha ${c.length}`, 16);
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(c)) {
    return v('il codice fiscale non rispetta lo schema (6 lettere, anno, mese, giorno, comune, carattere di controllo)');
  }
  if (!CodiceFiscale.check(c)) {
    return v(
      `carattere di controllo errato: atteso ${CodiceFiscale.getCheckCode(c.slice(0, 15))}, trovato ${c[15]}`,
      CodiceFiscale.getCheckCode(c.slice(0, 15)),
    );
  }
  if (!dataEsistente(parti(c))) return v('la data di nascita codificata nel codice fiscale non esiste');
  return [];
}

/**
 * Birth date and sex encoded in a well-formed personal codice fiscale, or undefined if it is not well-formed.
 *
 * The code holds only the last two digits of the year. The century is the one that puts the birth date on or before
 * `riferimento` and closest to it: with riferimento 2026-03-01, '05' → 2005, '26' + January → 2026, '26' + May →
 * 1926, '99' → 1999. Pass the date of the check (e.g. the submission date), never the wall clock. Someone over
 * 100 years old cannot be told apart from a newborn: use the declared birth date for that (`coerenzaAnagrafica`).
 */
export function datiDaCodiceFiscale(cf: string, riferimento: IsoDate): DatiCodiceFiscale | undefined {
  const c = normalizzaCodiceFiscale(cf);
  if (verificaCodiceFiscalePersona(c).length) return undefined;
  const rif = new Date(parseIsoDate(riferimento));
  const p = parti(c);
  let anno = rif.getUTCFullYear() - (rif.getUTCFullYear() % 100) + p.aa;
  const iso = (a: number) => `${String(a).padStart(4, '0')}-${String(p.mese).padStart(2, '0')}-${String(p.giorno).padStart(2, '0')}`;
  // Back a century while the date is after the reference, or is 29 February of a year that is not leap (2100).
  while (iso(anno) > riferimento || p.giorno > giorniNelMese(anno, p.mese)) anno -= 100;
  return { dataNascita: iso(anno), sesso: p.sesso };
}

/**
 * Rule 'codice-fiscale-coerente': the birth date and sex encoded in the codice fiscale agree with the ones declared.
 * Each mismatch is its own violation on `${prefisso}.dataNascita` / `${prefisso}.sesso` (bare names when `prefisso`
 * is ''), with `found` the declared
 * value and `limit` the value the code gives. The century is not encoded, so the code's date is compared on year
 * mod 100, month and day, and reported with the declared century. A malformed code cannot be compared: its
 * 'codice-fiscale-formato' violations (on `${prefisso}.codiceFiscale`) are returned instead.
 */
export function coerenzaAnagrafica(cf: string, dataNascita: IsoDate, sesso: Sesso, prefisso: string): RuleViolation[] {
  const campo = (nome: string) => (prefisso ? `${prefisso}.${nome}` : nome);
  const c = normalizzaCodiceFiscale(cf);
  const formato = verificaCodiceFiscalePersona(cf, campo('codiceFiscale'));
  if (formato.length) return formato;
  const p = parti(c);
  const out: RuleViolation[] = [];
  let dichiarata: Date | undefined;
  try {
    dichiarata = new Date(parseIsoDate(dataNascita));
  } catch {
    dichiarata = undefined;
  }
  const secolo = dichiarata ? dichiarata.getUTCFullYear() - (dichiarata.getUTCFullYear() % 100) : 1900;
  const attesa = `${String(secolo + p.aa).padStart(4, '0')}-${String(p.mese).padStart(2, '0')}-${String(p.giorno).padStart(2, '0')}`;
  if (!dichiarata || dichiarata.getUTCFullYear() % 100 !== p.aa || dichiarata.getUTCMonth() + 1 !== p.mese || dichiarata.getUTCDate() !== p.giorno) {
    out.push({
      rule: 'codice-fiscale-coerente',
      field: campo('dataNascita'),
      message: `la data di nascita dichiarata (${dataNascita}) non corrisponde a quella del codice fiscale (${attesa.slice(2)} con anno a due cifre)`,
      found: dataNascita,
      limit: attesa,
    });
  }
  if (sesso !== p.sesso) {
    out.push({
      rule: 'codice-fiscale-coerente',
      field: campo('sesso'),
      message: `il sesso dichiarato (${sesso}) non corrisponde a quello del codice fiscale (${p.sesso})`,
      found: sesso,
      limit: p.sesso,
    });
  }
  return out;
}

/** The check digit of the first 10 digits of a partita IVA (Luhn: digits in even positions doubled, 9 subtracted). */
export function cifraControlloPartitaIva(prime10: string): number {
  let somma = 0;
  for (let i = 0; i < 10; i++) {
    let d = prime10.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    somma += d;
  }
  return (10 - (somma % 10)) % 10;
}

/**
 * Rule 'partita-iva-formato': 11 digits (after trimming; no 'IT' prefix, no spaces inside) with the check digit of the
 * Agenzia delle Entrate. The all-zero placeholder '00000000000' is refused although its check digit is right.
 */
export function verificaPartitaIva(piva: string, field = 'partitaIva'): RuleViolation[] {
  const p = typeof piva === 'string' ? piva.trim() : '';
  const v = (message: string, limit?: unknown): RuleViolation[] => [
    { rule: 'partita-iva-formato', field, message, found: typeof piva === 'string' ? piva : String(piva), ...(limit !== undefined ? { limit } : {}) },
  ];
  if (!/^\d+$/.test(p)) return v('la partita IVA deve essere composta di sole cifre');
  if (p.length !== 11) return v(`la partita IVA deve avere 11 cifre, ne ha ${p.length}`, 11);
  if (/^0{7}/.test(p)) return v('la partita IVA non può avere matricola 0000000');
  const attesa = cifraControlloPartitaIva(p);
  if (attesa !== Number(p[10])) return v(`cifra di controllo errata: attesa ${attesa}, trovata ${p[10]}`, attesa);
  return [];
}

/**
 * The codice fiscale of an organisation (the host): either 11 digits, checked as a partita IVA (companies and bodies
 * share the algorithm; rule 'partita-iva-formato'), or a personal 16-character codice fiscale (sole traders; rule
 * 'codice-fiscale-formato'). Anything else breaks 'codice-fiscale-formato'.
 */
export function verificaCodiceFiscaleOrganizzazione(x: string, field = 'codiceFiscale'): RuleViolation[] {
  const c = normalizzaCodiceFiscale(x);
  if (/^\d{11}$/.test(c)) return verificaPartitaIva(c, field).map((v) => ({ ...v, found: x }));
  if (c.length === 16) return verificaCodiceFiscalePersona(x, field);
  return [
    {
      rule: 'codice-fiscale-formato',
      field,
      message: "il codice fiscale di un'organizzazione ha 11 cifre (come la partita IVA) o 16 caratteri (ditta individuale)",
      found: typeof x === 'string' ? x : String(x),
      limit: [11, 16],
    },
  ];
}

/** Characters nobody sees: controls, soft hyphen, zero-width and directional marks, word joiners, BOM. */
const invisibile = (c: number): boolean =>
  c <= 0x1f ||
  (c >= 0x7f && c <= 0x9f) ||
  c === 0xad ||
  (c >= 0x200b && c <= 0x200f) ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2060 && c <= 0x206f) ||
  c === 0xfeff;
/** A name as registries write it: letters (any script, accents), spaces, apostrophes, hyphens and dots. */
const NOME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

/**
 * Rule 'nome-non-valido': a given name or surname someone could read back: not blank, no invisible characters, at
 * least one letter and nothing but letters, spaces, apostrophes, hyphens and dots.
 */
export function verificaNome(valore: string, field: string): RuleViolation[] {
  const v = typeof valore === 'string' ? valore : '';
  if ([...v].some((ch) => invisibile(ch.codePointAt(0)!))) return [{ rule: 'nome-non-valido', field, message: 'contiene caratteri invisibili', found: v }];
  if (!NOME.test(v.trim()))
    return [{ rule: 'nome-non-valido', field, message: v.trim() ? 'ammessi solo lettere, spazi, apostrofi, trattini e punti' : 'è vuoto', found: v }];
  return [];
}

/**
 * Rule 'codice-fiscale-coerente' on the name letters: the first three letters of a well-formed personal codice
 * fiscale encode the surname, the next three the given name (Agenzia delle Entrate's rule, computed by
 * codice-fiscale-js: consonants, then vowels, then X; a name with four or more consonants takes the 1st, 3rd and
 * 4th). A mismatch is its own violation on `${prefisso}.cognome` / `${prefisso}.nome`. A malformed code or an
 * unreadable name is reported by `verificaCodiceFiscalePersona` / `verificaNome`, not here.
 */
export function coerenzaNomi(cf: string, nome: string, cognome: string, prefisso = ''): RuleViolation[] {
  const campo = (n: string) => (prefisso ? `${prefisso}.${n}` : n);
  const c = normalizzaCodiceFiscale(cf);
  if (verificaCodiceFiscalePersona(c).length || verificaNome(nome, '').length || verificaNome(cognome, '').length) return [];
  const out: RuleViolation[] = [];
  const attesoCognome = CodiceFiscale.surnameCode(cognome.trim());
  const attesoNome = CodiceFiscale.nameCode(nome.trim());
  if (c.slice(0, 3) !== attesoCognome) {
    out.push({
      rule: 'codice-fiscale-coerente',
      field: campo('cognome'),
      message: `il cognome dichiarato (${cognome}) non corrisponde al codice fiscale: darebbe ${attesoCognome}, il codice ha ${c.slice(0, 3)}`,
      found: cognome,
      limit: c.slice(0, 3),
    });
  }
  if (c.slice(3, 6) !== attesoNome) {
    out.push({
      rule: 'codice-fiscale-coerente',
      field: campo('nome'),
      message: `il nome dichiarato (${nome}) non corrisponde al codice fiscale: darebbe ${attesoNome}, il codice ha ${c.slice(3, 6)}`,
      found: nome,
      limit: c.slice(3, 6),
    });
  }
  return out;
}

/** Whole years from `nascita` to `al` (both ISO dates): the age a person has on that day. */
export function etaAl(nascita: IsoDate, al: IsoDate): number {
  const [an, mn, gn] = nascita.split('-').map(Number);
  const [aa, ma, ga] = al.split('-').map(Number);
  return aa - an - (ma < mn || (ma === mn && ga < gn) ? 1 : 0);
}

/**
 * A person as a registry may record them, on `oggi` (Italian calendar day, passed in): readable names
 * ('nome-non-valido'), a birth date not after today ('data-nascita-futura'), and a codice fiscale that agrees with
 * the birth date, sex and name letters declared ('codice-fiscale-formato' / 'codice-fiscale-coerente'). Every
 * problem at once.
 */
export function plausibilitaPersona(
  p: { codiceFiscale: string; nome: string; cognome: string; dataNascita: IsoDate; sesso: Sesso },
  oggi: IsoDate,
): RuleViolation[] {
  const out: RuleViolation[] = [...verificaNome(p.nome, 'nome'), ...verificaNome(p.cognome, 'cognome')];
  if (p.dataNascita > oggi)
    out.push({
      rule: 'data-nascita-futura',
      field: 'dataNascita',
      message: `la data di nascita (${p.dataNascita}) è dopo oggi (${oggi})`,
      found: p.dataNascita,
      limit: oggi,
    });
  out.push(...coerenzaAnagrafica(p.codiceFiscale, p.dataNascita, p.sesso, ''), ...coerenzaNomi(p.codiceFiscale, p.nome, p.cognome));
  return out;
}

/** A person's identity as a registry holds it: what a correction may change, in the order reported. */
export const CAMPI_PERSONA = ['codiceFiscale', 'nome', 'cognome', 'dataNascita', 'sesso'] as const;
export type DatiPersona = { codiceFiscale: string; nome: string; cognome: string; dataNascita: IsoDate; sesso: Sesso };

/**
 * A correction of a registered person (rettifica): the data after it (a field not given stays as it was; the codice
 * fiscale in capitals, as stored), the fields it changes (CAMPI_PERSONA order; none when everything given is as
 * recorded, so a repeated correction changes nothing), and what the whole person after it breaks of the rules a
 * registration meets (`plausibilitaPersona` on `oggi`): a new surname must agree with the codice fiscale kept, a new
 * codice fiscale with the birth date, sex and names kept.
 */
export function rettificaPersona(
  attuale: DatiPersona,
  modifiche: Partial<DatiPersona>,
  oggi: IsoDate,
): { dopo: DatiPersona; cambiati: Array<keyof DatiPersona>; violazioni: RuleViolation[] } {
  const dato = (k: keyof DatiPersona): string => {
    const v = modifiche[k];
    return v === undefined ? attuale[k] : k === 'codiceFiscale' ? normalizzaCodiceFiscale(v) : v;
  };
  const dopo: DatiPersona = {
    codiceFiscale: dato('codiceFiscale'),
    nome: dato('nome'),
    cognome: dato('cognome'),
    dataNascita: dato('dataNascita'),
    sesso: dato('sesso') as Sesso,
  };
  const cambiati = CAMPI_PERSONA.filter((k) => dopo[k] !== attuale[k]);
  return { dopo, cambiati, violazioni: cambiati.length ? plausibilitaPersona(dopo, oggi) : [] };
}
