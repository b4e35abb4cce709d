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
} from '@app/domain/cronoprogramma/piano.types';
import * as ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import { CARATTERI, registraCaratteri, testoPdf } from './caratteri';

/**
 * The final monitoring sheet of a plan (DOMAIN §4), laid out like the published Italian ones: a "scheda obiettivo"
 * per objective with its indicators, then each cronoprogramma as a table, every score with the rule that produced
 * it. Two renderings of the same content: a workbook (exceljs) and an A4 landscape PDF (pdfkit, DejaVu Sans embedded).
 */

export interface OpzioniEsportazione {
  /** Stamped as the document's creation date; defaults to the valuation date (so the same input gives the same PDF). */
  creazione?: Date;
}

// ---- shared content ----

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

const CRITERI = [
  '1. Una fase completata in ritardo ottiene durata prevista / durata effettiva; se l’intero cronoprogramma si è concluso entro la data finale prevista, la fase conta come rispettata.',
  '2. Un valore non quantificabile è valutato dal ritardo stimato nella nota di monitoraggio; in assenza di informazioni utilizzabili il punteggio è 0.',
  '3. Un indicatore numerico ottiene raggiunto x 100 / target (al massimo 100%).',
  '4. Se il punteggio tecnico supera quello indicato nella nota di monitoraggio, prevale il minore.',
  '5. Indicatori o fasi mancati per cause esterne non imputabili all’ufficio, e gli indicatori non valutabili, sono esclusi dalla media ponderata.',
];

const TIPI: Record<Indicatore['tipo'], string> = { procedurale: 'Procedurale', numerico: 'Numerico', 'non-valutabile': 'Non valutabile' };

interface VoceObiettivo {
  area: { codice: string; titolo: string };
  obiettivo: Obiettivo;
  val?: ValutazioneObiettivo;
}

function obiettivi(piano: PianoDocumento, valutazione: ValutazionePiano): VoceObiettivo[] {
  return piano.aree.flatMap((area) =>
    area.obiettivi.map((obiettivo) => ({ area: { codice: area.codice, titolo: area.titolo }, obiettivo, val: valutazione.obiettivi.find((v) => v.numero === obiettivo.numero) })),
  );
}

const valIndicatore = (vo: ValutazioneObiettivo | undefined, codice: string): ValutazioneIndicatore | undefined => vo?.indicatori.find((i) => i.codice === codice);
const valFase = (vi: ValutazioneIndicatore | undefined, numero: number): ValutazioneFase | undefined => vi?.fasi?.find((f) => f.numero === numero);

/** 'YYYY-MM-DD' → [y, m, d] when it is a real calendar day. */
function partiData(iso: string | undefined): [number, number, number] | undefined {
  const m = iso === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? [y, mo, d] : undefined;
}

/** A date-only value: midnight UTC, which exceljs stores as a whole Excel serial (no time zone shift). */
function dataUtc(iso: string | undefined): Date | undefined {
  const p = partiData(iso);
  return p ? new Date(Date.UTC(p[0], p[1] - 1, p[2])) : undefined;
}

function dataIt(iso: string | undefined): string {
  const p = partiData(iso);
  if (!p) return iso ?? '';
  return `${String(p[2]).padStart(2, '0')}/${String(p[1]).padStart(2, '0')}/${p[0]}`;
}

/** Italian number: '.' for thousands, ',' for decimals; `decimali` fixes the decimals when given. */
function numIt(v: number, decimali?: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = decimali === undefined ? String(Math.abs(v)) : Math.abs(v).toFixed(decimali);
  const [intero, dec] = s.split('.');
  return `${v < 0 ? '-' : ''}${intero.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${dec ? `,${dec}` : ''}`;
}

const pesoIt = (v: number | string | null | undefined): string => (v === null || v === undefined || v === '' ? '' : numIt(Number(v), 2));

function punteggioIt(p: Punteggio | undefined, regola?: RegolaApplicata): string {
  if (p === undefined) return '';
  if (p === null) return regola === 'non-valutabile' ? 'non valutabile' : 'neutralizzato';
  return `${numIt(Number(p), 2)}%`;
}

/**
 * A computed explanation in the sheet's one style: the valuation writes machine numbers and dates ("74.59%",
 * "2020-03-20"); the sheet prints "74,59%" and "20/03/2020", like every other figure and date in it.
 */
export function spiegazioneIt(s: string): string {
  return s
    .replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (t, y: string, m: string, d: string) => (partiData(t) ? `${d}/${m}/${y}` : t))
    .replace(/(?<![\w.,])(\d+)\.(\d{1,2})(?![\w.,])/g, '$1,$2');
}

