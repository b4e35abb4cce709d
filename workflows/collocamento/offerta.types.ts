import type { Actor } from '../../libs/domain/src/auth/roles';
import type { OffertaState, OffertaTransition } from '../../libs/domain/src/collocamento/offerta.state';

export const offertaWorkflowId = (id: string) => `offerta:${id}`;

/** One employer's request (collocamento mirato), from its entry to its closure. */
export interface OffertaWorkflowInput {
  offertaId: string;
  /** The state right after the request was entered, as the API stored it. */
  state: OffertaState;
  /** Interval between reminders to the employer while outcomes are missing (ms). */
  promemoriaEsitiMs: number;
  /** Versione 2: how long a concluded offer still takes outcomes and corrections (ms); 30 days when absent. */
  codaMs?: number;
}

export interface ConAttore {
  actor: Actor;
  requestId?: string;
}

export type PubblicazioneInput = ConAttore & { hash: string; versioneRegole: string; ordine: string[]; totali: { idonei: number; esclusi: number } };

export interface SalvaOffertaInput {
  offertaId: string;
  eventKey: string;
  transition: OffertaTransition;
  state: OffertaState;
  requestId?: string;
}

/** What the ranking activity returns to the workflow: never the whole list (it may hold tens of thousands). */
export interface GraduatoriaPronta {
  hash: string;
  versioneRegole: string;
  /** The head of the ranking: the rosa's candidates. */
  testa: string[];
  totali: { idonei: number; esclusi: number };
}
