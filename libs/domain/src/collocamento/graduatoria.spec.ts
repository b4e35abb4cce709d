import { iscritto, offerta } from './__fixtures__/collocamento';
import type { Iscritto } from './collocamento.types';
import {
  Graduatoria,
  calcolaGraduatoria,
  dimensioneRosaOfferta,
  formaCanonica,
  formattaPunti,
  hashGraduatoria,
  puntiAnzianita,
  puntiCaricoFamiliare,
  puntiCompetenze,
  puntiInvalidita,
  puntiIsee,
  punteggioIscritto,
  rosa,
  vistaDatore,
} from './graduatoria';
import { REGOLE_NAZIONALE_ESEMPIO, REGOLE_PIEMONTE_2023, RegoleGraduatoria } from './graduatoria.regole';

const PIE = REGOLE_PIEMONTE_2023.criteri;
const NAZ = REGOLE_NAZIONALE_ESEMPIO.criteri;
const off = offerta();
const RIF = '2026-03-12';

describe('criteria at their boundaries (hundredths of a point)', () => {
  it('invalidity: the percentage as points, capped; none for art. 18', () => {
    expect(puntiInvalidita(PIE.invalidita, undefined)).toBe(0);
    expect(puntiInvalidita(PIE.invalidita, 0)).toBe(0);
    expect(puntiInvalidita(PIE.invalidita, 46)).toBe(4_600);
    expect(puntiInvalidita(PIE.invalidita, 100)).toBe(10_000);
    const tetto = { ...PIE.invalidita, tetto: 8_000 };
    expect(puntiInvalidita(tetto, 79)).toBe(7_900);
    expect(puntiInvalidita(tetto, 80)).toBe(8_000);
    expect(puntiInvalidita(tetto, 81)).toBe(8_000);
    expect(puntiInvalidita(NAZ.invalidita, 100)).toBe(5_000);
  });

  it('seniority (Piemonte): 2 points a month up to 48; more than 24 months → 50', () => {
    expect(puntiAnzianita(PIE.anzianita, 0, false)).toBe(0);
    expect(puntiAnzianita(PIE.anzianita, 1, false)).toBe(200);
    expect(puntiAnzianita(PIE.anzianita, 23, true)).toBe(4_600);
    expect(puntiAnzianita(PIE.anzianita, 24, false)).toBe(4_800); // exactly 24 months
    expect(puntiAnzianita(PIE.anzianita, 24, true)).toBe(5_000); // 24 months and a day
    expect(puntiAnzianita(PIE.anzianita, 25, false)).toBe(5_000);
    expect(puntiAnzianita(PIE.anzianita, 240, false)).toBe(5_000);
  });

  it('seniority without a jump: capped', () => {
    expect(puntiAnzianita(NAZ.anzianita, 59, true)).toBe(5_900);
    expect(puntiAnzianita(NAZ.anzianita, 60, false)).toBe(6_000);
    expect(puntiAnzianita(NAZ.anzianita, 61, false)).toBe(6_000);
  });

  it('ISEE decreasing (Piemonte): 50 points at 0, minus 0.5 per complete €500, never below 0', () => {
    expect(puntiIsee(PIE.isee, undefined)).toBe(0);
    expect(puntiIsee(PIE.isee, 0)).toBe(5_000);
    expect(puntiIsee(PIE.isee, 49_999)).toBe(5_000);
    expect(puntiIsee(PIE.isee, 50_000)).toBe(4_950);
    expect(puntiIsee(PIE.isee, 1_000_000)).toBe(4_000); // €10,000
    expect(puntiIsee(PIE.isee, 4_999_999)).toBe(50);
    expect(puntiIsee(PIE.isee, 5_000_000)).toBe(0); // €50,000
    expect(puntiIsee(PIE.isee, 9_000_000)).toBe(0);
  });

  it('ISEE in bands: the upper bound belongs to its band', () => {
    expect(puntiIsee(NAZ.isee, 0)).toBe(3_000);
    expect(puntiIsee(NAZ.isee, 500_000)).toBe(3_000);
    expect(puntiIsee(NAZ.isee, 500_001)).toBe(2_000);
    expect(puntiIsee(NAZ.isee, 1_000_000)).toBe(2_000);
    expect(puntiIsee(NAZ.isee, 1_000_001)).toBe(1_000);
    expect(puntiIsee(NAZ.isee, 2_000_001)).toBe(0);
    expect(puntiIsee(NAZ.isee, undefined)).toBe(0);
  });

  it('family burden: per dependant up to the maximum counted; none in Piemonte', () => {
    expect(puntiCaricoFamiliare(NAZ.caricoFamiliare, 0)).toBe(0);
    expect(puntiCaricoFamiliare(NAZ.caricoFamiliare, 3)).toBe(1_500);
    expect(puntiCaricoFamiliare(NAZ.caricoFamiliare, 4)).toBe(2_000);
    expect(puntiCaricoFamiliare(NAZ.caricoFamiliare, 5)).toBe(2_000);
    expect(puntiCaricoFamiliare(PIE.caricoFamiliare, 3)).toBe(0);
  });

  it('skills fit: floor(K × held / total weight); nothing required → 0', () => {
    expect(puntiCompetenze(PIE.competenze, 0, 3)).toBe(0);
    expect(puntiCompetenze(PIE.competenze, 1, 3)).toBe(666);
    expect(puntiCompetenze(PIE.competenze, 2, 3)).toBe(1_333);
    expect(puntiCompetenze(PIE.competenze, 3, 3)).toBe(2_000);
    expect(puntiCompetenze(PIE.competenze, 0, 0)).toBe(0);
  });
});

