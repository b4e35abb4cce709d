import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Search attributes the procedures set, so staff can list cases by procedure, office and state in Temporal's UI.
 * Registered idempotently on each namespace by `infra/scripts/temporal-setup.ts` after the server starts.
 */
export const SA_PROCEDURA = defineSearchAttributeKey('Procedura', 'KEYWORD');
export const SA_UFFICIO = defineSearchAttributeKey('Ufficio', 'KEYWORD');
export const SA_STATO = defineSearchAttributeKey('Stato', 'KEYWORD');

export const SEARCH_ATTRIBUTES = [SA_PROCEDURA, SA_UFFICIO, SA_STATO];
