import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { Categoria, Sesso, StatoOccupazionale, TipoContratto } from '@app/domain/collocamento/collocamento.types';
import type { Criterio, Spareggio } from '@app/domain/collocamento/graduatoria.regole';
import type { RegolaIdoneita } from '@app/domain/collocamento/idoneita';
import type { EsitoCandidato } from '@app/domain/collocamento/offerta.state';
import { TESTO_O_NUMERO } from '../common/openapi';

/** Text, or a list of texts. */
const TESTO_O_ELENCO = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

export class ImportazioneView {
  /** Quanti sono stati registrati */
  importati: number;
  /** I loro identificativi nel registro */
  ids: string[];
}

export class IscrittoInBreveView {
  id: string;
  codiceFiscale: string;
  ufficio: string;
  territorio: string;
  categoria: Categoria;
  dataIscrizione: string;
  statoOccupazionale: StatoOccupazionale;
  /** L'ufficio in cui l'iscrizione è stata trasferita (chiusa qui), se lo è */
  trasferitoA: string | null;
}

export class RelazioneConclusivaView {
  mansioniCompatibili: string[];
  mansioniIncompatibili: string[];
  note: string;
}

/** A person of the list (the domain's Iscritto): as the graduatoria read them, health data included. */
export class IscrittoGraduatoView {
  id: string;
  codiceFiscale: string;
  ufficio: string;
  territorio: string;
  categoria: Categoria;
  /** Grado di invalidità (art1; dato sanitario) */
  percentualeInvalidita?: number;
  dataIscrizione: string;
  statoOccupazionale: StatoOccupazionale;
  /** ISEE in centesimi di euro, se presentato */
  iseeCent?: number;
  familiariACarico: number;
  competenze: string[];
  /** La relazione conclusiva (dato sanitario) */
  compatibilita: RelazioneConclusivaView;
  sesso: Sesso;
  dataNascita: string;
}

/** An enrolment: dati sanitari, economici e familiari only to the operatori and responsabili of its office. */
export class IscrittoView extends OmitType(IscrittoGraduatoView, ['familiariACarico', 'compatibilita'] as const) {
  familiariACarico?: number;
  /** La relazione conclusiva (dato sanitario) */
  compatibilita?: RelazioneConclusivaView;
  /** Il documento della relazione conclusiva, quando caricato */
  relazioneDocumentoId?: string | null;
  relazioneSha256?: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Le segnalazioni sull’iscrizione (esiti che la riguardano)',
  })
  segnalazioni: unknown[];
  /** L'ufficio in cui l'iscrizione è stata trasferita */
  trasferitoA: string | null;
  trasferitoIl: Date | null;
  /** L'ufficio da cui è arrivata, se si è aperta con un trasferimento */
  trasferitoDa: string | null;
}

export class TrasferimentoView {
  id: string;
  /** L'ufficio di partenza */
  da: string;
  /** L'ufficio di arrivo */
  a: string;
  @ApiProperty({ enum: ['trasferita'] }) stato: string;
}

export class DatoreInBreveView {
  id: string;
  codiceFiscale: string;
  denominazione?: string | null;
  /** L'ufficio che l'ha registrato */
  ufficio: string | null;
}

export class QuotaView {
  /** Posti riservati agli iscritti art. 1 */
  art1: number;
  /** Posti riservati agli iscritti art. 18 */
  art18: number;
}

export class ScoperturaView {
  quota: QuotaView;
  /** Posti ancora da coprire per elenco (mai negativi) */
  art1: number;
  art18: number;
  totale: number;
}

export class DatoreView {
  id: string;
  codiceFiscale: string;
  denominazione?: string | null;
  dipendentiComputabili: number;
  coperturaArt1: number;
  coperturaArt18: number;
  ufficio: string | null;
  /** La quota d'obbligo (L. 68/99 art. 3) */
  quota: QuotaView;
  scopertura: ScoperturaView;
}

export class ImpostazioniUfficioView {
  ufficio: string;
  /** La regione delle regole di graduatoria (null: nessuna impostata, vale quella dell'offerta) */
  regione: string | null;
  dimensioneRosaMassima: number;
  /** I giorni dei santi patroni (MM-GG) */
  patroni: string[];
  aggiornatoDa?: string;
  aggiornatoIl?: Date;
  /** true: l'ufficio non ha impostato nulla, valgono quelle predefinite */
  predefinite?: boolean;
}

