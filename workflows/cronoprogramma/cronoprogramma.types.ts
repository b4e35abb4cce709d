import type { Scadenza } from '../../libs/domain/src/cronoprogramma/scadenze';

/** The business key of a plan's workflow: one plan per office and year. */
export const pianoWorkflowId = (ufficio: string, anno: number) => `piano:${ufficio}:${anno}`;

export interface CronoprogrammaWorkflowInput {
  pianoId: string;
  /** The plan's office, for the search attributes (absent in the inputs of workflows started before they were set). */
  ufficio?: string;
}

export type CronoprogrammaWorkflowResult = 'congelato' | 'nessuna-scadenza';

export interface ProssimaScadenzaInput {
  pianoId: string;
  /** The workflow's clock, so the activity plans from the same "now" the timer will use. */
  now: string;
}

export interface EseguiScadenzaInput {
  pianoId: string;
  scadenza: Scadenza;
}