describe('punteggioIscritto', () => {
  it('gives each criterion its input and points, and the total', () => {
    // Enrolled 2024-01-10, reference 2026-03-12: 26 months → 50; ISEE €10,000 → 40; skills C-WORD (weight 2 of 3) → 13.33.
    const p = punteggioIscritto(iscritto('a'), off, REGOLE_PIEMONTE_2023, RIF);
    expect(p.dettaglio).toEqual([
      { criterio: 'invalidita', valore: 60, punti: 6_000 },
      { criterio: 'anzianita', valore: '2024-01-10', punti: 5_000 },
      { criterio: 'isee', valore: 1_000_000, punti: 4_000 },
      { criterio: 'carico-familiare', valore: 1, punti: 0 },
      { criterio: 'competenze', valore: '2/3', punti: 1_333 },
    ]);
    expect(p.punteggio).toBe(16_333);
    expect(p.competenzeSoddisfatte).toEqual(['C-WORD']);
    expect(formattaPunti(p.punteggio)).toBe('163,33');
  });

  it('counts seniority to the reference date, with the 24-month jump after the exact anniversary', () => {
    const anz = (d: string) => punteggioIscritto(iscritto('a', { dataIscrizione: d }), off, REGOLE_PIEMONTE_2023, RIF).dettaglio[1].punti;
    expect(anz('2024-03-12')).toBe(4_800); // exactly 24 months
    expect(anz('2024-03-11')).toBe(5_000); // 24 months and a day
    expect(anz('2026-02-12')).toBe(200);
    expect(anz('2026-02-13')).toBe(0);
  });
});

/** Candidates with the same total under Piemonte (same criteria values), differing only in the tie-break fields. */
const pari = (id: string, o: Partial<Iscritto> = {}) => iscritto(id, { dataIscrizione: '2020-01-01', dataNascita: '1990-01-01', ...o });