function regolaTesto(v: ValutazioneVoce | undefined): string {
  if (!v) return 'Valutazione non disponibile';
  const righe = [ETICHETTE_REGOLA[v.regola] ?? v.regola];
  if (v.spiegazione) righe.push(spiegazioneIt(v.spiegazione));
  if (v.pesoEffettivo !== null && Number(v.pesoEffettivo) !== v.peso) righe.push(`Peso effettivo: ${pesoIt(v.pesoEffettivo)}%`);
  return righe.join('\n');
}

function noteFase(f: Fase): string {
  const righe: string[] = [];
  if (f.notaMonitoraggio) righe.push(f.notaMonitoraggio);
  if (f.ritardoStimatoGiorni !== undefined) righe.push(`Ritardo stimato: ${f.ritardoStimatoGiorni} giorni`);
  if (f.autovalutazionePct !== undefined) righe.push(`Autovalutazione: ${numIt(f.autovalutazionePct)}%`);
  if (f.causaEsterna) righe.push(`Causa esterna: ${f.causaEsterna.giustificazione}`);
  return righe.join('\n');
}

function dettaglioIndicatore(i: Indicatore): string {
  if (i.tipo === 'procedurale') return `Cronoprogramma di ${i.fasi.length} ${i.fasi.length === 1 ? 'fase' : 'fasi'}`;
  if (i.tipo === 'non-valutabile') return `Non valutabile: ${i.motivazione}`;
  const righe = [`Formula: ${i.formula}`];
  if (i.baseline !== undefined) righe.push(`Baseline: ${numIt(i.baseline)}`);
  righe.push(`Target: ${numIt(i.target)}`, `Raggiunto: ${i.raggiunto === undefined ? 'n.d.' : numIt(i.raggiunto)}`);
  if (i.autovalutazionePct !== undefined) righe.push(`Autovalutazione: ${numIt(i.autovalutazionePct)}%`);
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

function dataCreazione(valutazione: ValutazionePiano, opzioni?: OpzioniEsportazione): Date {
  return opzioni?.creazione ?? dataUtc(valutazione.alla) ?? new Date(0);
}

// ---- XLSX ----

const SHEET_VIETATI = /[[\]:*?/\\]/g;

/** Excel sheet name: no []:*?/\, not starting or ending with an apostrophe, at most 31 characters, unique. */
export function nomeFoglio(nome: string, usati: Set<string>): string {
  const base = Array.from(nome.replace(SHEET_VIETATI, '-').replace(/^'+|'+$/g, '').trim() || 'Foglio').slice(0, 31).join('');
  let out = base;
  for (let k = 2; usati.has(out.toLowerCase()); k++) {
    const suffisso = ` (${k})`;
    out = Array.from(base).slice(0, 31 - suffisso.length).join('') + suffisso;
  }
  usati.add(out.toLowerCase());
  return out;
}

/** Strips what XML 1.0 cannot hold (exceljs writes strings as they are). */
function pulisci(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff) continue;
    out += c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : ch;
  }
  return out;
}

type ValoreCella = string | number | Date | null | undefined;

const NUM_2 = '0.00';
const FMT_DATA = 'dd/mm/yyyy';
const BORDO: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF9AA5B1' } },
  left: { style: 'thin', color: { argb: 'FF9AA5B1' } },
  bottom: { style: 'thin', color: { argb: 'FF9AA5B1' } },
  right: { style: 'thin', color: { argb: 'FF9AA5B1' } },
};
const RIEMPI_INTESTAZIONE: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDFE5F0' } };
const RIEMPI_ETICHETTA: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F3F7' } };

const numero = (p: Punteggio | number | string | null | undefined): number | undefined => (p === null || p === undefined || p === '' ? undefined : Number(p));

/** A cell value that is a score: a number (2 decimals) or, when neutralised, the reason in words. */
function cellaPunteggio(v: ValutazioneVoce | undefined): ValoreCella {
  if (!v) return undefined;
  return v.punteggio === null ? punteggioIt(null, v.regola) : Number(v.punteggio);
}

function scriviCella(cella: ExcelJS.Cell, valore: ValoreCella, formato?: string): void {
  if (valore === undefined || valore === null) return;
  cella.value = typeof valore === 'string' ? pulisci(valore) : valore;
  if (valore instanceof Date) cella.numFmt = FMT_DATA;
  else if (typeof valore === 'number') cella.numFmt = formato ?? NUM_2;
}

function rigaTabella(ws: ExcelJS.Worksheet, valori: ValoreCella[], formati: (string | undefined)[] = [], intestazione = false): ExcelJS.Row {
  const riga = ws.addRow([]);
  valori.forEach((v, i) => {
    const cella = riga.getCell(i + 1);
    scriviCella(cella, v, formati[i]);
    cella.border = BORDO;
    cella.alignment = { wrapText: true, vertical: 'top', horizontal: typeof v === 'number' || v instanceof Date ? 'right' : 'left' };
    if (intestazione) {
      cella.font = { bold: true };
      cella.fill = RIEMPI_INTESTAZIONE;
      cella.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    }
  });
  return riga;
}

