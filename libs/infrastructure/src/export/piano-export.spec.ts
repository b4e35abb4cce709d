import type { IndicatoreProcedurale, PianoDocumento, ValutazionePiano } from '@app/domain/cronoprogramma/cronoprogramma.types';
import * as ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { testoPdf } from '../../../../test/support/pdf';
import { pianoEsempio, valutazioneEsempio } from '@app/domain/cronoprogramma/__fixtures__/piano-gantt-export';
import { nomeFoglio, pianoPdf, pianoPdfConPagine, pianoXlsx } from './piano-export';

// ---- helpers ----

async function cartella(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

function rigaCon(ws: ExcelJS.Worksheet, colonna: number, testo: string): ExcelJS.Row {
  let trovata: ExcelJS.Row | undefined;
  ws.eachRow((r) => {
    if (!trovata && r.getCell(colonna).value === testo) trovata = r;
  });
  if (!trovata) throw new Error(`no row with '${testo}' in column ${colonna} of ${ws.name}`);
  return trovata;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** The text lines of each page, as pdftotext extracts them. */
async function testiPagine(pdf: Buffer): Promise<string[][]> {
  return testoPdf(pdf);
}

/** A plan with one objective whose cronoprogramma runs over several pages. */
function pianoLungo(fasi: number): { piano: PianoDocumento; valutazione: ValutazionePiano } {
  const piano = pianoEsempio();
  piano.aree[0].obiettivi = [piano.aree[0].obiettivi[0]];
  piano.aree[0].obiettivi[0].peso = 100;
  const ind = piano.aree[0].obiettivi[0].indicatori[0] as IndicatoreProcedurale;
  ind.fasi = Array.from({ length: fasi }, (_, k) => ({
    numero: k + 1,
    descrizione: `Attività n. ${k + 1} del cronoprogramma: verifica e validazione dei dati`,
    outputAtteso: 'Verbale',
    inizioPrevisto: '2020-01-01',
    finePrevista: '2020-06-30',
    strutturaResponsabile: 'Ufficio Monitoraggio',
    peso: 100 / fasi,
    fineEffettiva: '2020-06-30',
    notaMonitoraggio: 'Nota di monitoraggio piuttosto lunga, che occupa più righe nella cella della tabella. '.repeat(3),
    fonteDati: 'Protocollo',
  }));
  const valutazione = valutazioneEsempio();
  valutazione.obiettivi = [valutazione.obiettivi[0]];
  valutazione.obiettivi[0].indicatori[0].fasi = ind.fasi.map((f) => ({
    numero: f.numero,
    punteggio: '100.00',
    regola: 'in-tempo',
    calcolo: {},
    spiegazione: 'In tempo',
    peso: f.peso,
    pesoEffettivo: f.peso.toFixed(2),
  }));
  return { piano, valutazione };
}

// ---- XLSX ----

describe('pianoXlsx', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await cartella(await pianoXlsx(pianoEsempio(), valutazioneEsempio()));
  });

  it('has a summary sheet and one sheet per objective, with frozen header rows', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Riepilogo', 'Obiettivo 1.1', 'Obiettivo 1.2']);
    const riepilogo = wb.getWorksheet('Riepilogo')!;
    expect(riepilogo.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(wb.getWorksheet('Obiettivo 1.1')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(riepilogo.getColumn(2).width).toBe(50);
  });

  it('puts the overall score, the valuation date and each objective on the summary sheet', () => {
    const ws = wb.getWorksheet('Riepilogo')!;
    expect(ws.getCell('C2').value).toBe(73.9);
    expect(ws.getCell('C2').numFmt).toBe('0.00');
    expect(ws.getCell('C3').value).toEqual(utc('2020-12-31'));
    expect(ws.getCell('C3').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getRow(4).getCell(1).value).toBe('Obiettivo');
    const r = rigaCon(ws, 1, '1.1');
    expect(r.getCell(6).value).toBe(60);
    expect(r.getCell(8).value).toBe(89.84);
    expect(r.getCell(8).numFmt).toBe('0.00');
    expect(r.getCell(9).value).toBe('Media ponderata');
  });

  it('lays out the scheda obiettivo and the indicators', () => {
    const ws = wb.getWorksheet('Obiettivo 1.1')!;
    expect(String(ws.getCell('A1').value)).toBe('Scheda obiettivo 1.1 - Rafforzare l’incontro tra domanda e offerta di lavoro');
    expect(rigaCon(ws, 1, 'Struttura responsabile').getCell(3).value).toBe('Settore Servizi al lavoro');
    expect(rigaCon(ws, 1, 'Collegamento al programma').getCell(3).value).toBe('Programma regionale di sviluppo 2016-2020, progetto 11');
    expect(rigaCon(ws, 1, 'Punteggio').getCell(3).value).toBe(89.84);
    const numerico = rigaCon(ws, 1, '1.1.b');
    expect(numerico.getCell(4).value).toBe('Numerico');
    expect([numerico.getCell(6).value, numerico.getCell(7).value, numerico.getCell(11).value]).toEqual([50000, 59908, 100]);
    expect(String(numerico.getCell(12).value)).toContain('criterio 3');
    const nonValutabile = rigaCon(wb.getWorksheet('Obiettivo 1.2')!, 1, '1.2.b');
    expect(nonValutabile.getCell(11).value).toBe('non valutabile');
  });

  it('writes a phase row with real dates, numeric weight and score, and wrapped notes', () => {
    const ws = wb.getWorksheet('Obiettivo 1.1')!;
    const intestazione = rigaCon(ws, 1, 'Fase');
    expect((intestazione.values as unknown[]).slice(1)).toEqual([
      'Fase',
      'Descrizione',
      'Output atteso',
      'Inizio previsto',
      'Fine prevista',
      'Struttura responsabile',
      'Peso %',
      'Fine effettiva',
      'Note di monitoraggio',
      'Fonte dati',
      'Punteggio',
      'Regola applicata e calcolo',
    ]);
    const r = rigaCon(ws, 2, 'Avvio della piattaforma di preselezione');
    expect(r.getCell(1).value).toBe(2);
    expect(r.getCell(3).value).toBe('Piattaforma in esercizio');
    for (const [col, iso] of [
      [4, '2020-04-01'],
      [5, '2020-06-30'],
      [8, '2020-07-31'],
    ] as const) {
      const c = r.getCell(col);
      expect(c.value).toBeInstanceOf(Date);
      expect(c.value).toEqual(utc(iso));
      expect(c.numFmt).toBe('dd/mm/yyyy');
    }
    expect(r.getCell(6).value).toBe('Ufficio Sistemi informativi');
    expect(r.getCell(7).value).toBe(40);
    expect(r.getCell(7).numFmt).toBe('0.00');
    expect(String(r.getCell(9).value)).toContain('Collaudo slittato');
    expect(r.getCell(9).alignment?.wrapText).toBe(true);
    expect(r.getCell(10).value).toBe('Verbale di collaudo');
    expect(r.getCell(11).value).toBe(74.59);
    expect(r.getCell(11).numFmt).toBe('0.00');
    expect(String(r.getCell(12).value)).toContain('91 / 122 = 74,59%');
    const neutralizzata = rigaCon(ws, 2, 'Formazione in presenza degli operatori');
    expect(neutralizzata.getCell(11).value).toBe('neutralizzato');
    expect(String(neutralizzata.getCell(9).value)).toContain('Causa esterna');
    expect(rigaCon(ws, 2, 'Punteggio indicatore 1.1.a').getCell(11).value).toBe(85.48);
  });

  it('makes sheet names Excel accepts', () => {
    const usati = new Set<string>();
    expect(nomeFoglio('Obiettivo 1/2: [a]*?\\', usati)).toBe('Obiettivo 1-2- -a----');
    const lungo = nomeFoglio(`Obiettivo ${'9'.repeat(40)}`, usati);
    expect(lungo).toHaveLength(31);
    const doppio = nomeFoglio(`Obiettivo ${'9'.repeat(40)}`, usati);
    expect(doppio).toHaveLength(31);
    expect(doppio.endsWith(' (2)')).toBe(true);
    expect(nomeFoglio("'x'", usati)).toBe('x');
  });

  it('keeps sheet names unique when objective numbers clash after cleaning', async () => {
    const piano = pianoEsempio();
    piano.aree[0].obiettivi[0].numero = '1/1';
    piano.aree[0].obiettivi[1].numero = '1:1';
    const nomi = (await cartella(await pianoXlsx(piano, valutazioneEsempio()))).worksheets.map((w) => w.name);
    expect(nomi).toEqual(['Riepilogo', 'Obiettivo 1-1', 'Obiettivo 1-1 (2)']);
  });
});