describe('calcolaGraduatoria', () => {
  const base = { offerta: off, regole: REGOLE_PIEMONTE_2023, dataRiferimento: RIF };

  it('ranks by total, descending', () => {
    const g = calcolaGraduatoria({ ...base, candidati: [iscritto('b', { percentualeInvalidita: 50 }), iscritto('a', { percentualeInvalidita: 51 })] });
    expect(g.idonei.map((v) => [v.posizione, v.iscrittoId, v.punteggio])).toEqual([
      [1, 'a', 15_433],
      [2, 'b', 15_333],
    ]);
  });

  it('breaks ties by earlier enrolment, then the younger, then iscrittoId; and records the chain', () => {
    const candidati = [
      pari('z-recente', { dataIscrizione: '2020-01-02' }),
      pari('y-anziano', { dataIscrizione: '2019-12-31' }),
      pari('x-vecchio', { dataNascita: '1989-12-31' }),
      pari('w-giovane', { dataNascita: '1990-01-02' }),
      pari('v-pari'),
      pari('u-pari'),
    ];
    const g = calcolaGraduatoria({ ...base, candidati });
    expect(new Set(g.idonei.map((v) => v.punteggio)).size).toBe(1);
    expect(g.idonei.map((v) => v.iscrittoId)).toEqual(['y-anziano', 'w-giovane', 'u-pari', 'v-pari', 'x-vecchio', 'z-recente']);
    expect(g.idonei[0].spareggi).toEqual([
      { criterio: 'iscrizione-meno-recente', valore: '2019-12-31' },
      { criterio: 'piu-giovane', valore: '1990-01-01' },
      { criterio: 'iscrittoId', valore: 'y-anziano' },
    ]);
  });

  it('uses the pack’s own tie-break chain (lower ISEE first, none last; then more dependants)', () => {
    const regole: RegoleGraduatoria = { ...REGOLE_NAZIONALE_ESEMPIO, spareggi: ['isee-inferiore', 'piu-familiari'] };
    // Equal totals: invalidity 40 (20 points) + ISEE ≤ €5,000 (30) = 50 = invalidity 100 (50) + no ISEE (0).
    const candidati = [
      pari('a', { percentualeInvalidita: 40, iseeCent: 400_000, familiariACarico: 1 }),
      pari('b', { percentualeInvalidita: 40, iseeCent: 300_000, familiariACarico: 1 }),
      pari('c', { percentualeInvalidita: 100, iseeCent: undefined, familiariACarico: 1 }),
      pari('d', { percentualeInvalidita: 40, iseeCent: 300_000, familiariACarico: 2 }),
    ];
    const g = calcolaGraduatoria({ ...base, regole, candidati });
    expect(g.idonei.map((v) => [v.iscrittoId, v.punteggio - g.idonei[0].punteggio])).toEqual([
      ['d', 0],
      ['b', -500],
      ['a', -500],
      ['c', -500],
    ]);
    const senzaFamiliari = calcolaGraduatoria({ ...base, regole, candidati: candidati.map((c) => ({ ...c, familiariACarico: 1 })) });
    expect(senzaFamiliari.idonei.map((v) => v.iscrittoId)).toEqual(['b', 'd', 'a', 'c']);
    expect(senzaFamiliari.idonei[3].spareggi).toEqual([
      { criterio: 'isee-inferiore', valore: null },
      { criterio: 'piu-familiari', valore: 1 },
      { criterio: 'iscrittoId', valore: 'c' },
    ]);
    expect(g.versioneRegole).toBe(REGOLE_NAZIONALE_ESEMPIO.versione);
  });

  it('lists the excluded with every reason, by id, and the eligible only once', () => {
    const g = calcolaGraduatoria({
      ...base,
      candidati: [
        iscritto('ok'),
        iscritto('z-occupato', { statoOccupazionale: 'occupato' }),
        iscritto('a-fuori', { territorio: 'AT', categoria: 'art18', percentualeInvalidita: undefined }),
      ],
    });
    expect(g.idonei.map((v) => v.iscrittoId)).toEqual(['ok']);
    expect(g.esclusi.map((e) => [e.iscrittoId, e.motivi.map((m) => m.regola)])).toEqual([
      ['a-fuori', ['territorio-competente', 'categoria']],
      ['z-occupato', ['stato-occupazionale']],
    ]);
  });

  it('checks eligibility against dataChiusura when given, seniority against dataRiferimento', () => {
    const g = calcolaGraduatoria({ ...base, dataChiusura: '2026-03-10', candidati: [iscritto('tardi', { dataIscrizione: '2026-03-11' })] });
    expect(g.esclusi[0].motivi[0].regola).toBe('iscrizione-successiva');
    expect(g).toMatchObject({ dataRiferimento: RIF, dataChiusura: '2026-03-10' });
  });

  it('refuses duplicates, unusable packs and malformed data', () => {
    expect(() => calcolaGraduatoria({ ...base, candidati: [iscritto('a'), iscritto('a')] })).toThrow(/due volte/);
    expect(() => calcolaGraduatoria({ ...base, regole: { ...REGOLE_PIEMONTE_2023, spareggi: ['x' as never] }, candidati: [] })).toThrow(/non utilizzabili/);
    expect(() => calcolaGraduatoria({ ...base, candidati: [iscritto('a', { iseeCent: -1 })] })).toThrow(/iseeCent/);
    expect(() => calcolaGraduatoria({ ...base, candidati: [iscritto('a', { percentualeInvalidita: 101 })] })).toThrow(/percentualeInvalidita/);
    expect(() => calcolaGraduatoria({ ...base, candidati: [iscritto('a', { familiariACarico: 1.5 })] })).toThrow(/familiariACarico/);
    expect(() => calcolaGraduatoria({ ...base, offerta: offerta({ competenzeRichieste: [{ codice: 'X', peso: 0 }] }), candidati: [] })).toThrow(/peso/);
    expect(() => calcolaGraduatoria({ ...base, dataRiferimento: '2026-3-12', candidati: [] })).toThrow(/dataRiferimento/);
  });

  it('publishes the formula and tie-break of the pack', () => {
    const g = calcolaGraduatoria({ ...base, candidati: [] });
    expect(g.formula).toContain(REGOLE_PIEMONTE_2023.versione);
    expect(g.formula).toContain('2,00 punti per ogni mese intero di iscrizione, fino a 48,00; oltre 24 mesi 50,00 punti');
    expect(g.formula).toContain('50,00 punti meno 0,50 per ogni 500,00 euro interi di ISEE');
    expect(g.formula).toMatch(/iscritto da più tempo.*più giovane.*identificativo dell’iscritto \(ordine crescente\)/);
    expect(REGOLE_NAZIONALE_ESEMPIO && calcolaGraduatoria({ ...base, regole: REGOLE_NAZIONALE_ESEMPIO, candidati: [] }).formula).toContain(
      'fino a 5000,00 euro: 30,00',
    );
  });
});