/** A label / value line of the scheda obiettivo: label over A:B, value over C:L. */
function rigaScheda(ws: ExcelJS.Worksheet, etichetta: string, valore: ValoreCella, formato?: string): void {
  const riga = ws.addRow([]);
  const r = riga.number;
  ws.mergeCells(r, 1, r, 2);
  ws.mergeCells(r, 3, r, COLONNE_FASI.length);
  const l = riga.getCell(1);
  l.value = etichetta;
  l.font = { bold: true };
  l.fill = RIEMPI_ETICHETTA;
  l.border = BORDO;
  l.alignment = { vertical: 'top', wrapText: true };
  const v = riga.getCell(3);
  scriviCella(v, valore, formato);
  v.border = BORDO;
  v.alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
}

function titoloSezione(ws: ExcelJS.Worksheet, testo: string, corpo = 12): void {
  ws.addRow([]);
  const riga = ws.addRow([pulisci(testo)]);
  riga.getCell(1).font = { bold: true, size: corpo };
}

const COLONNE_FASI: { titolo: string; larghezza: number }[] = [
  { titolo: 'Fase', larghezza: 8 },
  { titolo: 'Descrizione', larghezza: 40 },
  { titolo: 'Output atteso', larghezza: 28 },
  { titolo: 'Inizio previsto', larghezza: 12 },
  { titolo: 'Fine prevista', larghezza: 12 },
  { titolo: 'Struttura responsabile', larghezza: 24 },
  { titolo: 'Peso %', larghezza: 10 },
  { titolo: 'Fine effettiva', larghezza: 12 },
  { titolo: 'Note di monitoraggio', larghezza: 45 },
  { titolo: 'Fonte dati', larghezza: 20 },
  { titolo: 'Punteggio', larghezza: 12 },
  { titolo: 'Regola applicata e calcolo', larghezza: 45 },
];

const COLONNE_INDICATORI = [
  'Codice',
  'Indicatore',
  'Formula / cronoprogramma',
  'Tipo',
  'Peso %',
  'Target',
  'Raggiunto',
  'Autovalutazione %',
  'Nota di monitoraggio',
  'Fonte dati',
  'Punteggio',
  'Regola applicata e calcolo',
];

const COLONNE_RIEPILOGO: { titolo: string; larghezza: number }[] = [
  { titolo: 'Obiettivo', larghezza: 11 },
  { titolo: 'Descrizione', larghezza: 50 },
  { titolo: 'Area strategica', larghezza: 28 },
  { titolo: 'Struttura responsabile', larghezza: 28 },
  { titolo: 'Collegamento al programma', larghezza: 30 },
  { titolo: 'Peso %', larghezza: 10 },
  { titolo: 'Peso effettivo %', larghezza: 12 },
  { titolo: 'Punteggio', larghezza: 12 },
  { titolo: 'Regola applicata', larghezza: 26 },
  { titolo: 'Calcolo', larghezza: 50 },
];

function foglioRiepilogo(wb: ExcelJS.Workbook, piano: PianoDocumento, valutazione: ValutazionePiano, voci: VoceObiettivo[], nome: string): void {
  const ws = wb.addWorksheet(nome, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 4, topLeftCell: 'A5', activeCell: 'A5' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' },
  });
  ws.columns = COLONNE_RIEPILOGO.map((c) => ({ width: c.larghezza }));
  const titolo = ws.addRow([pulisci(`${titoloMonitoraggio(piano, valutazione)} del Piano della performance ${piano.anno} - ${piano.titolo} - ${piano.ufficio}`)]);
  titolo.getCell(1).font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, COLONNE_RIEPILOGO.length);
  const r2 = ws.getRow(2);
  r2.getCell(2).value = 'Punteggio complessivo';
  r2.getCell(2).font = { bold: true };
  scriviCella(r2.getCell(3), numero(valutazione.punteggio));
  r2.getCell(3).font = { bold: true, size: 12 };
  r2.getCell(3).alignment = { horizontal: 'left' };
  scriviCella(r2.getCell(4), spiegazioneIt(valutazione.spiegazione));
  ws.mergeCells(2, 4, 2, COLONNE_RIEPILOGO.length);
  r2.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  const r3 = ws.getRow(3);
  r3.getCell(2).value = 'Valutazione al';
  r3.getCell(2).font = { bold: true };
  scriviCella(r3.getCell(3), dataUtc(valutazione.alla) ?? valutazione.alla);
  r3.getCell(3).alignment = { horizontal: 'left' };
  r3.getCell(4).value = `Anno ${piano.anno}`;
  rigaTabella(ws, COLONNE_RIEPILOGO.map((c) => c.titolo), [], true);
  for (const { area, obiettivo, val } of voci) {
    rigaTabella(ws, [
      obiettivo.numero,
      obiettivo.descrizione,
      `${area.codice} ${area.titolo}`,
      obiettivo.strutturaResponsabile,
      obiettivo.collegamentoProgramma ?? '',
      obiettivo.peso,
      numero(val?.pesoEffettivo),
      cellaPunteggio(val),
      val ? ETICHETTE_REGOLA[val.regola] : 'Valutazione non disponibile',
      spiegazioneIt(val?.spiegazione ?? ''),
    ]);
  }
  const totale = rigaTabella(ws, ['Totale', 'Punteggio complessivo del piano', '', '', '', voci.reduce((s, v) => s + v.obiettivo.peso, 0), undefined, numero(valutazione.punteggio), ETICHETTE_REGOLA[valutazione.regola], spiegazioneIt(valutazione.spiegazione)]);
  totale.font = { bold: true };
  ws.addRow([]);
  const criteri = ws.addRow(['Criteri di valutazione']);
  criteri.getCell(1).font = { bold: true };
  for (const c of CRITERI) {
    const r = ws.addRow([c]);
    ws.mergeCells(r.number, 1, r.number, COLONNE_RIEPILOGO.length);
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
}

