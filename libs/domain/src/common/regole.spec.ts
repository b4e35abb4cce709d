import { REGOLE_COLLOCAMENTO } from '../collocamento/collocamento.violazioni';
import { REGOLE_CRONOPROGRAMMA } from '../cronoprogramma/cronoprogramma.violazioni';
import { REGOLE_ISPEZIONI } from '../ispezioni/ispezioni.violazioni';
import { REGOLE_PRATICA } from '../pratiche/pratiche.violazioni';
import { REGOLE_TIROCINI } from '../tirocini/tirocini.violazioni';
import { REGOLE, REGOLE_COMUNI, eRegola, tipoRegola } from './regole';

const CATALOGHI: Record<string, Record<string, string>> = {
  comuni: REGOLE_COMUNI,
  pratica: REGOLE_PRATICA,
  tirocini: REGOLE_TIROCINI,
  collocamento: REGOLE_COLLOCAMENTO,
  ispezioni: REGOLE_ISPEZIONI,
  cronoprogramma: REGOLE_CRONOPROGRAMMA,
};

describe('the catalogue of rules', () => {
  it('declares each slug in one catalogue only: a rule shared by procedures goes among the common ones', () => {
    const dove = new Map<string, string[]>();
    for (const [nome, catalogo] of Object.entries(CATALOGHI)) for (const slug of Object.keys(catalogo)) dove.set(slug, [...(dove.get(slug) ?? []), nome]);
    expect([...dove].filter(([, nomi]) => nomi.length > 1)).toEqual([]);
    expect(Object.keys(REGOLE).sort()).toEqual([...dove.keys()].sort());
  });

  it('gives each rule one of the three kinds, and slugs in lower-case words joined by hyphens', () => {
    const tipi = new Set(Object.values(REGOLE));
    expect([...tipi].sort()).toEqual(['contenuto', 'permesso', 'stato']);
    expect(Object.keys(REGOLE).filter((s) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s))).toEqual([]);
  });

  it('answers the kind of a declared rule, and nothing for a slug no catalogue declares', () => {
    expect(tipoRegola('separazione-compiti')).toBe('permesso');
    expect(tipoRegola('adesione-duplicata')).toBe('stato');
    expect(tipoRegola('motivazione-minima')).toBe('contenuto');
    expect(tipoRegola('regola-inventata')).toBeUndefined();
    expect(eRegola('esito-duplicato')).toBe(true);
    // Members every object inherits are not rules.
    for (const ereditato of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
      expect([ereditato, eRegola(ereditato), tipoRegola(ereditato)]).toEqual([ereditato, false, undefined]);
  });
});
