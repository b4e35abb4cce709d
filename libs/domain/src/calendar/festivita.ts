import Holidays from 'date-holidays';
import type { IsHoliday, IsoDate } from './calendario';

/**
 * Italian public holidays from the `date-holidays` calendar (national ones, including Easter Monday and, from 2026,
 * 4 October), plus optional local patron-saint days given as 'MM-DD' (e.g. Florence '06-24', Palermo '07-15').
 */
export function italianHolidays(patroni: string[] = []): IsHoliday {
  const hd = new Holidays('IT');
  const byYear = new Map<number, Set<IsoDate>>();
  return (d: IsoDate) => {
    const year = Number(d.slice(0, 4));
    let set = byYear.get(year);
    if (!set) {
      set = new Set(
        hd
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      for (const p of patroni) set.add(`${year}-${p}`);
      byYear.set(year, set);
    }
    return set.has(d);
  };
}
