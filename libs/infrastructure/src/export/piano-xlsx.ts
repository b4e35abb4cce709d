import type { PianoDocumento, Punteggio, ValutazionePiano, ValutazioneVoce } from '@app/domain/cronoprogramma/cronoprogramma.types';
import * as ExcelJS from 'exceljs';
import { dataUtc, spiegazioneIt } from './formato-it';
import {
  CRITERI,
  ETICHETTE_REGOLA,
  OpzioniEsportazione,
  TIPI,
  VoceObiettivo,
  dataCreazione,
  noteFase,
  obiettivi,
  punteggioIt,
  regolaTesto,
  titoloMonitoraggio,
  valFase,
  valIndicatore,
} from './piano-contenuto';

/**
 * The plan's monitoring sheet as a workbook (exceljs): figures stay numbers and dates stay dates, with Italian
 * display formats, so the office can compute on them.
 */

const SHEET_VIETATI = /[[\]:*?/\\]/g;

/** Excel sheet name: no []:*?/\, not starting or ending with an apostrophe, at most 31 characters, unique. */
export function nomeFoglio(nome: string, usati: Set<string>): string {
  const base = Array.from(
    nome
      .replace(SHEET_VIETATI, '-')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Foglio',
  )
    .slice(0, 31)
    .join('');
  let out = base;
  for (let k = 2; usati.has(out.toLowerCase()); k++) {
    const suffisso = ` (${k})`;
    out =
      Array.from(base)
        .slice(0, 31 - suffisso.length)
        .join('') + suffisso;
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
  const titolo = ws.addRow([
    pulisci(`${titoloMonitoraggio(piano, valutazione)} del Piano della performance ${piano.anno} - ${piano.titolo} - ${piano.ufficio}`),
  ]);
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
  rigaTabella(
    ws,
    COLONNE_RIEPILOGO.map((c) => c.titolo),
    [],
    true,
  );
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
  const totale = rigaTabella(ws, [
    'Totale',
    'Punteggio complessivo del piano',
    '',
    '',
    '',
    voci.reduce((s, v) => s + v.obiettivo.peso, 0),
    undefined,
    numero(valutazione.punteggio),
    ETICHETTE_REGOLA[valutazione.regola],
    spiegazioneIt(valutazione.spiegazione),
  ]);
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
        ind.tipo === 'numerico'
          ? ind.formula
          : ind.tipo === 'procedurale'
            ? `Cronoprogramma di ${ind.fasi.length} fasi (sotto)`
            : `Motivazione: ${ind.motivazione}`,
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
    rigaTabella(
      ws,
      COLONNE_FASI.map((c) => c.titolo),
      [],
      true,
    );
    for (const f of ind.fasi) {
      const vf = valFase(vi, f.numero);
      rigaTabella(
        ws,
        [
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
        ],
        ['0'],
      );
    }
    const totale = rigaTabella(ws, [
      '',
      `Punteggio indicatore ${ind.codice}`,
      '',
      '',
      '',
      '',
      ind.fasi.reduce((s, f) => s + f.peso, 0),
      '',
      '',
      '',
      cellaPunteggio(vi),
      regolaTesto(vi),
    ]);
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
