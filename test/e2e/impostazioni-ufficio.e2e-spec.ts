/**
 * What an office decides for collocamento mirato, not the deployment nor the employer: its region (whose ranking
 * rules apply), the largest rosa per post, its patron days (not working days for the 5-day service level). With the
 * real one-day clock, so the patron day moves the due date.
 */
import { addWorkingDays } from '../../libs/domain/src/calendar/calendario';
import { italianHolidays } from '../../libs/domain/src/calendar/festivita';
import { dataItaliana } from '../../libs/domain/src/calendar/ora-italiana';
import { scadenzeOfferta } from '../../libs/domain/src/collocamento/sla';
import type { Schemi } from '@app/client';
import { lettere, partitaIva } from '../support/identificativi';
import { dati, Stack } from '../support/stack';

jest.setTimeout(120_000);

const stack = new Stack();
const SUFFISSO = Date.now().toString(36);
const CPI = `CPI-IMP-${SUFFISSO}`;
const ALTRO = `CPI-IMP2-${SUFFISSO}`;

beforeAll(() => stack.start());
afterAll(() => stack.stop());

/** Every call goes through the typed client: the compiler checks each path, body and answer against openapi.json. */
const api = (token: string) => stack.client(token);
const dellUfficio = (ufficio: string) => ({ params: { path: { ufficio } } });

const offerta = (datoreId: string, extra: Partial<Schemi['OffertaDto']> = {}): Schemi['OffertaDto'] => ({
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
    const impostazioni: Schemi['ImpostazioniUfficioDto'] = {
      regione: 'nazionale',
      dimensioneRosaMassima: 2,
      patroni: [patrono],
      motivazione: 'Delibera di giunta 12/2027',
    };
    const imposta = (token: string, body: Schemi['ImpostazioniUfficioDto'], ufficio = CPI) =>
      api(token).PUT('/api/v1/collocamento/uffici/{ufficio}/impostazioni', { ...dellUfficio(ufficio), body });
    const leggi = (token: string, ufficio = CPI) => api(token).GET('/api/v1/collocamento/uffici/{ufficio}/impostazioni', dellUfficio(ufficio));
    expect((await imposta(operatore, impostazioni)).response.status).toBe(403);
    expect((await imposta(altroResponsabile, impostazioni)).response.status).toBe(404);
    expect((await imposta(responsabile, { ...impostazioni, patroni: ['02-30'] })).response.status).toBe(422);
    expect(dati(await imposta(responsabile, impostazioni))).toMatchObject({
      regione: 'nazionale',
      dimensioneRosaMassima: 2,
      patroni: [patrono],
    });
    expect(dati(await leggi(operatore))).toMatchObject({ regione: 'nazionale', dimensioneRosaMassima: 2 });
    expect((await leggi(altroResponsabile)).response.status).toBe(404);
    // The amministratore sees every office, but a code no office could have is missing, not a database error.
    const amministratore = await stack.idp.token('amm.imp', ['amministratore'], CPI);
    const lungo = await imposta(amministratore, impostazioni, 'X'.repeat(41));
    expect(lungo.response.status).toBe(404);
    // The client encodes the path parameter: the request goes to /uffici/CPI%20FI/impostazioni.
    expect((await leggi(amministratore, 'CPI FI')).response.status).toBe(404);
    const traccia = dati(await api(responsabile).GET('/api/v1/audit', { params: { query: { entity: 'impostazioni-ufficio' } } }));
    expect(traccia).toEqual([expect.objectContaining({ attore: 'resp.imp', azione: 'impostate', motivazione: 'Delibera di giunta 12/2027' })]);

    const cf = partitaIva();
    dati(
      await api(operatore).POST('/api/v1/collocamento/datori', {
        body: { codiceFiscale: cf, denominazione: `Beta ${lettere(4)} S.p.A.`, dipendentiComputabili: 60 },
      }),
    );
    const datore = await stack.idp.token(`referente.${cf}`, ['datore'], CPI, { soggetto: cf });
    // The employer asks for more than the office allows, and names another region: the first is refused, the second ignored.
    const troppi = await api(datore).POST('/api/v1/offerte', { body: offerta(cf, { dimensioneRosa: 3 }) });
    expect(troppi.response.status).toBe(422);
    expect(troppi.error?.errors).toEqual([expect.objectContaining({ rule: 'rosa-oltre-massimo', field: 'dimensioneRosa', found: 3, limit: 2 })]);
    const o = dati(await api(datore).POST('/api/v1/offerte', { body: offerta(cf, { regione: 'piemonte' }) }));
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
    expect(o.sla?.scadenza).toBe(conPatrono.scadenza);
  });
});
