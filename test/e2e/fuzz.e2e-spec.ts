/**
 * Schema-driven fuzzing of the whole API from its OpenAPI document, with a fixed seed (the same requests every run;
 * FUZZ_SEED changes them, FUZZ_PER_OPERAZIONE their number): every operation is called by a role it admits, with path,
 * query and body values made from its schema and then broken in the ways careless and hostile clients break them
 * (wrong types, nulls, impossible dates, out-of-range numbers, NUL and lone surrogates, huge and deeply nested
 * values, missing and unknown fields, junk identifiers, broken uploads). Whatever comes back must be a 2xx or a 4xx
 * problem+json, never a 5xx; validation errors name the field; and the API is still up at the end.
 */
import { form, samples, Stack } from '../support/stack';

jest.setTimeout(900_000);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Schema = Record<string, Json>;

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const PER_OPERAZIONE = Number(process.env.FUZZ_PER_OPERAZIONE ?? 30);
const UFFICIO = 'CPI-FUZZ';
const stack = new Stack();

/** mulberry32: a small seeded generator, so a failure can be replayed with the same seed. */
function generatore(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
const rnd = generatore(SEED);

const uuid = () => {
  const h = Array.from({ length: 32 }, () => rnd.int(16).toString(16));
  h[12] = '4';
  h[16] = '89ab'[rnd.int(4)];
  return `${h.slice(0, 8).join('')}-${h.slice(8, 12).join('')}-${h.slice(12, 16).join('')}-${h.slice(16, 20).join('')}-${h.slice(20).join('')}`;
};
const annidato = (n: number): Json => (n === 0 ? 'fondo' : { a: annidato(n - 1) });

/** Strings that have broken APIs: each goes into paths, queries and bodies. */
const TESTI_CATTIVI = [
  '',
  ' ',
  'x',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'ok\uDC00',
  '🙂',
  'è'.repeat(3),
  "'; DROP TABLE pratiche; --",
  '../../etc/passwd',
  '%00',
  '%',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e400',
  '9'.repeat(40),
  'a'.repeat(5000),
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-02-28T25:61:00Z',
  '99999-01-01',
  'true',
  '[]',
  '{}',
  '\r\nX-Iniettata: 1',
];
const NUMERI_CATTIVI = [-1, 0, 1.5, -0.0001, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER];

function risolvi(doc: Json, s: Schema | undefined): Schema {
  let x = s ?? {};
  for (let i = 0; x.$ref && i < 10; i++) x = doc.components.schemas[String(x.$ref).split('/').pop()!] ?? {};
  if (x.allOf) return Object.assign({}, ...x.allOf.map((y: Schema) => risolvi(doc, y)));
  return x;
}

/** A value the schema describes, as a legitimate client would send it (as far as a schema says). */
function valido(doc: Json, s0: Schema | undefined, depth = 0): Json {
  const s = risolvi(doc, s0);
  if (s.example !== undefined && rnd.chance(0.5)) return s.example;
  if (s.enum) return rnd.pick(s.enum);
  const tipo = Array.isArray(s.type) ? s.type[0] : (s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string'));
  switch (tipo) {
    case 'integer':
      return Math.max(s.minimum ?? 0, Math.min(s.maximum ?? 100, 1 + rnd.int(20)));
    case 'number':
      return Math.max(s.minimum ?? 0, Math.min(s.maximum ?? 100, rnd.next() * 50));
    case 'boolean':
      return rnd.chance(0.5);
    case 'array':
      return depth > 4 ? [] : Array.from({ length: Math.max(s.minItems ?? 0, 1 + rnd.int(2)) }, () => valido(doc, s.items, depth + 1));
    case 'object': {
      if (depth > 5) return {};
      const o: Record<string, Json> = {};
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        if ((s.required ?? []).includes(k) || rnd.chance(0.5)) o[k] = valido(doc, v, depth + 1);
      }
      return o;
    }
    default:
      if (s.format === 'date') return `2026-${String(1 + rnd.int(12)).padStart(2, '0')}-${String(1 + rnd.int(28)).padStart(2, '0')}`;
      if (s.format === 'date-time') return new Date(Date.UTC(2026, rnd.int(12), 1 + rnd.int(28))).toISOString();
      if (s.format === 'uuid') return uuid();
      return 'Testo di prova '.slice(0, Math.max(s.minLength ?? 1, 5 + rnd.int(10)));
  }
}

/** One of the ways a client gets a value wrong. */
function rotto(): Json {
  switch (rnd.int(10)) {
    case 0:
      return null;
    case 1:
      return rnd.pick(NUMERI_CATTIVI);
    case 2:
      return rnd.chance(0.5);
    case 3:
      return [rnd.pick(TESTI_CATTIVI), null];
    case 4:
      return { x: rnd.pick(TESTI_CATTIVI) };
    case 5:
      return annidato(40);
    default:
      return rnd.pick(TESTI_CATTIVI);
  }
}

/** The valid value with some parts broken: a field dropped, added, or of the wrong kind, at any depth. */
function guasta(v: Json, depth = 0): Json {
  if (v === null || typeof v !== 'object') return rnd.chance(0.6) ? rotto() : v;
  if (Array.isArray(v)) {
    if (rnd.chance(0.2)) return rotto();
    if (rnd.chance(0.1)) return [];
    return v.map((x) => (rnd.chance(0.4) ? guasta(x, depth + 1) : x));
  }
  const o: Record<string, Json> = { ...v };
  const chiavi = Object.keys(o);
  if (chiavi.length && rnd.chance(0.3)) delete o[rnd.pick(chiavi)];
  if (rnd.chance(0.15)) o[rnd.pick(['sconosciuto', '__proto__', 'constructor', 'a\u0000b', ''])] = rotto();
  for (const k of Object.keys(o)) if (rnd.chance(0.35)) o[k] = guasta(o[k], depth + 1);
  return o;
}

interface Operazione {
  method: string;
  path: string;
  ruoli: string[];
  parametri: Array<{ name: string; in: 'path' | 'query'; schema?: Schema; required?: boolean }>;
  corpo?: { tipo: 'json' | 'multipart'; schema?: Schema };
}

function operazioni(doc: Json): Operazione[] {
  const out: Operazione[] = [];
  for (const [path, voci] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(voci as Record<string, Json>)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      // The roles a route admits, as @Roles documents them.
      const ruoli: string[] = op['x-ruoli'] ?? [];
      const content = op.requestBody?.content ?? {};
      const corpo = content['multipart/form-data']
        ? { tipo: 'multipart' as const, schema: content['multipart/form-data'].schema }
        : content['application/json']
          ? { tipo: 'json' as const, schema: content['application/json'].schema }
          : undefined;
      out.push({ method: method.toUpperCase(), path, ruoli, parametri: (op.parameters ?? []).filter((p: Json) => p.in === 'path' || p.in === 'query'), corpo });
    }
  }
  return out;
}

