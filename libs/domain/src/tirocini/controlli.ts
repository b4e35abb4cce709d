import { parseIsoDate } from '../calendar/calendario';
import type { RuleViolation } from '../common/violation';
import { etaAl, verificaCodiceFiscaleOrganizzazione, verificaCodiceFiscalePersona } from '../common/identificativi';
import { durataMassimaFine } from './durata';
import { limiteOspitante } from './regole';
import { TIPI_DOCUMENTO_TIROCINIO } from './tirocini.types';
import type { ContestoControlli, DocumentoAllegato, IsoDate, ProgettoFormativo, RegolePackTirocini, TipoDocumentoTirocinio } from './tirocini.types';

/**
 * The controlli di primo livello of a tirocinio at submission (DOMAIN §1): every rule the draft breaks, all at once,
 * each tagged with the version of the rule pack that judged it.
 */
export type ViolazioneTirocinio = RuleViolation & { versioneRegole: string };

/** Documents that must be attached at submission. The convenzione may be replaced by an existing one (see below). */
export const REQUIRED_DOCUMENTS: readonly TipoDocumentoTirocinio[] = Object.freeze([
  'convenzione',
  'progetto-formativo',
  'autocertificazione-ospitante',
  'dichiarazione-selezione',
  'documento-identita',
] as const);

/** Documents that must be signed by their parties (PFI: promotore, ospitante, tirocinante). */
export const DOCUMENTI_DA_FIRMARE: readonly TipoDocumentoTirocinio[] = Object.freeze([
  'convenzione',
  'progetto-formativo',
  'autocertificazione-ospitante',
] as const);

/** Content types (detected from the bytes at upload) accepted as readable. */
export const CONTENT_TYPE_LEGGIBILI: readonly string[] = Object.freeze(['application/pdf', 'image/png', 'image/jpeg']);

/**
 * The last day of a period of `mesi` months that starts on (and includes) `dataInizio`: the day before the same day of
 * the month `mesi` months later. When that month has no such day, the period ends on its last day (so a month from
 * 31 January or 30 January ends on 28/29 February, a month from 31 March on 30 April); a period from the 1st ends on
 * the last day of the previous month (1 January + 12 months → 31 December). This is how every duration rule reads
 * "N months": the duration is at least N months iff dataFine ≥ fineDopoMesi(dataInizio, N), at most N months iff
 * dataFine ≤ fineDopoMesi(dataInizio, N). `mesi` = 0 gives the day before the start.
 */
export const fineDopoMesi = durataMassimaFine;

/**
 * The duration of the inclusive period dataInizio..dataFine as whole months (the largest N with
 * fineDopoMesi(dataInizio, N) ≤ dataFine) plus the days left over. 15 Jan..14 Mar = 2 months 0 days; 15 Jan..15 Mar =
 * 2 months 1 day; 31 Jan..28 Feb (non-leap) = 1 month. Throws if dataFine is before dataInizio.
 */
export function durataMesi(dataInizio: IsoDate, dataFine: IsoDate): { mesi: number; giorni: number } {
  parseIsoDate(dataFine);
  if (dataFine < dataInizio) throw new RangeError(`durataMesi: la fine ${dataFine} precede l'inizio ${dataInizio}`);
  let mesi = 0;
  while (fineDopoMesi(dataInizio, mesi + 1) <= dataFine) mesi++;
  const fine = fineDopoMesi(dataInizio, mesi);
  return { mesi, giorni: Math.round((parseIsoDate(dataFine) - parseIsoDate(fine)) / 86_400_000) };
}

const testoDurata = (d: { mesi: number; giorni: number }): string =>
  `${d.mesi} ${d.mesi === 1 ? 'mese' : 'mesi'}${d.giorni ? ` e ${d.giorni} ${d.giorni === 1 ? 'giorno' : 'giorni'}` : ''}`;

const dataValida = (d: unknown): d is IsoDate => {
  if (typeof d !== 'string') return false;
  try {
    parseIsoDate(d);
    return true;
  } catch {
    return false;
  }
};

/** The latest version attached of each document kind (a re-upload supersedes the earlier one). */
function ultimiDocumenti(documenti: DocumentoAllegato[]): Map<TipoDocumentoTirocinio, DocumentoAllegato> {
  const m = new Map<TipoDocumentoTirocinio, DocumentoAllegato>();
  for (const d of documenti) {
    const prima = m.get(d.tipo);
    if (!prima || d.versione > prima.versione) m.set(d.tipo, d);
  }
  return m;
}

