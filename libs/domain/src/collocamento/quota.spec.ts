import { percentualeArrotondata, quotaObbligo, scopertura } from './quota';

describe('quotaObbligo (L. 68/99 art. 3 and art. 18)', () => {
  it.each([
    [0, 0, 0],
    [14, 0, 0],
    [15, 1, 0],
    [35, 1, 0],
    [36, 2, 0],
    [50, 2, 0],
    [51, 4, 1], // 7% of 51 = 3.57 → 4; 1% = 0.51 → 1
  ])('%i computable employees → art1 %i, art18 %i', (n, art1, art18) => {
    expect(quotaObbligo(n)).toEqual({ art1, art18 });
  });

  it('rounds 7% up only for a fraction over 0.50', () => {
    expect(quotaObbligo(57).art1).toBe(4); // 3.99
    expect(quotaObbligo(64).art1).toBe(4); // 4.48
    expect(quotaObbligo(65).art1).toBe(5); // 4.55
    expect(quotaObbligo(100).art1).toBe(7); // 7.00
    expect(quotaObbligo(150).art1).toBe(10); // 10.50: exactly one half is dropped
    expect(quotaObbligo(151).art1).toBe(11); // 10.57
  });

  it('gives one art. 18 unit from 51 to 150 employees, then 1% with the same rounding', () => {
    for (const n of [51, 100, 149, 150]) expect(quotaObbligo(n).art18).toBe(1);
    expect(quotaObbligo(151).art18).toBe(2); // 1.51
    expect(quotaObbligo(250).art18).toBe(2); // 2.50
    expect(quotaObbligo(251).art18).toBe(3); // 2.51
  });

  it('refuses a count that is not a non-negative integer', () => {
    for (const n of [-1, 1.5, NaN, Infinity]) expect(() => quotaObbligo(n)).toThrow(RangeError);
  });

  it('percentualeArrotondata works in integers at the 0.50 boundary', () => {
    expect(percentualeArrotondata(50, 1)).toBe(0); // 0.50
    expect(percentualeArrotondata(51, 1)).toBe(1); // 0.51
    expect(percentualeArrotondata(1_000_000, 7)).toBe(70_000);
  });
});

describe('scopertura', () => {
  it('is the quota minus the coverage, per list', () => {
    expect(scopertura({ dipendentiComputabili: 100, coperturaArt1: 5, coperturaArt18: 0 })).toEqual({
      quota: { art1: 7, art18: 1 },
      art1: 2,
      art18: 1,
      totale: 3,
    });
    expect(scopertura({ dipendentiComputabili: 36, coperturaArt1: 2, coperturaArt18: 0 })).toEqual({
      quota: { art1: 2, art18: 0 },
      art1: 0,
      art18: 0,
      totale: 0,
    });
    expect(scopertura({ dipendentiComputabili: 14, coperturaArt1: 0, coperturaArt18: 0 }).totale).toBe(0);
  });

  it('does not let a surplus on one list cover the other', () => {
    expect(scopertura({ dipendentiComputabili: 100, coperturaArt1: 10, coperturaArt18: 0 })).toMatchObject({ art1: 0, art18: 1, totale: 1 });
  });

  it('refuses a negative or fractional coverage', () => {
    expect(() => scopertura({ dipendentiComputabili: 100, coperturaArt1: -1, coperturaArt18: 0 })).toThrow(RangeError);
    expect(() => scopertura({ dipendentiComputabili: 100, coperturaArt1: 0, coperturaArt18: 0.5 })).toThrow(RangeError);
  });
});
