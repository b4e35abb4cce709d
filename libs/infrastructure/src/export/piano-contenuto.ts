import type {
  Fase,
  Indicatore,
  Obiettivo,
  PianoDocumento,
  Punteggio,
  RegolaApplicata,
  ValutazioneFase,
  ValutazioneIndicatore,
  ValutazioneObiettivo,
  ValutazionePiano,
  ValutazioneVoce,
} from '@app/domain/cronoprogramma/cronoprogramma.types';
import { dataIt, dataUtc, numeroIt, percentualeIt, spiegazioneIt } from './formato-it';

/**
 * The final monitoring sheet of a plan (DOMAIN §4), laid out like the published Italian ones: a "scheda obiettivo"
 * per objective with its indicators, then each cronoprogramma as a table, every score with the rule that produced
 * it. Two renderings of the same content, a workbook (`piano-xlsx.ts`) and an A4 landscape PDF (`piano-pdf.ts`):
 * what both print is written here once.
 */

export interface OpzioniEsportazione {
  /** Stamped as the document's creation date; defaults to the valuation date (so the same input gives the same PDF). */
  creazione?: Date;
}

export const ETICHETTE_REGOLA: Readonly<Record<RegolaApplicata, string>> = {
  'in-tempo': 'Completata entro la fine prevista',
  'ritardo-proporzionale': 'Ritardo: durata prevista / durata effettiva (criterio 1)',
  'ritardo-recuperato': 'Ritardo recuperato entro la fine del cronoprogramma (criterio 1)',
  'ritardo-stimato': 'Ritardo stimato dalla nota di monitoraggio (criterio 2)',
  'nessuna-informazione': 'Nessuna informazione utilizzabile: 0 (criterio 2)',
  'rapporto-target': 'Raggiunto x 100 / target, massimo 100 (criterio 3)',
  'autovalutazione-inferiore': 'Prevale l’autovalutazione, inferiore (criterio 4)',
  'neutralizzato-causa-esterna': 'Neutralizzato per causa esterna: escluso dai pesi (criterio 5)',
  'non-valutabile': 'Non valutabile: escluso dai pesi (criterio 5)',
  'media-ponderata': 'Media ponderata',
};

export const CRITERI = [
  '1. Una fase completata in ritardo ottiene durata prevista / durata effettiva; se l’intero cronoprogramma si è concluso entro la data finale prevista, la fase conta come rispettata.',
  '2. Un valore non quantificabile è valutato dal ritardo stimato nella nota di monitoraggio; in assenza di informazioni utilizzabili il punteggio è 0.',
  '3. Un indicatore numerico ottiene raggiunto x 100 / target (al massimo 100%).',
  '4. Se il punteggio tecnico supera quello indicato nella nota di monitoraggio, prevale il minore.',
  '5. Indicatori o fasi mancati per cause esterne non imputabili all’ufficio, e gli indicatori non valutabili, sono esclusi dalla media ponderata.',
];

export const TIPI: Record<Indicatore['tipo'], string> = { procedurale: 'Procedurale', numerico: 'Numerico', 'non-valutabile': 'Non valutabile' };

export interface VoceObiettivo {
  area: { codice: string; titolo: string };
  obiettivo: Obiettivo;
  val?: ValutazioneObiettivo;
}

/** Every objective of the plan, in order, with its area and its valuation. */
export function obiettivi(piano: PianoDocumento, valutazione: ValutazionePiano): VoceObiettivo[] {
  return piano.aree.flatMap((area) =>
    area.obiettivi.map((obiettivo) => ({
      area: { codice: area.codice, titolo: area.titolo },
      obiettivo,
      val: valutazione.obiettivi.find((v) => v.numero === obiettivo.numero),
    })),
  );
}

export const valIndicatore = (vo: ValutazioneObiettivo | undefined, codice: string): ValutazioneIndicatore | undefined =>
  vo?.indicatori.find((i) => i.codice === codice);
