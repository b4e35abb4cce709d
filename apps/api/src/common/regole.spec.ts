import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ArgumentsHost } from '@nestjs/common';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { REGOLE, type Regola, type RuleViolation, type TipoRegola } from '@app/domain';
import type { AppConfig } from '@app/infrastructure';
import { RULE_VIOLATION } from '../../../../workflows/common/rifiuto';
import { PROBLEM_BASE } from './problem';
import { ProblemFilter, statusOfViolations } from './problem.filter';
import { REGOLE_RICHIESTA } from './regole';
import { rifiuto } from './rifiuto';

const RADICE = join(__dirname, '../../../..');
/** The catalogues themselves: a slug written only there is declared, not used. */
const CATALOGO = /(^libs\/domain\/src\/common\/regole\.ts|\.violazioni\.ts|^apps\/api\/src\/common\/regole\.ts)$/;

function sorgenti(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sorgenti(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

const FILE = ['libs', 'apps', 'activities', 'workflows']
  .flatMap((d) => sorgenti(join(RADICE, d)))
  .map((p) => ({ percorso: relative(RADICE, p), testo: readFileSync(p, 'utf8') }));

/** Every slug a `rule:` names in the source, with where: `rule: 'x'`, `rule: c ? 'x' : 'y'`, `rule: a ?? 'x'`. */
function slugUsati(): Map<string, string[]> {
  const usati = new Map<string, string[]>();
  for (const { percorso, testo } of FILE.filter((f) => !CATALOGO.test(f.percorso))) {
    for (const uso of testo.matchAll(/\brule\s*:\s*([^,;\n}]+)/g)) {
      for (const [, slug] of uso[1].matchAll(/'([a-z0-9-]+)'/g)) usati.set(slug, [...(usati.get(slug) ?? []), percorso]);
    }
  }
  return usati;
}

const DICHIARATE: Record<string, TipoRegola> = { ...REGOLE, ...REGOLE_RICHIESTA };
const STATUS: Record<TipoRegola, number> = { permesso: 403, stato: 409, contenuto: 422 };

describe('every rule a request can break is declared with its kind', () => {
  it('finds the rules in the source (the walk reads what it should)', () => {
    const usati = slugUsati();
    expect(usati.size).toBeGreaterThan(200);
    expect(usati.get('separazione-compiti')).toEqual(expect.arrayContaining(['libs/domain/src/pratiche/pratica.machine.ts']));
    expect(usati.has('durata-massima-svantaggiati')).toBe(true);
  });

  it('each slug a `rule:` names is in a catalogue', () => {
    const ignoti = [...slugUsati()].filter(([slug]) => !(slug in DICHIARATE)).map(([slug, dove]) => `${slug} (${[...new Set(dove)].join(', ')})`);
    expect(ignoti).toEqual([]);
  });

  it('each slug is declared once: in a procedure (the domain) or among the rules on the form of a request (the API)', () => {
    expect(Object.keys(REGOLE_RICHIESTA).filter((slug) => slug in REGOLE)).toEqual([]);
  });

  it('each declared rule is used somewhere outside the catalogues (no dead entries)', () => {
    const testi = FILE.filter((f) => !CATALOGO.test(f.percorso))
      .map((f) => f.testo)
      .join('\n');
    expect(Object.keys(DICHIARATE).filter((slug) => !testi.includes(`'${slug}'`))).toEqual([]);
  });

  it('each rule answers the status of its kind', () => {
    const diversi = Object.entries(REGOLE)
      .map(([rule, tipo]) => ({ rule, atteso: STATUS[tipo], status: statusOfViolations([{ rule: rule as Regola, message: 'x' }]) }))
      .filter((r) => r.status !== r.atteso);
    expect(diversi).toEqual([]);
  });
});

describe('the API refuses by rule one way', () => {
  it('builds every refusal by rule with rifiuto() (status from the kinds) or, for a workflow refusal, in the filter', () => {
    const altrove = FILE.filter((f) => f.percorso.startsWith('apps/') && f.testo.includes("'regola-violata'"))
      .map((f) => f.percorso)
      .filter((p) => !['apps/api/src/common/rifiuto.ts', 'apps/api/src/common/problem.filter.ts'].includes(p));
    expect(altrove).toEqual([]);
  });

  it('answers with rifiuto() the status of the most severe kind among the rules broken', () => {
    const status = (...rules: Regola[]) =>
      rifiuto(
        'x',
        rules.map((rule) => ({ rule, message: rule })),
      ).status;
    expect([
      status('documento-mancante'),
      status('documento-mancante', 'presenze-gia-registrate'),
      status('presenze-gia-registrate', 'separazione-funzioni'),
    ]).toEqual([422, 409, 403]);
  });
});

describe('ProblemFilter: a refused workflow update answers the status of the kinds of the rules broken', () => {
  const config = { RETRY_AFTER_SECONDS: 5 } as AppConfig;
  const filter = new ProblemFilter(config);

  function risposta(violations: unknown[]): { status: number; body: Record<string, unknown> } {
    const out = { status: 0, body: {} as Record<string, unknown> };
    const res = {
      headersSent: false,
      setHeader: () => res,
      status: (s: number) => ((out.status = s), res),
      type: () => res,
      send: (b: string) => ((out.body = JSON.parse(b)), res),
    };
    const host = {
      switchToHttp: () => ({ getRequest: () => ({ id: 'req-1', method: 'POST', originalUrl: '/api/v1/x/1/passi?a=1' }), getResponse: () => res }),
    } as unknown as ArgumentsHost;
    const cause = ApplicationFailure.create({ type: RULE_VIOLATION, message: 'operazione non ammessa', details: violations, nonRetryable: true });
    filter.catch(new WorkflowUpdateFailedError('Workflow Update failed', cause), host);
    return out;
  }
  const una = (tipo: TipoRegola): RuleViolation => {
    const rule = (Object.keys(REGOLE) as Regola[]).find((r) => REGOLE[r] === tipo)!;
    return { rule, field: 'campo', message: `regola ${rule}`, found: 1, limit: 2 };
  };

  it.each([
    ['permesso', 403],
    ['stato', 409],
    ['contenuto', 422],
  ] as const)('a rule of kind %s answers %i, in the same problem+json as before', (tipo, status) => {
    const v = una(tipo);
    expect(risposta([v])).toEqual({
      status,
      body: {
        type: `${PROBLEM_BASE}regola-violata`,
        title: 'Operazione rifiutata dalle regole della procedura',
        status,
        detail: 'operazione non ammessa',
        errors: [{ field: 'campo', rule: v.rule, message: v.message, found: 1, limit: 2 }],
        instance: '/api/v1/x/1/passi',
        requestId: 'req-1',
      },
    });
  });

  it('with several rules broken, the most severe kind decides: 403 over 409 over 422', () => {
    expect(risposta([una('contenuto'), una('permesso'), una('stato')]).status).toBe(403);
    expect(risposta([una('contenuto'), una('stato')]).status).toBe(409);
    expect(risposta([una('contenuto'), una('contenuto')]).status).toBe(422);
  });

  it('a duplicate of a recorded fact is a conflict with the state, whichever procedure records it', () => {
    expect(risposta([{ rule: 'adesione-duplicata', message: 'adesione già presente' }]).status).toBe(409);
    expect(risposta([{ rule: 'esito-duplicato', message: "l'esito è già registrato" }]).status).toBe(409);
  });

  it('a slug no catalogue declares (a worker of another version) answers as content, and so does an empty list', () => {
    expect(risposta([{ rule: 'regola-di-altra-versione', message: 'x' }]).status).toBe(422);
    expect(risposta([{ rule: 'regola-di-altra-versione', message: 'x' }, una('stato')]).status).toBe(409);
    expect(risposta([]).status).toBe(422);
  });
});
