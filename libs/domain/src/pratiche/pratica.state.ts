import type { Actor } from '../auth/roles';

/** Life cycle of the platform's example procedure: a generic document-bearing case. */
export const PRATICA_STATI = ['aperta', 'inviata', 'approvata', 'respinta'] as const;
export type PraticaStato = (typeof PRATICA_STATI)[number];
export const PRATICA_STATI_FINALI: readonly PraticaStato[] = ['approvata', 'respinta'];

export const ESITI_DECISIONE = ['approvata', 'respinta'] as const;
export type EsitoDecisione = (typeof ESITI_DECISIONE)[number];

/** A stored document as the procedure knows it: a reference and its digest, never its bytes. */
export interface DocumentoRef {
  documentoId: string;
  tipo: string;
  sha256: string;
  versione: number;
}

export interface PraticaState {
  praticaId: string;
  ufficio: string;
  stato: PraticaStato;
  creataDa: string;
  /** Who last submitted or changed the case: segregation of duties bars them from deciding. */
  autoriModifiche: string[];
  documenti: DocumentoRef[];
  decisione?: { esito: EsitoDecisione; motivazione: string; decisaDa: string; decisaIl: string };
}

export type PraticaEvent =
  | { type: 'documentoCaricato'; actor: Actor; documento: DocumentoRef }
  | { type: 'invio'; actor: Actor; nota?: string }
  | { type: 'decisione'; actor: Actor; esito: EsitoDecisione; motivazione: string };

/** The steps a user sends, each the workflow Update of its name (workflows/pratiche); documents have their own. */
export const PASSI_PRATICA = ['invio', 'decisione'] as const;

/** A state change to be recorded: who, what, why; `from`/`to` equal when only data changed. */
export interface PraticaTransition {
  azione: PraticaEvent['type'];
  from: PraticaStato;
  to: PraticaStato;
  actor: Actor;
  motivazione?: string;
  at: string;
}
