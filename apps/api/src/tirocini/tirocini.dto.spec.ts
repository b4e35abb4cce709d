import { inInglese } from '../../../../test/support/lingua';
import { ProblemException, ProblemFieldError } from '../common/problem';
import { PROFONDITA_MASSIMA, testoValidoPipe, validationPipe } from '../common/validation';
import { SoggettoDto } from './tirocini.dto';

const indirizzo = { indirizzo: 'Via Roma 10', cap: '59100', comune: 'Prato', codiceIstat: '100005', provincia: 'PO' };
const soggetto = (over: Record<string, unknown> = {}) => ({
  ruolo: 'ospitante',
  denominazione: 'Tessitura Pratese S.r.l.',
  codiceFiscale: '01234567897',
  regione: 'toscana',
  sedeLegale: indirizzo,
  sedi: [{ denominazione: 'Stabilimento', ...indirizzo, regione: 'toscana', cpi: 'CPI-PRATO', dipendentiIndeterminato: 12 }],
  ...over,
});
const annidato = (n: number): unknown => (n === 0 ? 'fondo' : { a: annidato(n - 1) });

/** The body through the API's two global pipes, as a request would go; the 400's field errors, or the DTO. */
async function valida(body: unknown): Promise<{ dto?: SoggettoDto; errors?: ProblemFieldError[] }> {
  try {
    const dentro = testoValidoPipe.transform(body, { type: 'body', metatype: SoggettoDto });
    return { dto: (await validationPipe.transform(dentro, { type: 'body', metatype: SoggettoDto })) as SoggettoDto };
  } catch (e) {
    if (e instanceof ProblemException && e.status === 400) return { errors: e.errors ?? [] };
    throw e;
  }
}
const campi = (errors: ProblemFieldError[] = []) => errors.map((e) => `${e.field} ${e.rule}`).sort();

describe('SoggettoDto: the sede legale and the sites are typed Italian addresses', () => {
  it('takes a whole address', async () => {
    const { dto, errors } = await valida(soggetto());
    expect(errors).toBeUndefined();
    expect(dto!.sedeLegale).toEqual(indirizzo);
  });

  it('names the field and the rule of each malformed part, in Italian, with its path in the body', async () => {
    const { errors } = await valida(
      soggetto({
        sedeLegale: { indirizzo: '   ', cap: '5910', comune: 'Prato', codiceIstat: 100005, provincia: 'Prato' },
        sedi: [{ denominazione: 'Stabilimento', ...indirizzo, cap: 59100, regione: 'toscana', cpi: 'CPI-PRATO', dipendentiIndeterminato: 12 }],
      }),
    );
    expect(campi(errors)).toEqual([
      'sedeLegale.cap matches',
      'sedeLegale.codiceIstat matches',
      'sedeLegale.indirizzo matches',
      'sedeLegale.provincia matches',
      'sedi.0.cap matches',
    ]);
    const messaggio = (f: string) => errors!.find((e) => e.field === f)!.message;
    expect(messaggio('sedeLegale.cap')).toBe('sedeLegale.cap: il CAP, 5 cifre (es. 59100)');
    expect(messaggio('sedeLegale.codiceIstat')).toBe('sedeLegale.codiceIstat: il codice ISTAT del comune, 6 cifre (es. 100005)');
    expect(messaggio('sedeLegale.provincia')).toBe('sedeLegale.provincia: la sigla della provincia, 2 lettere (es. PO)');
    expect(messaggio('sedi.0.cap')).toBe('sedi.0.cap: il CAP, 5 cifre (es. 59100)');
    expect(errors!.map((e) => e.message).filter(inInglese)).toEqual([]);
  });

  it('refuses the free-form sede legale registered before, naming what it lacks', async () => {
    const { errors } = await valida(soggetto({ sedeLegale: { indirizzo: 'Via Roma 10', comune: 'Prato', note: 'piano terra' } }));
    expect(campi(errors)).toEqual([
      'sedeLegale.cap matches',
      'sedeLegale.codiceIstat matches',
      'sedeLegale.note campo-non-ammesso',
      'sedeLegale.provincia matches',
    ]);
    expect(errors!.find((e) => e.field === 'sedeLegale.note')!.message).toBe('sedeLegale.note: campo non previsto');
  });

  it('answers a sede legale that is not an object, or nests, with a 400 naming it', async () => {
    expect(campi((await valida(soggetto({ sedeLegale: 'Via Roma 10, Prato' }))).errors)).toContain('sedeLegale isObject');
    expect(campi((await valida(soggetto({ sedeLegale: [indirizzo] }))).errors)).toContain('sedeLegale isObject');
    // Nested within the limit: a part that is not a text; a member that is not a part of an address.
    expect(campi((await valida(soggetto({ sedeLegale: { ...indirizzo, indirizzo: annidato(PROFONDITA_MASSIMA - 2) } }))).errors)).toEqual([
      'sedeLegale.indirizzo isLength',
      'sedeLegale.indirizzo isString',
      'sedeLegale.indirizzo matches',
    ]);
    expect(campi((await valida(soggetto({ sedeLegale: { ...indirizzo, extra: annidato(PROFONDITA_MASSIMA - 2) } }))).errors)).toEqual([
      'sedeLegale.extra campo-non-ammesso',
    ]);
    // Beyond it (the 1,000 levels): refused before any DTO is built.
    const profondo = await valida(soggetto({ sedeLegale: annidato(1000) }));
    expect(profondo.errors).toEqual([expect.objectContaining({ rule: 'annidamento-eccessivo', limit: PROFONDITA_MASSIMA })]);
  });
});