export const valFase = (vi: ValutazioneIndicatore | undefined, numero: number): ValutazioneFase | undefined => vi?.fasi?.find((f) => f.numero === numero);

/** A weight in percent with two decimals, without the sign ('' when there is none). */
export const pesoIt = (v: number | string | null | undefined): string => (v === null || v === undefined || v === '' ? '' : numeroIt(Number(v), 2));

/** A score as printed: '74,59%', or why it has none. */
export function punteggioIt(p: Punteggio | undefined, regola?: RegolaApplicata): string {
  if (p === undefined) return '';
  if (p === null) return regola === 'non-valutabile' ? 'non valutabile' : 'neutralizzato';
  return percentualeIt(Number(p), 2);
}

/** The rule that gave a score, its computation and, when it differs, the weight it counted with. */
export function regolaTesto(v: ValutazioneVoce | undefined): string {
  if (!v) return 'Valutazione non disponibile';
  const righe = [ETICHETTE_REGOLA[v.regola] ?? v.regola];
  if (v.spiegazione) righe.push(spiegazioneIt(v.spiegazione));
  if (v.pesoEffettivo !== null && Number(v.pesoEffettivo) !== v.peso) righe.push(`Peso effettivo: ${percentualeIt(Number(v.pesoEffettivo), 2)}`);
  return righe.join('\n');
}

/** A phase's monitoring, one line each: note, estimated delay, self-assessment, external cause. */
export function noteFase(f: Fase): string {
  const righe: string[] = [];
  if (f.notaMonitoraggio) righe.push(f.notaMonitoraggio);
  if (f.ritardoStimatoGiorni !== undefined) righe.push(`Ritardo stimato: ${f.ritardoStimatoGiorni} giorni`);
  if (f.autovalutazionePct !== undefined) righe.push(`Autovalutazione: ${percentualeIt(f.autovalutazionePct)}`);
  if (f.causaEsterna) righe.push(`Causa esterna: ${f.causaEsterna.giustificazione}`);
  return righe.join('\n');
}

/** What an indicator measures, in words: its cronoprogramma, its formula and figures, or why it is not valued. */
export function dettaglioIndicatore(i: Indicatore): string {
  if (i.tipo === 'procedurale') return `Cronoprogramma di ${i.fasi.length} ${i.fasi.length === 1 ? 'fase' : 'fasi'}`;
  if (i.tipo === 'non-valutabile') return `Non valutabile: ${i.motivazione}`;
  const righe = [`Formula: ${i.formula}`];
  if (i.baseline !== undefined) righe.push(`Baseline: ${numeroIt(i.baseline)}`);
  righe.push(`Target: ${numeroIt(i.target)}`, `Raggiunto: ${i.raggiunto === undefined ? 'n.d.' : numeroIt(i.raggiunto)}`);
  if (i.autovalutazionePct !== undefined) righe.push(`Autovalutazione: ${percentualeIt(i.autovalutazionePct)}`);
  if (i.notaMonitoraggio) righe.push(`Nota: ${i.notaMonitoraggio}`);
  if (i.fonteDati) righe.push(`Fonte dati: ${i.fonteDati}`);
  if (i.causaEsterna) righe.push(`Causa esterna: ${i.causaEsterna.giustificazione}`);
  return righe.join('\n');
}

/**
 * What the sheet is: the final monitoring once the valuation date reaches the plan's close, before that a mid-year
 * one, "Monitoraggio intermedio al <data>".
 */
export function titoloMonitoraggio(piano: PianoDocumento, valutazione: ValutazionePiano): string {
  return valutazione.alla >= piano.chiusura ? 'Monitoraggio finale' : `Monitoraggio intermedio al ${dataIt(valutazione.alla)}`;
}

export function dataCreazione(valutazione: ValutazionePiano, opzioni?: OpzioniEsportazione): Date {
  return opzioni?.creazione ?? dataUtc(valutazione.alla) ?? new Date(0);
}