/** 'application/PDF; charset=binary' → 'application/pdf'. */
const tipoBase = (ct: unknown): string => (typeof ct === 'string' ? ct.split(';')[0].trim().toLowerCase() : '');

export interface InputControlli {
  progetto: ProgettoFormativo;
  documenti: DocumentoAllegato[];
  contesto: ContestoControlli;
  regole: RegolePackTirocini;
  /** The submission date (Italian calendar day), passed in: never the wall clock. */
  oggi: IsoDate;
}

/**
 * Every first-level rule the draft breaks (empty when it may be submitted), in a stable order. Rule ids and fields:
 *
 * - 'data-formato' (progetto.dataInizio / progetto.dataFine): not an ISO calendar date; the date rules below that need
 *   it are skipped.
 * - 'inizio-non-passato' (progetto.dataInizio): dataInizio ≥ oggi (today is allowed).
 * - 'fine-dopo-inizio' (progetto.dataFine): dataFine > dataInizio; when broken the duration rules are skipped.
 * - 'durata-minima', 'durata-massima', or 'durata-massima-svantaggiati' when `svantaggiato` (progetto.dataFine): months
 *   as defined by `fineDopoMesi`; `limit` is the earliest / latest allowed dataFine.
 * - 'limite-ospitante' (progetto.sedeId): contesto.tirociniConcorrentiSede + 1 ≤ limiteOspitante(regole, dipendenti); the
 *   message names the count and, when given, the date it is in force from.
 * - 'limite-tutor-ospitante' (progetto.tutorOspitanteId), 'limite-tutor-promotore' (progetto.tutorPromotoreId): the
 *   tutor's other overlapping traineeships + 1 ≤ the pack's maximum.
 * - 'indennita-formato' (not whole cents) / 'indennita-minima' (progetto.indennitaMensileCent ≥ minimum).
 * - 'ore-settimanali' (progetto.oreSettimanali): 0 < hours ≤ oreSettimanaliMassime.
 * - 'licenziamenti-precedenti', 'rapporto-precedente' (progetto.dichiarazioni.*): the host's self-declarations.
 * - 'eta-minima' (progetto.tirocinanteId): with contesto.dataNascitaTirocinante, the trainee is at least the pack's
 *   etaMinimaAnni on dataInizio.
 * - 'tirocinio-sovrapposto' (progetto.tirocinanteId): the trainee has no other overlapping traineeship.
 * - 'convenzione-non-valida' (progetto.convenzioneId): the referred convenzione is unknown, or does not bind this
 *   promotore and ospitante, or does not cover dataInizio..dataFine. When `progetto.convenzioneId` is set the
 *   convenzione document is not required (the reference replaces it, and must then be valid). When it is not set,
 *   an attached convenzione document satisfies the requirement; failing that, a `contesto.convenzione` that covers both
 *   parties and the whole period does; otherwise 'documento-mancante'.
 * - 'documento-mancante' (documenti.<tipo>): a REQUIRED_DOCUMENTS kind is not attached.
 * - 'documento-illeggibile' (documenti.<tipo>): the detected content type of an attached document (its latest
 *   version) is not PDF, PNG or JPEG.
 * - 'documento-non-firmato' (documenti.<tipo>): a DOCUMENTI_DA_FIRMARE kind is attached unsigned.
 * - 'codice-fiscale-formato' / 'partita-iva-formato' (contesto.codiceFiscaleTirocinante, contesto.codiceFiscaleOspitante).
 * - 'obiettivi-obbligatori', 'attivita-obbligatorie' (progetto.obiettivi / progetto.attivita): not blank.
 *
 * Throws only on a programming error (an invalid `oggi`, negative counts in the context, an unsound pack).
 */
