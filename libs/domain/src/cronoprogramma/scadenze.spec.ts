import { italianHolidays } from '../calendar/festivita';
import type { PianoDocumento } from './cronoprogramma.types';
import { POLITICA_PREDEFINITA, durataMs, politicaDelPiano, scadenzeDelPiano, testoScadenza } from './scadenze';

const festivi = italianHolidays();

function piano(fasi: Array<{ numero: number; fine: string; effettiva?: string; struttura?: string; esterna?: boolean }>): PianoDocumento {
  return {
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
                descrizione: 'Ind',
                peso: 100,
                tipo: 'procedurale',
                fasi: fasi.map((f) => ({
                  numero: f.numero,
                  descrizione: `Fase ${f.numero}`,
                  outputAtteso: 'Output',
                  inizioPrevisto: '2026-01-01',
                  finePrevista: f.fine,
                  strutturaResponsabile: f.struttura ?? 'Settore 1',
                  peso: 100 / fasi.length,
                  fineEffettiva: f.effettiva,
                  causaEsterna: f.esterna ? { giustificazione: 'Blocco normativo nazionale' } : undefined,
                })),
              },
            ],
          },
        ],
      },
    ],
  };
}

const noDigest = { ...POLITICA_PREDEFINITA, digestSettimanale: false };
const at = (iso: string) => new Date(iso);

describe('scadenzeDelPiano', () => {
  it('schedules reminder N working days before the end, overdue the day after, escalation after the tolerance, and the close', () => {
    const s = scadenzeDelPiano(piano([{ numero: 1, fine: '2026-06-03' }]), 1, noDigest, festivi, new Set(), at('2026-03-01T10:00:00Z'));
    expect(s.map((x) => [x.tipo, x.at])).toEqual([
      ['promemoria', '2026-05-26T00:00:00.000Z'], // 5 working days before Wed 3 June, skipping 2 June
      ['scaduta', '2026-06-04T00:00:00.000Z'],
      ['escalation', '2026-06-09T00:00:00.000Z'],
      ['chiusura', '2027-01-01T00:00:00.000Z'],
    ]);
    expect(s[2].destinatario).toEqual({ tipo: 'ruolo', nome: 'dirigente' });
    expect(s[0].destinatario).toEqual({ tipo: 'struttura', nome: 'Settore 1' });
  });

  it('drops what a completed or neutralised phase made moot, and what was already executed', () => {
    const p = piano([
      { numero: 1, fine: '2026-06-03', effettiva: '2026-06-01' },
      { numero: 2, fine: '2026-06-03', esterna: true },
      { numero: 3, fine: '2026-07-01' },
    ]);
    const all = scadenzeDelPiano(p, 1, noDigest, festivi, new Set(), at('2026-03-01T10:00:00Z'));
    expect(all.filter((x) => x.fase !== undefined).map((x) => x.fase)).toEqual([3, 3, 3]);
    const done = new Set(all.filter((x) => x.tipo === 'promemoria').map((x) => x.chiave));
    expect(scadenzeDelPiano(p, 1, noDigest, festivi, done, at('2026-03-01T10:00:00Z')).map((x) => x.tipo)).toEqual(['scaduta', 'escalation', 'chiusura']);
  });

  it('does not remind about a phase that is already overdue; overdue and escalation come due at once', () => {
    const s = scadenzeDelPiano(
      piano([{ numero: 1, fine: '2026-06-03' }]),
      1,
      { ...noDigest, tolleranzaEscalationMs: 2000 },
      festivi,
      new Set(),
      at('2026-06-10T10:00:00Z'),
    );
    expect(s.map((x) => x.tipo)).toEqual(['scaduta', 'escalation', 'chiusura']);
    expect(Date.parse(s[1].at) - Date.parse(s[0].at)).toBe(2000);
  });

  it('a new baseline gives new keys, so re-planned deadlines fire again', () => {
    const p = piano([{ numero: 1, fine: '2026-06-03' }]);
    const b1 = scadenzeDelPiano(p, 1, noDigest, festivi, new Set(), at('2026-03-01T10:00:00Z'));
    const b2 = scadenzeDelPiano(p, 2, noDigest, festivi, new Set(b1.map((x) => x.chiave)), at('2026-03-01T10:00:00Z'));
    expect(b2.map((x) => x.tipo)).toEqual(['promemoria', 'scaduta', 'escalation']);
  });

  it('sends each structure a weekly digest of its open phases on Monday mornings', () => {
    const p = piano([
      { numero: 1, fine: '2026-06-03' },
      { numero: 2, fine: '2026-07-01', struttura: 'Settore 2' },
    ]);
    const digests = scadenzeDelPiano(p, 1, POLITICA_PREDEFINITA, festivi, new Set(), at('2026-03-04T10:00:00Z')).filter((x) => x.tipo === 'digest');
    expect(digests.map((d) => `${d.destinatario.nome} ${d.at} ${d.fasi}`)).toEqual([
      'Settore 1 2026-03-02T07:00:00.000Z 1.a#1',
      'Settore 2 2026-03-02T07:00:00.000Z 1.a#2',
      'Settore 1 2026-03-09T07:00:00.000Z 1.a#1',
      'Settore 2 2026-03-09T07:00:00.000Z 1.a#2',
    ]);
  });

  it('sends the digest on the first working day of the week: Tuesday after Easter Monday, still once that week', () => {
    const p = piano([{ numero: 1, fine: '2026-06-03' }]);
    const digests = scadenzeDelPiano(p, 1, POLITICA_PREDEFINITA, festivi, new Set(), at('2026-04-01T10:00:00Z')).filter((x) => x.tipo === 'digest');
    // 30 March is a working Monday; 6 April 2026 is Easter Monday, so that week's digest goes out on the 7th.
    expect(digests.map((d) => `${d.at} ${d.chiave}`)).toEqual([
      '2026-03-30T07:00:00.000Z digest:Settore 1@2026-03-30',
      '2026-04-07T07:00:00.000Z digest:Settore 1@2026-04-06',
    ]);
  });
});

