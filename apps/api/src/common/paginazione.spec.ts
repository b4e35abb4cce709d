import { ProblemException } from './problem';
import { INTERO_PG_MAX, leggiCursoreIstante, leggiCursoreNumero, leggiCursoreNumeroId, pagina, scriviCursoreChiave } from './paginazione';

const ID = '6f1c2a4e-8b0d-4c51-9a3e-2f7d1b5c9e10';
const IL = '2027-01-31T09:15:02.123456Z';
const cursore = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The 400 a cursor gets, as the problem+json says it: its field and rule. */
function rifiuto(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof ProblemException) return { status: e.status, campi: e.errors?.map((x) => `${x.field}:${x.rule}`) };
    return e;
  }
  return 'accettato';
}
const RIFIUTATO = { status: 400, campi: ['dopo:cursore'] };

describe('cursors', () => {
  it('reads back the key it wrote: time to the microsecond and id, a number, a number and id', () => {
    expect(leggiCursoreIstante(scriviCursoreChiave([IL, ID]))).toEqual({ il: IL, id: ID });
    expect(leggiCursoreIstante(scriviCursoreChiave([IL, ID.toUpperCase()]))).toEqual({ il: IL, id: ID });
    expect(leggiCursoreNumero(scriviCursoreChiave([42]))).toBe(42);
    expect(leggiCursoreNumeroId(scriviCursoreChiave([2027, ID]))).toEqual({ n: 2027, id: ID });
  });

  it('answers 400 naming `dopo` to anything it did not write, never passing it to the database', () => {
    const malformati = [
      'x',
      '!!!',
      Buffer.from('non json').toString('base64url'),
      cursore({ il: IL, id: ID }),
      cursore([IL]),
      cursore([IL, ID, 'in più']),
      cursore(['2027-01-31T09:15:02.123Z', ID]), // milliseconds only: not a key this API writes
      cursore(['2027-02-30T09:15:02.123456Z', ID]), // no 30 February
      cursore(['2027-01-31T25:15:02.123456Z', ID]),
      cursore([IL, 'non-un-uuid']),
      cursore([IL, '------------------------------------']),
      cursore([1_700_000_000_000, ID]),
      cursore([null, ID]),
      cursore(['0000-01-01T00:00:00.000000Z', ID]), // year 0: PostgreSQL refuses it
    ];
    for (const c of malformati) expect([c, rifiuto(() => leggiCursoreIstante(c))]).toEqual([c, RIFIUTATO]);
    for (const c of [cursore([-1]), cursore([1.5]), cursore(['12']), cursore([2 ** 60]), cursore([IL, ID])])
      expect([c, rifiuto(() => leggiCursoreNumero(c))]).toEqual([c, RIFIUTATO]);
    for (const c of [cursore([2027]), cursore(['2027', ID]), cursore([2027, 'x']), cursore([2 ** 31, ID]), cursore([-(2 ** 31), ID])])
      expect([c, rifiuto(() => leggiCursoreNumeroId(c))]).toEqual([c, RIFIUTATO]);
    // An attempt's number is a PostgreSQL integer: past its range, refused; the audit trail's ids (bigint) are not.
    expect(rifiuto(() => leggiCursoreNumero(cursore([2 ** 31]), INTERO_PG_MAX))).toEqual(RIFIUTATO);
    expect(leggiCursoreNumero(cursore([INTERO_PG_MAX]), INTERO_PG_MAX)).toBe(INTERO_PG_MAX);
    expect(leggiCursoreNumero(cursore([2 ** 40]))).toBe(2 ** 40);
    expect(leggiCursoreNumeroId(cursore([-(2 ** 31) + 1, ID]))).toEqual({ n: -(2 ** 31) + 1, id: ID });
  });

  it('cuts a page and names the next one by its last item, only when more follow', () => {
    const righe = [1, 2, 3, 4].map((n) => ({ n }));
    expect(pagina(righe, 3, (r) => [r.n])).toEqual({ elementi: righe.slice(0, 3), successivo: scriviCursoreChiave([3]) });
    expect(pagina(righe, 4, (r) => [r.n])).toEqual({ elementi: righe });
    expect(pagina([], 4, () => [0])).toEqual({ elementi: [] });
  });
});
