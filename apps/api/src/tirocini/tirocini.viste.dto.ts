import { ApiProperty } from '@nestjs/swagger';
import type { FasciaEtaTirocini } from '@app/domain/tirocini/indicatori';
import { DocumentoView } from '../pratiche/pratiche.dto';

/** An address as stored: one registered before addresses were typed may lack some parts (null). */
export class IndirizzoView {
  indirizzo: string | null;
  cap: string | null;
  comune: string | null;
  codiceIstat: string | null;
  provincia: string | null;
}

export class ConteggioDipendentiView {
  dipendentiIndeterminato: number;
  /** Il primo giorno in cui vale */
  dal: string;
  /** Perché è stato registrato; null per quello dato alla registrazione della sede */
  motivo: string | null;
  /** Chi l'ha registrato (solo per il personale degli uffici) */
  registratoDa?: string;
  /** Istante ISO 8601 */
  registratoIl: string;
}

export class SedeView extends IndirizzoView {
  id: string;
  soggettoId: string;
  denominazione: string;
  regione: string;
  /** Il CPI competente per la sede */
  cpi: string;
  /** I dipendenti a tempo indeterminato in vigore oggi (non per le sedi di altre organizzazioni) */
  dipendentiIndeterminato?: number | null;
  /** Da quando vale quel conteggio */
  dipendentiIndeterminatoDal?: string | null;
  /** Ogni conteggio registrato, nell'ordine (non per le sedi di altre organizzazioni) */
  storicoDipendenti?: ConteggioDipendentiView[];
}

export class SoggettoView {
  id: string;
  ruolo: 'promotore' | 'ospitante';
  denominazione: string;
  codiceFiscale: string;
  partitaIva: string | null;
  tipologia: string | null;
  regione: string;
  sedeLegale: IndirizzoView;
  sedi: SedeView[];
  /** L'ufficio che l'ha registrato (null per i record precedenti) */
  ufficio: string | null;
}

export class TirocinanteView {
  id: string;
  codiceFiscale: string;
  nome: string;
  cognome: string;
  dataNascita: string;
  sesso: 'M' | 'F';
  /** Persona con disabilità o svantaggiata (non agli ospitanti) */
  svantaggiato?: boolean;
  /** L'ufficio nel cui registro è iscritto */
  ufficio: string;
}

export class TutorView {
  id: string;
  soggettoId: string;
  codiceFiscale: string;
  nome: string;
  cognome: string;
}

export class ConvenzioneView {
  id: string;
  promotoreId: string;
  ospitanteId: string;
  validaDal: string;
  validaAl: string;
  /** Il documento firmato, quando caricato */
  documentoId: string | null;
  documentoSha256: string | null;
  /** L'ufficio che l'ha registrata */
  ufficio: string | null;
  /** Solo nella risposta alla registrazione: l'organizzazione per cui un utente esterno l'ha registrata */
  registrataPer?: string | null;
}

export class ProssimaAzioneView {
  /** @example 'decisione' */
  azione: string;
  /** @example 'responsabile' */
  chi: string;
  /** Entro quando (data) */
  scadenza?: string;
}

export class DocumentoTirocinioView extends DocumentoView {
  /** Se chi l'ha caricato lo ha dichiarato firmato */
  firmato: boolean;
}

export class VoceCronologiaView {
  /** Istante ISO 8601 */
  il: Date;
  /** Chi ha agito */
  chi: string;
  /** I suoi ruoli */
  ruoli: string;
  /** Il passo (es. invio, decisione, documento-caricato) */
  cosa: string;
  /** La motivazione, se data */
  perche: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Ciò che il passo ha cambiato, prima' })
  prima: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Ciò che il passo ha cambiato, dopo' })
  dopo: unknown;
}

export class TirocinioView {
  id: string;
  /** Il CPI che segue la pratica */
  ufficio: string;
  regione: string;
  stato: string;
  /** Le regole applicate all'invio (null per una bozza) */
  versioneRegole: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Il progetto formativo come inviato (i campi di ProgettoDto, con svantaggiato)' })
  progetto: object;
  dataInizio: string;
  dataFine: string;
  /** La data sull'orologio della procedura */
  oggi: string;
  /** Che cosa si attende e da chi (null a procedura conclusa) */
  prossimaAzione: ProssimaAzioneView | null;
  /** Ogni versione di ogni documento */
  documenti: DocumentoTirocinioView[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Lo stato completo della procedura (null per una bozza): sospensioni, presenze, proroghe, integrazioni, decisione, attestazione',
  })
  procedura: object | null;
  /** I passi della pratica e i caricamenti dei suoi documenti, in ordine */
  timeline: VoceCronologiaView[];
  creatoDa: string;
  /** Istante ISO 8601 */
  creatoIl: string;
  ultimaModificaDa: string;
  versione: number;
}