export function controlliPrimoLivello(input: InputControlli): ViolazioneTirocinio[] {
  const { progetto: p, documenti, contesto: c, regole: r, oggi } = input;
  parseIsoDate(oggi);
  const v: RuleViolation[] = [];

  // Dates and duration.
  const inizioOk = dataValida(p.dataInizio);
  const fineOk = dataValida(p.dataFine);
  if (!inizioOk)
    v.push({ rule: 'data-formato', field: 'progetto.dataInizio', message: 'la data di inizio non è una data valida (AAAA-MM-GG)', found: p.dataInizio });
  if (!fineOk) v.push({ rule: 'data-formato', field: 'progetto.dataFine', message: 'la data di fine non è una data valida (AAAA-MM-GG)', found: p.dataFine });
  if (inizioOk && p.dataInizio < oggi) {
    v.push({
      rule: 'inizio-non-passato',
      field: 'progetto.dataInizio',
      message: `la data di inizio (${p.dataInizio}) è già passata: deve essere dal ${oggi} in poi`,
      found: p.dataInizio,
      limit: oggi,
    });
  }
  const periodoOk = inizioOk && fineOk && p.dataFine > p.dataInizio;
  if (inizioOk && fineOk && !periodoOk) {
    v.push({
      rule: 'fine-dopo-inizio',
      field: 'progetto.dataFine',
      message: `la data di fine (${p.dataFine}) deve essere successiva alla data di inizio (${p.dataInizio})`,
      found: p.dataFine,
      limit: p.dataInizio,
    });
  }
  if (periodoOk) {
    const durata = durataMesi(p.dataInizio, p.dataFine);
    const fineMinima = fineDopoMesi(p.dataInizio, r.durataMinimaMesi);
    if (p.dataFine < fineMinima) {
      v.push({
        rule: 'durata-minima',
        field: 'progetto.dataFine',
        message: `la durata (${testoDurata(durata)}) è inferiore al minimo di ${r.durataMinimaMesi} mesi: con inizio il ${p.dataInizio} la fine non può precedere il ${fineMinima}`,
        found: p.dataFine,
        limit: fineMinima,
      });
    }
    const massimo = p.svantaggiato ? r.durataMassimaMesiSvantaggiati : r.durataMassimaMesi;
    const fineMassima = fineDopoMesi(p.dataInizio, massimo);
    if (p.dataFine > fineMassima) {
      v.push({
        rule: p.svantaggiato ? 'durata-massima-svantaggiati' : 'durata-massima',
        field: 'progetto.dataFine',
        message: `la durata (${testoDurata(durata)}) supera il massimo di ${massimo} mesi${p.svantaggiato ? ' previsto per persone con disabilità o svantaggiate' : ''}: con inizio il ${p.dataInizio} la fine non può superare il ${fineMassima}`,
        found: p.dataFine,
        limit: fineMassima,
      });
    }
  }

  // Concurrent limits.
  v.push(...limitiPosti(c, r));

  // Indemnity and hours.
  const euro = (cent: number) => `${cent < 0 ? '-' : ''}${Math.floor(Math.abs(cent) / 100)},${String(Math.abs(cent) % 100).padStart(2, '0')} EUR`;
  if (!Number.isInteger(p.indennitaMensileCent)) {
    v.push({
      rule: 'indennita-formato',
      field: 'progetto.indennitaMensileCent',
      message: "l'indennità mensile va indicata in centesimi di euro interi",
      found: p.indennitaMensileCent,
    });
  } else if (p.indennitaMensileCent < r.indennitaMinimaMensileCent) {
    v.push({
      rule: 'indennita-minima',
      field: 'progetto.indennitaMensileCent',
      message: `l'indennità mensile lorda (${euro(p.indennitaMensileCent)}) è inferiore al minimo di ${euro(r.indennitaMinimaMensileCent)}`,
      found: p.indennitaMensileCent,
      limit: r.indennitaMinimaMensileCent,
    });
  }
  if (!(Number.isFinite(p.oreSettimanali) && p.oreSettimanali > 0 && p.oreSettimanali <= r.oreSettimanaliMassime)) {
    v.push({
      rule: 'ore-settimanali',
      field: 'progetto.oreSettimanali',
      message: `le ore settimanali devono essere più di 0 e al massimo ${r.oreSettimanaliMassime}`,
      found: p.oreSettimanali,
      limit: r.oreSettimanaliMassime,
    });
  }

  // Self-declarations (a draft may lack them: a missing declaration is not a negative one) and overlaps.
  const dich: Partial<ProgettoFormativo['dichiarazioni']> = p.dichiarazioni ?? {};
  if (dich.licenziamentiStessaMansione !== false) {
    v.push({
      rule: 'licenziamenti-precedenti',
      field: 'progetto.dichiarazioni.licenziamentiStessaMansione',
      message: `l'ospitante dichiara licenziamenti per la stessa mansione nella stessa sede negli ultimi ${r.mesiSenzaLicenziamenti} mesi`,
      found: dich.licenziamentiStessaMansione ?? null,
      limit: false,
    });
  }
  if (dich.rapportoPrecedenteConTirocinante !== false) {
    v.push({
      rule: 'rapporto-precedente',
      field: 'progetto.dichiarazioni.rapportoPrecedenteConTirocinante',
      message: `l'ospitante dichiara un rapporto di lavoro con il tirocinante negli ultimi ${r.anniSenzaRapportoPrecedente} anni`,
      found: dich.rapportoPrecedenteConTirocinante ?? null,
      limit: false,
    });
  }
  if (c.dataNascitaTirocinante && inizioOk && etaAl(c.dataNascitaTirocinante, p.dataInizio) < r.etaMinimaAnni) {
    v.push({
      rule: 'eta-minima',
      field: 'progetto.tirocinanteId',
      message: `il tirocinante, nato il ${c.dataNascitaTirocinante}, il ${p.dataInizio} avrà ${etaAl(c.dataNascitaTirocinante, p.dataInizio)} anni: l'età minima è ${r.etaMinimaAnni}`,
      found: c.dataNascitaTirocinante,
      limit: r.etaMinimaAnni,
    });
  }
  v.push(...sovrapposizioni(c));

  // Convenzione and documents.
  const allegati = ultimiDocumenti(documenti);
  const convenzioneNonValida = (message: string, found: unknown, limit: unknown) =>
    v.push({ rule: 'convenzione-non-valida', field: 'progetto.convenzioneId', message, found, limit });
  const verificaConvenzione = (conv: NonNullable<ContestoControlli['convenzione']>) => {
    if (conv.promotoreId !== p.promotoreId || conv.ospitanteId !== p.ospitanteId) {
      convenzioneNonValida(
        `la convenzione ${conv.id} non è stipulata tra il promotore e l'ospitante del progetto`,
        { promotoreId: conv.promotoreId, ospitanteId: conv.ospitanteId },
        { promotoreId: p.promotoreId, ospitanteId: p.ospitanteId },
      );
    }
    if (inizioOk && fineOk && (conv.validaDal > p.dataInizio || conv.validaAl < p.dataFine)) {
      convenzioneNonValida(
        `la convenzione ${conv.id} (valida dal ${conv.validaDal} al ${conv.validaAl}) non copre l'intero periodo del tirocinio`,
        { validaDal: conv.validaDal, validaAl: conv.validaAl },
        { dataInizio: p.dataInizio, dataFine: p.dataFine },
      );
    }
  };
  if (p.convenzioneId !== undefined) {
    if (!c.convenzione || c.convenzione.id !== p.convenzioneId) {
      convenzioneNonValida(`la convenzione ${p.convenzioneId} non esiste`, p.convenzioneId, c.convenzione?.id ?? null);
    } else {
      verificaConvenzione(c.convenzione);
    }
  } else if (!allegati.has('convenzione') && c.convenzione) {
    verificaConvenzione(c.convenzione);
  }
  const convenzioneSostituita = p.convenzioneId !== undefined || (!allegati.has('convenzione') && c.convenzione !== undefined);
  for (const tipo of REQUIRED_DOCUMENTS) {
    if (tipo === 'convenzione' && convenzioneSostituita) continue;
    if (!allegati.has(tipo))
      v.push({ rule: 'documento-mancante', field: `documenti.${tipo}`, message: `manca il documento ${tipo}`, found: null, limit: tipo });
  }
  for (const tipo of TIPI_DOCUMENTO_TIROCINIO) {
    const d = allegati.get(tipo);
    if (!d) continue;
    const ct = tipoBase(d.contentType);
    if (!CONTENT_TYPE_LEGGIBILI.includes(ct)) {
      v.push({
        rule: 'documento-illeggibile',
        field: `documenti.${tipo}`,
        message: `il documento ${tipo} non è un PDF o un'immagine PNG/JPEG (tipo rilevato dal contenuto: ${d.contentType || 'sconosciuto'})`,
        found: d.contentType,
        limit: [...CONTENT_TYPE_LEGGIBILI],
      });
    }
    if (DOCUMENTI_DA_FIRMARE.includes(tipo) && d.firmato !== true) {
      v.push({
        rule: 'documento-non-firmato',
        field: `documenti.${tipo}`,
        message: `il documento ${tipo} deve essere firmato dalle parti`,
        found: false,
        limit: true,
      });
    }
  }

  // Identifiers and content.
  v.push(...verificaCodiceFiscalePersona(c.codiceFiscaleTirocinante, 'contesto.codiceFiscaleTirocinante'));
  v.push(...verificaCodiceFiscaleOrganizzazione(c.codiceFiscaleOspitante, 'contesto.codiceFiscaleOspitante'));
  if (typeof p.obiettivi !== 'string' || !p.obiettivi.trim()) {
    v.push({
      rule: 'obiettivi-obbligatori',
      field: 'progetto.obiettivi',
      message: 'gli obiettivi del progetto formativo sono obbligatori',
      found: p.obiettivi,
    });
  }
  if (typeof p.attivita !== 'string' || !p.attivita.trim()) {
    v.push({ rule: 'attivita-obbligatorie', field: 'progetto.attivita', message: 'le attività del progetto formativo sono obbligatorie', found: p.attivita });
  }

  return v.map((x) => ({ ...x, versioneRegole: r.versione }));
}

