import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORI } from './openapi';

/**
 * The committed contract (openapi.json, written by `npm run openapi`; the e2e suite contratto checks it is the one the
 * running API serves): every operation typed and documented as a client generated from it needs.
 */
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: object;
  additionalProperties?: unknown;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
};
type Risposta = { $ref?: string; description?: string; content?: Record<string, { schema?: Schema }> };
type Operazione = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ $ref?: string; in?: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, Risposta>;
};

const ROOT = join(__dirname, '../../../..');
const doc = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
const METODI = ['get', 'put', 'post', 'delete', 'patch'];
const operazioni: Array<{ nome: string; metodo: string; op: Operazione }> = Object.entries(doc.paths as Record<string, Record<string, Operazione>>).flatMap(
  ([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METODI.includes(m))
      .map(([metodo, op]) => ({ nome: `${metodo.toUpperCase()} ${path}`, metodo, op })),
);
const pubblica = (op: Operazione) => Array.isArray(op.security) && op.security.length === 0;

/** A schema a generated client can type: a reference, fields, items of a typed kind, a map, bytes or a primitive. */
function tipizzato(s: Schema | undefined): boolean {
  if (!s) return false;
  if (s.$ref || s.allOf || s.oneOf) return true;
  if (s.type === 'array') return tipizzato(s.items);
  if (s.type === 'object') return !!s.properties || !!s.additionalProperties;
  return !!s.type;
}

/** Every schema in the document, with where it is. */
function schemi(x: unknown, dove = '#'): Array<[string, Schema]> {
  if (!x || typeof x !== 'object') return [];
  const qui: Array<[string, Schema]> = 'type' in x && typeof (x as Schema).type === 'string' ? [[dove, x as Schema]] : [];
  return [...qui, ...Object.entries(x).flatMap(([k, v]) => schemi(v, `${dove}/${k}`))];
}

describe('the API contract (openapi.json)', () => {
  it('has the routes of every procedure', () => {
    expect(operazioni.length).toBeGreaterThan(100);
  });

  it('gives every operation a typed success: a schema, bytes of a declared media type, or 204 without content', () => {
    const senza = operazioni
      .filter(
        ({ op }) =>
          !Object.entries(op.responses).some(([stato, r]) =>
            stato === '204'
              ? !r.content
              : /^2\d\d$/.test(stato) && !!r.content && Object.values(r.content).length > 0 && Object.values(r.content).every((c) => tipizzato(c.schema)),
          ),
      )
      .map((o) => o.nome);
    expect(senza).toEqual([]);
  });

  it('types every schema: no object without fields or map', () => {
    const vaghi = schemi(doc)
      .filter(([, s]) => s.type === 'object' && !tipizzato(s))
      .map(([dove]) => dove);
    expect(vaghi).toEqual([]);
  });

  it('gives every operation a readable, unique operationId, a summary and a declared tag', () => {
    const dichiarati = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
    const male = operazioni
      .filter(
        ({ op }) =>
          !/^[A-Z][A-Za-z]+_[a-z][A-Za-z]+$/.test(op.operationId ?? '') || !op.summary?.trim() || !op.tags?.length || !op.tags.every((t) => dichiarati.has(t)),
      )
      .map((o) => o.nome);
    expect(male).toEqual([]);
    const ids = operazioni.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names operations one way: an action by an Italian imperative, a read by what it returns', () => {
    // The method's first word (crea, registraEsito → registra, …); a read never starts with one of these.
    const IMPERATIVI = new Set(
      (
        'accetta aderisci aggiorna aggiungi annulla approva astieniti carica chiudi copia crea decidi dichiara diffida elimina importa ' +
        'imposta integra interrompi invia iscrivi proponi proroga pubblica registra rettifica revoca riassegna riprendi ritira rivela salva segna sorteggia ' +
        'sospendi sostituisci trasferisci valuta'
      ).split(' '),
    );
    const INGLESI = /^(list|get|create|read|verify|approve|replace|upload|download|find|update|delete|remove|live|ready|send|check)/;
    const primaParola = (id = '') => (id.split('_')[1] ?? '').split(/(?=[A-Z])/)[0];
    const male = operazioni
      .filter(({ metodo, op }) => INGLESI.test(op.operationId?.split('_')[1] ?? '') || (metodo === 'get') === IMPERATIVI.has(primaParola(op.operationId)))
      .map(({ nome, op }) => `${nome} ${op.operationId}`);
    expect(male).toEqual([]);
  });

  it('documents 401, 403, 429 and 503 on every operation but the public health checks', () => {
    expect(
      operazioni
        .filter(({ op }) => pubblica(op))
        .map((o) => o.nome)
        .sort(),
    ).toEqual(['GET /health/live', 'GET /health/ready']);
    const senza = operazioni.filter(({ op }) => !pubblica(op) && !['401', '403', '429', '503'].every((s) => op.responses[s])).map((o) => o.nome);
    expect(senza).toEqual([]);
  });

  it('documents every error once, as the shared application/problem+json response of its status', () => {
    for (const e of Object.values(ERRORI)) {
      expect(doc.components.responses[e.nome].content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } });
    }
    const diverse = operazioni.flatMap(({ nome, op }) =>
      Object.entries(op.responses)
        .filter(
          ([stato, r]) => /^[45]/.test(stato) && !pubblica(op) && r.$ref !== `#/components/responses/${ERRORI[Number(stato) as keyof typeof ERRORI]?.nome}`,
        )
        .map(([stato]) => `${nome} ${stato}`),
    );
    expect(diverse).toEqual([]);
  });

  it('documents what a body can answer: 400, 413 and 415 for JSON; 413, 415 and 422 for an upload', () => {
    const json = operazioni
      .filter(({ op }) => op.requestBody?.content['application/json'] && !['400', '413', '415'].every((s) => op.responses[s]))
      .map((o) => o.nome);
    const upload = operazioni
      .filter(({ op }) => op.requestBody?.content['multipart/form-data'] && !['400', '413', '415', '422'].every((s) => op.responses[s]))
      .map((o) => o.nome);
    expect({ json, upload }).toEqual({ json: [], upload: [] });
  });

  it('documents on every POST the Idempotency-Key header and its answers: 409 while the first runs, 422 for another body', () => {
    const senza = operazioni
      .filter(
        ({ metodo, op }) =>
          metodo === 'post' &&
          (!op.parameters?.some((p) => p.$ref === '#/components/parameters/ChiaveIdempotenza') || !op.responses['409'] || !op.responses['422']),
      )
      .map((o) => o.nome);
    expect(senza).toEqual([]);
  });

  it('says where it is served and under which licence, the one of package.json and of the LICENSE file', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.info.license.name).toBe('EUPL-1.2');
    expect(pkg.license).toBe(doc.info.license.name);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8').split('\n')[0]).toBe('EUROPEAN UNION PUBLIC LICENCE v. 1.2');
  });
});
