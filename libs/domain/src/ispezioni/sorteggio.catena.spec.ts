import { IMPEGNO, NOVEMBRE, V1, input } from './__fixtures__/sorteggio';
import { TrascrizioneManuale, TrascrizioneSorteggio } from './ispezioni.types';
import { sorteggia } from './sorteggio';
import {
  AnelloCatena,
  AnelloIspettorato,
  GENESI_CATENA,
  canonicalJson,
  hashTrascrizione,
  verificaCatena,
  verificaCatenaIspettorato,
  verificaRegistrazioni,
} from './sorteggio.catena';
import { PeriodoPubblicato } from './sorteggio.verifica';

describe('hash chain of transcripts', () => {
  function chain(n: number): Array<AnelloCatena & { trascrizione: TrascrizioneSorteggio }> {
    let prevHash = GENESI_CATENA;
    return Array.from({ length: n }, (_, i) => {
      const trascrizione = sorteggia(input(V1, { richiestaId: `RIC-${i}` }));
      const hash = hashTrascrizione(prevHash, trascrizione);
      const row = { trascrizione, prevHash, hash };
      prevHash = hash;
      return row;
    });
  }

  it('canonical JSON ignores key order and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null, u: undefined } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('accepts an untouched chain', () => {
    expect(verificaCatena(chain(5))).toEqual({ valido: true, verificate: 5 });
  });

  it('detects an edited transcript, even in a field the draw does not use', () => {
    const rows = chain(5);
    rows[2].trascrizione.esclusi = [];
    expect(verificaCatena(rows)).toMatchObject({ valido: false, primaRotta: 2, verificate: 2, motivo: expect.stringMatching(/modificata/) });
  });

  it('detects a removed transcript', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verificaCatena(rows)).toMatchObject({ valido: false, primaRotta: 1, motivo: expect.stringMatching(/rimossa/) });
  });

  it('detects reordered transcripts and a re-hashed one whose successor still points at the old hash', () => {
    const swapped = chain(4);
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    expect(verificaCatena(swapped)).toMatchObject({ valido: false, primaRotta: 1 });
    const rehashed = chain(4);
    rehashed[1].trascrizione.estrazione.scelto = 'ISP-PA-001';
    rehashed[1].hash = hashTrascrizione(rehashed[1].prevHash, rehashed[1].trascrizione);
    expect(verificaCatena(rehashed)).toMatchObject({ valido: false, primaRotta: 2 });
  });

  it('continues from a given start hash', () => {
    const rows = chain(3);
    expect(verificaCatena(rows.slice(1), rows[0].hash)).toEqual({ valido: true, verificate: 2 });
    expect(verificaCatena(rows.slice(1))).toMatchObject({ valido: false, primaRotta: 0 });
  });
});

