import { isDataCalendario, isIstante } from './date-validators';

describe('API date validators', () => {
  it('accept only calendar dates that exist', () => {
    for (const ok of ['2026-02-28', '2028-02-29', '2026-12-31', '1900-01-01']) expect(isDataCalendario(ok)).toBe(true);
    for (const ko of [
      '2026-02-30',
      '2027-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-1-01',
      '26-01-01',
      '2026-01-01T00:00:00Z',
      '0000-01-01',
      '9999-12-31',
      '',
      null,
      20260101,
      '2026-02-28\u0000',
    ]) {
      expect(isDataCalendario(ko)).toBe(false);
    }
  });

  it('accept only instants with a real date, a time and a zone', () => {
    for (const ok of ['2026-12-01T00:00:00Z', '2026-12-01T23:59:59.999+01:00', '2026-12-01T10:00Z']) expect(isIstante(ok)).toBe(true);
    for (const ko of [
      '2026-02-30T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T10:00:00',
      '2026-12-01',
      '2026-W01',
      'domani',
      '2026-12-01T10:60:00Z',
      '+275760-09-13T00:00:00Z',
    ]) {
      expect(isIstante(ko)).toBe(false);
    }
  });
});