// ---- PDF ----

describe('pianoPdf', () => {
  it('is an A4 landscape PDF: a summary page, then one page per objective for a small plan', async () => {
    const { pdf, pagine } = await pianoPdfConPagine(pianoEsempio(), valutazioneEsempio());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf);
    // page 1: header and summary; pages 2-3: scheda + cronoprogrammi of 1.1 and 1.2, each fitting one page
    expect(pagine).toBe(3);
    expect(doc.getPageCount()).toBe(pagine);
    for (const p of doc.getPages()) {
      expect(p.getWidth()).toBeCloseTo(841.89, 1);
      expect(p.getHeight()).toBeCloseTo(595.28, 1);
    }
    expect(doc.getCreationDate()?.toISOString()).toBe('2020-12-31T00:00:00.000Z');
    expect(doc.getTitle()).toContain('Piano della performance 2020');
  });

  it('writes the header, scores, tables and "Pagina X di Y" footers, in one date and decimal style', async () => {
    const pagine = await testiPagine(await pianoPdf(pianoEsempio(), valutazioneEsempio()));
    expect(pagine).toHaveLength(3);
    pagine.forEach((righe, i) => expect(righe).toContain(`Pagina ${i + 1} di 3`));
    const [p1, p2, p3] = pagine.map((righe) => righe.join(' '));
    expect(pagine[0]).toContain('Piano della performance 2020 - Monitoraggio finale');
    expect(p1).toContain('73,90%');
    expect(p1).toContain('Riepilogo degli obiettivi');
    expect(p2).toContain('Scheda obiettivo 1.1');
    expect(p2).toContain('Cronoprogramma dell’indicatore 1.1.a - Piattaforma di preselezione per le imprese');
    expect(p2).toContain('74,59%');
    expect(p2).toContain('91 / 122 = 74,59%');
    expect(p2).toContain('Output atteso');
    expect(p3).toContain('Scheda obiettivo 1.2');
    expect(p3).toContain('Attività completata: è stata');
    expect(p3).toContain('(costo 0 €)');
    // no machine-style decimals (74.59) or ISO dates (2020-03-20) anywhere: 99,75% and 20/03/2020 throughout
    for (const p of [p1, p2, p3]) {
      expect(p).not.toMatch(/\d\.\d{2}(?!\d)/);
      expect(p).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('is the same bytes for the same input, and takes the creation date from the options', async () => {
    const [a, b] = await Promise.all([pianoPdf(pianoEsempio(), valutazioneEsempio()), pianoPdf(pianoEsempio(), valutazioneEsempio())]);
    expect(a.equals(b)).toBe(true);
    const c = await pianoPdf(pianoEsempio(), valutazioneEsempio(), { creazione: new Date('2021-01-15T09:30:00Z') });
    expect((await PDFDocument.load(c)).getCreationDate()?.toISOString()).toBe('2021-01-15T09:30:00.000Z');
  });

  it('repeats the cronoprogramma header on every page a long table runs onto', async () => {
    const { piano, valutazione } = pianoLungo(40);
    const { pdf, pagine } = await pianoPdfConPagine(piano, valutazione);
    const testi = await testiPagine(pdf);
    expect(testi).toHaveLength(pagine);
    expect(pagine).toBeGreaterThanOrEqual(4);
    testi.forEach((righe, i) => expect(righe).toContain(`Pagina ${i + 1} di ${pagine}`));
    // pages 3.. continue the table: title "(segue)" and the header again
    for (const righe of testi.slice(2)) {
      expect(righe).toContain('Cronoprogramma dell’indicatore 1.1.a - Piattaforma di preselezione per le imprese (segue)');
      expect(righe).toContain('Output atteso');
      expect(righe).toContain('Note di monitoraggio');
    }
    // every phase is there, once
    const tutte = testi.flat();
    for (let k = 1; k <= 40; k++) expect(tutte.filter((t) => t === String(k)).length).toBeGreaterThanOrEqual(1);
    expect(tutte.filter((t) => t.startsWith('Attività n. ')).length).toBe(40);
  });

  it('prints every character the data holds, Σ, ≥ and names outside Latin-1 included (a Unicode font, not "?")', async () => {
    const piano = pianoEsempio();
    const fase = (piano.aree[0].obiettivi[0].indicatori[0] as IndicatoreProcedurale).fasi[0];
    fase.descrizione = 'Copertura ≥ 90% → fase chiusa; Σ pesi = 100';
    fase.strutturaResponsabile = 'Ufficio Łódź – Erdős';
    const pdf = await pianoPdf(piano, valutazioneEsempio());
    const testi = (await testiPagine(pdf)).flat().join('\n');
    expect(testi).toContain('Copertura ≥ 90% → fase');
    expect(testi).toContain('Σ pesi = 100');
    expect(testi).toMatch(/Łódź –\s+Erdős/);
    expect(testi).not.toContain('?');
  });

  it('titles a sheet valued before the plan closes "Monitoraggio intermedio al <data>"', async () => {
    const valutazione = { ...valutazioneEsempio(), alla: '2020-06-30' };
    const pagine = await testiPagine(await pianoPdf(pianoEsempio(), valutazione));
    expect(pagine[0]).toContain('Piano della performance 2020 - Monitoraggio intermedio al 30/06/2020');
    expect(pagine.flat().join('\n')).not.toContain('Monitoraggio finale');
    const wb = await cartella(await pianoXlsx(pianoEsempio(), valutazione));
    expect(String(wb.worksheets[0].getCell('A1').value)).toMatch(/^Monitoraggio intermedio al 30\/06\/2020 del Piano/);
  });

  it('never leaves a cronoprogramma total row alone at the top of a page', async () => {
    // For each length, the page on which the total lands must also hold at least one phase of the same table.
    let checked = 0;
    for (let fasi = 8; fasi <= 30; fasi++) {
      const { piano, valutazione } = pianoLungo(fasi);
      const pagine = await testiPagine(await pianoPdf(piano, valutazione));
      const testi = pagine.map((righe) => righe.join(' '));
      const k = testi.findIndex((t) => t.includes('Punteggio dell’indicatore 1.1.a'));
      expect(k).toBeGreaterThan(0);
      expect(testi[k]).toContain('Attività n. ');
      checked++;
    }
    expect(checked).toBe(23);
  });
});