interface Esito {
  chiamata: string;
  status: number;
  contentType: string;
  campi: string[];
  corpo: string;
}

let doc: Json;
const token: Record<string, string> = {};
const ids: string[] = [];

beforeAll(async () => {
  await stack.start();
  const soggetti: Record<string, string> = { promotore: '01234567897', ospitante: '12345678903', datore: uuid() };
  for (const ruolo of ['operatore', 'responsabile', 'dirigente', 'amministratore', 'ispettore', 'promotore', 'ospitante', 'datore']) {
    token[ruolo] = await stack.idp.token(`fuzz.${ruolo}`, [ruolo], UFFICIO, { soggetto: soggetti[ruolo] });
  }
  doc = (await stack.call('GET', '/api/docs-json')).json;
  // Records that exist, so some calls get past the lookup: a case with a document.
  const p = (await stack.call('POST', '/api/v1/pratiche', token.operatore, { protocollo: `FUZZ/${Date.now()}`, oggetto: 'Fuzz' })).json;
  const d = (await stack.call('POST', `/api/v1/pratiche/${p.id}/documenti`, token.operatore, form({ tipo: 'istanza' }, { name: 'a.pdf', bytes: samples.pdf })))
    .json;
  ids.push(p.id, d.id);
});
afterAll(() => stack.stop());

function valoreParametro(p: Operazione['parametri'][number]): string | string[] | undefined {
  if (p.in === 'query' && !p.required && rnd.chance(0.3)) return undefined;
  if (p.in === 'path' && rnd.chance(0.3)) return rnd.pick([...ids, uuid(), UFFICIO]);
  if (rnd.chance(0.4)) return String(valido(doc, p.schema));
  if (p.in === 'query' && rnd.chance(0.1)) return [String(valido(doc, p.schema)), rnd.pick(TESTI_CATTIVI)];
  const v = rotto();
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Broken percent-encodings (a lone surrogate as UTF-8, an overlong dot, a cut sequence) go into paths as they are. */
const PERCENTUALI_ROTTE = ['%ED%A0%80', '%C0%AE%C0%AE', '%E0%A4%A', '%FF', '%2e%2e%2f'];
function segmento(v: string): string {
  if (rnd.chance(0.05)) return rnd.pick(PERCENTUALI_ROTTE);
  try {
    return encodeURIComponent(v) || '%20';
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be encoded: its UTF-8 bytes instead
  }
}

function richiesta(op: Operazione): { path: string; body?: unknown; headers: Record<string, string> } {
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.parametri) {
    const v = valoreParametro(p);
    if (v === undefined) continue;
    if (p.in === 'path') path = path.replace(`{${p.name}}`, segmento(String(Array.isArray(v) ? v[0] : v)));
    else for (const x of Array.isArray(v) ? v : [v]) query.append(p.name, x);
  }
  if (rnd.chance(0.1)) query.append(rnd.pick(['sconosciuto', 'offset', 'limit', 'stato']), rnd.pick(TESTI_CATTIVI));
  const q = query.toString();
  const url = q ? `${path}?${q}` : path;
  if (!op.corpo) return { path: url, headers: {}, body: op.method !== 'GET' && rnd.chance(0.1) ? guasta({ inatteso: 1 }) : undefined };
  if (op.corpo.tipo === 'multipart') {
    const campi: Record<string, string> = {};
    for (const [k, v] of Object.entries((risolvi(doc, op.corpo.schema).properties ?? {}) as Record<string, Schema>)) {
      if (k === 'file') continue;
      if (rnd.chance(0.8)) campi[k] = String(rnd.chance(0.5) ? valido(doc, v) : rnd.pick(TESTI_CATTIVI));
    }
    if (rnd.chance(0.1)) campi[rnd.pick(['sconosciuto', 'tipo', 'file'])] = rnd.pick(TESTI_CATTIVI);
    const file = rnd.pick([
      { name: 'a.pdf', bytes: samples.pdf },
      { name: rnd.pick(TESTI_CATTIVI) || 'x', bytes: samples.pdf },
      { name: 'vuoto.pdf', bytes: Buffer.alloc(0) },
      { name: 'falso.pdf', bytes: Buffer.from('non sono un PDF') },
      { name: 'dati.csv', bytes: Buffer.from('a;b\n1;2\n') },
      { name: 'a.png', bytes: Buffer.from(rnd.pick(TESTI_CATTIVI) + 'x') },
    ]);
    return { path: url, headers: {}, body: rnd.chance(0.1) ? { nessun: 'file' } : form(campi, file) };
  }
  const base = valido(doc, op.corpo.schema);
  const body = rnd.chance(0.15) ? rotto() : rnd.chance(0.1) ? base : guasta(base);
  return { path: url, headers: {}, body: body === undefined ? {} : body };
}