export class CompetenzaRichiestaView {
  codice: string;
  peso?: number;
}

/** The offer as requested (the domain's Offerta). */
export class OffertaDatiView {
  id: string;
  datoreId: string;
  ufficio: string;
  territorio: string;
  profilo: string;
  mansioni: string[];
  luogo: string;
  contratto: TipoContratto;
  durataMesi?: number;
  oreSettimanali: number;
  posti: number;
  competenzeRichieste: CompetenzaRichiestaView[];
  categoria: Categoria;
  /** Candidati per posto */
  dimensioneRosa: number;
  dataRichiesta: string;
}

export class FinestraView {
  /** Istante ISO 8601: le adesioni da qui (incluso) */
  apertaIl: string;
  /** Istante ISO 8601: fino a qui (escluso) */
  chiudeIl: string;
}

export class SlaView {
  /** L'ultimo giorno per inviare la rosa */
  scadenza: string;
  /** Quando il termine scade (istante ISO 8601) */
  scadeIl: string;
  /** Quando va l'avviso */
  avvisoIl: string;
  avvisoInviato: boolean;
  avvisoInviatoIl?: string;
  /** Il termine è scaduto senza rosa */
  violata: boolean;
  violataIl?: string;
}

export class GraduatoriaPubblicataView {
  /** SHA-256 della graduatoria nella forma canonica */
  hash: string;
  versioneRegole: string;
  pubblicataIl: string;
}

export class ConteggioAdesioniView {
  attive: number;
  ritirate: number;
}

export class RosaInviataView {
  inviataIl: string;
  /** I riferimenti dei candidati (C-…) */
  candidati: string[];
}

export class EsitoPerDatoreView {
  /** Il riferimento del candidato (C-…) */
  candidato: string;
  esito: EsitoCandidato;
}

export class VoceCronologiaOffertaView {
  il: Date;
  chi: string;
  cosa: string;
  perche: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) prima: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) dopo: Record<string, unknown> | null;
}

/** An offer: CPI staff read the procedure and its timeline; the employer the rosa and outcomes by candidate reference. */
export class OffertaView {
  id: string;
  ufficio: string;
  /** La regione delle regole di graduatoria */
  regione: string;
  stato: string;
  offerta: OffertaDatiView;
  /** Istante ISO 8601 */
  richiestaIl: string;
  /** La finestra delle adesioni, quando aperta */
  finestra: FinestraView | null;
  /** Il termine per la rosa */
  sla: SlaView | null;
  graduatoria: GraduatoriaPubblicataView | null;
  adesioni: ConteggioAdesioniView;
  /** Solo per il datore: la rosa ricevuta */
  rosa?: RosaInviataView | null;
  /** Solo per il datore: gli esiti per candidato */
  esiti?: EsitoPerDatoreView[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Solo per il personale del CPI: lo stato completo della procedura (congruità, finestra, graduatoria, rosa, esiti, segnalazioni, termine)',
  })
  procedura?: object;
  /** Solo per il personale del CPI */
  creataDa?: string;
  /** Solo per il personale del CPI: ogni passo, dal registro di audit */
  timeline?: VoceCronologiaOffertaView[];
}

export class OffertaInBreveView {
  id: string;
  ufficio: string;
  stato: string;
  datoreId: string;
  profilo: string;
  richiestaIl: string;
  /** L'ultimo giorno per la rosa */
  slaScadenza: string | null;
  slaViolata: boolean;
}

export class AdesioneView {
  offertaId: string;
  iscrittoId: string;
  @ApiProperty({ enum: ['attiva', 'ritirata'] }) stato: string;
}

export class AdesioneInElencoView {
  iscrittoId: string;
  codiceFiscale: string | null;
  categoria: Categoria | null;
  territorio: string | null;
  statoOccupazionale: StatoOccupazionale | null;
  aderitoIl: Date;
  /** Chi l'ha registrata */
  registrataDa: string | null;
  /** Quando è stata ritirata (null se attiva) */
  ritirataIl: Date | null;
}

export class AdesioniView {
  totale: number;
  attive: number;
  elementi: AdesioneInElencoView[];
}