describe('verificaCatenaIspettorato', () => {
  const DICEMBRE: PeriodoPubblicato = {
    periodo: '2026-12',
    inizio: '2026-11-30T23:00:00.000Z',
    fine: '2026-12-31T23:00:00.000Z',
    pubblicatoIl: '2026-11-23T00:00:00.000Z',
    rivelatoIl: null,
  };
  const manuale = (n: number, registratoIl: string): TrascrizioneManuale => ({
    tipo: 'manuale',
    ispettorato: 'ITL-PA',
    periodo: '2026-12',
    richiestaId: `RIC-${n}`,
    tentativo: 1,
    ispettoreId: 'ISP-PA-001',
    motivo: 'assenza prolungata',
    propostaDa: 'resp.verdi',
    propostaIl: registratoIl,
    approvataDa: 'dir.rossi',
    approvataIl: registratoIl,
    regoleVerificate: ['territorio'],
    derogaRotazione: null,
    registratoIl,
  });
  /** Three November draws, the reveal (head at 3), two December entries (a draw and a manual assignment). */
  function catena(): { rows: AnelloIspettorato[]; periodi: PeriodoPubblicato[] } {
    const tempi = ['2026-11-05T09:00:00.000Z', '2026-11-12T09:00:00.000Z', '2026-11-23T09:00:00.000Z'];
    const tr = [
      ...tempi.map((registratoIl, i) => sorteggia({ ...input(V1), richiestaId: `RIC-${i + 1}`, registratoIl })),
      sorteggia({ ...input(V1), periodo: '2026-12', richiestaId: 'RIC-4', registratoIl: '2026-12-02T09:00:00.000Z' }),
      manuale(5, '2026-12-03T09:00:00.000Z'),
    ];
    let prev = GENESI_CATENA;
    const rows = tr.map((trascrizione, i) => {
      const hash = hashTrascrizione(prev, trascrizione);
      const r = { n: i + 1, trascrizione, prevHash: prev, hash, registratoIl: trascrizione.registratoIl };
      prev = hash;
      return r;
    });
    return { rows, periodi: [{ ...NOVEMBRE, testaCatena: { n: 3, hash: rows[2].hash } }, DICEMBRE] };
  }

  /** Rewrites history: edits the draw at position 2 and re-hashes the chain from it, so every link is consistent again. */
  function riscrivi(rows: AnelloIspettorato[]): void {
    (rows[1].trascrizione as TrascrizioneSorteggio).estrazione.scelto = 'ISP-PA-003';
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      r.prevHash = prev;
      r.hash = hashTrascrizione(prev, r.trascrizione);
      prev = r.hash;
    }
  }

  it('accepts an untouched chain with its published heads, manual assignments included', () => {
    const { rows, periodi } = catena();
    expect(verificaCatenaIspettorato(rows, periodi)).toEqual({ valido: true, trascrizioni: 5, problemi: [] });
  });

  it('detects a deleted tail that a shorter chain alone would hide', () => {
    const { rows, periodi } = catena();
    expect(verificaCatenaIspettorato(rows.slice(0, 2), periodi).problemi).toEqual([
      { motivo: 'la testa pubblicata alla rivelazione del periodo 2026-11 è alla posizione 3, ma la catena ha 2 trascrizioni: ne mancano in coda' },
    ]);
  });

  it('detects a chain re-hashed from an edited row onwards (its links are consistent, the published head is not)', () => {
    const { rows, periodi } = catena();
    riscrivi(rows);
    expect(verificaCatenaIspettorato(rows, periodi).problemi).toEqual([
      { n: 3, motivo: "alla posizione 3 la catena non ha l'hash pubblicato alla rivelazione del periodo 2026-11: è stata riscritta" },
    ]);
  });

  it('detects a forged draw appended after the reveal with the revealed secret, backdated or not', () => {
    for (const registratoIl of ['2026-12-05T09:00:00.000Z', '2026-11-28T09:00:00.000Z']) {
      const { rows, periodi } = catena();
      const forged = sorteggia({ ...input(V1), richiestaId: 'RIC-99', registratoIl });
      const last = rows[rows.length - 1];
      rows.push({ n: 6, trascrizione: forged, prevHash: last.hash, hash: hashTrascrizione(last.hash, forged), registratoIl });
      const problemi = verificaCatenaIspettorato(rows, periodi).problemi.map((p) => `${p.n}: ${p.motivo}`);
      expect(problemi).toContainEqual(expect.stringMatching(/^6: la trascrizione è alla posizione 6 della catena, dopo la testa pubblicata/));
    }
  });

  describe('against what the audit trail recorded, and the requests against their transcripts', () => {
    const registrazioni = (rows: AnelloIspettorato[], periodi: PeriodoPubblicato[]) => ({
      trascrizioni: rows.map((r) => ({ n: r.n, hash: r.hash })),
      periodi: periodi.map((p) => ({ periodo: p.periodo, impegno: IMPEGNO, ...(p.testaCatena ? { testaCatena: p.testaCatena } : {}) })),
    });
    const conImpegno = (periodi: PeriodoPubblicato[]) => periodi.map((p) => ({ ...p, impegno: IMPEGNO }));
    const richieste = (rows: AnelloIspettorato[]) =>
      rows.map((r) => ({
        id: (r.trascrizione as { richiestaId: string }).richiestaId,
        tentativo: r.trascrizione.tentativo,
        ispettoreId: (r.trascrizione as TrascrizioneSorteggio).estrazione?.scelto ?? (r.trascrizione as TrascrizioneManuale).ispettoreId,
      }));

    it('agrees when nothing was touched', () => {
      const { rows, periodi } = catena();
      expect(verificaRegistrazioni(rows, conImpegno(periodi), registrazioni(rows, periodi), richieste(rows))).toEqual([]);
    });

    it('catches a chain re-hashed with its published head rewritten too, and a head or commitment swapped', () => {
      const { rows, periodi } = catena();
      const rec = registrazioni(rows, periodi);
      riscrivi(rows);
      periodi[0].testaCatena = { n: 3, hash: rows[2].hash };
      expect(verificaCatenaIspettorato(rows, periodi).valido).toBe(true); // the chain alone is fooled...
      const problemi = verificaRegistrazioni(rows, conImpegno(periodi), rec).map((p) => p.motivo);
      expect(problemi).toContain("la trascrizione 2 non ha l'hash registrato nel registro degli eventi: la catena è stata riscritta");
      expect(problemi).toContain('la testa della catena del periodo 2026-11 non è quella registrata alla rivelazione');
      expect(
        verificaRegistrazioni(rows, [{ ...conImpegno(periodi)[0], impegno: 'f'.repeat(64) }], { trascrizioni: [], periodi: rec.periodi.slice(0, 1) }).map(
          (p) => p.motivo,
        ),
      ).toContain("l'impegno del periodo 2026-11 non è quello pubblicato e registrato");
    });

    it('catches the newest transcripts deleted (no head covers them yet), an insert outside the procedure, and a request reassigned in the table', () => {
      const { rows, periodi } = catena();
      const rec = registrazioni(rows, periodi);
      const req = richieste(rows);
      expect(verificaRegistrazioni(rows.slice(0, 4), conImpegno(periodi), rec, req).map((p) => p.motivo)).toEqual([
        'la trascrizione 5, registrata nel registro degli eventi, manca dalla catena',
        'la richiesta RIC-5 è al tentativo 1 ma nella catena mancano le trascrizioni dei tentativi 1',
      ]);
      expect(verificaRegistrazioni(rows, conImpegno(periodi), { ...rec, trascrizioni: rec.trascrizioni.slice(0, 4) })).toEqual([
        { n: 5, motivo: 'la trascrizione 5 non risulta dal registro degli eventi: è stata aggiunta fuori dalla procedura' },
      ]);
      const spostata = req.map((q, k) => (k === 0 ? { ...q, ispettoreId: 'ISP-PA-002' } : q));
      expect(verificaRegistrazioni(rows, conImpegno(periodi), rec, spostata)[0].motivo).toMatch(
        /^la richiesta RIC-1 risulta assegnata a ISP-PA-002, la trascrizione del tentativo 1 a ISP-PA-003$/,
      );
    });
  });

  it('detects a gap in the numbering, a recording time going back, and a draw of an unknown period', () => {
    const { rows, periodi } = catena();
    rows[4].n = 7;
    const r = verificaCatenaIspettorato(rows, periodi);
    expect(r.problemi).toEqual([{ n: 7, motivo: 'posizione 7 dove era attesa 5: la numerazione della catena ha un salto' }]);
    const back = catena();
    back.rows[3].registratoIl = '2026-11-01T00:00:00.000Z';
    expect(verificaCatenaIspettorato(back.rows, back.periodi).problemi.map((p) => p.motivo)).toContainEqual(
      expect.stringMatching(/prima della trascrizione che la precede/),
    );
    const ignoto = catena();
    expect(verificaCatenaIspettorato(ignoto.rows, [ignoto.periodi[0]]).problemi).toEqual([
      { n: 4, motivo: 'il periodo "2026-12" non è tra quelli pubblicati dall\'ispettorato' },
    ]);
  });
});
