/**
 * What an office decides for collocamento mirato, not the deployment nor the employer: its region (whose ranking
 * rules apply), the largest rosa per post, its patron days (not working days for the 5-day service level). With the
 * real one-day clock, so the patron day moves the due date.
 */
import { addWorkingDays } from '../../libs/domain/src/calendar/calendario';
import { italianHolidays } from '../../libs/domain/src/calendar/festivita';
import { dataItaliana } from '../../libs/domain/src/calendar/ora-italiana';
import { scadenzeOfferta } from '../../libs/domain/src/collocamento/sla';
import { lettere, partitaIva } from '../support/identificativi';
import { Stack } from '../support/stack';

jest.setTimeout(120_000);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const stack = new Stack();
const SUFFISSO = Date.now().toString(36);
const CPI = `CPI-IMP-${SUFFISSO}`;
const ALTRO = `CPI-IMP2-${SUFFISSO}`;

beforeAll(() => stack.start());
afterAll(() => stack.stop());

async function ok(method: string, path: string, token: string, body?: unknown): Promise<Json> {
  const res = await stack.call(method, path, token, body);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${res.text}`);
  return res.json;
}

const offerta = (datoreId: string, extra: Record<string, unknown> = {}) => ({
  datoreId,
  territorio: 'TO',
  profilo: 'Impiegato amministrativo',
  mansioni: ['archivio'],
  luogo: 'Torino, Via Roma 1',
  contratto: 'tempo-indeterminato',
  oreSettimanali: 30,
  posti: 1,
  competenzeRichieste: [{ codice: 'excel' }],
  categoria: 'art1',
  ...extra,
});

describe("an office's collocamento settings", () => {
  it('take the region, the largest rosa and the patron days out of the request', async () => {
    const [operatore, responsabile, altroResponsabile] = await Promise.all([
      stack.idp.token('op.imp', ['operatore'], CPI),
      stack.idp.token('resp.imp', ['responsabile'], CPI),
      stack.idp.token('resp.altro', ['responsabile'], ALTRO),
    ]);
    // Tomorrow's working day is the office's patron day.
    const oggi = dataItaliana(new Date());
    const patrono = addWorkingDays(oggi, 1, italianHolidays()).slice(5);
    const impostazioni = { regione: 'nazionale', dimensioneRosaMassima: 2, patroni: [patrono], motivazione: 'Delibera di giunta 12/2027' };
    expect((await stack.call('PUT', `/api/v1/collocamento/uffici/${CPI}/impostazioni`, operatore, impostazioni)).status).toBe(403);
    expect((await stack.call('PUT', `/api/v1/collocamento/uffici/${CPI}/impostazioni`, altroResponsabile, impostazioni)).status).toBe(404);
    expect((await stack.call('PUT', `/api/v1/collocamento/uffici/${CPI}/impostazioni`, responsabile, { ...impostazioni, patroni: ['02-30'] })).status).toBe(
      422,
    );
    expect(await ok('PUT', `/api/v1/collocamento/uffici/${CPI}/impostazioni`, responsabile, impostazioni)).toMatchObject({
      regione: 'nazionale',
      dimensioneRosaMassima: 2,
      patroni: [patrono],
    });
    expect(await ok('GET', `/api/v1/collocamento/uffici/${CPI}/impostazioni`, operatore)).toMatchObject({ regione: 'nazionale', dimensioneRosaMassima: 2 });
    expect((await stack.call('GET', `/api/v1/collocamento/uffici/${CPI}/impostazioni`, altroResponsabile)).status).toBe(404);
    // The amministratore sees every office, but a code no office could have is missing, not a database error.
    const amministratore = await stack.idp.token('amm.imp', ['amministratore'], CPI);
    const lungo = await stack.call('PUT', `/api/v1/collocamento/uffici/${'X'.repeat(41)}/impostazioni`, amministratore, impostazioni);
    expect(lungo.status).toBe(404);
    expect((await stack.call('GET', `/api/v1/collocamento/uffici/${encodeURIComponent('CPI FI')}/impostazioni`, amministratore)).status).toBe(404);
    const traccia = await ok('GET', '/api/v1/audit?entity=impostazioni-ufficio', responsabile);
    expect(traccia).toEqual([expect.objectContaining({ attore: 'resp.imp', azione: 'impostate', motivazione: 'Delibera di giunta 12/2027' })]);

    const cf = partitaIva();
    await ok('POST', '/api/v1/collocamento/datori', operatore, { codiceFiscale: cf, denominazione: `Beta ${lettere(4)} S.p.A.`, dipendentiComputabili: 60 });
    const datore = await stack.idp.token(`referente.${cf}`, ['datore'], CPI, { soggetto: cf });
    // The employer asks for more than the office allows, and names another region: the first is refused, the second ignored.
    const troppi = await stack.call('POST', '/api/v1/offerte', datore, offerta(cf, { dimensioneRosa: 3 }));
    expect(troppi.status).toBe(422);
    expect(troppi.json.errors).toEqual([expect.objectContaining({ rule: 'rosa-oltre-massimo', field: 'dimensioneRosa', found: 3, limit: 2 })]);
    const o = await ok('POST', '/api/v1/offerte', datore, offerta(cf, { regione: 'piemonte' }));
    expect(o.regione).toBe('nazionale');
    expect(o.offerta.dimensioneRosa).toBe(2);
    // The 5 working days skip the office's patron day: one day later than the deployment's calendar alone gives.
    const conPatrono = scadenzeOfferta(
      { richiestaIl: o.richiestaIl },
      { giorniStandard: 5, avvisoDopoGiorni: 3, patroni: [patrono], unitaMs: 86_400_000, origine: 'richiesta' },
    );
    const senza = scadenzeOfferta(
      { richiestaIl: o.richiestaIl },
      { giorniStandard: 5, avvisoDopoGiorni: 3, patroni: [], unitaMs: 86_400_000, origine: 'richiesta' },
    );
    expect(conPatrono.scadenza > senza.scadenza).toBe(true);
    expect(o.sla.scadenza).toBe(conPatrono.scadenza);
  });
});
