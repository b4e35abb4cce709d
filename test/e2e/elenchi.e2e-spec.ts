import { Client as Pg } from 'pg';
import { QUERY_AUDIT } from '../../libs/infrastructure/src/audit/audit.repository';
import { QUERY_OFFERTE } from '../../libs/infrastructure/src/collocamento/offerte.repository';
import { QUERY_PIANI } from '../../libs/infrastructure/src/cronoprogramma/piani.repository';
import { QUERY_RICHIESTE } from '../../libs/infrastructure/src/ispezioni/richieste.repository';
import { QUERY_NOTIFICHE, type Destinatario } from '../../libs/infrastructure/src/notifications/notifiche.repository';
import { type QuerySql, istanteEsatto } from '../../libs/infrastructure/src/persistence/keyset';
import { QUERY_PRATICHE } from '../../libs/infrastructure/src/pratiche/pratiche.repository';
import { QUERY_TIROCINI } from '../../libs/infrastructure/src/tirocini/tirocini.repository';
import { codiceOrganizzazione, semina } from '../support/elenchi';
import { config, sql } from '../support/services';
import { dati, Stack } from '../support/stack';

jest.setTimeout(600_000);

/**
 * The lists paged by cursor (keyset): at 100,000 rows each list's first page and a page deep in the list read their
 * scope's index from where the previous page ended, with no sequential scan (and, where the scope is an office or an
 * inspectorate, already in the list's order: no sort); the cursor walks every row exactly once, ties in time and
 * rows of the same millisecond included; through the API the cursor is opaque, checked (a malformed one is a 400
 * naming `dopo`) and never lets a caller out of their scope.
 */

/** The schema's administrator on the test database: seeds with foreign keys and triggers off, explains, rolls back. */
async function amministratore(): Promise<Pg> {
  const db = new URL(config.DATABASE_URL);
  const admin = new URL(process.env.DATABASE_ADMIN_URL ?? `postgres://postgres@${db.host}/postgres`);
  admin.pathname = db.pathname;
  const pg = new Pg({ connectionString: admin.toString() });
  await pg.connect();
  return pg;
}

/** Runs `fn` in a transaction rolled back at the end, with rows seeded under `prefisso`. */
async function conSeme(prefisso: string, n: number, fn: (pg: Pg) => Promise<void>): Promise<void> {
  const pg = await amministratore();
  try {
    await pg.query('BEGIN');
    await pg.query('SET LOCAL session_replication_role = replica');
    await semina(pg, { prefisso, n });
    await fn(pg);
  } finally {
    await pg.query('ROLLBACK').catch(() => undefined);
    await pg.end();
  }
}

type Nodo = Record<string, unknown>;
/** Every plan node, depth first. */
const nodi = (n: Nodo): Nodo[] => [n, ...((n.Plans as Nodo[] | undefined) ?? []).flatMap(nodi)];
const piano = async (pg: Pg, q: QuerySql): Promise<Nodo[]> => {
  const [{ 'QUERY PLAN': p }] = (await pg.query(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values)).rows;
  return nodi(p[0].Plan);
};
const descrivi = (x: Nodo) => `${x['Node Type']}${x['Relation Name'] ? ` ${x['Relation Name']}` : ''}${x['Index Name'] ? ` (${x['Index Name']})` : ''}`;

/** The stack (its start migrates the database the seeds go into), for the calls through the API at the end. */
const stack = new Stack();
beforeAll(() => stack.start());
afterAll(() => stack.stop());

/** The tables the lists read: each grows with every case of every office. */
const GRANDI = ['tirocini', 'pratiche', 'cm_offerte', 'richieste_intervento', 'piani', 'notifiche', 'audit_log', 'sorteggi', 'tir_soggetti', 'cm_datori'];
const UUID_ZERO = '00000000-0000-0000-0000-000000000000';

