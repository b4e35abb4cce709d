import type { RuleViolation } from '../common/violation';
import type { OffertaEvent, OffertaState, OffertaStato } from './offerta.state';

/**
 * The offer's life around its machine: when its procedure ends, what it refuses once ended, and which ranking may be
 * published (the one the close computed and stored). The offer's workflow asks these; it decides nothing itself.
 */

/** States in which an offer's procedure ends. */
export const STATI_FINALI_OFFERTA: readonly OffertaStato[] = ['conclusa', 'non-congrua', 'annullata'];
/** Versione 2 stays open in 'conclusa' for its time for outcomes and corrections (`codaMs`) after the conclusion. */
export const STATI_FINALI_OFFERTA_V2: readonly OffertaStato[] = ['non-congrua', 'annullata'];
/** The time for outcomes and corrections of a concluded offer of versione 2, when the workflow's input sets none. */
export const CODA_MS_PREDEFINITA = 30 * 86_400_000;

/**
 * Whether the offer's procedure still runs: not ended by its time for outcomes (`finita`), and not in a final state of
 * its version. Offers of versione 2 say so from the request on; offers entered before keep ending at 'conclusa'.
 */
export function offertaAperta(state: Pick<OffertaState, 'stato' | 'versione'>, finita: boolean): boolean {
  return !finita && !(state.versione === 2 ? STATI_FINALI_OFFERTA_V2 : STATI_FINALI_OFFERTA).includes(state.stato);
}

/** Once the time for outcomes has ended, nothing more is accepted while the procedure finishes. */
export function offertaChiusa(state: Pick<OffertaState, 'stato'>, finita: boolean): RuleViolation[] {
  return finita
    ? [{ rule: 'procedura-conclusa', field: 'stato', message: "l'offerta è chiusa: il tempo per esiti e rettifiche è finito", found: state.stato }]
    : [];
}

/** The ranking the close computed and stored: its hash, the rules' version, and its head (the candidates sent). */
export interface GraduatoriaCalcolata {
  hash: string;
  versioneRegole: string;
  testa: string[];
}

/** Only the ranking computed at the close may be published, exactly as computed (hash, rules, order of its head). */
export function verificaPubblicazione(
  calcolata: GraduatoriaCalcolata | undefined,
  event: Extract<OffertaEvent, { type: 'graduatoriaPubblicata' }>,
): RuleViolation[] {
  if (!calcolata) return [{ rule: 'graduatoria-non-pronta', field: 'hash', message: 'la graduatoria non è ancora stata calcolata' }];
  const uguale = event.hash === calcolata.hash && event.versioneRegole === calcolata.versioneRegole && event.ordine.join('\n') === calcolata.testa.join('\n');
  return uguale
    ? []
    : [
        {
          rule: 'graduatoria-diversa',
          field: 'hash',
          message: 'si pubblica solo la graduatoria calcolata alla chiusura',
          found: event.hash,
          limit: calcolata.hash,
        },
      ];
}
