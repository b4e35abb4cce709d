import type { PianoDocumento, ValutazionePiano } from '../cronoprogramma.types';

/**
 * A small plan and a hand-built valuation of it, for the Gantt and export specs only (the numbers are worked out by
 * hand from DOMAIN §4, not by the valuation engine). Fresh objects on every call, so a spec may change them.
 *
 * 1.1 (peso 60) ─ 1.1.a procedurale (70): fase 1 on time, fase 2 late (91/122 days), fase 3 causa esterna
 *               └ 1.1.b numerico (30): 59 908 of 50 000
 * 1.2 (peso 40) ─ 1.2.a procedurale (80): fase 1 on time, fase 2 never completed
 *               └ 1.2.b non valutabile (20)
 */
export function pianoEsempio(): PianoDocumento {
  return {
    ufficio: 'ARTI - Centro per l’impiego di Firenze',
    anno: 2020,
    titolo: 'Piano della performance 2020 - Servizi per l’impiego',
    chiusura: '2020-12-31',
    aree: [
      {
        codice: '1',
        titolo: 'Servizi alle persone e alle imprese',
        obiettivi: [
          {
            numero: '1.1',
            descrizione: 'Rafforzare l’incontro tra domanda e offerta di lavoro',
            peso: 60,
            strutturaResponsabile: 'Settore Servizi al lavoro',
            collegamentoProgramma: 'Programma regionale di sviluppo 2016-2020, progetto 11',
            indicatori: [
              {
                codice: '1.1.a',
                tipo: 'procedurale',
                descrizione: 'Piattaforma di preselezione per le imprese',
                peso: 70,
                fasi: [
                  {
                    numero: 1,
                    descrizione: 'Analisi dei fabbisogni delle imprese del territorio',
                    outputAtteso: 'Rapporto di analisi',
                    inizioPrevisto: '2020-01-15',
                    finePrevista: '2020-03-31',
                    strutturaResponsabile: 'Ufficio Servizi alle imprese',
                    peso: 30,
                    fineEffettiva: '2020-03-20',
                    notaMonitoraggio: 'Rapporto consegnato il 20/03/2020.',
                    fonteDati: 'Protocollo',
                  },
                  {
                    numero: 2,
                    descrizione: 'Avvio della piattaforma di preselezione',
                    outputAtteso: 'Piattaforma in esercizio',
                    inizioPrevisto: '2020-04-01',
                    finePrevista: '2020-06-30',
                    strutturaResponsabile: 'Ufficio Sistemi informativi',
                    peso: 40,
                    fineEffettiva: '2020-07-31',
                    notaMonitoraggio: 'Collaudo slittato di un mese per la migrazione dei dati; attività conclusa il 31/07.',
                    fonteDati: 'Verbale di collaudo',
                  },
                  {
                    numero: 3,
                    descrizione: 'Formazione in presenza degli operatori',
                    outputAtteso: '4 giornate di formazione',
                    inizioPrevisto: '2020-07-01',
                    finePrevista: '2020-09-30',
                    strutturaResponsabile: 'Ufficio Formazione',
                    peso: 30,
                    notaMonitoraggio: 'Sospesa per l’emergenza sanitaria.',
                    causaEsterna: { giustificazione: 'Divieto di attività formative in presenza (DPCM)' },
                  },
                ],
              },
              {
                codice: '1.1.b',
                tipo: 'numerico',
                descrizione: 'Colloqui di orientamento svolti a distanza',
                peso: 30,
                formula: 'numero di colloqui svolti a distanza nell’anno',
                target: 50000,
                raggiunto: 59908,
                fonteDati: 'Sistema informativo lavoro',
              },
            ],
          },
          {
            numero: '1.2',
            descrizione: 'Digitalizzare il collocamento mirato (L. 68/99): più semplice per le imprese',
            peso: 40,
            strutturaResponsabile: 'Settore Collocamento mirato',
            indicatori: [
              {
                codice: '1.2.a',
                tipo: 'procedurale',
                descrizione: 'Prospetto informativo e convenzioni online',
                peso: 80,
                fasi: [
                  {
                    numero: 1,
                    descrizione: 'Ricognizione di procedure e modulistica',
                    outputAtteso: 'Mappa dei procedimenti',
                    inizioPrevisto: '2020-02-01',
                    finePrevista: '2020-04-30',
                    strutturaResponsabile: 'Ufficio L. 68/99',
                    peso: 50,
                    fineEffettiva: '2020-04-30',
                    notaMonitoraggio: 'Attività completata: è stata validata dal dirigente (costo 0 €).',
                    fonteDati: 'Determina',
                  },
                  {
                    numero: 2,
                    descrizione: 'Pubblicazione dei servizi online',
                    outputAtteso: 'Servizi online attivi',
                    inizioPrevisto: '2020-05-01',
                    finePrevista: '2020-11-30',
                    strutturaResponsabile: 'Ufficio Sistemi informativi',
                    peso: 50,
                    notaMonitoraggio: 'In corso; nessuna data di conclusione disponibile.',
                  },
                ],
              },
              {
                codice: '1.2.b',
                tipo: 'non-valutabile',
                descrizione: 'Tempo medio di rilascio del nulla osta',
                peso: 20,
                motivazione: 'Dato non rilevabile dal sistema informativo nel 2020',
              },
            ],
          },
        ],
      },
    ],
  };
}

