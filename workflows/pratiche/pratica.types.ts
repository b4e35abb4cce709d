import type { Actor } from '../../libs/domain/src/auth/roles';
import type { StoredDocument } from '../../libs/infrastructure/src/documents/documents.service';

/** The row the procedure recorded for an accepted document (a type only: the workflow does no I/O). */
export type DocumentoRegistrato = StoredDocument;
import type { DocumentoRef, PraticaState, PraticaStato, PraticaTransition } from '../../libs/domain/src/pratiche/pratica.state';

export const PRATICA_TASK_QUEUE_DEFAULT = 'procedure';

/** The business key: one workflow per office and protocol number, so Temporal refuses a second start. */
export const praticaWorkflowId = (ufficio: string, protocollo: string) => `pratica:${ufficio}:${protocollo}`;

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

/**
 * A document whose bytes the API has stored: the procedure accepts it (or refuses it: the case is under review or
 * closed), records its row through its own activity, and only then attaches it, so a document is attached and
 * listed, or neither.
 */
export interface DocumentoInput {
  actor: Actor;
  requestId?: string;
  documentoId: string;
  tipo: string;
  nomeFile: string;
  contentType: string;
  dimensione: number;
  sha256: string;
  storageKey: string;
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
