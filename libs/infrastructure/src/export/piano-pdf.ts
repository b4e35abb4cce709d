import type { PianoDocumento, ValutazionePiano } from '@app/domain/cronoprogramma/cronoprogramma.types';
import { testoPdf } from './caratteri';
import { dataIt, percentualeIt, spiegazioneIt } from './formato-it';
import {
  CRITERI,
  ETICHETTE_REGOLA,
  OpzioniEsportazione,
  TIPI,
  VoceObiettivo,
  dataCreazione,
  dettaglioIndicatore,
  noteFase,
  obiettivi,
  pesoIt,
  punteggioIt,
  regolaTesto,
  titoloMonitoraggio,
  valFase,
  valIndicatore,
} from './piano-contenuto';
import { COLORE, ColonnaPdf, F, Impaginatore, MARGINE, PAGINA, nuovoPdf } from './pdf-layout';

/** The plan's monitoring sheet as an A4 landscape PDF (pdfkit): header and summary, then each objective's scheda. */

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
  p.testo(`Piano della performance ${piano.anno} - ${titoloMonitoraggio(piano, valutazione)}`, {
    font: F.grassetto,
    corpo: 18,
    colore: COLORE.accento,
    dopo: 4,
  });
  p.testo(piano.titolo, { corpo: 13, dopo: 12 });
  const y0 = p.y;
  doc.rect(MARGINE.sinistra, y0, p.larghezza, 46).fill(COLORE.etichetta);
  doc
    .font(F.grassetto)
    .fontSize(10)
    .fillColor(COLORE.tenue)
    .text('PUNTEGGIO COMPLESSIVO', MARGINE.sinistra + 12, y0 + 9, { width: 200, height: 14 });
  doc
    .font(F.grassetto)
    .fontSize(18)
    .fillColor(COLORE.accento)
    .text(testoPdf(punteggioIt(valutazione.punteggio, 'media-ponderata')), MARGINE.sinistra + 12, y0 + 22, { width: 200, height: 22 });
  doc
    .font(F.normale)
    .fontSize(9)
    .fillColor(COLORE.testo)
    .text(
      testoPdf(`Valutazione al ${dataIt(valutazione.alla)} · anno ${piano.anno} · chiusura del piano ${dataIt(piano.chiusura)}`),
      MARGINE.sinistra + 230,
      y0 + 9,
      { width: p.larghezza - 242, height: 12 },
    );
  doc
    .font(F.normale)
    .fontSize(9)
    .fillColor(COLORE.testo)
    .text(testoPdf(`${ETICHETTE_REGOLA[valutazione.regola]}: ${spiegazioneIt(valutazione.spiegazione)}`), MARGINE.sinistra + 230, y0 + 23, {
      width: p.larghezza - 242,
      height: 22,
      ellipsis: true,
    });
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
      [
        'Peso',
        `${percentualeIt(obiettivo.peso, 2)}${val && val.pesoEffettivo !== null && Number(val.pesoEffettivo) !== obiettivo.peso ? ` (peso effettivo ${percentualeIt(Number(val.pesoEffettivo), 2)})` : ''}`,
      ],
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
      return [
        ind.codice,
        ind.descrizione,
        TIPI[ind.tipo],
        pesoIt(ind.peso),
        dettaglioIndicatore(ind),
        vi ? punteggioIt(vi.punteggio, vi.regola) : '',
        regolaTesto(vi),
      ];
    }),
    { titolo: `Indicatori dell’obiettivo ${obiettivo.numero}` },
  );
  for (const ind of obiettivo.indicatori) {
    if (ind.tipo !== 'procedurale') continue;
    const vi = valIndicatore(val, ind.codice);
    const righe = ind.fasi.map((f) => {
      const vf = valFase(vi, f.numero);
      return [
        String(f.numero),
        f.descrizione,
        f.outputAtteso,
        dataIt(f.inizioPrevisto),
        dataIt(f.finePrevista),
        f.strutturaResponsabile,
        pesoIt(f.peso),
        dataIt(f.fineEffettiva),
        noteFase(f),
        f.fonteDati ?? '',
        vf ? punteggioIt(vf.punteggio, vf.regola) : '',
        regolaTesto(vf),
      ];
    });
    righe.push([
      '',
      `Punteggio dell’indicatore ${ind.codice}`,
      '',
      '',
      '',
      '',
      pesoIt(ind.fasi.reduce((s, f) => s + f.peso, 0)),
      '',
      '',
      '',
      vi ? punteggioIt(vi.punteggio, vi.regola) : '',
      regolaTesto(vi),
    ]);
    p.tabella(COLONNE_PDF_FASI, righe, { titolo: `Cronoprogramma dell’indicatore ${ind.codice} - ${ind.descrizione}`, evidenziaUltima: true });
  }
}

