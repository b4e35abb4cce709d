import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';

/**
 * Search attributes the procedures set, so staff can list cases by procedure, office and state in Temporal's UI.
 * Registered idempotently on each namespace by `infra/scripts/temporal-setup.ts` after the server starts.
 */
export const SA_PROCEDURA = defineSearchAttributeKey('Procedura', 'KEYWORD');
export const SA_UFFICIO = defineSearchAttributeKey('Ufficio', 'KEYWORD');
export const SA_STATO = defineSearchAttributeKey('Stato', 'KEYWORD');

export const SEARCH_ATTRIBUTES = [SA_PROCEDURA, SA_UFFICIO, SA_STATO];

/**
 * The search attributes a run starts with: those its first task would set for the state it starts in (procedure,
 * office, state; see workflows/common/ricerca.ts, which then does not set them again).
 */
export function attributiAvvio(procedura: string, { ufficio, stato }: { ufficio?: string; stato: string }): SearchAttributePair[] {
  return [{ key: SA_PROCEDURA, value: procedura }, ...(ufficio ? [{ key: SA_UFFICIO, value: ufficio }] : []), { key: SA_STATO, value: stato }];
}
