import { ConteggioDipendenti, conteggioGiaRegistrato, controlloSede, dipendentiInVigore } from './dipendenti';
import { regolePerVersione } from './regole';

const c = (dipendentiIndeterminato: number, dal: string, motivo: string | null = 'nuove assunzioni'): ConteggioDipendenti => ({
  dipendentiIndeterminato,
  dal,
  motivo,
  registratoDa: 'op.rossi',
  registratoIl: `${dal}T09:00:00.000Z`,
});

describe('dipendentiInVigore', () => {
  // As recorded: at registration, then a hiring from March, then a correction of January's count, then a future one.
  const storia = [c(4, '2026-01-10', null), c(25, '2026-03-01'), c(5, '2026-01-10', 'rettifica del conteggio iniziale'), c(30, '2027-01-01')];

  it('takes the count from the latest date not after the day checked', () => {
    expect(dipendentiInVigore(storia, '2026-02-28')?.dipendentiIndeterminato).toBe(5);
    expect(dipendentiInVigore(storia, '2026-03-01')?.dipendentiIndeterminato).toBe(25);
    expect(dipendentiInVigore(storia, '2026-12-31')?.dipendentiIndeterminato).toBe(25);
    expect(dipendentiInVigore(storia, '2027-06-30')?.dipendentiIndeterminato).toBe(30);
  });

  it('of two counts from the same date, takes the one recorded later: it corrects the other', () => {
    expect(dipendentiInVigore(storia, '2026-01-10')).toEqual(storia[2]);
    expect(dipendentiInVigore([c(7, '2026-05-01'), c(6, '2026-05-01'), c(8, '2026-04-01')], '2026-05-02')?.dipendentiIndeterminato).toBe(6);
  });

  it('answers a day before every count with the earliest one (nothing earlier is known), and nothing for no history', () => {
    expect(dipendentiInVigore(storia, '2025-12-31')).toEqual(storia[2]);
    expect(dipendentiInVigore([], '2026-01-01')).toBeUndefined();
  });
});

describe('conteggioGiaRegistrato', () => {
  it('is true only when the count last recorded for that date already says it', () => {
    const storia = [c(4, '2026-01-10'), c(5, '2026-01-10'), c(25, '2026-03-01')];
    expect(conteggioGiaRegistrato(storia, 5, '2026-01-10')).toBe(true);
    expect(conteggioGiaRegistrato(storia, 4, '2026-01-10')).toBe(false);
    expect(conteggioGiaRegistrato(storia, 25, '2026-03-02')).toBe(false);
    expect(conteggioGiaRegistrato([], 25, '2026-03-01')).toBe(false);
  });
});

describe('controlloSede', () => {
  it("records the count used, its date, the pack's limit for it and the places taken", () => {
    expect(controlloSede('sede-1', c(21, '2026-03-01'), 2, regolePerVersione('nazionale-2017.1'))).toEqual({
      sedeId: 'sede-1',
      dipendentiIndeterminato: 21,
      dipendentiIndeterminatoDal: '2026-03-01',
      limite: 3,
      altriTirocini: 2,
    });
  });
});
