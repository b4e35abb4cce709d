import { POLITICA_ISPEZIONE_PREDEFINITA } from './scadenze';
import { politicaDi, politicaIspettorato } from './politica';

describe("politicaIspettorato: an inspectorate's one policy", () => {
  it('merges what the inspectorate set with the documented defaults', () => {
    expect(politicaDi({})).toEqual({
      termini: POLITICA_ISPEZIONE_PREDEFINITA,
      rotazione: { finestraMesi: 12, contaChiuse: true, derogaSeNessunIdoneo: true },
      periodi: { durata: 'P1M', anticipoMs: 7 * 86_400_000 },
      monitoraggio: { soglia: 0.01, finestraGiorni: 90 },
    });
    const p = politicaDi({
      primoAccessoGiorni: { bassa: 60 },
      unita: 'PT1S',
      finestraRotazioneMesi: 6,
      rotazioneContaChiuse: false,
      periodoSorteggio: 'PT30S',
      anticipoPubblicazione: 'PT1M',
      sogliaImparzialita: 0.05,
      finestraMonitoraggioGiorni: 30,
    });
    expect(p.termini).toMatchObject({ primoAccessoGiorni: { alta: 10, media: 30, bassa: 60 }, unitaMs: 1000 });
    expect(p.rotazione).toEqual({ finestraMesi: 6, contaChiuse: false, derogaSeNessunIdoneo: true });
    expect(p.periodi).toEqual({ durata: 'PT30S', anticipoMs: 60_000 });
    expect(p.monitoraggio).toEqual({ soglia: 0.05, finestraGiorni: 30 });
  });

  it('reads the earlier rotation setting in years, months winning when both are given', () => {
    expect(politicaDi({ finestraRotazioneAnni: 3 }).rotazione.finestraMesi).toBe(36);
    expect(politicaDi({ finestraRotazioneAnni: 3, finestraRotazioneMesi: 9 }).rotazione.finestraMesi).toBe(9);
  });

  it('refuses every malformed or unknown setting at once, naming each', () => {
    const r = politicaIspettorato({
      finestraRotazioneMesi: -1,
      rotazioneContaChiuse: 'si',
      periodoSorteggio: 'P1W',
      anticipoPubblicazione: 'domani',
      sogliaImparzialita: 1,
      primoAccessoGiorni: { alta: 1.5, urgente: 3 },
      pippo: true,
    });
    expect(r.ok).toBe(false);
    const fields = !r.ok ? r.violations.map((v) => v.field).sort() : [];
    expect(fields).toEqual([
      'politica.anticipoPubblicazione',
      'politica.finestraRotazioneMesi',
      'politica.periodoSorteggio',
      'politica.pippo',
      'politica.primoAccessoGiorni.alta',
      'politica.primoAccessoGiorni.urgente',
      'politica.rotazioneContaChiuse',
      'politica.sogliaImparzialita',
    ]);
    expect(politicaIspettorato('x').ok).toBe(false);
    // Published at most 92 days ahead, and never more than 100 periods ahead.
    const troppo = politicaIspettorato({ anticipoPubblicazione: 'P120D' });
    expect(!troppo.ok && troppo.violations.map((v) => v.field)).toEqual(['politica.anticipoPubblicazione']);
    const troppi = politicaIspettorato({ periodoSorteggio: 'PT1S', anticipoPubblicazione: 'PT30M' });
    expect(!troppi.ok && troppi.violations[0].message).toMatch(/più di 100 periodi/);
    expect(politicaIspettorato({ periodoSorteggio: 'PT20S', anticipoPubblicazione: 'PT40S' }).ok).toBe(true);
    expect(politicaIspettorato({ periodoSorteggio: 'PT0.5S' }).ok).toBe(false);
    expect(() => politicaDi({ periodoSorteggio: 'P2M' })).toThrow(/politica dell'ispettorato non valida/);
  });
});
