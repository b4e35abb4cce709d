import { etaAnni, giornoNumero, isIsoDate, mesiInteri } from './collocamento.date';

const g = giornoNumero;

describe('collocamento dates', () => {
  it('reads calendar dates as yyyymmdd and refuses impossible ones', () => {
    expect(g('2026-03-15')).toBe(20260315);
    expect(g('2024-02-29')).toBe(20240229);
    for (const d of ['2026-02-29', '2026-13-01', '2026-04-31', '26-01-01', '2026-1-1', '']) expect(Number.isNaN(g(d))).toBe(true);
    expect(isIsoDate('2026-01-01')).toBe(true);
    expect(isIsoDate(20260101)).toBe(false);
  });

  it('counts whole months as civil-law terms (the day of the month, or the last day when missing)', () => {
    expect(mesiInteri(g('2026-01-15'), g('2026-02-14'))).toEqual({ mesi: 0, oltre: true });
    expect(mesiInteri(g('2026-01-15'), g('2026-02-15'))).toEqual({ mesi: 1, oltre: false });
    expect(mesiInteri(g('2026-01-15'), g('2026-02-16'))).toEqual({ mesi: 1, oltre: true });
    expect(mesiInteri(g('2026-01-31'), g('2026-02-28'))).toEqual({ mesi: 1, oltre: false });
    expect(mesiInteri(g('2024-01-31'), g('2024-02-28'))).toEqual({ mesi: 0, oltre: true });
    expect(mesiInteri(g('2024-01-31'), g('2024-02-29'))).toEqual({ mesi: 1, oltre: false });
    expect(mesiInteri(g('2023-12-10'), g('2026-01-10'))).toEqual({ mesi: 25, oltre: false });
    expect(mesiInteri(g('2026-01-10'), g('2026-01-10'))).toEqual({ mesi: 0, oltre: false });
    expect(mesiInteri(g('2026-01-10'), g('2025-01-10'))).toEqual({ mesi: 0, oltre: false });
  });

  it('computes age in whole years, a birthday counted on its day', () => {
    expect(etaAnni(g('2000-06-15'), g('2026-06-14'))).toBe(25);
    expect(etaAnni(g('2000-06-15'), g('2026-06-15'))).toBe(26);
    expect(etaAnni(g('2000-02-29'), g('2001-02-28'))).toBe(1);
  });
});