export class TirocinioInBreveView {
  id: string;
  ufficio: string;
  stato: string;
  ospitanteId: string;
  promotoreId: string;
  tirocinanteId: string;
  /** La denominazione dell'ospitante */
  ospitante: string | null;
  /** La denominazione del promotore */
  promotore: string | null;
  /** Cognome e nome del tirocinante */
  tirocinante: string | null;
  dataInizio: string;
  dataFine: string;
  /** La prossima scadenza (data) */
  scadenza: string | null;
  prossimaAzione: ProssimaAzioneView | null;
  /** Istante ISO 8601 dell'invio */
  inviataIl: string | null;
}

export class ElencoTirociniView {
  /** Quanti tirocini rispondono ai filtri, contati fino a 1.000 (oltre, vale 1.000 e `totaleCompleto` è false) */
  totale: number;
  /** Il conteggio è completo (false: i tirocini sono più di `totale`) */
  totaleCompleto: boolean;
  limit: number;
  /** Quanti ne sono stati saltati con `offset` (0 con `dopo`) */
  offset: number;
  /** Dal più recente (per creazione) */
  elementi: TirocinioInBreveView[];
  /** Il cursore della pagina successiva (`dopo`, lo stesso dell'intestazione Link), null all'ultima pagina */
  successivo: string | null;
}

export class PeriodoView {
  dal: string;
  al: string;
}

export class ConteggioStatoView {
  stato: string;
  n: number;
}

export class InviatePerUfficioView {
  ufficio: string;
  totale: number;
  perStato: ConteggioStatoView[];
}

export class InviateView {
  totale: number;
  perStato: ConteggioStatoView[];
  perUfficio: InviatePerUfficioView[];
}

export class ConteggioEsitoView {
  esito: string;
  n: number;
}

export class DecisioniView {
  totale: number;
  perEsito: ConteggioEsitoView[];
  /** Mediana dei giorni dall'invio alla decisione; null senza decisioni */
  medianaGiorni: number | null;
  /** Decise entro i giorni standard */
  entroStandard: number;
  /** entroStandard / totale in %, a un decimale; null senza decisioni */
  percentualeEntroStandard: number | null;
}

export class ConteggioSessoView {
  sesso: 'F' | 'M';
  n: number;
}

export class ConteggioFasciaView {
  fascia: FasciaEtaTirocini;
  n: number;
}

export class ConteggioSessoFasciaView {
  sesso: 'F' | 'M';
  fascia: FasciaEtaTirocini;
  n: number;
}

export class ConteggioPerSessoEtaView {
  totale: number;
  perSesso: ConteggioSessoView[];
  perFascia: ConteggioFasciaView[];
  perSessoEFascia: ConteggioSessoFasciaView[];
  /** Tirocinanti con meno di 15 anni all'avvio (fuori da ogni fascia) */
  senzaFascia: number;
}

export class ConclusiView extends ConteggioPerSessoEtaView {
  interrotti: number;
}

export class IndicatoriTirociniView {
  periodo: PeriodoView;
  standardGiorni: number;
  inviate: InviateView;
  decisioni: DecisioniView;
  avviati: ConteggioPerSessoEtaView;
  conclusi: ConclusiView;
}

export class EsitoTirocinioMigratoView {
  /** @example 'SIL/2026/000123' */
  codiceOrigine: string;
  /** L'id del tirocinio in questo servizio */
  @ApiProperty({ format: 'uuid' }) id: string;
  /** importato ora, o già importato da una richiesta precedente (non cambiato) */
  @ApiProperty({ enum: ['importato', 'gia-importato'] }) esito: 'importato' | 'gia-importato';
}

export class EsitoMigrazioneView {
  /** @example 200 */
  importati: number;
  /** @example 0 */
  giaImportati: number;
  /** Nell'ordine della richiesta */
  @ApiProperty({ type: [EsitoTirocinioMigratoView] }) esiti: EsitoTirocinioMigratoView[];
}
