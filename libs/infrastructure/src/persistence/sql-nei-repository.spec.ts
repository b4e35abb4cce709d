import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * SQL lives in repositories only (`*.repository.ts`) and in migrations: a service, controller, activity or workflow
 * that holds a query hides what it reads and writes, and cannot be given a fake store in a unit test. This scans the
 * source under apps/, workflows/, activities/ and libs/ (specs and migrations aside) and lists every string or
 * template literal that reads as SQL outside a repository. Comments and identifiers are not read, only literals.
 */

const RADICE = join(__dirname, '..', '..', '..', '..');
const CARTELLE = ['apps', 'workflows', 'activities', 'libs'];
const SALTATE = new Set(['node_modules', 'dist', 'coverage', '.cache']);
const ESTENSIONI = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SPEC = /[.-]spec\.[cm]?[jt]sx?$/;
const MIGRAZIONI = 'libs/infrastructure/src/persistence/migrations/';
const REPOSITORY = /\.repository\.ts$/;

/** What reads as SQL; keywords in capitals, as the code writes them (so prose like "select from the list" is not). */
const SQL: ReadonlyArray<[string, RegExp]> = [
  ['SELECT … FROM', /\bSELECT\b[\s\S]*?\bFROM\b/],
  ['INSERT INTO', /\bINSERT\s+INTO\b/],
  ['UPDATE … SET', /\bUPDATE\b[\s\S]*?\bSET\b/],
  ['DELETE FROM', /\bDELETE\s+FROM\b/],
  ['FOR UPDATE', /\bFOR\s+UPDATE\b/],
  ['pg_advisory', /pg_advisory/i],
];

/** The literals of a source file that read as SQL: where each starts, and what it matched. */
function sqlNelSorgente(nome: string, testo: string): Array<{ riga: number; cosa: string }> {
  const sf = ts.createSourceFile(nome, testo, ts.ScriptTarget.Latest, false);
  const trovati: Array<{ riga: number; cosa: string }> = [];
  const esamina = (nodo: ts.Node, letterale: string) => {
    const cosa = SQL.filter(([, re]) => re.test(letterale)).map(([n]) => n);
    if (cosa.length) trovati.push({ riga: sf.getLineAndCharacterOfPosition(nodo.getStart(sf)).line + 1, cosa: cosa.join(', ') });
  };
  const visita = (nodo: ts.Node): void => {
    if (ts.isStringLiteral(nodo) || ts.isNoSubstitutionTemplateLiteral(nodo)) esamina(nodo, nodo.text);
    else if (ts.isTemplateExpression(nodo)) esamina(nodo, [nodo.head.text, ...nodo.templateSpans.map((s) => `\${…}${s.literal.text}`)].join(''));
    ts.forEachChild(nodo, visita);
  };
  visita(sf);
  return trovati;
}

function sorgenti(cartella: string): string[] {
  return readdirSync(cartella, { withFileTypes: true }).flatMap((e) => {
    const percorso = join(cartella, e.name);
    if (e.isDirectory()) return SALTATE.has(e.name) ? [] : sorgenti(percorso);
    return e.isFile() && ESTENSIONI.test(e.name) && !SPEC.test(e.name) ? [percorso] : [];
  });
}

describe('SQL only in repositories and migrations', () => {
  it('finds SQL in string and template literals, not in comments', () => {
    const testo = [
      '// SELECT id FROM nowhere, INSERT INTO nothing',
      "const a = 'SELECT chiave FROM notifiche WHERE id = $1';",
      'const b = `UPDATE t SET x = ${1} WHERE id = $1`;',
      "const c = 'select what comes from the list';",
      "const d = ['pg_advisory_xact_lock', 'FOR UPDATE SKIP LOCKED'];",
    ].join('\n');
    expect(sqlNelSorgente('x.ts', testo)).toEqual([
      { riga: 2, cosa: 'SELECT … FROM' },
      { riga: 3, cosa: 'UPDATE … SET' },
      { riga: 5, cosa: 'pg_advisory' },
      { riga: 5, cosa: 'FOR UPDATE' },
    ]);
  });

  it('has none in apps/, workflows/, activities/ and libs/ outside *.repository.ts and the migrations', () => {
    const fuori: string[] = [];
    for (const cartella of CARTELLE) {
      for (const file of sorgenti(join(RADICE, cartella))) {
        const p = relative(RADICE, file).split(sep).join('/');
        if (REPOSITORY.test(p) || p.startsWith(MIGRAZIONI)) continue;
        for (const t of sqlNelSorgente(p, readFileSync(file, 'utf8'))) fuori.push(`${p}:${t.riga} ${t.cosa}`);
      }
    }
    expect(fuori).toEqual([]);
  });
});
