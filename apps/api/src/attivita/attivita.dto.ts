import { IsIn, IsOptional } from 'class-validator';
import { PROCEDURE_ATTIVITA, type ProceduraAttivita } from '@app/domain/attivita/attivita';
import { PaginaQuery } from '../common/paginazione';

export class AttivitaQuery extends PaginaQuery {
  /** Solo le attività di questa procedura (i conteggi restano quelli di tutte) */
  @IsOptional()
  @IsIn(PROCEDURE_ATTIVITA)
  procedura?: ProceduraAttivita;
}

/** Una cosa da fare per chi chiama, su un record di una procedura. */
export class AttivitaView {
  procedura: ProceduraAttivita;
  /** L'identificativo del record nella sua procedura */
  id: string;
  /**
   * Come lo riconosce l'utente (tirocinante e ospitante, profilo dell'offerta, azienda, titolo e fase del piano,
   * protocollo), con i soli dati che il suo ruolo può vedere
   * @example 'Rossi Maria presso Tessitura Alfa S.r.l.'
   */
  riferimento: string;
  /**
   * Lo stato del record nella sua procedura
   * @example 'inviata'
   */
  stato: string;
  /**
   * Che cosa deve fare chi chiama
   * @example 'Decidere la domanda'
   */
  azione: string;
  /** Quando scade il termine (istante ISO 8601), o null se non corre un termine */
  scadenza: string | null;
  /** Il termine è già scaduto */
  scaduta: boolean;
  /**
   * Dove si apre il record nella console
   * @example '/tirocini/6f1c2a4e-8b0d-4c51-9a3e-2f7d1b5c9e10'
   */
  link: string;
  /** Da quando attende chi chiama (istante ISO 8601) */
  dal: string;
}

/** Quante attività ha chi chiama in ogni procedura. */
export class ConteggiAttivitaView {
  pratiche: number;
  tirocini: number;
  collocamento: number;
  ispezioni: number;
  cronoprogramma: number;
}

export class ElencoAttivitaView {
  /** Dalla scadenza più vicina (quelle senza scadenza in fondo), poi da quella che attende da più tempo */
  elementi: AttivitaView[];
  /** Per procedura, in tutto l'elenco (qualunque filtro e pagina) */
  conteggi: ConteggiAttivitaView;
  /** Quante sono scadute, in tutto l'elenco */
  scadute: number;
  /** Il cursore della pagina successiva (lo stesso dell'intestazione Link), assente all'ultima pagina */
  successivo?: string;
}