describe('the API under a seeded fuzz of its own OpenAPI document', () => {
  it('answers every request with a 2xx or a 4xx problem+json, never a 5xx, naming the field of validation errors', async () => {
    const ops = operazioni(doc).filter((o) => o.path.startsWith('/api/v1/'));
    expect(ops.length).toBeGreaterThan(100);
    const piano: Array<{ op: Operazione; ruolo: string; req: ReturnType<typeof richiesta> }> = [];
    for (const op of ops) {
      for (let i = 0; i < PER_OPERAZIONE; i++) {
        const ruolo = op.ruoli.length && rnd.chance(0.95) ? rnd.pick(op.ruoli) : rnd.pick(Object.keys(token));
        piano.push({ op, ruolo, req: richiesta(op) });
      }
    }
    const esiti: Esito[] = [];
    let prossimo = 0;
    const lavora = async () => {
      while (prossimo < piano.length) {
        const { op, ruolo, req } = piano[prossimo++];
        const res = await stack.call(op.method, req.path, token[ruolo], req.body, req.headers);
        const corpo = req.body instanceof FormData ? '(multipart)' : (JSON.stringify(req.body)?.slice(0, 300) ?? '');
        esiti.push({
          chiamata: `${op.method} ${req.path.slice(0, 200)} as ${ruolo} ${corpo}`,
          status: res.status,
          contentType: res.headers.get('content-type') ?? '',
          campi: (res.json?.errors ?? []).map((e: { field?: string }) => e.field ?? '').filter(Boolean),
          corpo: res.text.slice(0, 300),
        });
      }
    };
    await Promise.all(Array.from({ length: 4 }, lavora));

    const errori = esiti.filter((e) => e.status >= 500);
    const senzaProblem = esiti.filter((e) => e.status >= 400 && e.status < 500 && !e.contentType.startsWith('application/problem+json'));
    const validazione = esiti.filter((e) => [400, 413, 415, 422].includes(e.status));
    const conCampo = validazione.filter((e) => e.campi.length > 0);
    const perStatus = esiti.reduce<Record<number, number>>((m, e) => ({ ...m, [e.status]: (m[e.status] ?? 0) + 1 }), {});
    console.log(
      `fuzz (seed ${SEED}): ${esiti.length} requests over ${ops.length} operations; by status ${JSON.stringify(perStatus)}; ` +
        `validation errors naming a field ${conCampo.length}/${validazione.length}; 5xx ${errori.length}; 4xx without problem+json ${senzaProblem.length}`,
    );

    const senzaCampo = new Map<string, number>();
    for (const e of validazione.filter((x) => !x.campi.length)) {
      const k = `${e.status} ${e.chiamata
        .split(' ')
        .slice(0, 2)
        .join(' ')
        .replace(/[0-9a-f-]{36}/g, '{id}')
        .slice(0, 80)} ${e.corpo.replace(/"requestId":"[^"]*"/, '').slice(0, 160)}`;
      senzaCampo.set(k, (senzaCampo.get(k) ?? 0) + 1);
    }
    if (senzaCampo.size)
      console.log(
        `validation errors naming no field:\n${[...senzaCampo]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, n]) => `${n} × ${k}`)
          .join('\n')}`,
      );
    expect(esiti.length).toBeGreaterThanOrEqual(3000);
    expect(errori.map((e) => `${e.status} ${e.chiamata} → ${e.corpo}`)).toEqual([]);
    expect(senzaProblem.map((e) => `${e.status} ${e.contentType} ${e.chiamata}`)).toEqual([]);
    expect(conCampo.length / validazione.length).toBeGreaterThanOrEqual(0.95);
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
  });
});