describe('rosa and the employer’s view', () => {
  const candidati = ['a', 'b', 'c', 'd', 'e'].map((id, i) => iscritto(id, { percentualeInvalidita: 90 - i }));
  const g = calcolaGraduatoria({ offerta: off, regole: REGOLE_PIEMONTE_2023, dataRiferimento: RIF, candidati });

  it('takes the first posti × dimensioneRosa, or everyone if fewer', () => {
    expect(dimensioneRosaOfferta(off)).toBe(3);
    expect(rosa(g, dimensioneRosaOfferta(off)).map((v) => v.iscrittoId)).toEqual(['a', 'b', 'c']);
    expect(rosa(g, 10)).toHaveLength(5);
    expect(rosa(g, 0)).toEqual([]);
    expect(() => rosa(g, -1)).toThrow(RangeError);
    expect(() => rosa(g, 1.5)).toThrow(RangeError);
  });

  it('shows the employer no score, no health, income or family data', () => {
    const v = vistaDatore(g.idonei[0]);
    expect(v).toEqual({ posizione: 1, iscrittoId: 'a', compatibilita: 'compatibile', competenzeRichiestePossedute: ['C-WORD'] });
    expect(JSON.stringify(v)).not.toMatch(/punteggio|invalidita|isee|familiari|dataNascita|note/i);
  });
});

describe('canonical form and hash', () => {
  const candidati = [iscritto('b'), iscritto('a', { percentualeInvalidita: 70 }), iscritto('c', { statoOccupazionale: 'occupato' }), pari('d'), pari('e')];
  const calcola = (cs: Iscritto[]) => calcolaGraduatoria({ offerta: off, regole: REGOLE_PIEMONTE_2023, dataRiferimento: RIF, candidati: cs });

  it('is stable JSON with sorted keys and integers only', () => {
    const testo = formaCanonica(calcola(candidati));
    expect(testo.startsWith('{"dataChiusura":"2026-03-12","dataRiferimento":"2026-03-12","esclusi":[{"iscrittoId":"c","motivi":[{"atteso":"disoccupato"')).toBe(
      true,
    );
    expect(JSON.parse(testo)).toEqual(JSON.parse(JSON.stringify(calcola(candidati))));
    const conFloat = { ...calcola(candidati), idonei: [{ ...calcola(candidati).idonei[0], punteggio: 1.5 }] } as Graduatoria;
    expect(() => formaCanonica(conFloat)).toThrow(/non intero/);
    const conIndice = { ...calcola(candidati), extra: { '12': 1 } } as unknown as Graduatoria;
    expect(() => formaCanonica(conIndice)).toThrow(/chiave numerica/);
    const conProto = { ...calcola(candidati), extra: JSON.parse('{"b":1,"__proto__":2}') } as unknown as Graduatoria;
    expect(formaCanonica(conProto)).toContain('"extra":{"__proto__":2,"b":1}');
  });

  it('gives the same hash for the same applicants in any order, another for any changed input', () => {
    const h = hashGraduatoria(calcola(candidati));
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashGraduatoria(calcola([...candidati].reverse()))).toBe(h);
    expect(hashGraduatoria(calcola([candidati[2], candidati[4], candidati[0], candidati[3], candidati[1]]))).toBe(h);
    // One cent of ISEE: same points (same €500 step) but a different recorded input.
    const cambiato = candidati.map((c) => (c.id === 'b' ? { ...c, iseeCent: (c.iseeCent as number) + 1 } : c));
    expect(hashGraduatoria(calcola(cambiato))).not.toBe(h);
    expect(hashGraduatoria(calcolaGraduatoria({ offerta: off, regole: REGOLE_PIEMONTE_2023, dataRiferimento: '2026-03-13', candidati }))).not.toBe(h);
  });
});