type ContestoPosti = Pick<
  ContestoControlli,
  | 'dipendentiIndeterminatoSede'
  | 'dipendentiIndeterminatoDal'
  | 'tirociniConcorrentiSede'
  | 'tirociniConcorrentiTutorOspitante'
  | 'tirociniConcorrentiTutorPromotore'
  | 'tirociniSovrappostiTirocinante'
>;

/** 'limite-ospitante', 'limite-tutor-ospitante', 'limite-tutor-promotore': the places a practice takes (see controlliPrimoLivello). */
function limitiPosti(c: ContestoPosti, r: RegolePackTirocini): RuleViolation[] {
  const v: RuleViolation[] = [];
  const contatore = (nome: string, n: number) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`controlli tirocinio: contesto.${nome} deve essere un intero ≥ 0, trovato ${n}`);
    return n;
  };
  const limiteSede = limiteOspitante(r, c.dipendentiIndeterminatoSede);
  const sede = contatore('tirociniConcorrentiSede', c.tirociniConcorrentiSede) + 1;
  if (sede > limiteSede) {
    v.push({
      rule: 'limite-ospitante',
      field: 'progetto.sedeId',
      message: `con ${c.dipendentiIndeterminatoSede} dipendenti a tempo indeterminato${c.dipendentiIndeterminatoDal ? ` (dato in vigore dal ${c.dipendentiIndeterminatoDal})` : ''} la sede può ospitare ${limiteSede} tirocinanti contemporaneamente: con questo sarebbero ${sede}`,
      found: sede,
      limit: limiteSede,
    });
  }
  const tutorO = contatore('tirociniConcorrentiTutorOspitante', c.tirociniConcorrentiTutorOspitante) + 1;
  if (tutorO > r.maxTirocinantiPerTutorOspitante) {
    v.push({
      rule: 'limite-tutor-ospitante',
      field: 'progetto.tutorOspitanteId',
      message: `il tutor dell'ospitante può seguire al massimo ${r.maxTirocinantiPerTutorOspitante} tirocinanti contemporaneamente: con questo sarebbero ${tutorO}`,
      found: tutorO,
      limit: r.maxTirocinantiPerTutorOspitante,
    });
  }
  const tutorP = contatore('tirociniConcorrentiTutorPromotore', c.tirociniConcorrentiTutorPromotore) + 1;
  if (tutorP > r.maxTirocinantiPerTutorPromotore) {
    v.push({
      rule: 'limite-tutor-promotore',
      field: 'progetto.tutorPromotoreId',
      message: `il tutor del promotore può seguire al massimo ${r.maxTirocinantiPerTutorPromotore} tirocinanti contemporaneamente: con questo sarebbero ${tutorP}`,
      found: tutorP,
      limit: r.maxTirocinantiPerTutorPromotore,
    });
  }
  return v;
}

/** 'tirocinio-sovrapposto': the trainee has no other traineeship in the period. */
function sovrapposizioni(c: ContestoPosti): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (c.tirociniSovrappostiTirocinante.length > 0) {
    v.push({
      rule: 'tirocinio-sovrapposto',
      field: 'progetto.tirocinanteId',
      message: `il tirocinante ha già tirocini nello stesso periodo: ${c.tirociniSovrappostiTirocinante.join(', ')}`,
      found: [...c.tirociniSovrappostiTirocinante],
      limit: 0,
    });
  }
  return v;
}

/**
 * A proroga takes places for the days it adds, as a submission does for its whole period: the site's and the tutors'
 * limits and the trainee's other traineeships, counted over the added days (contesto built for that period). Pure.
 */
export function controlliProroga(c: ContestoPosti, r: RegolePackTirocini): RuleViolation[] {
  return [...limitiPosti(c, r), ...sovrapposizioni(c)];
}