describe('durataMs', () => {
  it('reads day and time durations and refuses anything else', () => {
    expect(durataMs('P5D')).toBe(5 * 86_400_000);
    expect(durataMs('P1DT12H')).toBe(36 * 3_600_000);
    expect(durataMs('PT2S')).toBe(2000);
    for (const bad of ['P', 'PT', '5D', 'P1W', 'P1M']) expect(() => durataMs(bad)).toThrow();
  });
});

describe('politicaDelPiano', () => {
  it("takes the plan's own values over the defaults", () => {
    const p = piano([{ numero: 1, fine: '2026-06-03' }]);
    expect(politicaDelPiano(p)).toEqual(POLITICA_PREDEFINITA);
    p.scadenze = { preavvisoGiorniLavorativi: 2, tolleranzaEscalation: 'PT1S', digestSettimanale: false };
    expect(politicaDelPiano(p)).toEqual({ preavvisoGiorniLavorativi: 2, tolleranzaEscalationMs: 1000, digestSettimanale: false });
  });
});

describe('testoScadenza', () => {
  it('names the phase and its planned end, not the day the alert fires', () => {
    const p = piano([{ numero: 2, fine: '2026-03-31' }]);
    const [promemoria] = scadenzeDelPiano(p, 1, noDigest, festivi, new Set(), at('2026-01-02T00:00:00Z'));
    expect(promemoria.tipo).toBe('promemoria');
    expect(promemoria.at.slice(0, 10)).not.toBe('2026-03-31');
    expect(testoScadenza(p, promemoria)).toBe("Piano: la fase 2 «Fase 2» dell'indicatore 1.a ha fine prevista il 31/03/2026.");
    expect(testoScadenza(p, { ...promemoria, tipo: 'scaduta' })).toBe(
      "Piano: la fase 2 «Fase 2» dell'indicatore 1.a aveva fine prevista il 31/03/2026 e non risulta conclusa.",
    );
    expect(testoScadenza(p, { ...promemoria, tipo: 'escalation' })).toMatch(/31\/03\/2026 e non è ancora conclusa: segnalata al dirigente\.$/);
  });
});

describe('a plan past its close date', () => {
  it('sends no phase alerts, only its close: a plan approved late for its final monitoring does not replay the year', () => {
    const p = {
      ...piano([
        { numero: 1, fine: '2026-03-31' },
        { numero: 2, fine: '2026-10-31' },
      ]),
      chiusura: '2026-12-31',
    };
    expect(scadenzeDelPiano(p, 1, noDigest, festivi, new Set(), at('2027-02-15T10:00:00Z')).map((s) => s.tipo)).toEqual(['chiusura']);
    // Before the close the open phases' alerts are there, the overdue ones due at once.
    expect(scadenzeDelPiano(p, 1, noDigest, festivi, new Set(), at('2026-12-01T10:00:00Z')).map((s) => s.tipo)).toEqual([
      'scaduta',
      'escalation',
      'scaduta',
      'escalation',
      'chiusura',
    ]);
  });
});