/** Running header (from page 2) and footer on every page, once the page count is known; returns the count. */
function testatePiePagina(p: Impaginatore, piano: PianoDocumento, valutazione: ValutazionePiano): number {
  const { doc } = p;
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margini = doc.page.margins;
    doc.page.margins = { ...margini, top: 0, bottom: 0 }; // writing in the margins must not open a new page
    const yPiede = PAGINA.altezza - MARGINE.basso + 14;
    doc
      .lineWidth(0.5)
      .moveTo(MARGINE.sinistra, yPiede - 5)
      .lineTo(PAGINA.larghezza - MARGINE.destra, yPiede - 5)
      .stroke(COLORE.bordo);
    doc.font(F.normale).fontSize(7.5).fillColor(COLORE.tenue);
    doc.text(
      testoPdf(
        `${piano.ufficio} · Piano della performance ${piano.anno} · ${titoloMonitoraggio(piano, valutazione).replace(/^Monitoraggio finale$/, `Monitoraggio finale al ${dataIt(valutazione.alla)}`)}`,
      ),
      MARGINE.sinistra,
      yPiede,
      { width: p.larghezza - 100, height: 10, ellipsis: true, lineBreak: false },
    );
    doc.text(`Pagina ${i - start + 1} di ${count}`, PAGINA.larghezza - MARGINE.destra - 100, yPiede, {
      width: 100,
      height: 10,
      align: 'right',
      lineBreak: false,
    });
    if (i > start) {
      doc.text(testoPdf(`${piano.titolo} · ${piano.anno}`), MARGINE.sinistra, 20, { width: p.larghezza, height: 10, ellipsis: true, lineBreak: false });
    }
    doc.page.margins = margini;
  }
  return count;
}

/** The PDF and its page count as pdfkit laid it out. */
export async function pianoPdfConPagine(
  piano: PianoDocumento,
  valutazione: ValutazionePiano,
  opzioni?: OpzioniEsportazione,
): Promise<{ pdf: Buffer; pagine: number }> {
  const { doc, bytes } = nuovoPdf({
    layout: 'landscape',
    margini: MARGINE,
    pagineInMemoria: true,
    titolo: `${piano.titolo} - ${titoloMonitoraggio(piano, valutazione).toLowerCase()} ${piano.anno}`,
    autore: piano.ufficio,
    oggetto: `${titoloMonitoraggio(piano, valutazione)} del Piano della performance ${piano.anno}`,
    creazione: dataCreazione(valutazione, opzioni),
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
      [
        '',
        'Punteggio complessivo del piano',
        '',
        '',
        pesoIt(voci.reduce((s, v) => s + v.obiettivo.peso, 0)),
        '',
        punteggioIt(valutazione.punteggio, 'media-ponderata'),
        `${ETICHETTE_REGOLA[valutazione.regola]}\n${spiegazioneIt(valutazione.spiegazione)}`,
      ],
    ],
    { titolo: 'Riepilogo degli obiettivi', evidenziaUltima: true },
  );
  p.testo('Criteri di valutazione', { font: F.grassetto, corpo: 10, colore: COLORE.accento });
  for (const c of CRITERI) p.testo(c, { corpo: 8, colore: COLORE.tenue, dopo: 2 });

  for (const voce of voci) {
    p.nuovaPagina();
    schedaObiettivo(p, voce);
  }
  const pagine = testatePiePagina(p, piano, valutazione);
  doc.end();
  return { pdf: await bytes, pagine };
}

/** The final monitoring sheet as an A4 landscape PDF: header and summary, then each objective's scheda and cronoprogrammi. */
export async function pianoPdf(piano: PianoDocumento, valutazione: ValutazionePiano, opzioni?: OpzioniEsportazione): Promise<Buffer> {
  return (await pianoPdfConPagine(piano, valutazione, opzioni)).pdf;
}
