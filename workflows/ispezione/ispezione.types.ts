import type { Actor } from '../../libs/domain/src/auth/roles';
import type { IspezioneState, IspezioneTransition, RiferimentoDocumento } from '../../libs/domain/src/ispezioni/ispezione.machine';
import type { ScadenzaIspezione } from '../../libs/domain/src/ispezioni/scadenze';

export interface IspezioneWorkflowInput {
  richiestaId: string;
  ispettorato: string;
}

export type EsitoAssegnazione =
  | { esito: 'assegnata'; sorteggioId: string; ispettoreId: string }
  | { esito: 'nessun-idoneo'; esclusi: number }
  | { esito: 'periodo-mancante'; dettaglio: string };

export interface AssegnaInput {
  richiestaId: string;
  tentativo: number;
  astenuti: string[];
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
export type AstensioneInput = ConAttore & { motivo: string };
export type RiassegnazioneInput = ConAttore & { ispettoreId: string; motivo: string };
export type DecisioneRiassegnazioneInput = ConAttore & { esito: 'approvata' | 'respinta' };
export type PrimoAccessoInput = ConAttore & { data: string; verbale: RiferimentoDocumento };
export type DiffidaInput = ConAttore & { notificataIl: string };
export type FineAccertamentiInput = ConAttore & { data: string };
export type ChiusuraInput = ConAttore & { esito: 'regolare' | 'irregolarita-sanate' | 'sanzioni' | 'notizia-di-reato' | 'archiviata'; verbaleUnico: RiferimentoDocumento };
export type SorteggioRichiestoInput = ConAttore & { tentativo: number };
