import {
  CATALOGO_REGOLE_GRADUATORIA,
  REGOLE_NAZIONALE_ESEMPIO,
  REGOLE_PIEMONTE_2023,
  RegoleGraduatoria,
  regoleGraduatoriaPerData,
  regoleGraduatoriaPerVersione,
  verificaRegole,
} from './graduatoria.regole';

describe('ranking rule packs', () => {
  it('Piemonte DGR 7-6435/2023: the documented values, in hundredths of a point', () => {
    const c = REGOLE_PIEMONTE_2023.criteri;
    expect(c.invalidita).toMatchObject({ puntiPerPunto: 100, tetto: 10_000 });
    expect(c.anzianita).toMatchObject({ puntiPerMese: 200, tetto: 4_800, oltre: { mesi: 24, punti: 5_000 } });
    expect(c.isee).toMatchObject({ tipo: 'decrescente', puntiMassimi: 5_000, decremento: 50, passoCent: 50_000 });
    expect(REGOLE_PIEMONTE_2023.spareggi).toEqual(['iscrizione-meno-recente', 'piu-giovane']);
    expect(REGOLE_PIEMONTE_2023.citazione).toContain('7-6435');
    expect(REGOLE_PIEMONTE_2023.citazione).toContain('configured example');
    expect(REGOLE_NAZIONALE_ESEMPIO.citazione).toContain('configured example');
  });

  it('every shipped pack is valid, frozen and has a unique version', () => {
    for (const r of CATALOGO_REGOLE_GRADUATORIA) expect(verificaRegole(r)).toEqual([]);
    expect(new Set(CATALOGO_REGOLE_GRADUATORIA.map((r) => r.versione)).size).toBe(CATALOGO_REGOLE_GRADUATORIA.length);
    expect(Object.isFrozen(REGOLE_PIEMONTE_2023.criteri.anzianita)).toBe(true);
    expect(() => {
      (REGOLE_PIEMONTE_2023.criteri.invalidita as { tetto: number }).tetto = 1;
    }).toThrow(TypeError);
  });

  it('picks the pack in force on a date, from its first day', () => {
    expect(regoleGraduatoriaPerData('piemonte', '2023-01-22')).toBeUndefined();
    expect(regoleGraduatoriaPerData('piemonte', '2023-01-23')).toBe(REGOLE_PIEMONTE_2023);
    expect(regoleGraduatoriaPerData('piemonte', '2030-06-01')).toBe(REGOLE_PIEMONTE_2023);
    expect(regoleGraduatoriaPerData('toscana', '2030-06-01')).toBeUndefined();
    expect(() => regoleGraduatoriaPerData('piemonte', '2023-02-30')).toThrow();

    const v2: RegoleGraduatoria = { ...REGOLE_PIEMONTE_2023, versione: 'piemonte/2', validoDal: '2025-01-01' };
    const catalogo = [REGOLE_PIEMONTE_2023, v2, REGOLE_NAZIONALE_ESEMPIO];
    expect(regoleGraduatoriaPerData('piemonte', '2024-12-31', catalogo)).toBe(REGOLE_PIEMONTE_2023);
    expect(regoleGraduatoriaPerData('piemonte', '2025-01-01', catalogo)).toBe(v2);
    expect(() => regoleGraduatoriaPerData('piemonte', '2025-01-01', [v2, { ...v2, versione: 'piemonte/3' }])).toThrow(/due versioni/);
  });

  it('finds a pack by version', () => {
    expect(regoleGraduatoriaPerVersione('piemonte-dgr-7-6435-2023/1')).toBe(REGOLE_PIEMONTE_2023);
    expect(regoleGraduatoriaPerVersione('nazionale-dpr-333-2000-esempio/1')).toBe(REGOLE_NAZIONALE_ESEMPIO);
    expect(regoleGraduatoriaPerVersione('nessuna')).toBeUndefined();
  });

  it('verificaRegole lists every problem of a broken pack', () => {
    const rotto = {
      ...REGOLE_NAZIONALE_ESEMPIO,
      versione: '',
      validoDal: '2025-13-01',
      criteri: {
        ...REGOLE_NAZIONALE_ESEMPIO.criteri,
        invalidita: { puntiPerPunto: 0.5, tetto: 5000, fonte: 'x' },
        isee: {
          tipo: 'fasce',
          fasce: [
            { finoACent: 1000, punti: 10 },
            { finoACent: 500, punti: 5 },
            { finoACent: 9000, punti: 0 },
          ],
          senzaIsee: 0,
          fonte: 'x',
        },
      },
      spareggi: ['piu-giovane', 'piu-giovane', 'a-caso'],
      idoneita: { mansioniNonValutate: 'forse' },
    } as unknown as RegoleGraduatoria;
    const p = verificaRegole(rotto);
    expect(p).toEqual(
      expect.arrayContaining([
        'versione mancante',
        expect.stringContaining('validoDal'),
        expect.stringContaining('invalidita.puntiPerPunto'),
        'isee.fasce: i limiti devono essere crescenti',
        expect.stringContaining('ultima fascia'),
        'spareggio sconosciuto "a-caso"',
        'spareggi ripetuti',
        expect.stringContaining('mansioniNonValutate'),
      ]),
    );
    const senzaPasso = {
      ...REGOLE_PIEMONTE_2023,
      criteri: { ...REGOLE_PIEMONTE_2023.criteri, isee: { ...REGOLE_PIEMONTE_2023.criteri.isee, passoCent: 0 } },
    } as RegoleGraduatoria;
    expect(verificaRegole(senzaPasso)).toEqual([expect.stringContaining('isee.passoCent')]);
  });
});