export function valutazioneEsempio(): ValutazionePiano {
  return {
    alla: '2020-12-31',
    punteggio: '73.90',
    regola: 'media-ponderata',
    spiegazione: '(89.84 × 60 + 50.00 × 40) / 100 = 73.90%',
    obiettivi: [
      {
        numero: '1.1',
        punteggio: '89.84',
        regola: 'media-ponderata',
        calcolo: { '1.1.a': '85.48', '1.1.b': '100.00' },
        spiegazione: '(85.48 × 70 + 100.00 × 30) / 100 = 89.84%',
        peso: 60,
        pesoEffettivo: '60.00',
        indicatori: [
          {
            codice: '1.1.a',
            punteggio: '85.48',
            regola: 'media-ponderata',
            calcolo: { pesiRimasti: 70 },
            spiegazione: '(100.00 × 30 + 74.59 × 40) / 70 = 85.48%; fase 3 neutralizzata',
            peso: 70,
            pesoEffettivo: '70.00',
            fasi: [
              {
                numero: 1,
                punteggio: '100.00',
                regola: 'in-tempo',
                calcolo: { finePrevista: '2020-03-31', fineEffettiva: '2020-03-20' },
                spiegazione: 'Fine effettiva 20/03/2020, entro il 31/03/2020',
                peso: 30,
                pesoEffettivo: '42.86',
              },
              {
                numero: 2,
                punteggio: '74.59',
                regola: 'ritardo-proporzionale',
                calcolo: { giorniPrevisti: 91, giorniEffettivi: 122 },
                spiegazione: '91 / 122 = 74.59%',
                peso: 40,
                pesoEffettivo: '57.14',
              },
              {
                numero: 3,
                punteggio: null,
                regola: 'neutralizzato-causa-esterna',
                calcolo: {},
                spiegazione: 'Causa esterna: esclusa dai pesi',
                peso: 30,
                pesoEffettivo: null,
              },
            ],
          },
          {
            codice: '1.1.b',
            punteggio: '100.00',
            regola: 'rapporto-target',
            calcolo: { raggiunto: 59908, target: 50000 },
            spiegazione: '59908 × 100 / 50000 = 119.82%, limitato a 100%',
            peso: 30,
            pesoEffettivo: '30.00',
          },
        ],
      },
      {
        numero: '1.2',
        punteggio: '50.00',
        regola: 'media-ponderata',
        calcolo: { '1.2.a': '50.00' },
        spiegazione: '50.00 × 80 / 80 = 50.00%; 1.2.b non valutabile',
        peso: 40,
        pesoEffettivo: '40.00',
        indicatori: [
          {
            codice: '1.2.a',
            punteggio: '50.00',
            regola: 'media-ponderata',
            calcolo: {},
            spiegazione: '(100.00 × 50 + 0.00 × 50) / 100 = 50.00%',
            peso: 80,
            pesoEffettivo: '100.00',
            fasi: [
              {
                numero: 1,
                punteggio: '100.00',
                regola: 'in-tempo',
                calcolo: {},
                spiegazione: 'Fine effettiva 30/04/2020, entro il 30/04/2020',
                peso: 50,
                pesoEffettivo: '50.00',
              },
              {
                numero: 2,
                punteggio: '0.00',
                regola: 'nessuna-informazione',
                calcolo: {},
                spiegazione: 'Non completata e senza stima del ritardo: 0',
                peso: 50,
                pesoEffettivo: '50.00',
              },
            ],
          },
          {
            codice: '1.2.b',
            punteggio: null,
            regola: 'non-valutabile',
            calcolo: {},
            spiegazione: 'Non valutabile: escluso dai pesi',
            peso: 20,
            pesoEffettivo: null,
          },
        ],
      },
    ],
  };
}
