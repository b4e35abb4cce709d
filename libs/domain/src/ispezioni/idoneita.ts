import { parseIsoDate, toIsoDate } from '../calendar/calendario';
import type {
  AssegnazionePrecedente,
  ConflittoInteresse,
  EsitoIdoneita,
  Esclusione,
  IsoDate,
  Ispettore,
  RegolaEsclusione,
  RichiestaDaAssegnare,
} from './ispezioni.types';

export interface OpzioniIdoneita {
  /** Rotation window in whole years: an inspector assigned to the same company after (date − N years) is excluded. */
  finestraRotazioneAnni: number;
  /** Inspectors who abstained from this request (earlier attempts): excluded from every redraw. */
  astenuti?: string[];
}

/** The order reasons are listed in, whatever order the data came in (transcripts must be reproducible). */
const ORDINE_REGOLE: readonly RegolaEsclusione[] = ['territorio', 'qualifica', 'assenza', 'conflitto', 'rotazione', 'astensione'];

/**
 * The date `anni` years before `d`, calendar-exact: same day and month; when that day does not exist (29 February in
 * a common year) the last day of that month, as civil-law terms in years are counted (art. 2963 c.c.).
 */
export function anniPrima(d: IsoDate, anni: number): IsoDate {
  parseIsoDate(d);
  const [y, m, g] = d.split('-').map(Number);
  const anno = y - anni;
  const giorniDelMese = new Date(Date.UTC(anno, m, 0)).getUTCDate();
  return toIsoDate(Date.UTC(anno, m - 1, Math.min(g, giorniDelMese)));
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
  const anni = opzioni.finestraRotazioneAnni;
  if (!Number.isInteger(anni) || anni < 0) throw new RangeError(`idoneità: finestraRotazioneAnni deve essere un intero ≥ 0, trovato ${anni}`);
  const giorno = data(richiesta.dataAssegnazione, `richiesta ${richiesta.id}`);
  const limiteRotazione = anniPrima(giorno, anni);
  const astenuti = new Set(opzioni.astenuti ?? []);

  const idonei: string[] = [];
  const esclusi: Esclusione[] = [];
  const visti = new Set<string>();

  for (const isp of ispettori) {
    if (isp.ispettorato !== richiesta.ispettorato) continue;
    if (visti.has(isp.id)) throw new Error(`idoneità: ispettore ${isp.id} presente due volte`);
    visti.add(isp.id);

    const motivi: Array<{ regola: RegolaEsclusione; dettaglio: string; chiave: string }> = [];
    const escludi = (regola: RegolaEsclusione, dettaglio: string, chiave = '') => {
      if (!motivi.some((m) => m.regola === regola && m.dettaglio === dettaglio)) motivi.push({ regola, dettaglio, chiave });
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
      if (dal <= giorno && giorno <= al) escludi('assenza', `${a.motivo.trim() || 'assenza'} dal ${dal} al ${al}`, dal);
    }
    for (const c of conflitti) {
      if (c.ispettoreId !== isp.id || c.aziendaId !== richiesta.aziendaId) continue;
      const dal = data(c.dal, `conflitto di ${isp.id}`);
      const al = c.al === undefined ? undefined : data(c.al, `conflitto di ${isp.id}`);
      if (dal <= giorno && (al === undefined || giorno <= al)) {
        const periodo = al === undefined ? `dal ${dal}, senza termine` : `dal ${dal} al ${al}`;
        escludi('conflitto', `conflitto di interessi dichiarato con l'azienda: ${c.motivo.trim() || 'senza motivo indicato'} (${periodo})`, dal);
      }
    }
    for (const p of precedenti) {
      if (p.ispettoreId !== isp.id || p.aziendaId !== richiesta.aziendaId) continue;
      const il = data(p.data, `assegnazione precedente di ${isp.id}`);
      if (il > limiteRotazione) escludi('rotazione', `già assegnato all'azienda il ${il} (rotazione ${anni} ${anni === 1 ? 'anno' : 'anni'})`, il);
    }
    if (astenuti.has(isp.id)) escludi('astensione', 'si è astenuto da questa richiesta');

    if (motivi.length === 0) {
      idonei.push(isp.id);
      continue;
    }
    motivi.sort(
      (a, b) =>
        ORDINE_REGOLE.indexOf(a.regola) - ORDINE_REGOLE.indexOf(b.regola) ||
        cmp(a.chiave, b.chiave) ||
        cmp(a.dettaglio, b.dettaglio),
    );
    esclusi.push({ ispettoreId: isp.id, motivi: motivi.map(({ regola, dettaglio }) => ({ regola, dettaglio })) });
  }

  return {
    idonei: idonei.sort(cmp),
    esclusi: esclusi.sort((a, b) => cmp(a.ispettoreId, b.ispettoreId)),
    finestraRotazioneAnni: anni,
  };
}

/** Code-unit order, locale-independent (the same everywhere the transcript is verified). */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
