import { parseIsoDate, toIsoDate } from '../calendar/calendario';
import { dataItaliana } from '../calendar/ora-italiana';
import type { RuleViolation } from '../common/violation';
import type {
  AssegnazionePrecedente,
  ConflittoInteresse,
  Deroga,
  EsitoIdoneita,
  Esclusione,
  IsoDate,
  Ispettore,
  MotivoEsclusione,
  RegolaEsclusione,
  RichiestaDaAssegnare,
} from './ispezioni.types';

export interface OpzioniIdoneita {
  /** Rotation window in whole months: an inspector assigned to the same company after (date − N months) is excluded. */
  finestraRotazioneMesi: number;
  /**
   * When rotation alone leaves nobody eligible, it steps aside: the inspectors it alone excluded become eligible and
   * are listed in `deroghe`. Off for a manual reassignment, whose proposer overrides rotation only with a reason.
   */
  derogaRotazioneSeNessuno?: boolean;
  /** Inspectors who abstained from this request (earlier attempts): excluded from every redraw. */
  astenuti?: string[];
}

/** The order reasons are listed in, whatever order the data came in (transcripts must be reproducible). */
const ORDINE_REGOLE: readonly RegolaEsclusione[] = ['territorio', 'qualifica', 'assenza', 'conflitto', 'rotazione', 'astensione'];

/**
 * The date `mesi` months before `d`, calendar-exact: same day of the month; when that day does not exist (31 April,
 * 29 February in a common year) the last day of that month, as civil-law terms in months are counted (art. 2963 c.c.).
 */
export function mesiPrima(d: IsoDate, mesi: number): IsoDate {
  parseIsoDate(d);
  const [y, m, g] = d.split('-').map(Number);
  const indice = y * 12 + (m - 1) - mesi;
  const anno = Math.floor(indice / 12);
  const mese = indice - anno * 12;
  const giorniDelMese = new Date(Date.UTC(anno, mese + 1, 0)).getUTCDate();
  return toIsoDate(Date.UTC(anno, mese, Math.min(g, giorniDelMese)));
}

function data(d: IsoDate, dove: string): IsoDate {
  try {
    parseIsoDate(d);
  } catch {
    throw new Error(`idoneità: data non valida in ${dove}: ${JSON.stringify(d)}`);
  }
  return d;
}

const elenco = (xs: string[], vuoto: string) => (xs.length ? xs.join(', ') : vuoto);

/**
 * Who may be drawn for a request (DOMAIN §3), and why everyone else may not. Only the inspectors of the request's
 * inspectorate are considered; every one of them is either eligible or excluded with every reason that applies
 * (not just the first), so the transcript shows the whole picture. Eligible ids are sorted ascending (the draw's
 * canonical order); exclusions are sorted by inspector id and their reasons by rule, then by date.
 *
 * Dates are compared as calendar dates (YYYY-MM-DD); a malformed date anywhere is an error, not a silent mismatch.
 */
