import { CARATTERI, testoPdf } from './caratteri';
import { dataIt, percentualeIt } from './formato-it';
import { nuovoPdf } from './pdf-layout';

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

/**
 * The attestazione finale of a tirocinio as an A4 PDF (DejaVu Sans embedded). Deterministic for the
 * same data: the creation date is the issue instant, so a retried generation stores the same bytes.
 */
export async function attestazionePdf(d: DatiAttestazione): Promise<Buffer> {
  const { doc, bytes } = nuovoPdf({
    margini: { alto: 56, basso: 56, sinistra: 56, destra: 56 },
    titolo: `Attestazione finale del tirocinio ${d.tirocinioId}`,
    autore: d.promotore.denominazione,
    oggetto: 'Attestazione finale di tirocinio extracurricolare',
    creazione: d.emessaIl,
  });
  const t = (s: string, opts: { font?: string; size?: number; gap?: number } = {}) => {
    doc
      .font(opts.font ?? CARATTERI.normale)
      .fontSize(opts.size ?? 10.5)
      .fillColor('#212121')
      .text(testoPdf(s));
    doc.moveDown(opts.gap ?? 0.4);
  };
  t('ATTESTAZIONE FINALE DI TIROCINIO EXTRACURRICOLARE', { font: CARATTERI.grassetto, size: 15, gap: 0.2 });
  t(`rilasciata dal soggetto promotore ${d.promotore.denominazione} (C.F. ${d.promotore.codiceFiscale})`, { size: 10, gap: 1 });
  t('Si attesta che', { font: CARATTERI.grassetto });
  t(`${d.tirocinante.nome} ${d.tirocinante.cognome}, nato/a il ${dataIt(d.tirocinante.dataNascita)}, codice fiscale ${d.tirocinante.codiceFiscale},`);
  t(`ha svolto un tirocinio extracurricolare presso ${d.ospitante.denominazione} (C.F. ${d.ospitante.codiceFiscale}), sede di ${d.ospitante.sede},`);
  t(`dal ${dataIt(d.dataInizio)} al ${dataIt(d.dataFine)}${d.esito === 'interrotta' ? ' (tirocinio interrotto anticipatamente)' : ''}.`, { gap: 1 });
  t('Obiettivi formativi', { font: CARATTERI.grassetto });
  t(d.obiettivi);
  t('Attività svolte', { font: CARATTERI.grassetto });
  t(d.attivita, { gap: 1 });
  t('Frequenza', { font: CARATTERI.grassetto });
  t(
    `Ore programmate: ${d.oreProgrammate}. Ore di presenza registrate: ${d.orePresenza} (${percentualeIt(Number(d.percentualePresenza), 1)}), soglia minima ${percentualeIt(d.sogliaPercentuale)}.`,
  );
  if (d.sospensioni.length) {
    t(`Periodi di sospensione (non computati nella durata): ${d.sospensioni.map((s) => `${dataIt(s.dal)}-${dataIt(s.al)} (${s.causa})`).join('; ')}.`);
  }
  doc.moveDown(1);
  t(`Regole applicate: ${d.versioneRegole}. Identificativo del tirocinio: ${d.tirocinioId}.`, { size: 8.5 });
  t(`Emessa il ${dataIt(d.emessaIl.toISOString().slice(0, 10))}.`, { size: 8.5 });
  doc.end();
  return bytes;
}
