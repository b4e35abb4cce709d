import type { Actor } from '../../libs/domain/src/auth/roles';
import type { DocumentoRef, EsitoDecisione, PraticaState, PraticaStato, PraticaTransition } from '../../libs/domain/src/pratica/pratica.state';

export const PRATICA_TASK_QUEUE_DEFAULT = 'procedure';

export interface PraticaWorkflowInput {
  praticaId: string;
  ufficio: string;
  protocollo: string;
  oggetto: string;
  creataDa: Actor;
  creataIl: string;
  requestId?: string;
}

export interface PraticaWorkflowResult {
  stato: PraticaStato;
  decisione?: PraticaState['decisione'];
}

export interface DocumentoCaricatoInput {
  actor: Actor;
  documento: DocumentoRef;
  requestId?: string;
}

export interface InvioInput {
  actor: Actor;
  nota?: string;
  requestId?: string;
}

export interface DecisioneInput {
  actor: Actor;
  esito: EsitoDecisione;
  motivazione: string;
  requestId?: string;
}

/** What an activity needs to persist one transition: unique key for idempotency, the change, the new state. */
export interface RegistraTransizioneInput {
  praticaId: string;
  eventKey: string;
  transition: PraticaTransition;
  state: PraticaState;
  requestId?: string;
}

export interface EmettiRicevutaInput {
  praticaId: string;
  ufficio: string;
  eventKey: string;
  protocollo: string;
  decisione: NonNullable<PraticaState['decisione']>;
  actor: Actor;
}