export function valutaIdoneita(
  richiesta: RichiestaDaAssegnare,
  ispettori: Ispettore[],
  conflitti: ConflittoInteresse[],
  precedenti: AssegnazionePrecedente[],
  opzioni: OpzioniIdoneita,
): EsitoIdoneita {
  const mesi = opzioni.finestraRotazioneMesi;
  if (!Number.isInteger(mesi) || mesi < 0) throw new RangeError(`idoneità: finestraRotazioneMesi deve essere un intero ≥ 0, trovato ${mesi}`);
  const giorno = data(richiesta.dataAssegnazione, `richiesta ${richiesta.id}`);
  const limiteRotazione = mesiPrima(giorno, mesi);
  const astenuti = new Set(opzioni.astenuti ?? []);

  const idonei: string[] = [];
  const esclusi: Esclusione[] = [];
  const visti = new Set<string>();

  for (const isp of ispettori) {
    if (isp.ispettorato !== richiesta.ispettorato) continue;
    if (visti.has(isp.id)) throw new Error(`idoneità: ispettore ${isp.id} presente due volte`);
    visti.add(isp.id);

    const motivi: Array<MotivoEsclusione & { chiave: string }> = [];
    const escludi = (regola: RegolaEsclusione, dettaglio: string, chiave = '', riferimento?: string) => {
      if (!motivi.some((m) => m.regola === regola && m.dettaglio === dettaglio))
        motivi.push({ regola, dettaglio, chiave, ...(riferimento ? { riferimento } : {}) });
    };

    if (!isp.territori.includes(richiesta.territorio)) {
      escludi('territorio', `territorio ${richiesta.territorio} non di competenza (competente per: ${elenco(isp.territori, 'nessun territorio')})`);
    }
    if (!isp.qualifiche.includes(richiesta.tipoPratica)) {
      escludi('qualifica', `non qualificato per ${richiesta.tipoPratica} (qualifiche: ${elenco(isp.qualifiche, 'nessuna')})`);
    }
    for (const a of isp.assenze) {
      const dal = data(a.dal, `assenza di ${isp.id}`);
      const al = data(a.al, `assenza di ${isp.id}`);
      // The reason of an absence is personal (often health): transcripts are read by auditors, so only the dates,
      // and the record it rests on (who entered it, who confirmed it).
      if (dal <= giorno && giorno <= al) {
        const chi = a.inseritaDa ? ` (registrata da ${a.inseritaDa}${a.confermataDa ? `, confermata da ${a.confermataDa}` : ''})` : '';
        escludi('assenza', `assente dal ${dal} al ${al}${chi}`, dal, a.id ? `assenza:${a.id}` : undefined);
      }
    }
    for (const c of conflitti) {
      if (c.ispettoreId !== isp.id || c.aziendaId !== richiesta.aziendaId) continue;
      const dal = data(c.dal, `conflitto di ${isp.id}`);
      const al = c.al === undefined ? undefined : data(c.al, `conflitto di ${isp.id}`);
      if (dal <= giorno && (al === undefined || giorno <= al)) {
        // The transcript names the declaration (who, when, its id), not its reason, which is personal.
        const periodo = al === undefined ? `dal ${dal}, senza termine` : `dal ${dal} al ${al}`;
        const chi = c.dichiaratoDa ? ` da ${c.dichiaratoDa}${c.dichiaratoIl ? ` il ${dataItaliana(new Date(c.dichiaratoIl))}` : ''}` : '';
        const quale = c.id ? `dichiarazione ${c.id}${c.confermatoDa ? `, confermata da ${c.confermatoDa}` : ''}` : 'dichiarazione';
        escludi(
          'conflitto',
          `conflitto di interessi con l'azienda dichiarato${chi} (${quale}, ${periodo})`,
          dal,
          c.id ? `conflitto-interesse:${c.id}` : undefined,
        );
      }
    }
    for (const p of precedenti) {
      if (p.ispettoreId !== isp.id || p.aziendaId !== richiesta.aziendaId) continue;
      const il = data(p.data, `assegnazione precedente di ${isp.id}`);
      if (il > limiteRotazione) escludi('rotazione', `già assegnato all'azienda il ${il} (rotazione ${mesi} ${mesi === 1 ? 'mese' : 'mesi'})`, il);
    }
    if (astenuti.has(isp.id)) escludi('astensione', 'si è astenuto da questa richiesta');

    if (motivi.length === 0) {
      idonei.push(isp.id);
      continue;
    }
    motivi.sort((a, b) => ORDINE_REGOLE.indexOf(a.regola) - ORDINE_REGOLE.indexOf(b.regola) || cmp(a.chiave, b.chiave) || cmp(a.dettaglio, b.dettaglio));
    esclusi.push({ ispettoreId: isp.id, motivi: motivi.map(({ chiave: _k, ...m }) => m) });
  }

  // Rotation steps aside when it alone leaves nobody: those it alone excluded are drawn among, and it is recorded.
  const deroghe: Deroga[] = [];
  if (idonei.length === 0 && opzioni.derogaRotazioneSeNessuno) {
    for (const e of esclusi.filter((x) => x.motivi.every((m) => m.regola === 'rotazione'))) {
      idonei.push(e.ispettoreId);
      deroghe.push({
        regola: 'rotazione',
        ispettoreId: e.ispettoreId,
        dettaglio: `${e.motivi.map((m) => m.dettaglio).join('; ')}: nessun altro ispettore idoneo, rotazione derogata`,
      });
    }
  }
  const derogati = new Set(deroghe.map((d) => d.ispettoreId));
  return {
    idonei: idonei.sort(cmp),
    esclusi: esclusi.filter((e) => !derogati.has(e.ispettoreId)).sort((a, b) => cmp(a.ispettoreId, b.ispettoreId)),
    deroghe: deroghe.sort((a, b) => cmp(a.ispettoreId, b.ispettoreId)),
  };
}

