import type { IsoDate } from '../calendar/calendario';
import { giornoNumero } from './collocamento.date';
import type { Iscritto, Offerta } from './collocamento.types';
import type { PoliticaMansioniNonValutate } from './graduatoria.regole';

/**
 * Eligibility of an applicant for an offer at the close of applications (DOMAIN §2, step 2). Every reason that
 * applies is listed, always in the order of REGOLE_IDONEITA, so the list is reproducible.
 */
export const REGOLE_IDONEITA = [
  'territorio-competente',
  'stato-occupazionale',
  'categoria',
  'mansione-incompatibile',
  'mansione-non-valutata',
  'iscrizione-successiva',
] as const;
export type RegolaIdoneita = (typeof REGOLE_IDONEITA)[number];

export interface MotivoNonIdoneita {
  regola: RegolaIdoneita;
  messaggio: string;
  trovato?: string | string[];
  atteso?: string | string[];
}

export type EsitoIdoneitaCollocamento = { idoneo: true } | { idoneo: false; motivi: MotivoNonIdoneita[] };

export interface OpzioniIdoneitaCollocamento {
  /**
   * An offer task the relazione conclusiva lists neither as compatible nor as incompatible:
   * 'escludi' (default) — not eligible, reason 'mansione-non-valutata' (the comitato tecnico has to assess it
   * first: nobody is sent to a task their health was not assessed for); 'ammetti' — treated as compatible.
   */
  mansioniNonValutate: PoliticaMansioniNonValutate;
}

const IDONEO: { idoneo: true } = Object.freeze({ idoneo: true as const });
const PREDEFINITE: OpzioniIdoneitaCollocamento = { mansioniNonValutate: 'escludi' };

/**
 * Whether `iscritto` may be ranked for `offerta`, with applications closed on `dataChiusura`:
 * - 'territorio-competente': enrolled in the list of the offer's territory (iscritto.territorio = offerta.territorio);
 * - 'stato-occupazionale': unemployed;
 * - 'categoria': on the list the offer draws from (art. 1 or art. 18);
 * - 'mansione-incompatibile': no offer task is incompatible per the relazione conclusiva (a task listed both as
 *   compatible and incompatible is incompatible);
 * - 'mansione-non-valutata': per `opzioni.mansioniNonValutate` (default 'escludi'), see OpzioniIdoneitaCollocamento;
 * - 'iscrizione-successiva': enrolled on or before the closing date.
 * Throws on a malformed date (bad data is an error, not a silent exclusion).
 */
export function valutaIdoneita(
  iscritto: Iscritto,
  offerta: Offerta,
  dataChiusura: IsoDate,
  opzioni: OpzioniIdoneitaCollocamento = PREDEFINITE,
): EsitoIdoneitaCollocamento {
  const iscr = giornoNumero(iscritto.dataIscrizione);
  if (Number.isNaN(iscr)) throw new Error(`idoneità: dataIscrizione non valida per ${iscritto.id}: ${JSON.stringify(iscritto.dataIscrizione)}`);
  const chiusura = giornoNumero(dataChiusura);
  if (Number.isNaN(chiusura)) throw new Error(`idoneità: dataChiusura non valida: ${JSON.stringify(dataChiusura)}`);
  const motivi = motiviNonIdoneita(iscritto, offerta, iscr, chiusura, dataChiusura, opzioni);
  return motivi ? { idoneo: false, motivi } : IDONEO;
}

/**
 * The core of valutaIdoneita with the dates already read (yyyymmdd numbers, see giornoNumero): the reasons, or
 * undefined when eligible. Allocates nothing for an eligible person (the ranking's hot loop).
 */
export function motiviNonIdoneita(
  iscritto: Iscritto,
  offerta: Offerta,
  iscrizione: number,
  chiusura: number,
  dataChiusura: IsoDate,
  opzioni: OpzioniIdoneitaCollocamento,
): MotivoNonIdoneita[] | undefined {
  let motivi: MotivoNonIdoneita[] | undefined;
  const add = (m: MotivoNonIdoneita) => (motivi ??= []).push(m);

  if (iscritto.territorio !== offerta.territorio) {
    add({
      regola: 'territorio-competente',
      messaggio: `non iscritto nell'elenco del territorio ${offerta.territorio}`,
      trovato: iscritto.territorio,
      atteso: offerta.territorio,
    });
  }
  if (iscritto.statoOccupazionale !== 'disoccupato') {
    add({ regola: 'stato-occupazionale', messaggio: 'non in stato di disoccupazione', trovato: iscritto.statoOccupazionale, atteso: 'disoccupato' });
  }
  if (iscritto.categoria !== offerta.categoria) {
    add({ regola: 'categoria', messaggio: `l'offerta è riservata agli iscritti ${offerta.categoria}`, trovato: iscritto.categoria, atteso: offerta.categoria });
  }

  const { mansioniCompatibili, mansioniIncompatibili } = iscritto.compatibilita;
  let incompatibili: string[] | undefined;
  let nonValutate: string[] | undefined;
  for (const m of offerta.mansioni) {
    if (mansioniIncompatibili.includes(m)) (incompatibili ??= []).push(m);
    else if (!mansioniCompatibili.includes(m)) (nonValutate ??= []).push(m);
  }
  if (incompatibili) {
    add({
      regola: 'mansione-incompatibile',
      messaggio: `mansioni incompatibili secondo la relazione conclusiva: ${incompatibili.join(', ')}`,
      trovato: incompatibili,
    });
  }
  if (nonValutate && opzioni.mansioniNonValutate === 'escludi') {
    add({ regola: 'mansione-non-valutata', messaggio: `mansioni non valutate nella relazione conclusiva: ${nonValutate.join(', ')}`, trovato: nonValutate });
  }

  if (iscrizione > chiusura) {
    add({
      regola: 'iscrizione-successiva',
      messaggio: `iscrizione successiva alla chiusura delle adesioni (${dataChiusura})`,
      trovato: iscritto.dataIscrizione,
      atteso: `≤ ${dataChiusura}`,
    });
  }
  return motivi;
}
