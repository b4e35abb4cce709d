import { addWorkingDays, daysBetween, isWorkingDay, mondayOf, parseIsoDate } from './calendario';
import { italianHolidays } from './festivita';

const festivi = italianHolidays();

describe('Italian working days', () => {
  test('national holidays, Easter Monday and the new 4 October are not working days', () => {
    for (const d of ['2026-01-01', '2026-01-06', '2026-04-06', '2026-04-25', '2026-06-02', '2026-10-04', '2026-12-08', '2026-12-25', '2026-12-26']) {
      expect(festivi(d)).toBe(true);
    }
    expect(isWorkingDay('2026-04-07', festivi)).toBe(true);
    expect(isWorkingDay('2026-11-21', festivi)).toBe(false); // Saturday
  });

  test('counts working days across a weekend and a holiday', () => {
    // Thu 30 Apr 2026 + 2 working days: Fri 1 May is a holiday, then the weekend → Mon 4, Tue 5 May.
    expect(addWorkingDays('2026-04-30', 2, festivi)).toBe('2026-05-05');
    // 5 working days before Wed 3 Jun 2026 (Tue 2 Jun is a holiday): 1 Jun, 29, 28, 27, 26 May.
    expect(addWorkingDays('2026-06-03', -5, festivi)).toBe('2026-05-26');
  });

  test('a patron saint day is a holiday only where configured', () => {
    const firenze = italianHolidays(['06-24']);
    expect(firenze('2026-06-24')).toBe(true);
    expect(festivi('2026-06-24')).toBe(false);
  });

  test('day arithmetic is calendar-exact and refuses impossible dates', () => {
    expect(daysBetween('2026-01-01', '2026-06-30')).toBe(180);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(() => parseIsoDate('2026-02-30')).toThrow();
  });
});