export class DettaglioCriterioView {
  criterio: Criterio;
  @ApiProperty({
    ...TESTO_O_NUMERO,
    description: 'Il dato della persona che il criterio valuta (percentuale, data di iscrizione, ISEE in centesimi, familiari, competenze possedute/richieste)',
  })
  valore: number | string | null;
  /** Centesimi di punto */
  punti: number;
}

export class ValoreSpareggioView {
  criterio: Spareggio | 'iscrittoId';
  @ApiProperty(TESTO_O_NUMERO) valore: number | string | null;
}

export class VoceGraduatoriaView {
  /** Da 1 */
  posizione: number;
  iscrittoId: string;
  /** Il totale, in centesimi di punto */
  punteggio: number;
  /** Un elemento per criterio */
  dettaglio: DettaglioCriterioView[];
  /** I valori della catena di spareggio, nell'ordine applicato; iscrittoId per ultimo */
  spareggi: ValoreSpareggioView[];
  /** Le competenze richieste dall'offerta che la persona possiede */
  competenzeSoddisfatte: string[];
}

export class MotivoNonIdoneitaView {
  regola: RegolaIdoneita;
  messaggio: string;
  @ApiProperty({ ...TESTO_O_ELENCO, required: false }) trovato?: string | string[];
  @ApiProperty({ ...TESTO_O_ELENCO, required: false }) atteso?: string | string[];
}

export class EsclusoView {
  iscrittoId: string;
  motivi: MotivoNonIdoneitaView[];
}

export class TotaliGraduatoriaView {
  idonei: number;
  esclusi: number;
}

export class GraduatoriaView {
  hash: string;
  versioneRegole: string;
  /** La graduatoria è stata pubblicata */
  pubblicata: boolean;
  /** La formula e lo spareggio come pubblicati */
  formula: string;
  /** La data a cui si conta l'anzianità */
  dataRiferimento: string;
  totali: TotaliGraduatoriaView;
  /** Una pagina (limit, offset) degli idonei */
  idonei: VoceGraduatoriaView[];
  /** Una pagina (limit, offset) degli esclusi, con i motivi */
  esclusi: EsclusoView[];
}

export class TotaliAnteprimaView extends TotaliGraduatoriaView {
  candidati: number;
}

export class AnteprimaGraduatoriaView {
  anteprima: boolean;
  hash: string;
  versioneRegole: string;
  dataRiferimento: string;
  formula: string;
  totali: TotaliAnteprimaView;
  idonei: VoceGraduatoriaView[];
  esclusi: EsclusoView[];
}

export class DatiGraduatoriaView {
  offertaId: string;
  regione: string;
  versioneRegole: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Il pacchetto di regole della versione (criteri, pesi, spareggi)' })
  regole: object | null;
  dataRiferimento: string;
  dataChiusura: string;
  offerta: OffertaDatiView;
  candidati: IscrittoGraduatoView[];
  hash: string;
}

export class VerificaGraduatoriaView {
  /** La graduatoria ricalcolata dai dati conservati ha lo SHA-256 di quella pubblicata */
  corrisponde: boolean;
  /** Perché non corrisponde */
  motivo?: string;
  hashPubblicato: string;
  hashRicalcolato?: string;
  versioneRegole?: string;
  /** I candidati ricalcolati */
  candidati?: number;
}

export class CandidatoRosaView {
  /** Per il personale del CPI: l'identificativo nel registro */
  iscrittoId?: string;
  /** Per il datore: il riferimento del candidato (C-…) */
  candidato?: string;
  posizione: number;
  compatibilita: 'compatibile';
  competenzeRichiestePossedute: string[];
  esito: EsitoCandidato | null;
  /** In quale invio è arrivato: 1 la rosa, 2 il primo successivo, … */
  invio?: number;
}

export class RosaView {
  offertaId: string;
  inviataIl: string;
  /** Lo SHA-256 della graduatoria da cui viene */
  hashGraduatoria?: string;
  candidati: CandidatoRosaView[];
}

export class ColonnaIndicatoriView {
  chiave: string;
  intestazione: string;
  /** centesimi: un intero in centesimi (66,62) */
  tipo: 'testo' | 'intero' | 'centesimi';
}

export class TabellaIndicatoriView {
  colonne: ColonnaIndicatoriView[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: TESTO_O_NUMERO },
    description: 'Una riga per gruppo: i valori per chiave di colonna',
  })
  righe: Array<Record<string, string | number | null>>;
}
