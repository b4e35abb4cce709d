import { fineGiornoItaliano } from '../calendar/ora-italiana';
import { addWorkingDays } from '../calendar/calendario';
import { italianHolidays } from '../calendar/festivita';
import { POLITICA_SLA_PREDEFINITA, PoliticaSlaOfferta, festiviDi, giorniLavorativiTra, scadenzeOfferta } from './sla';

const P = POLITICA_SLA_PREDEFINITA;
const scadenza = (richiesta: string, p: Partial<PoliticaSlaOfferta> = {}) => scadenzeOfferta({ richiestaIl: richiesta }, { ...P, ...p }).scadenza;

describe('scadenzeOfferta: 5 working days from the request', () => {
  it('in a plain week: deadline the 5th working day, warning after the 3rd, escalation when the day ends in Italy', () => {
    expect(scadenzeOfferta({ richiestaIl: '2026-03-02' })).toEqual({
      origine: 'richiesta',
      inizio: '2026-03-02T00:00:00.000Z',
      scadenza: '2026-03-09',
      scadeIl: '2026-03-09T23:00:00.000Z', // midnight in Rome (winter time)
      avviso: { data: '2026-03-05', at: '2026-03-05T23:00:00.000Z' },
      escalation: { at: '2026-03-09T23:00:00.000Z', destinatario: 'responsabile' },
    });
  });

  it('skips the weekend: a request on Saturday counts from Monday', () => {
    expect(scadenza('2026-03-07')).toBe('2026-03-13');
  });

  it('reads an instant in Italian time: 23:30 UTC on Sunday is Monday in Rome, which is not counted', () => {
    // Read as the UTC date (Sunday 1 March) the deadline would be Friday 6; from Monday 2 March it is Monday 9.
    expect(scadenza('2026-03-01T23:30:00Z')).toBe('2026-03-09');
    expect(scadenza('2026-03-01T22:30:00Z')).toBe('2026-03-06');
  });

  it.each([
    ['25 April and 1 May (2025)', '2025-04-23', '2025-05-02'],
    ['Easter Monday (6 April 2026)', '2026-04-02', '2026-04-10'],
    ['2 June (2026)', '2026-05-29', '2026-06-08'],
    ['15 August (2025)', '2025-08-13', '2025-08-21'],
    ['4 October, a holiday from 2026 (2027)', '2027-09-30', '2027-10-08'],
    ['1 November (2027)', '2027-10-29', '2027-11-08'],
    ['8 December (2026)', '2026-12-04', '2026-12-14'],
    ['25 and 26 December (2026)', '2026-12-21', '2026-12-29'],
  ])('skips %s', (_nome, richiesta, atteso) => {
    expect(scadenza(richiesta)).toBe(atteso);
  });

  it('moves a deadline that would fall on a holiday to the next working day', () => {
    // Fri 24 Apr 2026: Mon 27, Tue 28, Wed 29, Thu 30, (Fri 1 May) → Mon 4 May, at midnight in Rome (summer time).
    const s = scadenzeOfferta({ richiestaIl: '2026-04-24' });
    expect(s.scadenza).toBe('2026-05-04');
    expect(s.scadeIl).toBe('2026-05-04T22:00:00.000Z');
  });

  it('counts a patron saint day only where configured (Torino 24 June, Bari 6 December)', () => {
    expect(scadenza('2026-06-18')).toBe('2026-06-25');
    expect(scadenza('2026-06-18', { patroni: ['06-24'] })).toBe('2026-06-26');
    expect(scadenza('2027-12-02')).toBe('2027-12-10');
    expect(scadenza('2027-12-02', { patroni: ['12-06'] })).toBe('2027-12-13');
    expect(scadenza('2027-12-02', { patroni: italianHolidays(['12-06']) })).toBe('2027-12-13');
    expect(() => scadenza('2027-12-02', { patroni: ['6 dicembre'] })).toThrow(/patronale/);
  });

  it('with a shrunk unit, every term is plain arithmetic', () => {
    const s = scadenzeOfferta({ richiestaIl: '2026-03-07T10:00:00.000Z' }, { ...P, unitaMs: 1000 });
    expect(s).toMatchObject({
      scadeIl: '2026-03-07T10:00:05.000Z',
      avviso: { at: '2026-03-07T10:00:03.000Z' },
      escalation: { at: '2026-03-07T10:00:05.000Z' },
    });
  });

  it('may count from the close of applications instead', () => {
    const s = scadenzeOfferta({ richiestaIl: '2026-03-02', chiusuraAdesioniIl: '2026-03-12T09:00:00Z' }, { ...P, origine: 'chiusura-adesioni' });
    expect(s).toMatchObject({ origine: 'chiusura-adesioni', scadenza: '2026-03-19' });
    expect(() => scadenzeOfferta({ richiestaIl: '2026-03-02' }, { ...P, origine: 'chiusura-adesioni' })).toThrow(/chiusuraAdesioniIl/);
  });

  it('refuses an unusable policy', () => {
    expect(() => scadenzeOfferta({ richiestaIl: '2026-03-02' }, { ...P, avvisoDopoGiorni: 5 })).toThrow(RangeError);
    expect(() => scadenzeOfferta({ richiestaIl: '2026-03-02' }, { ...P, giorniStandard: 0, avvisoDopoGiorni: 0 })).toThrow(RangeError);
    expect(() => scadenzeOfferta({ richiestaIl: '2026-03-02' }, { ...P, unitaMs: 0 })).toThrow(RangeError);
    expect(() => scadenzeOfferta({ richiestaIl: 'ieri' })).toThrow(/richiestaIl/);
  });
});

describe('fineGiornoItaliano', () => {
  it('is midnight in Rome, across both clock changes', () => {
    const fine = (d: string) => new Date(fineGiornoItaliano(d)).toISOString();
    expect(fine('2026-03-28')).toBe('2026-03-28T23:00:00.000Z');
    expect(fine('2026-03-29')).toBe('2026-03-29T22:00:00.000Z'); // summer time from 01:00 UTC that day
    expect(fine('2026-07-01')).toBe('2026-07-01T22:00:00.000Z');
    expect(fine('2026-10-24')).toBe('2026-10-24T22:00:00.000Z');
    expect(fine('2026-10-25')).toBe('2026-10-25T23:00:00.000Z'); // winter time again
  });
});

describe('giorniLavorativiTra', () => {
  const f = festiviDi([]);
  it('counts the working days after the start up to the end, as addWorkingDays does', () => {
    expect(giorniLavorativiTra('2026-03-02', '2026-03-02', f)).toBe(0);
    expect(giorniLavorativiTra('2026-03-06', '2026-03-08', f)).toBe(0); // Fri → Sun
    expect(giorniLavorativiTra('2026-03-06', '2026-03-09', f)).toBe(1);
    expect(giorniLavorativiTra('2026-04-30', '2026-05-05', f)).toBe(2); // 1 May and the weekend skipped
    expect(giorniLavorativiTra('2026-05-05', '2026-04-30', f)).toBe(-2);
    for (const n of [1, 5, 23]) expect(giorniLavorativiTra('2026-12-21', addWorkingDays('2026-12-21', n, f), f)).toBe(n);
    expect(() => giorniLavorativiTra('2026-02-30', '2026-03-02', f)).toThrow();
  });
});
