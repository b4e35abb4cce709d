import { PERIODI_PREDEFINITI } from './politica';
import {
  PERIODI_MASSIMI_PER_VOLTA,
  PeriodoNoto,
  etichettaPeriodo,
  finePeriodo,
  limitiMese,
  motiviPeriodoNonUsabile,
  periodiDaCreare,
  prossimoPeriodo,
  verificaNuovoPeriodo,
} from './periodi';

const t = (iso: string) => Date.parse(iso);
const iso = (x: number) => new Date(x).toISOString();
const mensile = PERIODI_PREDEFINITI; // P1M, published 7 days ahead

describe('period labels and bounds', () => {
  it('labels a calendar month in Italy "YYYY-MM", anything else by its start instant', () => {
    expect(etichettaPeriodo(t('2026-11-30T23:00:00Z'), t('2026-12-31T23:00:00Z'))).toBe('2026-12');
    expect(etichettaPeriodo(t('2026-03-31T22:00:00Z'), t('2026-04-30T22:00:00Z'))).toBe('2026-04');
    expect(etichettaPeriodo(t('2026-12-01T10:15:02Z'), t('2026-12-31T23:00:00Z'))).toBe('20261201T101502Z');
    expect(limitiMese('2026-12')).toEqual({ inizio: t('2026-11-30T23:00:00Z'), fine: t('2026-12-31T23:00:00Z') });
    expect(limitiMese('2026-13')).toBeNull();
    expect(limitiMese('manuale')).toBeNull();
  });

  it('ends a monthly period at the next month in Italy (across the changes of time), a fixed one after its length', () => {
    expect(iso(finePeriodo(t('2026-03-10T08:00:00Z'), mensile))).toBe('2026-03-31T22:00:00.000Z');
    expect(iso(finePeriodo(t('2026-10-31T23:00:00Z'), mensile))).toBe('2026-11-30T23:00:00.000Z');
    expect(iso(finePeriodo(t('2026-12-01T10:00:00Z'), { durata: 'PT20S' }))).toBe('2026-12-01T10:00:20.000Z');
    expect(() => finePeriodo(0, { durata: 'PT0.5S' })).toThrow(RangeError);
  });
});

describe('periodiDaCreare', () => {
  it('for a new inspectorate, starts at the next whole second (commitment first) and runs to the month end, then the next month within the horizon', () => {
    const now = t('2026-11-25T10:15:02.300Z');
    expect(periodiDaCreare([], now, mensile)).toEqual([
      { periodo: '20261125T101503Z', inizio: t('2026-11-25T10:15:03Z'), fine: t('2026-11-30T23:00:00Z') },
      { periodo: '2026-12', inizio: t('2026-11-30T23:00:00Z'), fine: t('2026-12-31T23:00:00Z') },
    ]);
  });

  it('follows the last period without a gap while it has not ended, and creates nothing when the horizon is covered', () => {
    const nov = { inizio: t('2026-10-31T23:00:00Z'), fine: t('2026-11-30T23:00:00Z') };
    expect(periodiDaCreare([nov], t('2026-11-10T00:00:00Z'), mensile)).toEqual([]);
    expect(periodiDaCreare([nov], t('2026-11-24T00:00:00Z'), mensile)).toEqual([{ periodo: '2026-12', inizio: nov.fine, fine: t('2026-12-31T23:00:00Z') }]);
    // Run again right after: nothing more (idempotent).
    const dic = { inizio: nov.fine, fine: t('2026-12-31T23:00:00Z') };
    expect(periodiDaCreare([nov, dic], t('2026-11-24T00:00:01Z'), mensile)).toEqual([]);
  });

  it('after an outage longer than the periods published, restarts at the next second: never a period already begun', () => {
    const vecchio = { inizio: t('2026-10-31T23:00:00Z'), fine: t('2026-11-30T23:00:00Z') };
    const now = t('2026-12-03T09:00:00.000Z');
    const [primo] = periodiDaCreare([vecchio], now, mensile);
    expect(primo).toEqual({ periodo: '20261203T090001Z', inizio: t('2026-12-03T09:00:01Z'), fine: t('2026-12-31T23:00:00Z') });
    expect(primo.inizio).toBeGreaterThan(now);
  });

  it('never creates more than a bounded number at once', () => {
    expect(periodiDaCreare([], 0, { durata: 'PT1S', anticipoMs: 3_600_000 })).toHaveLength(PERIODI_MASSIMI_PER_VOLTA);
  });

  it('the next period, whatever the horizon: nobody chooses its bounds', () => {
    const nov = { inizio: t('2026-10-31T23:00:00Z'), fine: t('2026-11-30T23:00:00Z') };
    expect(prossimoPeriodo([nov], t('2026-11-02T00:00:00Z'), mensile)).toEqual({ periodo: '2026-12', inizio: nov.fine, fine: t('2026-12-31T23:00:00Z') });
    expect(prossimoPeriodo([], t('2026-12-01T10:00:00.500Z'), { durata: 'PT20S' })).toEqual({
      periodo: '20261201T100001Z',
      inizio: t('2026-12-01T10:00:01Z'),
      fine: t('2026-12-01T10:00:21Z'),
    });
  });

  it('fixed-length periods cover the horizon back to back', () => {
    const now = t('2026-12-01T10:00:00.000Z');
    const ps = periodiDaCreare([], now, { durata: 'PT20S', anticipoMs: 40_000 });
    expect(ps.map((p) => `${iso(p.inizio)} ${iso(p.fine)}`)).toEqual([
      '2026-12-01T10:00:01.000Z 2026-12-01T10:00:21.000Z',
      '2026-12-01T10:00:21.000Z 2026-12-01T10:00:41.000Z',
    ]);
  });
});

