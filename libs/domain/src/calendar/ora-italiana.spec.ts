import { dataItaliana, fineGiornoItaliano, inizioGiornoItaliano, inizioMeseItaliano } from './ora-italiana';

const iso = (t: number) => new Date(t).toISOString();

describe('Italian civil time', () => {
  it('gives the Italian date of an instant, in winter and summer time and across both changes', () => {
    expect(dataItaliana(new Date('2026-01-15T22:59:59Z'))).toBe('2026-01-15');
    expect(dataItaliana(new Date('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
    expect(dataItaliana(new Date('2026-07-15T21:59:59Z'))).toBe('2026-07-15');
    expect(dataItaliana(new Date('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
    expect(dataItaliana(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-28');
    expect(dataItaliana(new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
    expect(dataItaliana(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
    expect(dataItaliana(new Date('2026-10-25T22:30:00Z'))).toBe('2026-10-25');
  });

  it('begins and ends Italian days at midnight in Rome', () => {
    expect(iso(inizioGiornoItaliano('2026-01-15'))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(inizioGiornoItaliano('2026-07-15'))).toBe('2026-07-14T22:00:00.000Z');
    // The days of the changes: summer time starts at 02:00 local on 29 March, ends at 03:00 local on 25 October.
    expect(iso(inizioGiornoItaliano('2026-03-29'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(inizioGiornoItaliano('2026-03-30'))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(inizioGiornoItaliano('2026-10-25'))).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(inizioGiornoItaliano('2026-10-26'))).toBe('2026-10-25T23:00:00.000Z');
    expect(iso(fineGiornoItaliano('2026-10-25'))).toBe('2026-10-25T23:00:00.000Z');
  });

  it('begins months at midnight in Rome on their first day', () => {
    expect(iso(inizioMeseItaliano(2026, 11))).toBe('2026-10-31T23:00:00.000Z');
    expect(iso(inizioMeseItaliano(2026, 4))).toBe('2026-03-31T22:00:00.000Z');
    expect(iso(inizioMeseItaliano(2026, 13))).toBe('2026-12-31T23:00:00.000Z');
  });
});
