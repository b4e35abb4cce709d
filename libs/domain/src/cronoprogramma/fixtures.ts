import { Fase, IndicatoreProcedurale, IsoDate, Obiettivo, PianoDocumento } from './cronoprogramma.types';
import { giornoUtc } from './valutazione';

/**
 * A realistic plan of a regional employment agency (modelled on Tuscany's ARTI), after the final monitoring: two
 * strategic areas, four objectives, procedural indicators with 3 to 5 phases, one numeric indicator, one indicator
 * declared not evaluable and one phase neutralised for an external cause. It passes verificaPiano, and its phases
 * exercise every scoring rule: on time, late and recovered, late and proportional, estimated delay, no information,
 * a lower self-assessment, a numeric result above target.
 */
export function esempioPiano(anno = 2026): PianoDocumento {
  const d = (mmdd: string) => `${anno}-${mmdd}`;
  return {
    ufficio: 'ARTI',
    anno,
    titolo: `Piano della performance ${anno} – Agenzia regionale toscana per l'impiego: obiettivi e cronoprogramma`,
    chiusura: d('12-31'),
    aree: [
      {
        codice: 'A',
        titolo: 'Servizi per il lavoro e politiche attive',
        obiettivi: [
          {
            numero: '1.1',
            descrizione: "Estendere i colloqui di orientamento a distanza a tutti i Centri per l'impiego",
            peso: 35,
            strutturaResponsabile: 'Settore Servizi per il lavoro',
            collegamentoProgramma: 'Programma regionale di sviluppo – politiche attive del lavoro',
            indicatori: [
              {
                tipo: 'procedurale',
                codice: '1.1.a',
                descrizione: 'Attivazione del servizio di colloquio da remoto in tutti i CPI',
                peso: 60,
                fasi: [
                  fase(
                    1,
                    'Ricognizione delle postazioni e dei fabbisogni dei CPI',
                    'Report di ricognizione',
                    d('01-01'),
                    d('02-28'),
                    20,
                    'Settore Servizi per il lavoro',
                    {
                      fineEffettiva: d('02-27'),
                      fonteDati: 'Protocollo interno',
                    },
                  ),
                  fase(
                    2,
                    'Acquisizione delle licenze della piattaforma di videocolloquio',
                    'Contratto di fornitura',
                    d('03-01'),
                    d('04-30'),
                    30,
                    'Settore Sistemi informativi',
                    {
                      fineEffettiva: d('05-20'),
                      notaMonitoraggio: 'Gara conclusa con tre settimane di ritardo; recuperato nelle fasi successive.',
                      fonteDati: 'Determina di aggiudicazione',
                    },
                  ),
                  fase(
                    3,
                    'Formazione degli operatori sul colloquio a distanza',
                    'Operatori formati e registro presenze',
                    d('05-01'),
                    d('07-31'),
                    25,
                    'Settore Formazione del personale',
                    {
                      fineEffettiva: d('07-24'),
                    },
                  ),
                  fase(4, 'Avvio del servizio in tutti i CPI', 'Servizio attivo in 51 CPI', d('08-01'), d('10-31'), 25, 'Settore Servizi per il lavoro', {
                    fineEffettiva: d('10-15'),
                    fonteDati: 'Sistema informativo lavoro',
                  }),
                ],
              },
              {
                tipo: 'numerico',
                codice: '1.1.b',
                descrizione: 'Colloqui di orientamento svolti da remoto',
                peso: 40,
                formula: "Numero di colloqui da remoto registrati nell'anno",
                baseline: 45_000,
                target: 50_000,
                raggiunto: 59_908,
                notaMonitoraggio: 'Obiettivo superato grazie alla piena operatività del servizio da ottobre.',
                fonteDati: 'Sistema informativo lavoro (IDOL)',
              },
            ],
          },
          {
            numero: '1.2',
            descrizione: 'Istruttoria e liquidazione delle domande della misura regionale di sostegno alla ricollocazione',
            peso: 25,
            strutturaResponsabile: 'Settore Politiche attive e incentivi',
            indicatori: [
              {
                tipo: 'procedurale',
                codice: '1.2.a',
                descrizione: "Gestione dell'avviso pubblico dalla pubblicazione alla liquidazione",
                peso: 100,
                fasi: [
                  fase(
                    1,
                    "Pubblicazione dell'avviso pubblico",
                    'Avviso pubblicato sul BURT',
                    d('01-15'),
                    d('03-31'),
                    20,
                    'Settore Politiche attive e incentivi',
                    {
                      fineEffettiva: d('03-31'),
                    },
                  ),
                  fase(2, 'Istruttoria delle domande pervenute', 'Graduatoria approvata', d('04-01'), d('09-30'), 50, 'Settore Politiche attive e incentivi', {
                    fineEffettiva: d('10-31'),
                    autovalutazionePct: 80,
                    notaMonitoraggio: "43.567 domande istruite; graduatoria approvata con un mese di ritardo. Autovalutazione dell'80%.",
                    fonteDati: 'Decreto di approvazione della graduatoria',
                  }),
                  fase(
                    3,
                    'Liquidazione dei contributi ai beneficiari',
                    'Mandati di pagamento emessi',
                    d('10-01'),
                    d('12-15'),
                    30,
                    'Settore Bilancio e contabilità',
                    {
                      ritardoStimatoGiorni: 30,
                      notaMonitoraggio: 'Liquidazioni in corso: completamento stimato entro metà gennaio.',
                    },
                  ),
                ],
              },
            ],
          },
        ],
      },
      {
        codice: 'B',
        titolo: 'Organizzazione, trasparenza e innovazione digitale',
        obiettivi: [
          {
            numero: '2.1',
            descrizione: 'Digitalizzare il fascicolo elettronico del lavoratore',
            peso: 20,
            strutturaResponsabile: 'Settore Sistemi informativi',
            indicatori: [
              {
                tipo: 'procedurale',
                codice: '2.1.a',
                descrizione: 'Messa in esercizio del fascicolo elettronico del lavoratore',
                peso: 70,
                fasi: [
                  fase(
                    1,
                    'Mappatura dei procedimenti e dei documenti',
                    'Catalogo dei procedimenti',
                    d('01-01'),
                    d('01-31'),
                    10,
                    'Settore Sistemi informativi',
                    {
                      fineEffettiva: d('01-30'),
                    },
                  ),
                  fase(2, 'Definizione del modello documentale', 'Modello approvato', d('02-01'), d('03-31'), 20, 'Settore Sistemi informativi', {
                    fineEffettiva: d('03-31'),
                  }),
                  fase(
                    3,
                    'Integrazione con il sistema di protocollo regionale',
                    'Integrazione collaudata',
                    d('04-01'),
                    d('06-30'),
                    30,
                    'Settore Sistemi informativi',
                    {
                      causaEsterna: {
                        giustificazione:
                          "Il fornitore regionale del sistema di protocollo ha rinviato al prossimo anno il rilascio delle interfacce: ritardo non imputabile all'Agenzia.",
                      },
                      notaMonitoraggio: 'In attesa delle API del protocollo regionale.',
                    },
                  ),
                  fase(4, 'Migrazione dei fascicoli pregressi', 'Fascicoli migrati', d('07-01'), d('09-30'), 25, 'Settore Sistemi informativi', {
                    fineEffettiva: d('10-10'),
                  }),
                  fase(5, 'Collaudo e messa in esercizio', 'Verbale di collaudo', d('10-01'), d('11-30'), 15, 'Settore Sistemi informativi', {
                    fineEffettiva: d('12-05'),
                  }),
                ],
              },
              {
                tipo: 'non-valutabile',
                codice: '2.1.b',
                descrizione: 'Quota di cittadini che consultano il proprio fascicolo online',
                peso: 30,
                motivazione: "Il fascicolo è entrato in esercizio a dicembre: l'utilizzo da parte dei cittadini non è misurabile nell'anno.",
              },
            ],
          },
          {
            numero: '2.2',
            descrizione: 'Prevenzione della corruzione e trasparenza amministrativa',
            peso: 20,
            strutturaResponsabile: 'Responsabile della prevenzione della corruzione e della trasparenza',
            indicatori: [
              {
                tipo: 'procedurale',
                codice: '2.2.a',
                descrizione: 'Attuazione delle misure del piano anticorruzione',
                peso: 100,
                fasi: [
                  fase(1, 'Aggiornamento della mappatura dei rischi', 'Registro dei rischi aggiornato', d('01-01'), d('03-31'), 40, 'RPCT', {
                    fineEffettiva: d('03-20'),
                  }),
                  fase(2, 'Formazione anticorruzione del personale', 'Personale formato', d('04-01'), d('06-30'), 30, 'Settore Formazione del personale', {
                    fineEffettiva: d('06-30'),
                  }),
                  fase(3, 'Aggiornamento della sezione Amministrazione trasparente', 'Sezione aggiornata', d('07-01'), d('12-31'), 30, 'RPCT', {
                    notaMonitoraggio: 'Nessun riscontro pervenuto dal settore competente.',
                  }),
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

function fase(
  numero: number,
  descrizione: string,
  outputAtteso: string,
  inizioPrevisto: string,
  finePrevista: string,
  peso: number,
  strutturaResponsabile: string,
  monitoraggio: Partial<Fase> = {},
): Fase {
  return { numero, descrizione, outputAtteso, inizioPrevisto, finePrevista, strutturaResponsabile, peso, ...monitoraggio };
}

// ---- A large plan for benchmarks ----

const PER_LIVELLO = 10;

/** The date `n` days after `d` (before, for n < 0), in UTC. */
const addDays = (d: IsoDate, n: number): IsoDate => new Date(((giornoUtc(d) as number) + n) * 86_400_000).toISOString().slice(0, 10);

/**
 * A valid plan with exactly `fasi` phases, deterministic: 10 phases per indicator, 10 indicators per objective,
 * 10 objectives per area (the last of each possibly fewer), weights split to the cent so each level sums to exactly
 * 100. The phases cycle through every scoring outcome (on time, late, estimated delay, no information, external
 * cause, lower self-assessment), so a benchmark exercises every rule.
 */
export function pianoGrande(fasi: number, anno = 2026): PianoDocumento {
  if (!Number.isInteger(fasi) || fasi < 1) throw new Error(`pianoGrande: serve un numero intero positivo di fasi, non ${fasi}`);
  const indicatori = Math.ceil(fasi / PER_LIVELLO);
  const obiettivi = Math.ceil(indicatori / PER_LIVELLO);
  if (obiettivi > 10_000) throw new Error('pianoGrande: al massimo 1.000.000 di fasi (i pesi hanno due decimali)');
  const pesiObiettivi = ripartisci(obiettivi);

  let k = 0; // global phase index
  let i = 0; // global indicator index
  const tuttiObiettivi: Obiettivo[] = pesiObiettivi.map((peso, o) => {
    const numero = `${Math.floor(o / PER_LIVELLO) + 1}.${(o % PER_LIVELLO) + 1}`;
    const quanti = Math.min(PER_LIVELLO, indicatori - i);
    const pesiIndicatori = ripartisci(quanti);
    return {
      numero,
      descrizione: `Obiettivo ${numero}`,
      peso,
      strutturaResponsabile: `Settore ${(o % 7) + 1}`,
      indicatori: pesiIndicatori.map((pesoInd, n): IndicatoreProcedurale => {
        i++;
        const nFasi = Math.min(PER_LIVELLO, fasi - k);
        const codice = `${numero}.${n + 1}`;
        return {
          tipo: 'procedurale',
          codice,
          descrizione: `Indicatore ${codice}`,
          peso: pesoInd,
          fasi: ripartisci(nFasi).map((pesoFase, j) => faseGrande(k++, j, pesoFase, anno)),
        };
      }),
    };
  });

  const aree = [];
  for (let a = 0; a * PER_LIVELLO < tuttiObiettivi.length; a++) {
    aree.push({ codice: `A${a + 1}`, titolo: `Area strategica ${a + 1}`, obiettivi: tuttiObiettivi.slice(a * PER_LIVELLO, (a + 1) * PER_LIVELLO) });
  }
  return { ufficio: 'ARTI', anno, titolo: `Piano di prova con ${fasi} fasi`, chiusura: `${anno}-12-31`, aree };
}

/** Phase j of its indicator: 30-day slots from 1 January; the outcome cycles with the global index k. */
function faseGrande(k: number, j: number, peso: number, anno: number): Fase {
  const inizioPrevisto = addDays(`${anno}-01-01`, 30 * j);
  const finePrevista = addDays(inizioPrevisto, 29);
  const base: Fase = {
    numero: j + 1,
    descrizione: `Fase ${j + 1}`,
    outputAtteso: `Output ${j + 1}`,
    inizioPrevisto,
    finePrevista,
    strutturaResponsabile: `Settore ${(k % 7) + 1}`,
    peso,
  };
  switch (k % 7) {
    case 0:
      return { ...base, fineEffettiva: finePrevista };
    case 1:
      return { ...base, fineEffettiva: addDays(finePrevista, 5) };
    case 2:
      return { ...base, ritardoStimatoGiorni: 10 };
    case 3:
      return { ...base, causaEsterna: { giustificazione: 'Causa non imputabile all’ufficio' } };
    case 4:
      return base;
    case 5:
      return { ...base, fineEffettiva: addDays(finePrevista, -3), autovalutazionePct: 90 };
    default:
      return { ...base, fineEffettiva: addDays(finePrevista, 12), autovalutazionePct: 95.5 };
  }
}

/**
 * `n` weights with two decimals summing to exactly 100, as equal as cents allow (3 → 33.34, 33.33, 33.33).
 * Built from whole cents, so no floating-point sum is involved.
 */
function ripartisci(n: number): number[] {
  const base = Math.floor(10_000 / n);
  const resto = 10_000 - base * n;
  return Array.from({ length: n }, (_, x) => {
    const centesimi = base + (x < resto ? 1 : 0);
    return Number(`${Math.floor(centesimi / 100)}.${String(centesimi % 100).padStart(2, '0')}`);
  });
}
