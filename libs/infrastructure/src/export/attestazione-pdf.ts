import PDFDocument from 'pdfkit';
import { dataItalianaBreve } from '@app/domain/calendar/calendario';
import { CARATTERI, registraCaratteri, testoPdf } from './caratteri';

/** Everything the attestazione finale states, taken from the practice's data (no free text from the caller). */
export interface DatiAttestazione {
  tirocinioId: string;
  promotore: { denominazione: string; codiceFiscale: string };
  ospitante: { denominazione: string; codiceFiscale: string; sede: string };
  tirocinante: { nome: string; cognome: string; codiceFiscale: string; dataNascita: string };
  dataInizio: string;
  dataFine: string;
  /** 'conclusa' at its end, or 'interrotta' early (with the date of the interruption as dataFine). */
  esito: 'conclusa' | 'interrotta';
  obiettivi: string;
  attivita: string;
  oreProgrammate: number;
  orePresenza: number;
  /** Attendance share in percent, with one decimal. */
  percentualePresenza: string;
  sogliaPercentuale: number;
  sospensioni: Array<{ dal: string; al: string; causa: string }>;
  versioneRegole: string;
  /** The instant the attestazione is issued: fixed by the caller, so the same data give the same PDF. */
  emessaIl: Date;
}

const it = dataItalianaBreve;

/**
 * The attestazione finale of a tirocinio as an A4 PDF (DejaVu Sans embedded). Deterministic for the
 * same data: the creation date is the issue instant, so a retried generation stores the same bytes.
 */
export async function attestazionePdf(d: DatiAttestazione): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: {
      Title: `Attestazione finale del tirocinio ${d.tirocinioId}`,
      Author: d.promotore.denominazione,
      Subject: 'Attestazione finale di tirocinio extracurricolare',
      Creator: 'workflow-engine',
      Producer: 'workflow-engine (PDFKit)',
      CreationDate: d.emessaIl,
      ModDate: d.emessaIl,
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
  const t = (s: string, opts: { font?: string; size?: number; gap?: number } = {}) => {
    doc.font(opts.font ?? CARATTERI.normale).fontSize(opts.size ?? 10.5).fillColor('#212121').text(testoPdf(s));
    doc.moveDown(opts.gap ?? 0.4);
  };
  t('ATTESTAZIONE FINALE DI TIROCINIO EXTRACURRICOLARE', { font: CARATTERI.grassetto, size: 15, gap: 0.2 });
  t(`rilasciata dal soggetto promotore ${d.promotore.denominazione} (C.F. ${d.promotore.codiceFiscale})`, { size: 10, gap: 1 });
  t('Si attesta che', { font: CARATTERI.grassetto });
  t(`${d.tirocinante.nome} ${d.tirocinante.cognome}, nato/a il ${it(d.tirocinante.dataNascita)}, codice fiscale ${d.tirocinante.codiceFiscale},`);
  t(`ha svolto un tirocinio extracurricolare presso ${d.ospitante.denominazione} (C.F. ${d.ospitante.codiceFiscale}), sede di ${d.ospitante.sede},`);
  t(`dal ${it(d.dataInizio)} al ${it(d.dataFine)}${d.esito === 'interrotta' ? ' (tirocinio interrotto anticipatamente)' : ''}.`, { gap: 1 });
  t('Obiettivi formativi', { font: CARATTERI.grassetto });
  t(d.obiettivi);
  t('Attività svolte', { font: CARATTERI.grassetto });
  t(d.attivita, { gap: 1 });
  t('Frequenza', { font: CARATTERI.grassetto });
  t(`Ore programmate: ${d.oreProgrammate}. Ore di presenza registrate: ${d.orePresenza} (${d.percentualePresenza.replace('.', ',')}%), soglia minima ${d.sogliaPercentuale}%.`);
  if (d.sospensioni.length) {
    t(`Periodi di sospensione (non computati nella durata): ${d.sospensioni.map((s) => `${it(s.dal)}-${it(s.al)} (${s.causa})`).join('; ')}.`);
  }
  doc.moveDown(1);
  t(`Regole applicate: ${d.versioneRegole}. Identificativo del tirocinio: ${d.tirocinioId}.`, { size: 8.5 });
  t(`Emessa il ${it(d.emessaIl.toISOString().slice(0, 10))}.`, { size: 8.5 });
  doc.end();
  return fine;
}
