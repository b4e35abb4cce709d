import type { Actor } from '../../libs/domain/src/auth/roles';
import type { IspezioneState, IspezioneTransition, RiassegnazioneProposta } from '../../libs/domain/src/ispezioni/ispezione.state';
import type { ScadenzaIspezione } from '../../libs/domain/src/ispezioni/scadenze';

/** The business key of an intervention request's workflow: its inspectorate and its id. */
export const ispezioneWorkflowId = (ispettorato: string, richiestaId: string) => `ispezione:${ispettorato}:${richiestaId}`;

/**
 * The business key of an ex-officio plan's workflow: one plan per inspectorate and year (plans loaded before it was
 * one keep the id stored with them).
 */
export const pianoVigilanzaWorkflowId = (ispettorato: string, anno: number) => `piano-vigilanza:${ispettorato}:${anno}`;

export interface IspezioneWorkflowInput {
  richiestaId: string;
  ispettorato: string;
}

/** `riprovaIl`: when the draw will be tried again by itself (a period begins, an absence ends), if known. */
export type EsitoAssegnazione =
  | { esito: 'assegnata'; sorteggioId: string; ispettoreId: string }
  | { esito: 'nessun-idoneo'; esclusi: number; riprovaIl?: string }
  | { esito: 'periodo-mancante'; dettaglio: string; riprovaIl?: string };

export interface AssegnaInput {
  richiestaId: string;
  tentativo: number;
  astenuti: string[];
  /** When this attempt became due (the abstention that asked for a redraw): the beacon round must come after it. */
  dovutoDal?: string;
}

export interface AssegnaManualeInput {
  richiestaId: string;
  tentativo: number;
  riassegnazione: RiassegnazioneProposta;
  astenuti: string[];
}

export type EsitoAssegnazioneManuale = { esito: 'assegnata'; sorteggioId: string } | { esito: 'non-idonea'; motivi: string[] };

export interface ManutenzioneInput {
  ispettorato: string;
}

export interface ManutenzioneOutput {
  /** Periods whose commitment was published, and periods revealed, by this run. */
  creati: string[];
  rivelati: string[];
  /** Workflow ids of the requests waiting for a draw, to wake now that a period is published. */
  daRisvegliare: string[];
}

export interface SalvaIspezioneInput {
  richiestaId: string;
  eventKey: string;
  transition: IspezioneTransition;
  state: IspezioneState;
  requestId?: string;
}

/** The workflow's own state is passed: the persisted copy may lag behind a step still being saved. */
export interface ScadenzaIspezioneInput {
  richiestaId: string;
  state: IspezioneState;
  now: string;
}

export interface EseguiScadenzaIspezioneInput {
  richiestaId: string;
  state: IspezioneState;
  scadenza: ScadenzaIspezione;
}

export interface ConAttore {
  actor: Actor;
  requestId?: string;
}
export type SorteggioRichiestoInput = ConAttore & { tentativo: number };
