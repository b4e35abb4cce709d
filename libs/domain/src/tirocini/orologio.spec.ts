import { GIORNO_MS, adessoLogico, inizioGiorno, oggi } from './orologio';

describe('the tirocinio clock', () => {
  describe('with real days', () => {
    const o = { unitaMs: GIORNO_MS, origine: '2027-01-10T15:30:00.000Z' };
    it('today is the calendar date (UTC) and a date begins at 00:00 UTC', () => {
      expect(oggi(o, new Date('2027-03-01T23:59:59Z'))).toBe('2027-03-01');
      expect(inizioGiorno(o, '2027-03-01')).toBe(Date.parse('2027-03-01T00:00:00Z'));
      expect(adessoLogico(o, new Date('2027-03-01T10:00:00Z')).toISOString()).toBe('2027-03-01T10:00:00.000Z');
    });
  });

  describe('with a shrunk day', () => {
    const o = { unitaMs: 200, origine: '2027-01-10T15:30:00.000Z' };
    const t0 = Date.parse(o.origine);
    it('the origin instant is the start of the origin date, and each unit is one more day', () => {
      expect(oggi(o, new Date(t0))).toBe('2027-01-10');
      expect(oggi(o, new Date(t0 + 199))).toBe('2027-01-10');
      expect(oggi(o, new Date(t0 + 200))).toBe('2027-01-11');
      expect(oggi(o, new Date(t0 + 200 * 31))).toBe('2027-02-10');
    });
    it('maps dates to instants and back', () => {
      expect(inizioGiorno(o, '2027-01-10')).toBe(t0);
      expect(inizioGiorno(o, '2027-01-20')).toBe(t0 + 2000);
      expect(oggi(o, new Date(inizioGiorno(o, '2027-06-30')))).toBe('2027-06-30');
      expect(adessoLogico(o, new Date(t0 + 2100)).toISOString()).toBe('2027-01-20T12:00:00.000Z');
    });
  });
});
