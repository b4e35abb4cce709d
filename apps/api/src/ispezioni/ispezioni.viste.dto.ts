import { ApiProperty } from '@nestjs/swagger';
import type { StatoTermine, TermineIspezione } from '@app/domain/ispezioni/scadenze';

/** Days by priority. */
export class GiorniPerPrioritaView {
  alta: number;
  media: number;
  bassa: number;
}

/** The terms of an inspection as the policy sets them. */
export class TerminiView {
  /** Giorni di calendario dall'accettazione al primo accesso, per priorità */
  primoAccessoGiorni: GiorniPerPrioritaView;
  /** Giorni lavorativi dall'assegnazione per accettare o astenersi */
  accettazioneGiorniLavorativi: number;
  /** Giorni di calendario per adempiere a una diffida, dalla notifica */
  termineDiffidaGiorni: number;
  /** Giorni di calendario dalla fine degli accertamenti al verbale unico */
  verbaleUnicoGiorni: number;
  /** Un promemoria tanti giorni prima di ogni scadenza dell'ispettore */
  preavvisoGiorni: number;
  /** Dopo una scadenza mancata, l'escalation al dirigente dopo tanti millisecondi */
  tolleranzaEscalationMs: number;
  /** La durata di un giorno di questi termini, in millisecondi */
  unitaMs: number;
}

export class RotazioneView {
  /** Quanto indietro conta un'assegnazione precedente presso la stessa azienda, in mesi (0: nessuna rotazione) */
  finestraMesi: number;
  /** Contano anche le ispezioni chiuse */
  contaChiuse: boolean;
  /** Se la sola rotazione non lascia nessuno da sorteggiare, cede per quel sorteggio */
  derogaSeNessunIdoneo: boolean;
}

export class PeriodiView {
  /** P1M: mesi di calendario; o una durata ISO 8601 in secondi interi */
  durata: string;
  /** Gli impegni si pubblicano tanto prima del loro periodo (ms) */
  anticipoMs: number;
}

export class MonitoraggioView {
  /** Il dirigente è avvisato quando il p-value del chi quadro scende sotto questa soglia */
  soglia: number;
  /** La finestra mobile controllata alla chiusura di ogni periodo, in giorni */
  finestraGiorni: number;
}

export class PoliticaIspettoratoView {
  termini: TerminiView;
  rotazione: RotazioneView;
  periodi: PeriodiView;
  monitoraggio: MonitoraggioView;
}

export class PrimoAccessoGiorniDto {
  alta?: number;
  media?: number;
  bassa?: number;
}

/**
 * What an inspectorate may set (every member optional), as stored and sent: documents the shape; the values are
 * checked by the domain's politicaIspettorato, which lists every error.
 */
export class ImpostazioniIspettoratoDto {
  /** Giorni dall'accettazione al primo accesso, per priorità */
  primoAccessoGiorni?: PrimoAccessoGiorniDto;
  accettazioneGiorniLavorativi?: number;
  verbaleUnicoGiorni?: number;
  preavvisoGiorni?: number;
  /**
   * La durata di un "giorno" dei termini, durata ISO 8601
   * @example 'P1D'
   */
  unita?: string;
  /**
   * Durata ISO 8601
   * @example 'P2D'
   */
  tolleranzaEscalation?: string;
  /** Predefinita 12 */
  finestraRotazioneMesi?: number;
  /** Forma precedente della finestra, in anni: finestraRotazioneMesi prevale */
  finestraRotazioneAnni?: number;
  /** Predefinito true */
  rotazioneContaChiuse?: boolean;
  /** Predefinito true */
  rotazioneDerogaSeNessunIdoneo?: boolean;
  /**
   * P1M o una durata in secondi interi
   * @example 'P1M'
   */
  periodoSorteggio?: string;
  /**
   * Predefinito P7D
   * @example 'P7D'
   */
  anticipoPubblicazione?: string;
  /** Predefinita 0.01 */
  sogliaImparzialita?: number;
  /** Predefinita 90 */
  finestraMonitoraggioGiorni?: number;
}

export class IspettoratoView {
  codice: string;
  nome: string;
  territori: string[];
  /** Le impostazioni che differiscono da quelle predefinite */
  politica?: ImpostazioniIspettoratoDto;
}

export class PoliticaView {
  ispettorato: string;
  /** Ciò che l'ispettorato ha impostato */
  impostazioni: ImpostazioniIspettoratoDto;
  /** La politica applicata: le impostazioni unite a quelle predefinite */
  politica: PoliticaIspettoratoView;
}

