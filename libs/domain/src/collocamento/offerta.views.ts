import type { Actor } from '../auth/roles';
import type { Graduatoria } from './graduatoria';
import type { Adesione, OffertaEvent, OffertaState } from './offerta.state';

/** The adesione of a person (own keys only: an id like 'constructor' is just an id). */
export function adesioneDi(state: OffertaState, iscrittoId: string): Adesione | undefined {
  return Object.prototype.hasOwnProperty.call(state.adesioni, iscrittoId) ? state.adesioni[iscrittoId] : undefined;
}

/** Ids of the active adesioni, ascending. */
export function adesioniAttive(state: OffertaState): string[] {
  return Object.values(state.adesioni)
    .filter((a) => a.ritirataIl === undefined)
    .map((a) => a.iscrittoId)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The 'graduatoriaPubblicata' event for a graduatoria computed by calcolaGraduatoria and its hash (hashGraduatoria):
 * the ranked ids in order and the excluded ids.
 */
export function eventoGraduatoriaPubblicata(actor: Actor, graduatoria: Graduatoria, hash: string): Extract<OffertaEvent, { type: 'graduatoriaPubblicata' }> {
  return {
    type: 'graduatoriaPubblicata',
    actor,
    hash,
    versioneRegole: graduatoria.versioneRegole,
    ordine: graduatoria.idonei.map((v) => v.iscrittoId),
    esclusi: graduatoria.esclusi.map((e) => e.iscrittoId),
  };
}

/**
 * How many candidates another sending may hold (versione 2): the open posts times the rosa's size per post, once
 * everyone sent has an outcome and posts are still open; 0 when no further sending is allowed.
 */
export function candidatiRosaSuccessiva(state: OffertaState): number {
  if (state.versione !== 2 || state.stato !== 'conclusa' || state.conclusione?.motivo !== 'esiti-completi' || !state.rosa?.candidati.length) return 0;
  const assunti = state.esiti.filter((e) => e.esito === 'assunto').length;
  return Math.max(0, state.posti - assunti) * state.dimensioneRosa;
}
