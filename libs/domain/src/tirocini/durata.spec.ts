import {
  aggiungiMesi,
  comeFrazione,
  dataFineEffettiva,
  durataMassimaFine,
  giorniInclusi,
  giorniSospesi,
  mesiDelPeriodo,
  oreProgrammate,
  percentualePresenze,
  presenzaSufficiente,
  tettoPresenzeMese,
} from './durata';

describe('aggiungiMesi', () => {
  it('keeps the day of the month, across year ends and backwards', () => {
    expect(aggiungiMesi('2027-01-10', 6)).toBe('2027-07-10');
    expect(aggiungiMesi('2027-11-15', 3)).toBe('2028-02-15');
    expect(aggiungiMesi('2027-03-15', -12)).toBe('2026-03-15');
    expect(aggiungiMesi('2027-01-15', -1)).toBe('2026-12-15');
    expect(aggiungiMesi('2027-01-15', 0)).toBe('2027-01-15');
  });

  it('clamps to the last day of a shorter month, leap years included', () => {
    expect(aggiungiMesi('2027-01-31', 1)).toBe('2027-02-28');
    expect(aggiungiMesi('2028-01-31', 1)).toBe('2028-02-29');
    expect(aggiungiMesi('2027-03-31', 1)).toBe('2027-04-30');
    expect(aggiungiMesi('2027-03-31', -1)).toBe('2027-02-28');
    expect(aggiungiMesi('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('refuses fractional months and impossible dates', () => {
    expect(() => aggiungiMesi('2027-01-10', 1.5)).toThrow(RangeError);
    expect(() => aggiungiMesi('2027-02-30', 1)).toThrow();
  });
});

describe('durataMassimaFine', () => {
  it('ends the day before the same day N months later', () => {
    expect(durataMassimaFine('2027-01-10', 6)).toBe('2027-07-09');
    expect(durataMassimaFine('2027-01-01', 12)).toBe('2027-12-31');
    expect(durataMassimaFine('2027-01-10', 24)).toBe('2029-01-09');
    expect(durataMassimaFine('2027-01-10', 0)).toBe('2027-01-09');
  });

  it('at the end of February: the day before when the day exists, else the month’s last day', () => {
    expect(durataMassimaFine('2027-01-27', 1)).toBe('2027-02-26');
    expect(durataMassimaFine('2027-01-28', 1)).toBe('2027-02-27');
    expect(durataMassimaFine('2027-01-29', 1)).toBe('2027-02-28');
    expect(durataMassimaFine('2027-01-31', 1)).toBe('2027-02-28');
    expect(durataMassimaFine('2028-01-29', 1)).toBe('2028-02-28');
    expect(durataMassimaFine('2028-01-30', 1)).toBe('2028-02-29');
    expect(durataMassimaFine('2027-03-31', 1)).toBe('2027-04-30');
    expect(durataMassimaFine('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('refuses negative or fractional months', () => {
    expect(() => durataMassimaFine('2027-01-10', -1)).toThrow(RangeError);
    expect(() => durataMassimaFine('2027-01-10', 2.5)).toThrow(RangeError);
  });
});

describe('giorniInclusi and mesiDelPeriodo', () => {
  it('counts both ends', () => {
    expect(giorniInclusi('2027-01-01', '2027-01-01')).toBe(1);
    expect(giorniInclusi('2027-01-01', '2027-12-31')).toBe(365);
    expect(giorniInclusi('2027-01-02', '2027-01-01')).toBe(0);
  });

  it('lists the months a period touches', () => {
    expect(mesiDelPeriodo('2027-11-20', '2028-02-01')).toEqual(['2027-11', '2027-12', '2028-01', '2028-02']);
    expect(mesiDelPeriodo('2027-01-31', '2027-01-31')).toEqual(['2027-01']);
    expect(mesiDelPeriodo('2027-02-01', '2027-01-31')).toEqual([]);
  });
});

describe('suspensions and dataFineEffettiva', () => {
  it('a closed suspension D1..D2 adds D2 − D1 + 1 days; a one-day one adds 1', () => {
    expect(dataFineEffettiva('2027-06-30', [{ dal: '2027-03-01', al: '2027-03-20' }])).toBe('2027-07-20');
    expect(dataFineEffettiva('2027-06-30', [{ dal: '2027-03-01', al: '2027-03-01' }])).toBe('2027-07-01');
    expect(dataFineEffettiva('2027-06-30', [])).toBe('2027-06-30');
  });

  it('an open suspension and one not counted move nothing', () => {
    expect(dataFineEffettiva('2027-06-30', [{ dal: '2027-03-01' }])).toBe('2027-06-30');
    expect(dataFineEffettiva('2027-06-30', [{ dal: '2027-03-01', al: '2027-03-10', conteggiata: false }])).toBe('2027-06-30');
    expect(dataFineEffettiva('2027-06-30', [{ dal: '2027-03-01', al: '2027-03-10', conteggiata: true }])).toBe('2027-07-10');
  });

  it('adds up several suspensions, counting overlapping days once', () => {
    expect(
      giorniSospesi([
        { dal: '2027-03-01', al: '2027-03-10' },
        { dal: '2027-04-01', al: '2027-04-05' },
      ]),
    ).toBe(15);
    expect(
      giorniSospesi([
        { dal: '2027-03-01', al: '2027-03-10' },
        { dal: '2027-03-05', al: '2027-03-12' },
      ]),
    ).toBe(12);
    expect(
      giorniSospesi([
        { dal: '2027-03-01', al: '2027-03-10' },
        { dal: '2027-03-11', al: '2027-03-11' },
      ]),
    ).toBe(11);
  });

  it('within a window, clips and counts an open suspension up to its end', () => {
    const entro = { dal: '2027-03-05', al: '2027-03-31' };
    expect(giorniSospesi([{ dal: '2027-03-01', al: '2027-03-10' }], entro)).toBe(6);
    expect(giorniSospesi([{ dal: '2027-03-25' }], entro)).toBe(7);
    expect(giorniSospesi([{ dal: '2027-04-01', al: '2027-04-02' }], entro)).toBe(0);
  });

  it('refuses a suspension ending before it starts', () => {
    expect(() => giorniSospesi([{ dal: '2027-03-10', al: '2027-03-09' }])).toThrow(RangeError);
  });
});

describe('oreProgrammate', () => {
  it('weekly hours × days / 7, rounded to the nearest hour, half up', () => {
    expect(oreProgrammate('2027-01-01', '2027-01-07', 30, [])).toBe(30);
    expect(oreProgrammate('2027-01-01', '2027-01-10', 20, [])).toBe(29); // 28.57
    expect(oreProgrammate('2027-01-01', '2027-01-01', 3.5, [])).toBe(1); // 0.5 → 1
    expect(oreProgrammate('2027-01-01', '2027-01-01', 3.49, [])).toBe(0); // 0.4986 → 0
    expect(oreProgrammate('2027-01-01', '2027-01-05', 20.1, [])).toBe(14); // 14.357
    expect(oreProgrammate('2027-01-01', '2027-12-31', 40, [])).toBe(2086); // 2085.71
  });

  it('leaves out suspended days, open ones up to the end, not those not counted', () => {
    expect(oreProgrammate('2027-01-01', '2027-01-14', 35, [])).toBe(70);
    expect(oreProgrammate('2027-01-01', '2027-01-14', 35, [{ dal: '2027-01-08', al: '2027-01-14' }])).toBe(35);
    expect(oreProgrammate('2027-01-01', '2027-01-14', 35, [{ dal: '2027-01-11' }])).toBe(50);
    expect(oreProgrammate('2027-01-01', '2027-01-14', 35, [{ dal: '2026-12-20', al: '2027-01-02' }])).toBe(60);
    expect(oreProgrammate('2027-01-01', '2027-01-14', 35, [{ dal: '2027-01-08', al: '2027-01-14', conteggiata: false }])).toBe(70);
  });

  it('is zero for an empty period and refuses negative hours', () => {
    expect(oreProgrammate('2027-01-02', '2027-01-01', 30, [])).toBe(0);
    expect(() => oreProgrammate('2027-01-01', '2027-01-07', -1, [])).toThrow(RangeError);
  });
});

describe('tettoPresenzeMese', () => {
  // A 30 h/week traineeship; [giorni nel periodo, sospesi, settimane, ore] of the month.
  const tetto = (mese: string, dal: string, al: string, sospensioni: Array<{ dal: string; al?: string; conteggiata?: boolean }> = [], ore = 30) => {
    const t = tettoPresenzeMese(mese, dal, al, ore, sospensioni);
    return [t.giorniNelPeriodo, t.giorniSospesi, t.settimane, t.centesimi / 100];
  };

  it('a start on the 25th: the 7 days left hold one week, not the five of a whole month', () => {
    expect(tetto('2027-01', '2027-01-25', '2027-07-24')).toEqual([7, 0, 1, 30]);
    expect(tetto('2027-01', '2027-01-29', '2027-07-28')).toEqual([3, 0, 1, 30]);
    expect(tetto('2027-01', '2027-01-31', '2027-07-30')).toEqual([1, 0, 1, 30]);
    // 10 days can be two full working weeks: 60 h, more than 10 × 30 / 7 = 42.9.
    expect(tetto('2027-01', '2027-01-22', '2027-07-21')).toEqual([10, 0, 2, 60]);
    expect(tetto('2027-02', '2027-01-25', '2027-07-24')).toEqual([28, 0, 4, 120]);
  });

  it('an end mid-month, effective or by interruption, counts the days up to it', () => {
    expect(tetto('2027-07', '2027-01-25', '2027-07-24')).toEqual([24, 0, 4, 120]);
    expect(tetto('2027-07', '2027-01-25', '2027-07-01')).toEqual([1, 0, 1, 30]);
    expect(tetto('2027-03', '2027-03-10', '2027-03-20')).toEqual([11, 0, 2, 60]);
  });

  it('a whole month of 29 days or more is the five weeks of the fixed cap, never more', () => {
    expect(tetto('2027-03', '2027-01-01', '2027-12-31')).toEqual([31, 0, 5, 150]);
    expect(tetto('2027-04', '2027-01-01', '2027-12-31')).toEqual([30, 0, 5, 150]);
    // Two short suspensions split the month in three stretches (1 + 2 + 3 weeks): still five weeks at most.
    expect(
      tetto('2027-03', '2027-01-01', '2027-12-31', [
        { dal: '2027-03-02', al: '2027-03-02' },
        { dal: '2027-03-12', al: '2027-03-12' },
      ]),
    ).toEqual([31, 2, 5, 150]);
  });

  it('February: four weeks when not leap, five in a leap year (29 days can hold five Mondays)', () => {
    expect(tetto('2027-02', '2027-01-01', '2027-12-31')).toEqual([28, 0, 4, 120]);
    expect(tetto('2028-02', '2028-01-01', '2028-12-31')).toEqual([29, 0, 5, 150]);
    expect(tetto('2028-02', '2028-02-23', '2028-08-22')).toEqual([7, 0, 1, 30]);
    expect(tetto('2028-02', '2028-02-22', '2028-08-21')).toEqual([8, 0, 2, 60]);
  });

  it('a suspension inside the month: its days are out, and the days on each side are counted as stretches apart', () => {
    // 1..3 worked, 4..28 suspended, 29..31 worked: two Monday-to-Wednesdays can hold two weeks, not ⌈6/7⌉ = one.
    expect(tetto('2027-03', '2027-01-01', '2027-12-31', [{ dal: '2027-03-04', al: '2027-03-28' }])).toEqual([31, 25, 2, 60]);
    // Suspended three weeks from the 1st: 10 days left, two weeks.
    expect(tetto('2027-03', '2027-01-01', '2027-12-31', [{ dal: '2027-02-20', al: '2027-03-21' }])).toEqual([31, 21, 2, 60]);
    // An absence too short to count (conteggiata: false) takes nothing away.
    expect(tetto('2027-03', '2027-01-01', '2027-12-31', [{ dal: '2027-03-04', al: '2027-03-28', conteggiata: false }])).toEqual([31, 0, 5, 150]);
    // Two suspensions overlapping the same days are counted once.
    expect(
      tetto('2027-03', '2027-01-01', '2027-12-31', [
        { dal: '2027-03-04', al: '2027-03-20' },
        { dal: '2027-03-15', al: '2027-03-28' },
      ]),
    ).toEqual([31, 25, 2, 60]);
  });

  it('a month suspended throughout, or outside the period, holds no hours', () => {
    expect(tetto('2027-03', '2027-01-01', '2027-12-31', [{ dal: '2027-02-15', al: '2027-04-10' }])).toEqual([31, 31, 0, 0]);
    // An open suspension counts up to the month's last day in the period.
    expect(tetto('2027-03', '2027-01-01', '2027-12-31', [{ dal: '2027-03-01' }])).toEqual([31, 31, 0, 0]);
    expect(tetto('2027-03', '2027-01-01', '2027-12-31', [{ dal: '2027-03-11' }])).toEqual([31, 21, 2, 60]);
    expect(tetto('2026-12', '2027-01-01', '2027-12-31')).toEqual([0, 0, 0, 0]);
    expect(tetto('2028-01', '2027-01-01', '2027-12-31')).toEqual([0, 0, 0, 0]);
  });

  it('in hundredths of an hour: weekly hours with decimals multiply exactly', () => {
    expect(tettoPresenzeMese('2027-01', '2027-01-22', '2027-07-21', 37.5, [])).toMatchObject({ settimane: 2, centesimi: 7500 });
    expect(tettoPresenzeMese('2027-03', '2027-01-01', '2027-12-31', 20.1, [])).toMatchObject({ settimane: 5, centesimi: 10050 });
  });

  it('refuses a malformed month and negative weekly hours', () => {
    expect(() => tettoPresenzeMese('2027-13', '2027-01-01', '2027-12-31', 30, [])).toThrow(RangeError);
    expect(() => tettoPresenzeMese('2027-3', '2027-01-01', '2027-12-31', 30, [])).toThrow(RangeError);
    expect(() => tettoPresenzeMese('2027-03', '2027-01-01', '2027-12-31', -1, [])).toThrow(RangeError);
  });
});

describe('comeFrazione', () => {
  it('finds the exact fraction of a decimal threshold', () => {
    expect(comeFrazione(0.7)).toEqual({ num: 7, den: 10 });
    expect(comeFrazione(1 / 3)).toEqual({ num: 1, den: 3 });
    expect(comeFrazione(2 / 3)).toEqual({ num: 2, den: 3 });
    expect(comeFrazione(0)).toEqual({ num: 0, den: 1 });
    expect(comeFrazione(1)).toEqual({ num: 1, den: 1 });
    expect(comeFrazione(0.755)).toEqual({ num: 151, den: 200 });
  });

  it('refuses negative and non-finite values', () => {
    expect(() => comeFrazione(-0.1)).toThrow(RangeError);
    expect(() => comeFrazione(Number.NaN)).toThrow(RangeError);
    expect(() => comeFrazione(Math.PI / 10)).toThrow(RangeError);
  });
});

describe('presenzaSufficiente', () => {
  it('at 70%: exactly the threshold passes, a hundredth of an hour less does not', () => {
    expect(presenzaSufficiente(70, 100, 0.7)).toBe(true);
    expect(presenzaSufficiente(69.99, 100, 0.7)).toBe(false);
    expect(presenzaSufficiente(70.01, 100, 0.7)).toBe(true);
  });

  it('is exact where floating point is not (0.9 × 13 = 11.700000000000001)', () => {
    expect(0.9 * 13 > 11.7).toBe(true);
    expect(presenzaSufficiente(11.7, 13, 0.9)).toBe(true);
    expect(presenzaSufficiente(11.69, 13, 0.9)).toBe(false);
    expect(presenzaSufficiente(7, 10, 0.7)).toBe(true);
    expect(presenzaSufficiente(6.99, 10, 0.7)).toBe(false);
    // 70% of 143 h = 100.1 h
    expect(presenzaSufficiente(100.1, 143, 0.7)).toBe(true);
    expect(presenzaSufficiente(100.09, 143, 0.7)).toBe(false);
  });

  it('works with a third and with zero planned hours', () => {
    expect(presenzaSufficiente(100, 300, 1 / 3)).toBe(true);
    expect(presenzaSufficiente(99.99, 300, 1 / 3)).toBe(false);
    expect(presenzaSufficiente(0, 0, 0.7)).toBe(true);
  });

  it('refuses thresholds outside 0..1 and negative hours', () => {
    expect(() => presenzaSufficiente(70, 100, 70)).toThrow(RangeError);
    expect(() => presenzaSufficiente(70, 100, -0.1)).toThrow(RangeError);
    expect(() => presenzaSufficiente(-1, 100, 0.7)).toThrow(RangeError);
    expect(() => presenzaSufficiente(1, -100, 0.7)).toThrow(RangeError);
  });
});

describe('percentualePresenze', () => {
  it('truncates to one decimal, so it never shows 70% below the threshold', () => {
    expect(percentualePresenze(69.99, 100)).toBe(69.9);
    expect(percentualePresenze(70, 100)).toBe(70);
    expect(percentualePresenze(2, 3)).toBe(66.6);
    expect(percentualePresenze(5, 0)).toBe(100);
  });
});
