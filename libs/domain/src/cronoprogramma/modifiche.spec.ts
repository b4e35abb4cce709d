import { esempioPiano } from './fixtures';
import { verificaPiano } from './pesi';
import type { PianoDocumento } from './cronoprogramma.types';
import { applicaMonitoraggio, applicaRevisione, differenzePianificate, copiaPianoPerAnno, spostaAnni } from './modifiche';

const base = (): PianoDocumento => ({
  ufficio: 'ARTI',
  anno: 2026,
  titolo: 'Piano',
  chiusura: '2026-12-31',
  aree: [
    {
      codice: 'A',
      titolo: 'Area',
      obiettivi: [
        {
          numero: '1',
          descrizione: 'Obiettivo',
          peso: 100,
          strutturaResponsabile: 'Settore 1',
          indicatori: [
            {
              codice: '1.a',
              descrizione: 'Proc',
              peso: 60,
              tipo: 'procedurale',
              fasi: [
                {
                  numero: 1,
                  descrizione: 'F1',
                  outputAtteso: 'O1',
                  inizioPrevisto: '2026-01-01',
                  finePrevista: '2026-03-31',
                  strutturaResponsabile: 'S1',
                  peso: 50,
                },
                {
                  numero: 2,
                  descrizione: 'F2',
                  outputAtteso: 'O2',
                  inizioPrevisto: '2026-04-01',
                  finePrevista: '2026-06-30',
                  strutturaResponsabile: 'S1',
                  peso: 50,
                },
              ],
            },
            { codice: '1.b', descrizione: 'Num', peso: 40, tipo: 'numerico', formula: 'n', target: 100 },
          ],
        },
      ],
    },
  ],
});

const fasi = (p: PianoDocumento) => (p.aree[0].obiettivi[0].indicatori[0] as unknown as { fasi: Record<string, unknown>[] }).fasi;
const num = (p: PianoDocumento) => p.aree[0].obiettivi[0].indicatori[1] as unknown as Record<string, unknown>;

describe('applicaMonitoraggio', () => {
  it('sets and clears monitoring fields without touching planned data or the input', () => {
    const p = base();
    const { piano, violations } = applicaMonitoraggio(p, {
      fasi: [{ indicatore: '1.a', numero: 1, fineEffettiva: '2026-04-10', notaMonitoraggio: 'Consegnato in ritardo' }],
      indicatori: [{ codice: '1.b', raggiunto: 87 }],
    });
    expect(violations).toEqual([]);
    expect(fasi(piano)[0]).toMatchObject({ fineEffettiva: '2026-04-10', notaMonitoraggio: 'Consegnato in ritardo', finePrevista: '2026-03-31' });
    expect(num(piano).raggiunto).toBe(87);
    expect(fasi(p)[0].fineEffettiva).toBeUndefined();
    const cleared = applicaMonitoraggio(piano, {
      fasi: [{ indicatore: '1.a', numero: 1, fineEffettiva: null }],
      indicatori: [{ codice: '1.b', raggiunto: null }],
    }).piano;
    expect('fineEffettiva' in fasi(cleared)[0]).toBe(false);
    expect('raggiunto' in num(cleared)).toBe(false);
    expect(fasi(cleared)[0].notaMonitoraggio).toBe('Consegnato in ritardo');
  });

  it('reports every reference to a missing phase or indicator', () => {
    const { violations } = applicaMonitoraggio(base(), {
      fasi: [
        { indicatore: '1.a', numero: 9 },
        { indicatore: '1.b', numero: 1 },
      ],
      indicatori: [{ codice: '1.a', raggiunto: 1 }],
    });
    expect(violations.map((v) => `${v.rule} ${v.field}`)).toEqual([
      'fase-inesistente fasi[0]',
      'fase-inesistente fasi[1]',
      'indicatore-inesistente indicatori[0]',
    ]);
  });
});

describe('applicaRevisione', () => {
  it('takes the new planned data and keeps the monitoring already reported', () => {
    const current = applicaMonitoraggio(base(), {
      fasi: [{ indicatore: '1.a', numero: 1, fineEffettiva: '2026-04-10' }],
      indicatori: [{ codice: '1.b', raggiunto: 50 }],
    }).piano;
    const proposal = base();
    fasi(proposal)[1].finePrevista = '2026-09-30';
    fasi(proposal)[0].fineEffettiva = '2026-01-02'; // monitoring cannot be rewritten by a revision
    const { piano, violations } = applicaRevisione(current, proposal);
    expect(violations).toEqual([]);
    expect(fasi(piano)[1].finePrevista).toBe('2026-09-30');
    expect(fasi(piano)[0].fineEffettiva).toBe('2026-04-10');
    expect(num(piano).raggiunto).toBe(50);
    expect(differenzePianificate(current, piano)).toEqual(['1.a#2: finePrevista 2026-06-30 -> 2026-09-30']);
  });

  it('refuses to change office or year', () => {
    const proposal = { ...base(), anno: 2027, ufficio: 'CPI-FI' };
    expect(applicaRevisione(base(), proposal).violations.map((v) => v.field)).toEqual(['ufficio', 'anno']);
  });
});

describe('copiaPianoPerAnno', () => {
  it('moves every date by the years between, clears what the monitoring recorded, and yields a valid plan', () => {
    const p = esempioPiano();
    const copia = copiaPianoPerAnno(p, p.anno + 1);
    expect(copia.anno).toBe(p.anno + 1);
    expect(copia.chiusura).toBe(spostaAnni(p.chiusura, 1));
    const fasi = (d: typeof p) =>
      d.aree
        .flatMap((a) => a.obiettivi)
        .flatMap((o) => o.indicatori)
        .flatMap((i) => (i.tipo === 'procedurale' ? i.fasi : []));
    expect(fasi(copia).map((f) => [f.inizioPrevisto, f.finePrevista])).toEqual(
      fasi(p).map((f) => [spostaAnni(f.inizioPrevisto, 1), spostaAnni(f.finePrevista, 1)]),
    );
    const tracce = JSON.stringify(copia);
    for (const campo of ['fineEffettiva', 'notaMonitoraggio', 'causaEsterna', 'autovalutazionePct', 'ritardoStimatoGiorni', 'raggiunto'])
      expect(tracce).not.toContain(`"${campo}"`);
    expect(verificaPiano(copia)).toEqual([]);
    // Last year's achieved value is this year's baseline; the target stays.
    const numerici = (d: typeof p) =>
      d.aree
        .flatMap((a) => a.obiettivi)
        .flatMap((o) => o.indicatori)
        .filter((i) => i.tipo === 'numerico');
    expect(numerici(copia).map((i) => [i.baseline, i.target])).toEqual(numerici(p).map((i) => [i.raggiunto ?? i.baseline, i.target]));
    // The original is untouched.
    expect(JSON.stringify(p)).toContain('"fineEffettiva"');
  });

  it('moves 29 February to 28 February in a year without it', () => {
    expect([spostaAnni('2024-02-29', 1), spostaAnni('2024-02-29', 4), spostaAnni('2025-03-01', 1)]).toEqual(['2025-02-28', '2028-02-29', '2026-03-01']);
  });
});