export class IspettoreCreatoView {
  ispettorato: string;
  nome: string;
  /** Il login dell'ispettore */
  id: string;
  territori: string[];
  qualifiche: string[];
}

export class AssenzaInElencoView {
  dal: string;
  al: string;
  /** Solo per un dirigente */
  motivo?: string;
  id?: string;
  inseritaDa?: string;
  confermataDa?: string | null;
}

export class IspettoreView {
  id: string;
  nome: string;
  ispettorato: string;
  territori: string[];
  qualifiche: string[];
  /** Le assenze in vigore (il motivo solo a un dirigente) */
  assenze: AssenzaInElencoView[];
  /** Le ispezioni aperte ora: il carico su cui pesa il sorteggio */
  caricoAperto: number;
}

export class AssenzaView {
  id: string;
  ispettoreId: string;
  dal: string;
  al: string;
  motivo: string;
  inseritaDa: string;
  /** Istante ISO 8601 */
  inseritaIl: string;
  /** in-vigore conta nei sorteggi; da-confermare finché un secondo dirigente non conferma quella inserita da altri */
  stato: 'in-vigore' | 'da-confermare' | 'respinta';
  confermataDa: string | null;
  confermataIl: string | null;
}

export class AziendaView {
  id: string;
  codiceFiscale: string;
  ragioneSociale: string;
  territorio: string;
}

export class ConflittoView {
  id: string;
  ispettoreId: string;
  aziendaId: string;
  /** Personale: solo ai dirigenti e all'ispettore interessato */
  motivo: string;
  dal: string;
  al: string | null;
  dichiaratoDa: string;
  dichiaratoRuolo: string | null;
  /** Da dove è noto, quando lo dichiara un dirigente */
  fonte: string | null;
  stato: 'in-vigore' | 'da-confermare' | 'respinta';
  confermatoDa: string | null;
  confermatoIl: string | null;
  dichiaratoIl: string;
  revocatoIl: string | null;
  revocatoDa: string | null;
  motivoRevoca: string | null;
}

export class TestaCatenaView {
  /** Le trascrizioni nella catena */
  n: number;
  /** Lo hash dell'ultima */
  hash: string;
}

export class PeriodoSorteggioView {
  /** @example '2026-11' */
  periodo: string;
  inizio: string;
  fine: string;
  /** SHA-256 del segreto, pubblicato prima del periodo */
  impegno: string;
  pubblicatoIl: string;
  /** sistema, o il dirigente che l'ha pubblicato a mano */
  creatoDa: string;
  rivelatoIl: string | null;
  /** Il segreto, solo dopo la rivelazione */
  segreto: string | null;
  /** La testa della catena pubblicata alla rivelazione */
  testaCatena: TestaCatenaView | null;
}

export class MotivoEsclusioneView {
  regola: string;
  dettaglio: string;
  /** Il record su cui l'esclusione si fonda, es. conflitto-interesse:<id> */
  riferimento?: string;
}

export class EsclusioneView {
  ispettoreId: string;
  motivi: MotivoEsclusioneView[];
}

export class AttesaSorteggioView {
  motivo: 'nessun-idoneo' | 'periodo-mancante' | 'in-sorteggio';
  /** Da quando attende */
  dal: string;
  tentativo: number;
  dettaglio: string;
  /** Quando sarà ritentata da sola, se noto */
  riprovaIl?: string;
  /** Per nessun-idoneo: ogni ispettore con i suoi motivi */
  esclusi?: EsclusioneView[];
}

export class RichiestaInCodaView {
  id: string;
  registrataIl: string;
  fonte: string;
  aziendaId: string;
  territorio: string;
  tipoPratica: string;
  priorita: string;
  tentativo: number;
  /** Perché attende */
  attesa: AttesaSorteggioView;
}

export class TermineView {
  termine: TermineIspezione;
  /** Che cosa deve accadere entro il termine */
  descrizione: string;
  giorni: number;
  tipoGiorni: 'lavorativi' | 'calendario';
  /** Chi deve agire */
  aCarico: 'ispettore' | 'azienda';
  /** Il giorno da cui il termine decorre (escluso); null finché non è iniziato */
  decorrenza: string | null;
  /** L'ultimo giorno (in Italia) */
  ultimoGiorno: string | null;
  /** L'istante in cui scade */
  scadeIl: string | null;
  stato: StatoTermine;
  /** Quando il passo che lo soddisfa è stato fatto */
  adempiutoIl?: string;
}

