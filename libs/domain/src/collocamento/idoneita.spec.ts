import { iscritto, offerta } from './__fixtures__/collocamento';
import { valutaIdoneita } from './idoneita';

const off = offerta();

describe('valutaIdoneita', () => {
  it('admits an unemployed person of the territory and category, compatible with every task, enrolled by the close', () => {
    expect(valutaIdoneita(iscritto('a'), off, '2026-03-12')).toEqual({ idoneo: true });
  });

  it('admits enrolment on the closing day, not the day after', () => {
    expect(valutaIdoneita(iscritto('a', { dataIscrizione: '2026-03-12' }), off, '2026-03-12').idoneo).toBe(true);
    const e = valutaIdoneita(iscritto('a', { dataIscrizione: '2026-03-13' }), off, '2026-03-12');
    expect(e).toEqual({
      idoneo: false,
      motivi: [{ regola: 'iscrizione-successiva', messaggio: expect.any(String), trovato: '2026-03-13', atteso: '≤ 2026-03-12' }],
    });
  });

  it('refuses each of territory, employment status and category', () => {
    const motivi = (o: Parameters<typeof iscritto>[1]) => {
      const e = valutaIdoneita(iscritto('a', o), off, '2026-03-12');
      return e.idoneo ? [] : e.motivi.map((m) => [m.regola, m.trovato, m.atteso]);
    };
    expect(motivi({ territorio: 'AT' })).toEqual([['territorio-competente', 'AT', 'TO']]);
    expect(motivi({ statoOccupazionale: 'occupato' })).toEqual([['stato-occupazionale', 'occupato', 'disoccupato']]);
    expect(motivi({ categoria: 'art18', percentualeInvalidita: undefined })).toEqual([['categoria', 'art18', 'art1']]);
  });

  it('refuses an incompatible task; a task listed both ways is incompatible', () => {
    const e = valutaIdoneita(
      iscritto('a', { compatibilita: { mansioniCompatibili: ['M-ARCH', 'M-TEL'], mansioniIncompatibili: ['M-TEL'], note: '' } }),
      off,
      '2026-03-12',
    );
    expect(e.idoneo === false && e.motivi).toEqual([{ regola: 'mansione-incompatibile', messaggio: expect.stringContaining('M-TEL'), trovato: ['M-TEL'] }]);
  });

  it('excludes a task the report does not mention by default, admits it with mansioniNonValutate "ammetti"', () => {
    const i = iscritto('a', { compatibilita: { mansioniCompatibili: ['M-ARCH'], mansioniIncompatibili: [], note: '' } });
    const e = valutaIdoneita(i, off, '2026-03-12');
    expect(e.idoneo === false && e.motivi).toEqual([{ regola: 'mansione-non-valutata', messaggio: expect.stringContaining('M-TEL'), trovato: ['M-TEL'] }]);
    expect(valutaIdoneita(i, off, '2026-03-12', { mansioniNonValutate: 'escludi' }).idoneo).toBe(false);
    expect(valutaIdoneita(i, off, '2026-03-12', { mansioniNonValutate: 'ammetti' }).idoneo).toBe(true);
  });

  it('lists every reason, in the fixed rule order', () => {
    const e = valutaIdoneita(
      iscritto('a', {
        territorio: 'AT',
        statoOccupazionale: 'occupato',
        categoria: 'art18',
        dataIscrizione: '2026-04-01',
        compatibilita: { mansioniCompatibili: [], mansioniIncompatibili: ['M-ARCH'], note: 'x' },
      }),
      off,
      '2026-03-12',
    );
    expect(e.idoneo === false && e.motivi.map((m) => m.regola)).toEqual([
      'territorio-competente',
      'stato-occupazionale',
      'categoria',
      'mansione-incompatibile',
      'mansione-non-valutata',
      'iscrizione-successiva',
    ]);
  });

  it('treats malformed dates as errors', () => {
    expect(() => valutaIdoneita(iscritto('a', { dataIscrizione: '10/01/2024' }), off, '2026-03-12')).toThrow(/dataIscrizione/);
    expect(() => valutaIdoneita(iscritto('a'), off, '2026-02-30')).toThrow(/dataChiusura/);
  });
});