describe('verificaNuovoPeriodo: what a dirigente may publish by hand', () => {
  const esistenti: PeriodoNoto[] = [
    { periodo: '2026-11', inizio: t('2026-10-31T23:00:00Z'), fine: t('2026-11-30T23:00:00Z'), pubblicatoIl: t('2026-10-24T00:00:00Z'), rivelatoIl: null },
  ];
  const now = t('2026-11-20T10:00:00Z');
  const rules = (p: { periodo: string; inizio: number; fine: number }) => verificaNuovoPeriodo(esistenti, p, now).map((v) => v.rule);

  it('accepts the next period from where the last ends', () => {
    expect(rules({ periodo: '2026-12', ...limitiMese('2026-12')! })).toEqual([]);
  });

  it('refuses one that has begun, overlaps, leaves a gap, repeats a label or ends before it begins — every problem at once', () => {
    expect(rules({ periodo: 'x', inizio: t('2026-11-20T09:00:00Z'), fine: t('2026-12-10T00:00:00Z') })).toEqual(['periodo-iniziato', 'periodi-sovrapposti']);
    expect(rules({ periodo: 'y', inizio: t('2026-12-05T00:00:00Z'), fine: t('2026-12-10T00:00:00Z') })).toEqual(['periodi-non-contigui']);
    expect(rules({ periodo: '2026-11', inizio: t('2026-11-30T23:00:00Z'), fine: t('2026-12-10T00:00:00Z') })).toEqual(['periodo-esistente']);
    expect(rules({ periodo: 'z', inizio: t('2026-11-30T23:00:00Z'), fine: t('2026-11-30T23:00:00Z') })).toEqual(['limiti-periodo']);
  });

  it('after the last period has ended, any future start is accepted', () => {
    expect(
      verificaNuovoPeriodo(esistenti, { periodo: 'w', inizio: t('2026-12-05T00:00:00Z'), fine: t('2026-12-10T00:00:00Z') }, t('2026-12-02T00:00:00Z')),
    ).toEqual([]);
  });
});

describe('motiviPeriodoNonUsabile', () => {
  const p: PeriodoNoto = {
    periodo: '2026-11',
    inizio: t('2026-10-31T23:00:00Z'),
    fine: t('2026-11-30T23:00:00Z'),
    pubblicatoIl: t('2026-10-24T00:00:00Z'),
    rivelatoIl: null,
  };

  it('allows a draw inside the period, after a commitment published before it, while unrevealed', () => {
    expect(motiviPeriodoNonUsabile(p, t('2026-11-15T10:00:00Z'))).toEqual([]);
    expect(motiviPeriodoNonUsabile(p, p.inizio)).toEqual([]);
  });

  it('refuses one outside the period, after the reveal, or under a commitment published once the period began', () => {
    expect(motiviPeriodoNonUsabile(p, p.fine)).toHaveLength(1);
    expect(motiviPeriodoNonUsabile({ ...p, rivelatoIl: t('2026-11-15T00:00:00Z') }, t('2026-11-15T10:00:00Z'))[0]).toMatch(/dopo la rivelazione/);
    expect(motiviPeriodoNonUsabile({ ...p, pubblicatoIl: p.inizio }, t('2026-11-15T10:00:00Z'))[0]).toMatch(/non prima del suo inizio/);
  });
});