export class RichiestaView {
  id: string;
  ispettorato: string;
  fonte: string;
  aziendaId: string;
  sede: string;
  territorio: string;
  tipoPratica: string;
  priorita: string;
  descrizione: string;
  stato: string;
  /** L'ispettore assegnato */
  ispettoreId: string | null;
  /** Il tentativo di sorteggio */
  tentativo: number;
  /** Perché attende il sorteggio, se attende */
  attesa: AttesaSorteggioView | null;
  registrataIl: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Lo stato completo della procedura: assegnazioni, astensioni, riassegnazione, passi dell’ispezione',
  })
  procedura: object;
  /** Ogni termine dell'ispezione con le sue date sul calendario italiano */
  scadenze: TermineView[];
}

export class AssegnazioneView {
  id: string;
  richiestaId: string;
  tentativo: number;
  tipo: 'sorteggio' | 'manuale';
  ispettoreId: string;
  registratoIl: string;
  /** La catena (l'ispettorato) */
  catena: string;
  /** La posizione nella catena, da 1 */
  n: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'La trascrizione come registrata: candidati con i pesi, esclusi con i motivi, estrazione (o i dati dell’assegnazione manuale)',
  })
  trascrizione: object;
  prevHash: string;
  hash: string;
  /** Il periodo del sorteggio (impegno; segreto e testa della catena una volta rivelati) */
  periodo: PeriodoSorteggioView | null;
}

export class ProblemaCatenaView {
  /** La posizione che riguarda, se una */
  n?: number;
  motivo: string;
}

export class EsitoCatenaView {
  valido: boolean;
  trascrizioni: number;
  problemi: ProblemaCatenaView[];
}

export class RicalcoloView {
  seme: string;
  totale: number;
  valore: number;
  rifiutati: number;
  scelto: string;
}

export class VerificaAssegnazioneView {
  /** false finché il segreto del periodo non è rivelato */
  verificabile: boolean;
  @ApiProperty({ enum: ['sorteggio', 'manuale'] }) tipo: string;
  valido?: boolean;
  /** Perché non è valida */
  motivi?: string[];
  /** Perché non è ancora verificabile */
  motivo?: string;
  dettaglio?: string;
  /** Il sorteggio ricalcolato con il segreto rivelato */
  ricalcolo?: RicalcoloView;
  catena: EsitoCatenaView;
}

export class TestaPubblicataView extends TestaCatenaView {
  periodo: string;
  rivelatoIl: string;
}

export class VerificaCatenaView {
  ispettorato: string;
  valido: boolean;
  trascrizioni: number;
  sorteggiRicalcolati: number;
  /** Sorteggi di periodi non ancora rivelati */
  nonAncoraVerificabili: number;
  testa: TestaCatenaView | null;
  testePubblicate: TestaPubblicataView[];
  problemi: ProblemaCatenaView[];
}

export class ConteggioIspettoreView {
  ispettoreId: string;
  osservati: number;
  /** Arrotondati a 2 decimali */
  attesi: number;
  astensioni: number;
  assegnazioniManuali: number;
  conflittiDichiarati: number;
}

export class StatisticheView {
  ispettorato: string;
  periodo?: string;
  dal: string;
  al: string;
  /** I sorteggi contati */
  estrazioni: number;
  perIspettore: ConteggioIspettoreView[];
  /** Celle del test dopo gli accorpamenti */
  celle: number;
  /** Gli ispettori accorpati (attesi sotto il minimo) */
  accorpati: string[];
  chiQuadro: number;
  gradiLiberta: number;
  pValue: number;
  soglia: number;
  /** Sorteggi con un ispettore scelto senza peso: impossibili, allarme a sé */
  incoerenti: number;
  /** pValue sotto la soglia, o un sorteggio incoerente */
  allarme: boolean;
  /** Sorteggi con un solo candidato, che il test non vede */
  estrazioniConUnSoloCandidato: number;
  astensioni: number;
  riassegnazioniManuali: number;
}

export class VocePianoVigilanzaView {
  numero: number;
  /** Istante ISO 8601 in cui la richiesta è generata */
  data: string;
  /** La richiesta generata, una volta generata */
  richiestaId: string | null;
}

export class PianoVigilanzaView {
  id: string;
  ispettorato: string;
  anno: number;
  descrizione: string;
  caricatoDa: string;
  caricatoIl: Date;
  voci: VocePianoVigilanzaView[];
}