function foglioObiettivo(wb: ExcelJS.Workbook, voce: VoceObiettivo, nome: string): void {
  const { area, obiettivo, val } = voce;
  const ws = wb.addWorksheet(nome, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  ws.columns = COLONNE_FASI.map((c) => ({ width: c.larghezza }));
  const titolo = ws.addRow([pulisci(`Scheda obiettivo ${obiettivo.numero} - ${obiettivo.descrizione}`)]);
  titolo.getCell(1).font = { bold: true, size: 13 };
  titolo.getCell(1).alignment = { vertical: 'middle' };
  ws.mergeCells(1, 1, 1, COLONNE_FASI.length);

  ws.addRow([]);
  rigaScheda(ws, 'Obiettivo n.', obiettivo.numero);
  rigaScheda(ws, 'Descrizione', obiettivo.descrizione);
  rigaScheda(ws, 'Area strategica', `${area.codice} ${area.titolo}`);
  rigaScheda(ws, 'Peso %', obiettivo.peso);
  rigaScheda(ws, 'Peso effettivo %', numero(val?.pesoEffettivo) ?? (val ? 'escluso dai pesi' : ''));
  rigaScheda(ws, 'Struttura responsabile', obiettivo.strutturaResponsabile);
  rigaScheda(ws, 'Collegamento al programma', obiettivo.collegamentoProgramma ?? '');
  rigaScheda(ws, 'Punteggio', cellaPunteggio(val) ?? 'Valutazione non disponibile');
  rigaScheda(ws, 'Regola applicata', val ? ETICHETTE_REGOLA[val.regola] : '');
  rigaScheda(ws, 'Calcolo', spiegazioneIt(val?.spiegazione ?? ''));

  titoloSezione(ws, 'Indicatori');
  rigaTabella(ws, COLONNE_INDICATORI, [], true);
  for (const ind of obiettivo.indicatori) {
    const vi = valIndicatore(val, ind.codice);
    const num = ind.tipo === 'numerico' ? ind : undefined;
    rigaTabella(
      ws,
      [
        ind.codice,
        ind.descrizione,
        ind.tipo === 'numerico' ? ind.formula : ind.tipo === 'procedurale' ? `Cronoprogramma di ${ind.fasi.length} fasi (sotto)` : `Motivazione: ${ind.motivazione}`,
        TIPI[ind.tipo],
        ind.peso,
        num?.target,
        num?.raggiunto,
        num?.autovalutazionePct,
        [num?.notaMonitoraggio, num?.causaEsterna ? `Causa esterna: ${num.causaEsterna.giustificazione}` : undefined].filter(Boolean).join('\n'),
        num?.fonteDati ?? '',
        cellaPunteggio(vi),
        regolaTesto(vi),
      ],
      [undefined, undefined, undefined, undefined, NUM_2, '#,##0.##', '#,##0.##', NUM_2],
    );
  }

  for (const ind of obiettivo.indicatori) {
    if (ind.tipo !== 'procedurale') continue;
    const vi = valIndicatore(val, ind.codice);
    titoloSezione(ws, `Cronoprogramma indicatore ${ind.codice} - ${ind.descrizione}`, 11);
    rigaTabella(ws, COLONNE_FASI.map((c) => c.titolo), [], true);
    for (const f of ind.fasi) {
      const vf = valFase(vi, f.numero);
      rigaTabella(ws, [
        f.numero,
        f.descrizione,
        f.outputAtteso,
        dataUtc(f.inizioPrevisto) ?? f.inizioPrevisto,
        dataUtc(f.finePrevista) ?? f.finePrevista,
        f.strutturaResponsabile,
        f.peso,
        dataUtc(f.fineEffettiva) ?? f.fineEffettiva,
        noteFase(f),
        f.fonteDati ?? '',
        cellaPunteggio(vf),
        regolaTesto(vf),
      ], ['0']);
    }
    const totale = rigaTabella(ws, ['', `Punteggio indicatore ${ind.codice}`, '', '', '', '', ind.fasi.reduce((s, f) => s + f.peso, 0), '', '', '', cellaPunteggio(vi), regolaTesto(vi)]);
    totale.font = { bold: true };
  }
}

/** The final monitoring sheet as a workbook: "Riepilogo", then one sheet per objective ("Obiettivo 1.1"). */
export async function pianoXlsx(piano: PianoDocumento, valutazione: ValutazionePiano, opzioni?: OpzioniEsportazione): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const quando = dataCreazione(valutazione, opzioni);
  wb.creator = pulisci(piano.ufficio);
  wb.lastModifiedBy = pulisci(piano.ufficio);
  wb.title = pulisci(`${piano.titolo} - ${titoloMonitoraggio(piano, valutazione).toLowerCase()}`);
  wb.created = quando;
  wb.modified = quando;
  const voci = obiettivi(piano, valutazione);
  const usati = new Set<string>();
  foglioRiepilogo(wb, piano, valutazione, voci, nomeFoglio('Riepilogo', usati));
  for (const voce of voci) foglioObiettivo(wb, voce, nomeFoglio(`Obiettivo ${voce.obiettivo.numero}`, usati));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---- PDF ----

const PAGINA = { larghezza: 841.89, altezza: 595.28 };
const MARGINE = { alto: 40, basso: 40, sinistra: 32, destra: 32 };
const CORPO_TABELLA = 7.5;
const PAD = 3;
const F = CARATTERI;
const COLORE = { testo: '#212121', tenue: '#616161', bordo: '#9aa5b1', intestazione: '#dfe5f0', etichetta: '#f1f3f7', alterna: '#f8f9fb', accento: '#1f3b73' };

interface ColonnaPdf {
  titolo: string;
  peso: number;
  allinea?: 'left' | 'right' | 'center';
  grassetto?: boolean;
}

class Impaginatore {
  y = MARGINE.alto;
  readonly larghezza = PAGINA.larghezza - MARGINE.sinistra - MARGINE.destra;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  get fondo(): number {
    return PAGINA.altezza - MARGINE.basso;
  }

  nuovaPagina(): void {
    this.doc.addPage();
    this.y = MARGINE.alto;
  }

  /** Starts a new page unless `altezza` points still fit below. */
  spazio(altezza: number): void {
    if (this.y + altezza > this.fondo) this.nuovaPagina();
  }

  altezzaTesto(testo: string, larghezza: number, font: string, corpo: number): number {
    return this.doc.font(font).fontSize(corpo).heightOfString(testoPdf(testo) || ' ', { width: larghezza, lineGap: 0.5 });
  }

  testo(testo: string, opts: { font?: string; corpo?: number; colore?: string; dopo?: number; x?: number; larghezza?: number } = {}): void {
    const font = opts.font ?? F.normale;
    const corpo = opts.corpo ?? 9;
    const x = opts.x ?? MARGINE.sinistra;
    const larghezza = opts.larghezza ?? this.larghezza - (x - MARGINE.sinistra);
    const h = this.altezzaTesto(testo, larghezza, font, corpo);
    this.spazio(h);
    this.doc.font(font).fontSize(corpo).fillColor(opts.colore ?? COLORE.testo).text(testoPdf(testo), x, this.y, { width: larghezza, height: h + 1, lineGap: 0.5 });
    this.y += h + (opts.dopo ?? 4);
  }

  private larghezze(colonne: ColonnaPdf[]): number[] {
    const tot = colonne.reduce((s, c) => s + c.peso, 0);
    return colonne.map((c) => (c.peso / tot) * this.larghezza);
  }

  private altezzaRiga(celle: string[], larghezze: number[], font: (i: number) => string): number {
    return Math.max(...celle.map((t, i) => this.altezzaTesto(t, larghezze[i] - 2 * PAD, font(i), CORPO_TABELLA))) + 2 * PAD;
  }

  private disegnaRiga(celle: string[], larghezze: number[], altezza: number, stile: { font: (i: number) => string; sfondo?: (i: number) => string | undefined; allinea: (i: number) => 'left' | 'right' | 'center' }): void {
    let x = MARGINE.sinistra;
    celle.forEach((t, i) => {
      const w = larghezze[i];
      const sfondo = stile.sfondo?.(i);
      if (sfondo) this.doc.rect(x, this.y, w, altezza).fill(sfondo);
      this.doc.lineWidth(0.5).rect(x, this.y, w, altezza).stroke(COLORE.bordo);
      this.doc
        .font(stile.font(i))
        .fontSize(CORPO_TABELLA)
        .fillColor(COLORE.testo)
        .text(testoPdf(t), x + PAD, this.y + PAD, { width: w - 2 * PAD, height: altezza - 2 * PAD + 1, ellipsis: true, lineGap: 0.5, align: stile.allinea(i) });
      x += w;
    });
    this.y += altezza;
  }

  /**
   * A table whose header is drawn again at the top of every page it runs onto (with the title and "(segue)").
   * A row taller than a page is cut with an ellipsis.
   */
  tabella(colonne: ColonnaPdf[], righe: string[][], opts: { titolo?: string; senzaIntestazione?: boolean; evidenziaUltima?: boolean } = {}): void {
    const larghezze = this.larghezze(colonne);
    const intestazione = colonne.map((c) => c.titolo);
    const hIntestazione = opts.senzaIntestazione ? 0 : this.altezzaRiga(intestazione, larghezze, () => F.grassetto);
    const hTitolo = opts.titolo ? this.altezzaTesto(opts.titolo, this.larghezza, F.grassetto, 10) + 4 : 0;
    const massimo = this.fondo - MARGINE.alto - hIntestazione - hTitolo - 12;
    const altezze = righe.map((r, k) => Math.min(massimo, this.altezzaRiga(r, larghezze, (i) => (colonne[i].grassetto || (opts.evidenziaUltima && k === righe.length - 1) ? F.grassetto : F.normale))));

    const testata = (segue: boolean) => {
      if (opts.titolo) this.testo(segue ? `${opts.titolo} (segue)` : opts.titolo, { font: F.grassetto, corpo: 10, colore: COLORE.accento });
      if (!opts.senzaIntestazione) this.disegnaRiga(intestazione, larghezze, hIntestazione, { font: () => F.grassetto, sfondo: () => COLORE.intestazione, allinea: () => 'center' });
    };
    this.spazio(hTitolo + hIntestazione + (altezze[0] ?? 0));
    testata(false);
    righe.forEach((riga, k) => {
      // A highlighted last row (a total) never starts a page alone: the row before it moves along.
      const seguito = opts.evidenziaUltima && k === righe.length - 2 ? altezze[k + 1] : 0;
      if (this.y + altezze[k] + seguito > this.fondo) {
        this.nuovaPagina();
        testata(true);
      }
      const ultima = opts.evidenziaUltima && k === righe.length - 1;
      this.disegnaRiga(riga, larghezze, altezze[k], {
        font: (i) => (colonne[i].grassetto || ultima ? F.grassetto : F.normale),
        sfondo: (i) => (colonne[i].grassetto && opts.senzaIntestazione ? COLORE.etichetta : ultima ? COLORE.intestazione : k % 2 ? COLORE.alterna : undefined),
        allinea: (i) => colonne[i].allinea ?? 'left',
      });
    });
    this.y += 10;
  }
}

const COLONNE_PDF_FASI: ColonnaPdf[] = [
  { titolo: 'Fase', peso: 28, allinea: 'center' },
  { titolo: 'Descrizione', peso: 104 },
  { titolo: 'Output atteso', peso: 78 },
  { titolo: 'Inizio previsto', peso: 46, allinea: 'center' },
  { titolo: 'Fine prevista', peso: 46, allinea: 'center' },
  { titolo: 'Struttura responsabile', peso: 70 },
  { titolo: 'Peso %', peso: 32, allinea: 'right' },
  { titolo: 'Fine effettiva', peso: 46, allinea: 'center' },
  { titolo: 'Note di monitoraggio', peso: 114 },
  { titolo: 'Fonte dati', peso: 56 },
  { titolo: 'Punteggio', peso: 58, allinea: 'right', grassetto: true },
  { titolo: 'Regola applicata e calcolo', peso: 96 },
];

const COLONNE_PDF_INDICATORI: ColonnaPdf[] = [
  { titolo: 'Codice', peso: 40 },
  { titolo: 'Indicatore', peso: 150 },
  { titolo: 'Tipo', peso: 55 },
  { titolo: 'Peso %', peso: 38, allinea: 'right' },
  { titolo: 'Target / raggiunto o cronoprogramma', peso: 200 },
  { titolo: 'Punteggio', peso: 52, allinea: 'right', grassetto: true },
  { titolo: 'Regola applicata e calcolo', peso: 170 },
];

const COLONNE_PDF_RIEPILOGO: ColonnaPdf[] = [
  { titolo: 'Obiettivo', peso: 44, allinea: 'center' },
  { titolo: 'Descrizione', peso: 170 },
  { titolo: 'Area strategica', peso: 100 },
  { titolo: 'Struttura responsabile', peso: 100 },
  { titolo: 'Peso %', peso: 38, allinea: 'right' },
  { titolo: 'Peso effettivo %', peso: 46, allinea: 'right' },
  { titolo: 'Punteggio', peso: 50, allinea: 'right', grassetto: true },
  { titolo: 'Regola applicata e calcolo', peso: 170 },
];

const SCHEDA: ColonnaPdf[] = [
  { titolo: '', peso: 150, grassetto: true },
  { titolo: '', peso: 620 },
];

function intestazioneDocumento(p: Impaginatore, piano: PianoDocumento, valutazione: ValutazionePiano): void {
  const { doc } = p;
  doc.rect(0, 0, PAGINA.larghezza, 6).fill(COLORE.accento);
  p.y = 34;
  p.testo(piano.ufficio, { corpo: 11, colore: COLORE.tenue, dopo: 6 });
  p.testo(`Piano della performance ${piano.anno} - ${titoloMonitoraggio(piano, valutazione)}`, { font: F.grassetto, corpo: 18, colore: COLORE.accento, dopo: 4 });
  p.testo(piano.titolo, { corpo: 13, dopo: 12 });
  const y0 = p.y;
  doc.rect(MARGINE.sinistra, y0, p.larghezza, 46).fill(COLORE.etichetta);
  doc.font(F.grassetto).fontSize(10).fillColor(COLORE.tenue).text('PUNTEGGIO COMPLESSIVO', MARGINE.sinistra + 12, y0 + 9, { width: 200, height: 14 });
  doc.font(F.grassetto).fontSize(18).fillColor(COLORE.accento).text(testoPdf(punteggioIt(valutazione.punteggio, 'media-ponderata')), MARGINE.sinistra + 12, y0 + 22, { width: 200, height: 22 });
  doc.font(F.normale).fontSize(9).fillColor(COLORE.testo).text(testoPdf(`Valutazione al ${dataIt(valutazione.alla)} · anno ${piano.anno} · chiusura del piano ${dataIt(piano.chiusura)}`), MARGINE.sinistra + 230, y0 + 9, { width: p.larghezza - 242, height: 12 });
  doc.font(F.normale).fontSize(9).fillColor(COLORE.testo).text(testoPdf(`${ETICHETTE_REGOLA[valutazione.regola]}: ${spiegazioneIt(valutazione.spiegazione)}`), MARGINE.sinistra + 230, y0 + 23, { width: p.larghezza - 242, height: 22, ellipsis: true });
  p.y = y0 + 46 + 16;
}

function schedaObiettivo(p: Impaginatore, voce: VoceObiettivo): void {
  const { area, obiettivo, val } = voce;
  p.testo(`Scheda obiettivo ${obiettivo.numero}`, { font: F.grassetto, corpo: 14, colore: COLORE.accento, dopo: 6 });
  p.tabella(
    SCHEDA,
    [
      ['Obiettivo n.', obiettivo.numero],
      ['Descrizione', obiettivo.descrizione],
      ['Area strategica', `${area.codice} ${area.titolo}`],
      ['Peso', `${pesoIt(obiettivo.peso)}%${val && val.pesoEffettivo !== null && Number(val.pesoEffettivo) !== obiettivo.peso ? ` (peso effettivo ${pesoIt(val.pesoEffettivo)}%)` : ''}`],
      ['Struttura responsabile', obiettivo.strutturaResponsabile],
      ['Collegamento al programma', obiettivo.collegamentoProgramma ?? '-'],
      ['Punteggio dell’obiettivo', val ? punteggioIt(val.punteggio, val.regola) : 'Valutazione non disponibile'],
      ['Regola applicata e calcolo', regolaTesto(val).replace(/\n/g, ' - ')],
    ],
    { senzaIntestazione: true },
  );
  p.tabella(
    COLONNE_PDF_INDICATORI,
    obiettivo.indicatori.map((ind) => {
      const vi = valIndicatore(val, ind.codice);
      return [ind.codice, ind.descrizione, TIPI[ind.tipo], pesoIt(ind.peso), dettaglioIndicatore(ind), vi ? punteggioIt(vi.punteggio, vi.regola) : '', regolaTesto(vi)];
    }),
    { titolo: `Indicatori dell’obiettivo ${obiettivo.numero}` },
  );
  for (const ind of obiettivo.indicatori) {
    if (ind.tipo !== 'procedurale') continue;
    const vi = valIndicatore(val, ind.codice);
    const righe = ind.fasi.map((f) => {
      const vf = valFase(vi, f.numero);
      return [String(f.numero), f.descrizione, f.outputAtteso, dataIt(f.inizioPrevisto), dataIt(f.finePrevista), f.strutturaResponsabile, pesoIt(f.peso), dataIt(f.fineEffettiva), noteFase(f), f.fonteDati ?? '', vf ? punteggioIt(vf.punteggio, vf.regola) : '', regolaTesto(vf)];
    });
    righe.push(['', `Punteggio dell’indicatore ${ind.codice}`, '', '', '', '', pesoIt(ind.fasi.reduce((s, f) => s + f.peso, 0)), '', '', '', vi ? punteggioIt(vi.punteggio, vi.regola) : '', regolaTesto(vi)]);
    p.tabella(COLONNE_PDF_FASI, righe, { titolo: `Cronoprogramma dell’indicatore ${ind.codice} - ${ind.descrizione}`, evidenziaUltima: true });
  }
}

/** The PDF and its page count as pdfkit laid it out. */
export async function pianoPdfConPagine(piano: PianoDocumento, valutazione: ValutazionePiano, opzioni?: OpzioniEsportazione): Promise<{ pdf: Buffer; pagine: number }> {
  const quando = dataCreazione(valutazione, opzioni);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGINE.alto, bottom: MARGINE.basso, left: MARGINE.sinistra, right: MARGINE.destra },
    bufferPages: true,
    info: {
      Title: `${piano.titolo} - ${titoloMonitoraggio(piano, valutazione).toLowerCase()} ${piano.anno}`,
      Author: piano.ufficio,
      Subject: `${titoloMonitoraggio(piano, valutazione)} del Piano della performance ${piano.anno}`,
      Creator: 'workflow-engine',
      Producer: 'workflow-engine (PDFKit)',
      CreationDate: quando,
      ModDate: quando,
    },
    lang: 'it-IT',
  });
  registraCaratteri(doc);
  const parti: Buffer[] = [];
  const fine = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => parti.push(c));
    doc.on('end', () => resolve(Buffer.concat(parti)));
    doc.on('error', reject);
  });

  const p = new Impaginatore(doc);
  const voci = obiettivi(piano, valutazione);
  intestazioneDocumento(p, piano, valutazione);
  p.tabella(
    COLONNE_PDF_RIEPILOGO,
    [
      ...voci.map(({ area, obiettivo, val }) => [
        obiettivo.numero,
        obiettivo.descrizione,
        `${area.codice} ${area.titolo}`,
        obiettivo.strutturaResponsabile,
        pesoIt(obiettivo.peso),
        val ? (val.pesoEffettivo === null ? 'escluso' : pesoIt(val.pesoEffettivo)) : '',
        val ? punteggioIt(val.punteggio, val.regola) : '',
        regolaTesto(val),
      ]),
      ['', 'Punteggio complessivo del piano', '', '', pesoIt(voci.reduce((s, v) => s + v.obiettivo.peso, 0)), '', punteggioIt(valutazione.punteggio, 'media-ponderata'), `${ETICHETTE_REGOLA[valutazione.regola]}\n${spiegazioneIt(valutazione.spiegazione)}`],
    ],
    { titolo: 'Riepilogo degli obiettivi', evidenziaUltima: true },
  );
  p.testo('Criteri di valutazione', { font: F.grassetto, corpo: 10, colore: COLORE.accento });
  for (const c of CRITERI) p.testo(c, { corpo: 8, colore: COLORE.tenue, dopo: 2 });

  for (const voce of voci) {
    p.nuovaPagina();
    schedaObiettivo(p, voce);
  }

  // Running header (from page 2) and footer on every page, once the page count is known.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margini = doc.page.margins;
    doc.page.margins = { ...margini, top: 0, bottom: 0 }; // writing in the margins must not open a new page
    const yPiede = PAGINA.altezza - MARGINE.basso + 14;
    doc.lineWidth(0.5).moveTo(MARGINE.sinistra, yPiede - 5).lineTo(PAGINA.larghezza - MARGINE.destra, yPiede - 5).stroke(COLORE.bordo);
    doc.font(F.normale).fontSize(7.5).fillColor(COLORE.tenue);
    doc.text(testoPdf(`${piano.ufficio} · Piano della performance ${piano.anno} · ${titoloMonitoraggio(piano, valutazione).replace(/^Monitoraggio finale$/, `Monitoraggio finale al ${dataIt(valutazione.alla)}`)}`), MARGINE.sinistra, yPiede, { width: p.larghezza - 100, height: 10, ellipsis: true, lineBreak: false });
    doc.text(`Pagina ${i - start + 1} di ${count}`, PAGINA.larghezza - MARGINE.destra - 100, yPiede, { width: 100, height: 10, align: 'right', lineBreak: false });
    if (i > start) {
      doc.text(testoPdf(`${piano.titolo} · ${piano.anno}`), MARGINE.sinistra, 20, { width: p.larghezza, height: 10, ellipsis: true, lineBreak: false });
    }
    doc.page.margins = margini;
  }
  doc.end();
  return { pdf: await fine, pagine: count };
}

/** The final monitoring sheet as an A4 landscape PDF: header and summary, then each objective's scheda and cronoprogrammi. */
export async function pianoPdf(piano: PianoDocumento, valutazione: ValutazionePiano, opzioni?: OpzioniEsportazione): Promise<Buffer> {
  return (await pianoPdfConPagine(piano, valutazione, opzioni)).pdf;
}
