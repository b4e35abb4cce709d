import type { Schemi } from '@app/client';

type PianoDocumento = Schemi['PianoDocumentoDto'];

export interface OpzioniPiano {
  ufficio: string;
  titolo: string;
  /** The plan's calendar: the ISO date `offset` days from its "today" (a suite going back a year passes its own). */
  giorno: (offset: number) => string;
  scadenze?: PianoDocumento['scadenze'];
  /**
   * Adds objective 2, measured by a numeric and a non-evaluable indicator; objective 1, the cronoprogramma, then
   * weighs 60 instead of 100.
   */
  indicatoriMisurati?: boolean;
}

/**
 * The plan document the suites import: objective 1's cronoprogramma has three phases around `giorno(0)`, the first
 * done, the second overdue, the third ending tomorrow, so its deadlines come due while a test runs.
 */
export function pianoDocumento({ ufficio, titolo, giorno, scadenze, indicatoriMisurati = false }: OpzioniPiano): PianoDocumento {
  const cronoprogramma: Schemi['ObiettivoDto'] = {
    numero: '1',
    descrizione: 'Avvio del nuovo sistema di preselezione',
    peso: indicatoriMisurati ? 60 : 100,
    strutturaResponsabile: 'Settore Servizi',
    indicatori: [
      {
        codice: '1.a',
        descrizione: 'Cronoprogramma di avvio',
        peso: 100,
        tipo: 'procedurale',
        fasi: [
          {
            numero: 1,
            descrizione: 'Analisi',
            outputAtteso: 'Documento',
            inizioPrevisto: giorno(-60),
            finePrevista: giorno(-30),
            fineEffettiva: giorno(-31),
            strutturaResponsabile: 'Settore Servizi',
            peso: 30,
          },
          {
            numero: 2,
            descrizione: 'Sviluppo',
            outputAtteso: 'Sistema',
            inizioPrevisto: giorno(-29),
            finePrevista: giorno(-1),
            strutturaResponsabile: 'Settore Sistemi',
            peso: 40,
          },
          {
            numero: 3,
            descrizione: 'Collaudo',
            outputAtteso: 'Verbale',
            inizioPrevisto: giorno(-1),
            finePrevista: giorno(1),
            strutturaResponsabile: 'Settore Sistemi',
            peso: 30,
          },
        ],
      },
    ],
  };
  const misurati: Schemi['ObiettivoDto'] = {
    numero: '2',
    descrizione: 'Preselezioni nei tempi',
    peso: 40,
    strutturaResponsabile: 'Settore Servizi',
    indicatori: [
      {
        codice: '2.a',
        descrizione: 'Offerte gestite in preselezione',
        peso: 70,
        tipo: 'numerico',
        formula: 'offerte in preselezione / offerte',
        target: 50,
      },
      { codice: '2.b', descrizione: 'Soddisfazione utenti', peso: 30, tipo: 'non-valutabile', motivazione: 'Indagine non svolta a livello regionale' },
    ],
  };
  return {
    ufficio,
    // The year of its earliest planned end: a phase ends within its plan's year or later (fase-fuori-anno).
    anno: Number(giorno(-30).slice(0, 4)),
    titolo,
    chiusura: giorno(200),
    ...(scadenze && { scadenze }),
    aree: [{ codice: 'A', titolo: 'Servizi per il lavoro', obiettivi: indicatoriMisurati ? [cronoprogramma, misurati] : [cronoprogramma] }],
  };
}