describe('the lists at 100,000 rows', () => {
  it('read the first page and a page deep in the list by index, from where the previous page ended, with no sequential scan', async () => {
    await conSeme('SEME', 100_000, async (pg) => {
      /** The key of the row `k` rows into a list (as its cursor would carry it): where a deep page starts. */
      const chiave = async (tabella: string, colonna: string, dove: string, valori: unknown[], k: number) => {
        const [r] = (
          await pg.query(
            `SELECT ${istanteEsatto(colonna)} AS il, id FROM ${tabella} WHERE ${dove} ORDER BY ${colonna} DESC, id DESC OFFSET ${k} LIMIT 1`,
            valori,
          )
        ).rows;
        return r as { il: string; id: string };
      };
      const uff = 'SEME-0';
      const tir = await chiave('tirocini', 'creato_il', 'ufficio = $1', [uff], 25_000);
      const pra = await chiave('pratiche', 'creata_il', 'ufficio = $1', [uff], 25_000);
      const off = await chiave('cm_offerte', 'richiesta_il', 'ufficio = $1', [uff], 25_000);
      const ric = await chiave('richieste_intervento', 'registrata_il', 'ispettorato = $1', [uff], 25_000);
      const noti = await chiave('notifiche', 'creata_il', 'ufficio = $1', [uff], 25_000);
      const [{ id: promotore }] = (await pg.query(`SELECT id FROM tir_soggetti WHERE codice_fiscale = $1`, [codiceOrganizzazione('SEME', 42)])).rows;
      const [{ id: audit }] = (await pg.query(`SELECT id FROM audit_log WHERE ufficio = $1 ORDER BY id OFFSET 25000 LIMIT 1`, [uff])).rows;
      const staff: Destinatario = { sub: 'utente-7', roles: ['responsabile', 'operatore'], office: uff };
      const esterno: Destinatario = { sub: 'osp.42', roles: ['ospitante'], office: uff, soggetto: codiceOrganizzazione('SEME', 42) };
      // As the services ask: a page of `limite` + 1 (the one more says whether a next page exists).
      // `ordinato`: the scope is one index's prefix, so the rows come in the list's order (no sort at all); the others
      // (an organisation, an employer, an inspector, one office's plans) read their own rows by index and sort them.
      // `rami`: the notices, one branch per recipient: each branch is cut at the page's size (its own Limit), so no
      // sort or merge ever takes a recipient's rows whole; a branch of few rows may be read by bitmap and sorted.
      const casi: Array<[string, QuerySql | null, { ordinato: boolean; rami?: boolean }]> = [
        ['tirocini, office', QUERY_TIROCINI.pagina({ uffici: [uff] }, { limit: 51 }), { ordinato: true }],
        ['tirocini, office, deep', QUERY_TIROCINI.pagina({ uffici: [uff] }, { limit: 51, dopo: tir }), { ordinato: true }],
        ['tirocini, office, its total', QUERY_TIROCINI.totale({ uffici: [uff] }), { ordinato: true }],
        ['tirocini, office and state', QUERY_TIROCINI.pagina({ uffici: [uff], stato: 'inviata' }, { limit: 51 }), { ordinato: true }],
        ['tirocini, office and state, deep', QUERY_TIROCINI.pagina({ uffici: [uff], stato: 'attiva' }, { limit: 51, dopo: tir }), { ordinato: true }],
        ['tirocini, every office, deep', QUERY_TIROCINI.pagina({}, { limit: 51, dopo: tir }), { ordinato: true }],
        [
          'tirocini, a promotore',
          QUERY_TIROCINI.pagina({ uffici: [uff], parte: { soggetti: [promotore], come: ['promotore'] } }, { limit: 51 }),
          { ordinato: false },
        ],
        [
          'tirocini, an organisation on both sides, deep',
          QUERY_TIROCINI.pagina({ uffici: [uff], parte: { soggetti: [promotore], come: ['promotore', 'ospitante'] } }, { limit: 51, dopo: tir }),
          { ordinato: false },
        ],
        ['pratiche, office', QUERY_PRATICHE.pagina({ ufficio: uff }, 201), { ordinato: true }],
        ['pratiche, office, deep', QUERY_PRATICHE.pagina({ ufficio: uff, dopo: pra }, 201), { ordinato: true }],
        ['pratiche, office and state, deep', QUERY_PRATICHE.pagina({ ufficio: uff, stato: 'inviata', dopo: pra }, 201), { ordinato: true }],
        ['offerte, office', QUERY_OFFERTE.pagina({ uffici: [uff] }, 201), { ordinato: true }],
        ['offerte, office, deep', QUERY_OFFERTE.pagina({ uffici: [uff], dopo: off }, 201), { ordinato: true }],
        ['offerte, every office, deep', QUERY_OFFERTE.pagina({ dopo: off }, 201), { ordinato: true }],
        ['offerte, an employer', QUERY_OFFERTE.pagina({ uffici: [uff], datoreCodiceFiscale: codiceOrganizzazione('SEME', 42) }, 201), { ordinato: false }],
        ['richieste, inspectorate', QUERY_RICHIESTE.pagina({ ispettorato: uff }, 201), { ordinato: true }],
        ['richieste, inspectorate, deep', QUERY_RICHIESTE.pagina({ ispettorato: uff, dopo: ric }, 201), { ordinato: true }],
        ['richieste, an inspector, deep', QUERY_RICHIESTE.pagina({ ispettoreId: 'SEME-isp-42', dopo: ric }, 201), { ordinato: false }],
        ['piani, an office', QUERY_PIANI.pagina({ ufficio: 'SEME-7' }, 201), { ordinato: false }],
        ['piani, every office, deep', QUERY_PIANI.pagina({ dopo: { anno: 1050, id: UUID_ZERO } }, 201), { ordinato: true }],
        ['notifiche, staff', QUERY_NOTIFICHE.pagina(staff, {}, 201), { ordinato: false, rami: true }],
        ['notifiche, staff, deep', QUERY_NOTIFICHE.pagina(staff, { dopo: noti }, 201), { ordinato: false, rami: true }],
        ['notifiche, an organisation, deep', QUERY_NOTIFICHE.pagina(esterno, { dopo: noti }, 201), { ordinato: false, rami: true }],
        ['audit, office', QUERY_AUDIT.pagina({ ufficio: uff }, 501), { ordinato: true }],
        ['audit, office, deep', QUERY_AUDIT.pagina({ ufficio: uff, dopoId: Number(audit) }, 501), { ordinato: true }],
        ['audit, office and kind, deep', QUERY_AUDIT.pagina({ ufficio: uff, entita: 'piano', dopoId: Number(audit) }, 501), { ordinato: true }],
        ['audit, an entity', QUERY_AUDIT.pagina({ ufficio: uff, entita: 'tirocinio', entitaId: 'x' }, 501), { ordinato: true }],
      ];
      const letture: string[] = [];
      const problemi: string[] = [];
      for (const [nome, q, { ordinato, rami }] of casi) {
        expect([nome, q]).toEqual([nome, expect.anything()]);
        const tutti = await piano(pg, q!);
        if (rami) {
          const unioni = tutti.filter((x) => /Append$/.test(x['Node Type'] as string));
          if (!unioni.length) problemi.push(`${nome}: no branches`);
          for (const u of unioni)
            for (const ramo of (u.Plans as Nodo[]) ?? [])
              if (!nodi(ramo).some((x) => x['Node Type'] === 'Limit')) problemi.push(`${nome}: a branch without its Limit (${descrivi(ramo)})`);
          for (const x of tutti)
            if (x['Node Type'] === 'Sort' && nodi(x).some((y) => /Append$/.test(y['Node Type'] as string))) problemi.push(`${nome}: sorts the branches whole`);
        }
        letture.push(
          `  ${nome}: ${tutti
            .filter((x) => x['Relation Name'] || x['Index Name'] || x['Node Type'] === 'Sort')
            .map(descrivi)
            .join('; ')}`,
        );
        for (const x of tutti) {
          if (x['Node Type'] === 'Seq Scan' && GRANDI.includes(x['Relation Name'] as string)) problemi.push(`${nome}: ${descrivi(x)}`);
          if (ordinato && x['Node Type'] === 'Sort') problemi.push(`${nome}: sorts (${JSON.stringify(x['Sort Key'])})`);
        }
        if (!tutti.some((x) => /^(Index Scan|Index Only Scan|Bitmap Index Scan)$/.test(x['Node Type'] as string))) problemi.push(`${nome}: reads no index`);
      }
      console.log(`The lists' plans at 100,000 rows:\n${letture.join('\n')}`);
      expect(problemi).toEqual([]);
    });
  });
});