describe('20,000 applicants', () => {
  /** Deterministic pseudo-random applicants (LCG), many ties on the total. */
  function generati(n: number): Iscritto[] {
    let s = 12345;
    const rnd = (m: number) => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s % m;
    };
    const data = (annoDa: number, anni: number) => `${annoDa + rnd(anni)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;
    const out: Iscritto[] = [];
    for (let i = 0; i < n; i++) {
      const art18 = rnd(20) === 0;
      out.push(
        iscritto(`isc-${String(i).padStart(6, '0')}`, {
          categoria: art18 ? 'art18' : 'art1',
          percentualeInvalidita: art18 ? undefined : 46 + rnd(55),
          dataIscrizione: data(2018, 9),
          statoOccupazionale: rnd(10) === 0 ? 'occupato' : 'disoccupato',
          iseeCent: rnd(5) === 0 ? undefined : rnd(6_000_000),
          familiariACarico: rnd(4),
          competenze: rnd(2) ? ['C-WORD', 'C-EXCEL'] : ['C-EXCEL'],
          compatibilita: { mansioniCompatibili: rnd(15) ? ['M-ARCH', 'M-TEL'] : ['M-ARCH'], mansioniIncompatibili: [], note: '' },
          dataNascita: data(1965, 40),
        }),
      );
    }
    return out;
  }

  it('ranks every eligible applicant in the published total order, independent of input order', () => {
    const candidati = generati(20_000);
    const g = calcolaGraduatoria({ offerta: off, regole: REGOLE_PIEMONTE_2023, dataRiferimento: RIF, candidati });
    expect(g.idonei.length + g.esclusi.length).toBe(20_000);
    expect(g.idonei.length).toBeGreaterThan(10_000);
    // Many equal totals, so the tie-break chain is exercised.
    expect(g.idonei.filter((v, p) => p > 0 && g.idonei[p - 1].punteggio === v.punteggio).length).toBeGreaterThan(1_000);
    const per = new Map(candidati.map((c) => [c.id, c]));
    let rotti = 0;
    for (let p = 0; p < g.idonei.length; p++) {
      const v = g.idonei[p];
      if (v.posizione !== p + 1) rotti++;
      if (p === 0) continue;
      const u = g.idonei[p - 1];
      const a = per.get(u.iscrittoId) as Iscritto;
      const b = per.get(v.iscrittoId) as Iscritto;
      const ordinati =
        u.punteggio > v.punteggio ||
        (u.punteggio === v.punteggio &&
          (a.dataIscrizione < b.dataIscrizione ||
            (a.dataIscrizione === b.dataIscrizione && (a.dataNascita > b.dataNascita || (a.dataNascita === b.dataNascita && a.id < b.id)))));
      if (!ordinati) rotti++;
    }
    expect(rotti).toBe(0);
    expect(g.esclusi.every((e, i) => i === 0 || g.esclusi[i - 1].iscrittoId < e.iscrittoId)).toBe(true);
    const mescolati = [...candidati].sort((x, y) => (x.dataNascita < y.dataNascita ? -1 : x.dataNascita > y.dataNascita ? 1 : x.id < y.id ? 1 : -1));
    expect(hashGraduatoria(calcolaGraduatoria({ offerta: off, regole: REGOLE_PIEMONTE_2023, dataRiferimento: RIF, candidati: mescolati }))).toBe(
      hashGraduatoria(g),
    );
  });
});
