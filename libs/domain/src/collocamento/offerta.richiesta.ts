import type { Actor } from '../auth/roles';
import type { IsoDate } from '../calendar/calendario';
import { Decision, RuleViolation, accept, refuse } from '../common/violation';
import { dataItaliana } from '../calendar/ora-italiana';
import { giornoNumero } from './collocamento.date';
import { CATEGORIE, Offerta, TIPI_CONTRATTO } from './collocamento.types';
import { cpiODatore, nonVuota } from './offerta.guardie';
import { ORE_SETTIMANALI_MAX, OffertaState, OffertaStep, slaDa } from './offerta.state';
import type { ScadenzeOfferta } from './sla';

/** Every problem of an offer's content, as violations (field = the offer's field). */
export function verificaOfferta(o: Offerta, oggi?: IsoDate): RuleViolation[] {
  const v: RuleViolation[] = [];
  for (const campo of ['id', 'datoreId', 'ufficio', 'territorio', 'profilo', 'luogo'] as const) {
    if (!nonVuota(o[campo])) v.push({ rule: 'campo-obbligatorio', field: campo, message: `${campo} è obbligatorio`, found: o[campo] ?? null });
  }
  if (!(CATEGORIE as readonly string[]).includes(o.categoria))
    v.push({ rule: 'categoria-ammessa', field: 'categoria', message: `categoria: ${CATEGORIE.join(' o ')}`, found: o.categoria, limit: CATEGORIE });
  if (!Array.isArray(o.mansioni) || o.mansioni.length === 0 || !o.mansioni.every(nonVuota)) {
    v.push({ rule: 'mansioni-mancanti', field: 'mansioni', message: 'indicare almeno una mansione (codici non vuoti)', found: o.mansioni ?? null });
  } else if (new Set(o.mansioni).size !== o.mansioni.length) {
    v.push({ rule: 'mansione-duplicata', field: 'mansioni', message: 'mansioni ripetute', found: o.mansioni });
  }
  if (!(TIPI_CONTRATTO as readonly string[]).includes(o.contratto)) {
    v.push({ rule: 'contratto-ammesso', field: 'contratto', message: `contratto: ${TIPI_CONTRATTO.join(', ')}`, found: o.contratto, limit: TIPI_CONTRATTO });
  } else if (o.contratto === 'tempo-determinato' && !(Number.isSafeInteger(o.durataMesi) && (o.durataMesi as number) >= 1)) {
    v.push({
      rule: 'durata-contratto',
      field: 'durataMesi',
      message: 'un contratto a tempo determinato richiede la durata in mesi (intero ≥ 1)',
      found: o.durataMesi ?? null,
      limit: 1,
    });
  }
  if (typeof o.oreSettimanali !== 'number' || !(o.oreSettimanali > 0 && o.oreSettimanali <= ORE_SETTIMANALI_MAX)) {
    v.push({
      rule: 'ore-settimanali',
      field: 'oreSettimanali',
      message: `ore settimanali tra 0 (escluso) e ${ORE_SETTIMANALI_MAX}`,
      found: o.oreSettimanali ?? null,
      limit: ORE_SETTIMANALI_MAX,
    });
  }
  if (!Number.isSafeInteger(o.posti) || o.posti < 1) v.push({ rule: 'posti', field: 'posti', message: 'posti: intero ≥ 1', found: o.posti ?? null, limit: 1 });
  if (!Number.isSafeInteger(o.dimensioneRosa) || o.dimensioneRosa < 1) {
    v.push({ rule: 'dimensione-rosa', field: 'dimensioneRosa', message: 'candidati per posto: intero ≥ 1', found: o.dimensioneRosa ?? null, limit: 1 });
  }
  const codici = new Set<string>();
  for (const c of Array.isArray(o.competenzeRichieste) ? o.competenzeRichieste : []) {
    const peso = c?.peso ?? 1;
    if (!nonVuota(c?.codice) || !Number.isSafeInteger(peso) || peso < 1 || codici.has(c.codice)) {
      v.push({
        rule: 'competenza-non-valida',
        field: 'competenzeRichieste',
        message: 'ogni competenza: codice non vuoto e non ripetuto, peso intero ≥ 1',
        found: c ?? null,
      });
    }
    if (nonVuota(c?.codice)) codici.add(c.codice);
  }
  if (!Array.isArray(o.competenzeRichieste))
    v.push({
      rule: 'competenza-non-valida',
      field: 'competenzeRichieste',
      message: 'competenzeRichieste deve essere un elenco',
      found: o.competenzeRichieste ?? null,
    });
  if (Number.isNaN(giornoNumero(o.dataRichiesta))) {
    v.push({ rule: 'data-non-valida', field: 'dataRichiesta', message: 'dataRichiesta: una data AAAA-MM-GG', found: o.dataRichiesta ?? null });
  } else if (oggi !== undefined && o.dataRichiesta > oggi) {
    v.push({ rule: 'data-futura', field: 'dataRichiesta', message: 'la data della richiesta non può essere futura', found: o.dataRichiesta, limit: oggi });
  }
  return v;
}

/**
 * The request enters the procedure (by the employer or by CPI staff on its behalf): checks the offer's content and
 * who enters it, and starts in state 'richiesta' with the service level `sla` (from scadenzeOfferta; omit it when
 * the clock starts at the close of applications).
 */
export function decideRichiesta(offerta: Offerta, actor: Actor, now: Date, sla?: ScadenzeOfferta, datoreCodiceFiscale?: string): Decision<OffertaStep> {
  const at = now.toISOString();
  const v = [
    ...verificaOfferta(offerta, dataItaliana(now)),
    ...cpiODatore(offerta.ufficio, { id: offerta.datoreId, codiceFiscale: datoreCodiceFiscale }, actor),
  ];
  if (v.length) return refuse(...v);
  const state: OffertaState = {
    offertaId: offerta.id,
    ufficio: offerta.ufficio,
    datoreId: offerta.datoreId,
    ...(datoreCodiceFiscale ? { datoreCodiceFiscale } : {}),
    categoria: offerta.categoria,
    posti: offerta.posti,
    dimensioneRosa: offerta.dimensioneRosa,
    dataRichiesta: offerta.dataRichiesta,
    stato: 'richiesta',
    versione: 2,
    richiesta: { inseritaDa: actor.sub, inseritaIl: at },
    adesioni: {},
    esiti: [],
    segnalazioni: [],
    ...(sla ? { sla: slaDa(sla) } : {}),
  };
  return accept({ state, transition: { azione: 'richiesta', from: null, to: 'richiesta', actor, at } });
}