describe('the cursor', () => {
  it('walks every row of each list exactly once, a few at a time, ties in time and rows of one millisecond included', async () => {
    await conSeme('PASSO', 1_200, async (pg) => {
      const righe = async (q: QuerySql | null) => (q ? (await pg.query(q.text, q.values)).rows : []);
      /** Every page of `limite` from the start, each after the previous page's last key; the ids in order. */
      async function cammina<F>(
        pagina: (dopo: F | undefined, limite: number) => QuerySql | null,
        chiave: (r: Record<string, unknown>) => F,
        limite = 7,
      ): Promise<string[]> {
        const visti: string[] = [];
        let dopo: F | undefined;
        for (let giri = 0; giri < 10_000; giri++) {
          const r = await righe(pagina(dopo, limite + 1));
          visti.push(...r.slice(0, limite).map((x) => String(x.id)));
          if (r.length <= limite) return visti;
          dopo = chiave(r[limite - 1]);
        }
        throw new Error('the walk does not end');
      }
      const istante = (r: Record<string, unknown>) => ({ il: r.istante as string, id: r.id as string });
      /** The same list read whole, with its order spelled out independently of the query under test. */
      const tutti = async (sql: string, valori: unknown[]) => (await pg.query(sql, valori)).rows.map((r) => String(r.id));
      const uff = 'PASSO-0';
      const staff: Destinatario = { sub: 'utente-7', roles: ['responsabile', 'operatore'], office: uff };
      const esterno: Destinatario = { sub: 'utente-9', roles: ['ospitante'], office: uff, soggetto: codiceOrganizzazione('PASSO', 9) };
      const [{ id: soggetto }] = (await pg.query('SELECT id FROM tir_soggetti WHERE codice_fiscale = $1', [codiceOrganizzazione('PASSO', 4)])).rows;
      /** The notices a caller reads, as the single query before the branches per recipient said it. */
      const notificheDi = (c: Destinatario) =>
        tutti(
          `SELECT id FROM notifiche WHERE ufficio = $1 AND ((destinatario_tipo = 'utente' AND destinatario = $2) OR (destinatario_tipo = 'ruolo' AND destinatario = ANY($3))
             OR (destinatario_tipo = 'struttura' AND $4 = '') OR (destinatario_tipo = 'soggetto' AND destinatario = $4 AND $4 <> '')) ORDER BY creata_il DESC, id DESC`,
          [c.office, c.sub, c.soggetto ? [''] : c.roles, c.soggetto ?? ''],
        );
      const casi: Array<[string, () => Promise<string[]>, () => Promise<string[]>]> = [
        [
          'tirocini of an office',
          () => cammina((dopo, limit) => QUERY_TIROCINI.pagina({ uffici: [uff] }, { limit, dopo }), istante),
          () => tutti('SELECT id FROM tirocini WHERE ufficio = $1 ORDER BY creato_il DESC, id DESC', [uff]),
        ],
        [
          'tirocini of every office',
          () => cammina((dopo, limit) => QUERY_TIROCINI.pagina({}, { limit, dopo }), istante, 50),
          () => tutti('SELECT id FROM tirocini ORDER BY creato_il DESC, id DESC', []),
        ],
        [
          'tirocini of an organisation on both sides',
          () =>
            cammina(
              (dopo, limit) => QUERY_TIROCINI.pagina({ uffici: [uff], parte: { soggetti: [soggetto], come: ['promotore', 'ospitante'] } }, { limit, dopo }),
              istante,
              2,
            ),
          () => tutti('SELECT id FROM tirocini WHERE ufficio = $1 AND $2 IN (promotore_id, ospitante_id) ORDER BY creato_il DESC, id DESC', [uff, soggetto]),
        ],
        [
          'pratiche',
          () => cammina((dopo, limite) => QUERY_PRATICHE.pagina({ ufficio: uff, dopo }, limite), istante),
          () => tutti('SELECT id FROM pratiche WHERE ufficio = $1 ORDER BY creata_il DESC, id DESC', [uff]),
        ],
        [
          'offerte',
          () => cammina((dopo, limite) => QUERY_OFFERTE.pagina({ uffici: [uff], dopo }, limite), istante),
          () => tutti('SELECT id FROM cm_offerte WHERE ufficio = $1 ORDER BY richiesta_il DESC, id DESC', [uff]),
        ],
        [
          'richieste',
          () => cammina((dopo, limite) => QUERY_RICHIESTE.pagina({ ispettorato: uff, dopo }, limite), istante),
          () => tutti('SELECT id FROM richieste_intervento WHERE ispettorato = $1 ORDER BY registrata_il DESC, id DESC', [uff]),
        ],
        [
          'piani of every office',
          () =>
            cammina<{ anno: number; id: string }>(
              (dopo, limite) => QUERY_PIANI.pagina({ dopo }, limite),
              (r) => ({ anno: Number(r.anno), id: r.id as string }),
              50,
            ),
          () => tutti('SELECT id FROM piani ORDER BY anno DESC, id DESC', []),
        ],
        [
          "notifiche of the office's staff",
          () => cammina((dopo, limite) => QUERY_NOTIFICHE.pagina(staff, { dopo }, limite), istante),
          () => notificheDi(staff),
        ],
        [
          'notifiche of an organisation',
          () => cammina((dopo, limite) => QUERY_NOTIFICHE.pagina(esterno, { dopo }, limite), istante, 1),
          () => notificheDi(esterno),
        ],
        [
          'audit of the office',
          () =>
            cammina<number>(
              (dopo, limite) => QUERY_AUDIT.pagina({ ufficio: uff, dopoId: dopo }, limite),
              (r) => Number(r.id),
              13,
            ),
          () => tutti('SELECT id FROM audit_log WHERE ufficio = $1 ORDER BY id', [uff]),
        ],
      ];
      // The seed's ties: rows sharing their time exactly, and rows a microsecond apart in one millisecond.
      const [pari] = (
        await pg.query(
          `SELECT count(*) - count(DISTINCT creato_il) AS pari, count(DISTINCT date_trunc('milliseconds', creato_il)) AS ms, count(DISTINCT creato_il) AS us FROM tirocini WHERE ufficio = $1`,
          [uff],
        )
      ).rows;
      expect(Number(pari.pari)).toBeGreaterThan(100);
      expect(Number(pari.us)).toBeGreaterThan(Number(pari.ms));
      for (const [nome, camminata, attesa] of casi) {
        const [visti, tuttiAttesi] = [await camminata(), await attesa()];
        expect([nome, tuttiAttesi.length > 0]).toEqual([nome, true]);
        expect([nome, new Set(visti).size]).toEqual([nome, visti.length]);
        expect([nome, visti]).toEqual([nome, tuttiAttesi]);
      }
    });
  });
});

