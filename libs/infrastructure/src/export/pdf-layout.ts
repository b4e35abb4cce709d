import PDFDocument from 'pdfkit';
import { CARATTERI, registraCaratteri, testoPdf } from './caratteri';

/**
 * What every PDF the service writes shares: the document (A4, Italian, DejaVu Sans embedded, stamped by us with a
 * creation date the caller fixes, so the same data give the same bytes) and the page layout of tables that run over
 * pages (`Impaginatore`).
 */

export interface NuovoPdf {
  layout?: 'portrait' | 'landscape';
  margini: { alto: number; basso: number; sinistra: number; destra: number };
  /** Pages kept until the end, to write on each once their count is known (running headers, "Pagina X di Y"). */
  pagineInMemoria?: boolean;
  titolo: string;
  autore: string;
  oggetto: string;
  creazione: Date;
}

/** A new document with the typefaces registered, and its bytes once `doc.end()` is called. */
export function nuovoPdf(o: NuovoPdf): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    ...(o.layout ? { layout: o.layout } : {}),
    margins: { top: o.margini.alto, bottom: o.margini.basso, left: o.margini.sinistra, right: o.margini.destra },
    ...(o.pagineInMemoria ? { bufferPages: true } : {}),
    info: {
      Title: o.titolo,
      Author: o.autore,
      Subject: o.oggetto,
      Creator: 'workflow-engine',
      Producer: 'workflow-engine (PDFKit)',
      CreationDate: o.creazione,
      ModDate: o.creazione,
    },
    lang: 'it-IT',
  });
  registraCaratteri(doc);
  const parti: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => parti.push(c));
    doc.on('end', () => resolve(Buffer.concat(parti)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}

// ---- tables over pages (A4 landscape) ----

export const PAGINA = { larghezza: 841.89, altezza: 595.28 };
export const MARGINE = { alto: 40, basso: 40, sinistra: 32, destra: 32 };
const CORPO_TABELLA = 7.5;
const PAD = 3;
export const F = CARATTERI;
export const COLORE = {
  testo: '#212121',
  tenue: '#616161',
  bordo: '#9aa5b1',
  intestazione: '#dfe5f0',
  etichetta: '#f1f3f7',
  alterna: '#f8f9fb',
  accento: '#1f3b73',
};

export interface ColonnaPdf {
  titolo: string;
  peso: number;
  allinea?: 'left' | 'right' | 'center';
  grassetto?: boolean;
}

/** Writes text and tables down an A4 landscape page, opening a new page where the next piece does not fit. */
export class Impaginatore {
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
    return this.doc
      .font(font)
      .fontSize(corpo)
      .heightOfString(testoPdf(testo) || ' ', { width: larghezza, lineGap: 0.5 });
  }

  testo(testo: string, opts: { font?: string; corpo?: number; colore?: string; dopo?: number; x?: number; larghezza?: number } = {}): void {
    const font = opts.font ?? F.normale;
    const corpo = opts.corpo ?? 9;
    const x = opts.x ?? MARGINE.sinistra;
    const larghezza = opts.larghezza ?? this.larghezza - (x - MARGINE.sinistra);
    const h = this.altezzaTesto(testo, larghezza, font, corpo);
    this.spazio(h);
    this.doc
      .font(font)
      .fontSize(corpo)
      .fillColor(opts.colore ?? COLORE.testo)
      .text(testoPdf(testo), x, this.y, { width: larghezza, height: h + 1, lineGap: 0.5 });
    this.y += h + (opts.dopo ?? 4);
  }

  private larghezze(colonne: ColonnaPdf[]): number[] {
    const tot = colonne.reduce((s, c) => s + c.peso, 0);
    return colonne.map((c) => (c.peso / tot) * this.larghezza);
  }

  private altezzaRiga(celle: string[], larghezze: number[], font: (i: number) => string): number {
    return Math.max(...celle.map((t, i) => this.altezzaTesto(t, larghezze[i] - 2 * PAD, font(i), CORPO_TABELLA))) + 2 * PAD;
  }

  private disegnaRiga(
    celle: string[],
    larghezze: number[],
    altezza: number,
    stile: { font: (i: number) => string; sfondo?: (i: number) => string | undefined; allinea: (i: number) => 'left' | 'right' | 'center' },
  ): void {
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
    const altezze = righe.map((r, k) =>
      Math.min(
        massimo,
        this.altezzaRiga(r, larghezze, (i) => (colonne[i].grassetto || (opts.evidenziaUltima && k === righe.length - 1) ? F.grassetto : F.normale)),
      ),
    );

    const testata = (segue: boolean) => {
      if (opts.titolo) this.testo(segue ? `${opts.titolo} (segue)` : opts.titolo, { font: F.grassetto, corpo: 10, colore: COLORE.accento });
      if (!opts.senzaIntestazione)
        this.disegnaRiga(intestazione, larghezze, hIntestazione, { font: () => F.grassetto, sfondo: () => COLORE.intestazione, allinea: () => 'center' });
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