/**
 * Whether a manual reassignment may go to `ispettoreId`: the same eligibility as a draw (the request's inspectorate,
 * territory, qualification, availability, declared conflicts, no earlier abstention from the case), rotation
 * included unless the proposer overrides it with a reason of at least `MOTIVO_DEROGA_MIN` characters. `esito` is the
 * eligibility of the request's inspectorate computed without the rotation waiver; `bersaglio` the inspector as
 * registered (null when unknown). Every failed rule is listed, on the field `ispettoreId`.
 */
export function violazioniRiassegnazione(
  richiesta: Pick<RichiestaDaAssegnare, 'ispettorato'>,
  ispettoreId: string,
  bersaglio: { id: string; ispettorato: string; attivo?: boolean } | null,
  esito: EsitoIdoneita,
  derogaRotazione?: string,
): { violazioni: RuleViolation[]; derogaRotazione: { motivo: string; dettaglio: string } | null } {
  const v: RuleViolation[] = [];
  if (!bersaglio) {
    v.push({ rule: 'ispettore-sconosciuto', field: 'ispettoreId', message: 'nessun ispettore registrato con questo identificativo', found: ispettoreId });
    return { violazioni: v, derogaRotazione: null };
  }
  if (bersaglio.attivo === false) {
    v.push({ rule: 'ispettore-non-attivo', field: 'ispettoreId', message: "l'ispettore non è più in servizio nel registro", found: ispettoreId });
    return { violazioni: v, derogaRotazione: null };
  }
  if (bersaglio.ispettorato !== richiesta.ispettorato) {
    v.push({
      rule: 'ispettorato-diverso',
      field: 'ispettoreId',
      message: `l'ispettore appartiene a un altro ispettorato, non a ${richiesta.ispettorato}`,
      found: ispettoreId,
      limit: richiesta.ispettorato,
    });
    return { violazioni: v, derogaRotazione: null };
  }
  const escluso = esito.esclusi.find((e) => e.ispettoreId === ispettoreId);
  let deroga: { motivo: string; dettaglio: string } | null = null;
  for (const m of escluso?.motivi ?? []) {
    if (m.regola === 'rotazione') {
      const motivo = (derogaRotazione ?? '').trim();
      if (motivo.length >= MOTIVO_DEROGA_MIN) {
        deroga = { motivo, dettaglio: m.dettaglio };
        continue;
      }
      v.push({
        rule: 'rotazione',
        field: 'ispettoreId',
        message: `${m.dettaglio}: per derogare alla rotazione indicare derogaRotazione (almeno ${MOTIVO_DEROGA_MIN} caratteri)`,
        found: ispettoreId,
      });
      continue;
    }
    v.push({ rule: m.regola, field: 'ispettoreId', message: m.dettaglio, found: ispettoreId, ...(m.riferimento ? { limit: m.riferimento } : {}) });
  }
  return { violazioni: v, derogaRotazione: deroga };
}

/** Minimum length (trimmed) of the reason for overriding rotation in a manual reassignment. */
export const MOTIVO_DEROGA_MIN = 10;

/** Code-unit order, locale-independent (the same everywhere the transcript is verified). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
