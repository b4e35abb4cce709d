import type { Actor } from '../auth/roles';
import { CODA_MS_PREDEFINITA, offertaAperta, offertaChiusa, verificaPubblicazione } from './offerta.ciclo';
import type { OffertaEvent } from './offerta.state';

const verdi: Actor = { sub: 'resp.verdi', roles: ['responsabile'], office: 'CPI-TO-01' };
const HASH = 'ab'.repeat(32);
const pubblica = (o: Partial<Extract<OffertaEvent, { type: 'graduatoriaPubblicata' }>> = {}): Extract<OffertaEvent, { type: 'graduatoriaPubblicata' }> => ({
  type: 'graduatoriaPubblicata',
  actor: verdi,
  hash: HASH,
  versioneRegole: 'r/1',
  ordine: ['c', 'a'],
  esclusi: [],
  ...o,
});

describe('offertaAperta', () => {
  it('ends an offer of the first version at its conclusion, non-congruity or cancellation', () => {
    expect(offertaAperta({ stato: 'rosa-inviata' }, false)).toBe(true);
    for (const stato of ['conclusa', 'non-congrua', 'annullata'] as const) expect(offertaAperta({ stato }, false)).toBe(false);
  });

  it('keeps an offer of versione 2 open once concluded, until its time for outcomes ends', () => {
    expect(offertaAperta({ stato: 'conclusa', versione: 2 }, false)).toBe(true);
    expect(offertaAperta({ stato: 'conclusa', versione: 2 }, true)).toBe(false);
    expect(offertaAperta({ stato: 'annullata', versione: 2 }, false)).toBe(false);
  });

  it('gives a concluded offer 30 days for outcomes and corrections by default', () => {
    expect(CODA_MS_PREDEFINITA).toBe(30 * 24 * 3_600_000);
  });
});

describe('offertaChiusa', () => {
  it('refuses every step once the time for outcomes has ended, and none before', () => {
    expect(offertaChiusa({ stato: 'conclusa' }, false)).toEqual([]);
    expect(offertaChiusa({ stato: 'conclusa' }, true)).toEqual([
      { rule: 'procedura-conclusa', field: 'stato', message: "l'offerta è chiusa: il tempo per esiti e rettifiche è finito", found: 'conclusa' },
    ]);
  });
});

describe('verificaPubblicazione', () => {
  const calcolata = { hash: HASH, versioneRegole: 'r/1', testa: ['c', 'a'] };

  it('publishes the ranking computed at the close, as computed', () => {
    expect(verificaPubblicazione(calcolata, pubblica())).toEqual([]);
  });

  it('refuses a ranking before the close computed one', () => {
    expect(verificaPubblicazione(undefined, pubblica()).map((v) => v.rule)).toEqual(['graduatoria-non-pronta']);
  });

  it('refuses another hash, another rules version, or another order of the head', () => {
    for (const diversa of [pubblica({ hash: 'cd'.repeat(32) }), pubblica({ versioneRegole: 'r/2' }), pubblica({ ordine: ['a', 'c'] })]) {
      expect(verificaPubblicazione(calcolata, diversa)).toEqual([
        { rule: 'graduatoria-diversa', field: 'hash', message: 'si pubblica solo la graduatoria calcolata alla chiusura', found: diversa.hash, limit: HASH },
      ]);
    }
  });
});