describe('through the API', () => {
  // A prefix of its own: the seeded rows stay (committed, for the API to read) and no other suite's office is theirs.
  const P = `K${Array.from({ length: 4 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('')}`;
  /** The large office (half of every list) and a small one (the seed's odd rows with g % 50 = 1). */
  const A = `${P}-0`;
  const B = `${P}-2`;
  const tok: Record<string, string> = {};
  const api = (token: string) => stack.client(token);
  /** The ids of `tabella` in scope `dove`, newest first: what a walk must find, in this order. */
  const attesi = async (tabella: string, colonna: string, dove: string, valori: unknown[]) =>
    (await sql<{ id: string }>(`SELECT id FROM ${tabella} WHERE ${dove} ORDER BY ${colonna} DESC, id DESC`, valori)).map((r) => String(r.id));

  beforeAll(async () => {
    const pg = await amministratore();
    try {
      await pg.query('BEGIN');
      await pg.query('SET LOCAL session_replication_role = replica');
      await semina(pg, { prefisso: P, n: 300, liste: ['tirocini', 'pratiche', 'offerte', 'richieste', 'piani', 'notifiche'] });
      await pg.query('COMMIT');
    } finally {
      await pg.end();
    }
    const t = (sub: string, roles: string[], office: string, soggetto?: string) => stack.idp.token(sub, roles, office, { soggetto });
    Object.assign(tok, {
      operatoreA: await t('utente-7', ['operatore', 'responsabile'], A),
      operatoreB: await t('utente-8', ['operatore', 'responsabile'], B),
      ospitanteA: await t('osp.1', ['ospitante'], A, codiceOrganizzazione(P, 1)),
      amministratore: await t('amm.elenchi', ['amministratore'], A),
    });
  });

  /** Every page of a list, following its Link header; the ids, and each page's size. */
  async function perLink(token: string, primo: string): Promise<{ ids: string[]; pagine: number[] }> {
    const ids: string[] = [];
    const pagine: number[] = [];
    let url: string | undefined = primo;
    while (url) {
      const r = await stack.call('GET', url, token);
      expect([url, r.status]).toEqual([url, 200]);
      // An array, or (the tirocini) an object with the page's `elementi`.
      const elementi = (Array.isArray(r.json) ? r.json : r.json.elementi) as Array<{ id: string | number }>;
      ids.push(...elementi.map((x) => String(x.id)));
      pagine.push(elementi.length);
      url = /<([^>]+)>; rel="next"/.exec(r.headers.get('link') ?? '')?.[1];
      expect(pagine.length).toBeLessThan(1000);
    }
    return { ids, pagine };
  }

  it('pages the tirocini by cursor: `successivo` and Link name the next page, the last has none, each practice comes once', async () => {
    const tutti = await attesi('tirocini', 'creato_il', 'ufficio = $1', [A]);
    expect(tutti.length).toBe(150);
    const visti: string[] = [];
    let dopo: string | undefined;
    for (;;) {
      const r = await api(tok.operatoreA).GET('/api/v1/tirocini', { params: { query: { limit: 7, ...(dopo ? { dopo } : {}) } } });
      const e = dati(r);
      expect({ totale: e.totale, completo: e.totaleCompleto, offset: e.offset }).toEqual({ totale: 150, completo: true, offset: 0 });
      visti.push(...e.elementi.map((x) => x.id));
      expect(r.response.headers.get('link')).toBe(e.successivo ? `</api/v1/tirocini?limit=7&dopo=${e.successivo}>; rel="next"` : null);
      if (!e.successivo) break;
      expect(e.elementi).toHaveLength(7);
      dopo = e.successivo;
    }
    expect(visti).toEqual(tutti);
    // The filters travel in the Link: the practices in one state, a page at a time.
    const attive = await perLink(tok.operatoreA, '/api/v1/tirocini?stato=attiva&limit=5');
    expect(attive.ids).toEqual(await attesi('tirocini', 'creato_il', 'ufficio = $1 AND stato = $2', [A, 'attiva']));
  });

  it('still skips by offset for old clients, but not together with a cursor', async () => {
    const tutti = await attesi('tirocini', 'creato_il', 'ufficio = $1', [A]);
    const e = dati(await api(tok.operatoreA).GET('/api/v1/tirocini', { params: { query: { limit: 7, offset: 14 } } }));
    expect({ offset: e.offset, ids: e.elementi.map((x) => x.id) }).toEqual({ offset: 14, ids: tutti.slice(14, 21) });
    const primo = dati(await api(tok.operatoreA).GET('/api/v1/tirocini', { params: { query: { limit: 7 } } }));
    const r = await stack.call('GET', `/api/v1/tirocini?limit=7&offset=7&dopo=${primo.successivo}`, tok.operatoreA);
    expect({ status: r.status, campi: r.json.errors.map((x: { field: string; rule: string }) => `${x.field}:${x.rule}`) }).toEqual({
      status: 400,
      campi: ['offset:parametri-alternativi'],
    });
  });

  it("never lets a cursor out of the caller's scope: another office's cursor, or one forged from its rows, reads only the caller's own", async () => {
    // A cursor deep in office A's list, and one forged from the key of A's newest practice.
    const a = dati(await api(tok.operatoreA).GET('/api/v1/tirocini', { params: { query: { limit: 20 } } }));
    const [riga] = await sql<{ il: string; id: string }>(
      `SELECT ${istanteEsatto('creato_il')} AS il, id FROM tirocini WHERE ufficio = $1 ORDER BY creato_il DESC, id DESC LIMIT 1`,
      [A],
    );
    const forgiato = Buffer.from(JSON.stringify([riga.il, riga.id])).toString('base64url');
    const diB = await attesi('tirocini', 'creato_il', 'ufficio = $1', [B]);
    expect(diB.length).toBeGreaterThan(0);
    for (const dopo of [a.successivo!, forgiato]) {
      const b = await perLink(tok.operatoreB, `/api/v1/tirocini?limit=200&dopo=${dopo}`);
      const chiave = JSON.parse(Buffer.from(dopo, 'base64url').toString('utf8')) as [string, string];
      expect(b.ids).toEqual(await attesi('tirocini', 'creato_il', 'ufficio = $1 AND (creato_il, id) < ($2::timestamptz, $3::uuid)', [B, ...chiave]));
    }
    // An organisation's user: only the practices their organisation is a party to, with or without the staff's cursor.
    const suoi = await attesi('tirocini', 'creato_il', `ufficio = $1 AND ospitante_id IN (SELECT id FROM tir_soggetti WHERE codice_fiscale = $2)`, [
      A,
      codiceOrganizzazione(P, 1),
    ]);
    expect(suoi.length).toBeGreaterThan(1);
    expect((await perLink(tok.ospitanteA, '/api/v1/tirocini?limit=1')).ids).toEqual(suoi);
    const chiave = JSON.parse(Buffer.from(forgiato, 'base64url').toString('utf8')) as [string, string];
    expect((await perLink(tok.ospitanteA, `/api/v1/tirocini?limit=1&dopo=${forgiato}`)).ids).toEqual(
      (
        await sql(
          `SELECT id FROM tirocini WHERE ufficio = $1 AND ospitante_id IN (SELECT id FROM tir_soggetti WHERE codice_fiscale = $2)
             AND (creato_il, id) < ($3::timestamptz, $4::uuid) ORDER BY creato_il DESC, id DESC`,
          [A, codiceOrganizzazione(P, 1), ...chiave],
        )
      ).map((r) => String(r.id)),
    );
    // The lists answered as arrays: office A's cursor read by office B's staff gives B's rows only.
    const liste: Array<[string, string, string, string]> = [
      ['/api/v1/pratiche', 'pratiche', 'creata_il', 'ufficio'],
      ['/api/v1/offerte', 'cm_offerte', 'richiesta_il', 'ufficio'],
      ['/api/v1/richieste-intervento', 'richieste_intervento', 'registrata_il', 'ispettorato'],
    ];
    for (const [path, tabella, colonna, ufficio] of liste) {
      const primaA = await stack.call('GET', `${path}?limite=3`, tok.operatoreA);
      const dopo = new URL(/<([^>]+)>; rel="next"/.exec(primaA.headers.get('link') ?? '')![1], stack.baseUrl).searchParams.get('dopo')!;
      const chiaveA = JSON.parse(Buffer.from(dopo, 'base64url').toString('utf8')) as [string, string];
      expect(await sql(`SELECT 1 FROM ${tabella} WHERE id = $1 AND ${ufficio} = $2`, [chiaveA[1], A])).toHaveLength(1);
      const b = await perLink(tok.operatoreB, `${path}?limite=200&dopo=${dopo}`);
      expect([path, b.ids]).toEqual([
        path,
        await attesi(tabella, colonna, `${ufficio} = $1 AND (${colonna}, id) < ($2::timestamptz, $3::uuid)`, [B, ...chiaveA]),
      ]);
    }
  });

  it('walks every list answered as an array once, following its Link', async () => {
    const casi: Array<[string, string, () => Promise<string[]>]> = [
      ['/api/v1/pratiche?limite=9', tok.operatoreA, () => attesi('pratiche', 'creata_il', 'ufficio = $1', [A])],
      ['/api/v1/offerte?limite=9', tok.operatoreA, () => attesi('cm_offerte', 'richiesta_il', 'ufficio = $1', [A])],
      ['/api/v1/richieste-intervento?limite=9', tok.operatoreA, () => attesi('richieste_intervento', 'registrata_il', 'ispettorato = $1', [A])],
      ['/api/v1/piani?limite=9', tok.amministratore, async () => (await sql('SELECT id FROM piani ORDER BY anno DESC, id DESC')).map((r) => String(r.id))],
      [
        '/api/v1/notifiche?limite=4',
        tok.operatoreA,
        () =>
          attesi(
            'notifiche',
            'creata_il',
            `ufficio = $1 AND ((destinatario_tipo = 'utente' AND destinatario = 'utente-7') OR (destinatario_tipo = 'ruolo' AND destinatario IN ('operatore', 'responsabile'))
              OR destinatario_tipo = 'struttura')`,
            [A],
          ),
      ],
      [
        '/api/v1/notifiche?limite=2',
        tok.ospitanteA,
        () => attesi('notifiche', 'creata_il', `ufficio = $1 AND destinatario_tipo = 'soggetto' AND destinatario = $2`, [A, codiceOrganizzazione(P, 1)]),
      ],
    ];
    for (const [url, token, attesa] of casi) {
      const { ids, pagine } = await perLink(token, url);
      const tutti = await attesa();
      expect([url, tutti.length > 0, pagine.length > 1]).toEqual([url, true, true]);
      expect([url, ids]).toEqual([url, tutti]);
    }
    // The audit trail, oldest first: a few rows of office A's.
    for (let k = 0; k < 3; k++)
      expect(
        (await api(tok.operatoreA).POST('/api/v1/pratiche', { body: { protocollo: `${P}/audit/${k}`, oggetto: 'Elenco del registro' } })).response.status,
      ).toBe(201);
    const audit = await perLink(tok.operatoreA, '/api/v1/audit?limite=2');
    expect(audit.ids).toEqual((await sql('SELECT id FROM audit_log WHERE ufficio = $1 ORDER BY id', [A])).map((r) => String(r.id)));
    expect(audit.ids.length).toBeGreaterThan(2);
  });

  it('answers a malformed cursor with a 400 in Italian naming `dopo`, on every list', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    // Year 0000 and numbers past a PostgreSQL integer reach a query the database would refuse (a 500) if let through.
    const errati = [
      'non-un-cursore',
      b64(['2027-02-30T00:00:00.000000Z', UUID_ZERO]),
      b64(['0000-01-01T00:00:00.000000Z', UUID_ZERO]),
      b64([42]),
      b64([2 ** 31, UUID_ZERO]),
      b64(['x', 'y', 'z']),
    ];
    const liste = [
      '/api/v1/tirocini',
      '/api/v1/offerte',
      '/api/v1/richieste-intervento',
      `/api/v1/assegnazioni?richiesta=${UUID_ZERO}`,
      '/api/v1/piani',
      '/api/v1/pratiche',
      '/api/v1/notifiche',
      '/api/v1/audit',
    ];
    for (const lista of liste) {
      for (const dopo of errati) {
        // The audit trail's and the assignments' cursors are numbers: [42] is theirs, a time is not.
        const numerica = lista.startsWith('/api/v1/audit') || lista.startsWith('/api/v1/assegnazioni');
        const cursore =
          numerica && dopo === b64([42])
            ? lista.startsWith('/api/v1/assegnazioni')
              ? b64([2 ** 31]) // an attempt's number is an integer
              : b64([-1])
            : dopo;
        const r = await stack.call('GET', `${lista}${lista.includes('?') ? '&' : '?'}dopo=${cursore}`, tok.amministratore);
        expect({
          lista,
          cursore,
          status: r.status,
          tipo: r.headers.get('content-type'),
          campi: r.json?.errors?.map((x: { field: string }) => x.field),
        }).toEqual({
          lista,
          cursore,
          status: 400,
          tipo: expect.stringContaining('application/problem+json'),
          campi: ['dopo'],
        });
        expect(r.json.errors[0].message).toMatch(/cursore restituito dalla pagina precedente/);
      }
    }
  });
});
