import { randomInt } from 'node:crypto';
import * as codiceFiscale from 'codice-fiscale-js';
import * as ExcelJS from 'exceljs';
import { waitFor } from '../support/wait';
import { lettere, partitaIva } from '../support/identificativi';
import { comeModulo, type Schemi } from '@app/client';
import { dati, samples, Stack, tutteLePagine } from '../support/stack';
import { sql, sqlOwner } from '../support/services';
import { calcolaGraduatoria, hashGraduatoria } from '../../libs/domain/src/collocamento/graduatoria';
import type { RegoleGraduatoria } from '../../libs/domain/src/collocamento/graduatoria.regole';
import type { OffertaState } from '../../libs/domain/src/collocamento/offerta.state';

jest.setTimeout(180_000);

/** One day of the collocamento clock: the 5-working-day standard lasts 10 s here, reminders come every 2 s. */
const GIORNO_MS = 2000;
const stack = new Stack();
const CPI = `CPI-TO-${Date.now().toString(36)}`;
const ALTRO_CPI = `CPI-CN-${Date.now().toString(36)}`;
let operatore: string;
let collega: string;
let responsabile: string;
let altroOperatore: string;

const { CodiceFiscale } = codiceFiscale as unknown as { CodiceFiscale: { compute(p: Record<string, unknown>): string } };

/** Functional calls and uploads (CSV files, documents) go through the typed client. */
const api = (token: string) => stack.client(token);
const conId = (id: string) => ({ params: { path: { id } } });
/** An offer's procedure is free-form in the contract (shown to CPI staff only): read as the domain records it. */
const procedura = (o: Schemi['OffertaView']) => o.procedura as unknown as OffertaState;

interface Persona {
  codice_fiscale: string;
  [k: string]: string;
}

/** A person of the L. 68/99 list as a CSV record (the import's column names). */
function persona(over: Record<string, string> = {}): Persona {
  const sesso = randomInt(2) ? 'M' : 'F';
  const [anno, mese, giorno] = [1970 + randomInt(30), 1 + randomInt(12), 1 + randomInt(28)];
  const cf = CodiceFiscale.compute({
    name: lettere(6),
    surname: lettere(7),
    gender: sesso,
    day: giorno,
    month: mese,
    year: anno,
    birthplace: 'Torino',
    birthplaceProvincia: 'TO',
  });
  return {
    codice_fiscale: cf,
    ufficio: CPI,
    territorio: 'TO',
    categoria: 'art1',
    percentuale_invalidita: '67',
    data_iscrizione: '2024-01-15',
    stato_occupazionale: 'disoccupato',
    isee: '9000',
    familiari_a_carico: '1',
    competenze: 'excel|contabilita',
    mansioni_compatibili: 'videoterminale|archivio',
    mansioni_incompatibili: 'carichi-pesanti',
    note_compatibilita: 'evitare sollevamento carichi',
    sesso,
    data_nascita: `${anno}-${String(mese).padStart(2, '0')}-${String(giorno).padStart(2, '0')}`,
    ...over,
  };
}

/** The same person as the JSON body of POST /collocamento/iscritti: the CSV's fields in camelCase, typed. */
function iscrizione(p: Record<string, string>): Schemi['IscrizioneDto'] {
  const numero = (v?: string) => (v ? Number(v.replace(',', '.')) : undefined);
  const elenco = (v?: string) => (v ? v.split('|') : undefined);
  return {
    id: p.id || undefined,
    codiceFiscale: p.codice_fiscale,
    ufficio: p.ufficio,
    territorio: p.territorio,
    categoria: p.categoria as Schemi['IscrizioneDto']['categoria'],
    percentualeInvalidita: numero(p.percentuale_invalidita),
    dataIscrizione: p.data_iscrizione,
    statoOccupazionale: p.stato_occupazionale as Schemi['IscrizioneDto']['statoOccupazionale'],
    isee: numero(p.isee),
    familiariACarico: numero(p.familiari_a_carico),
    competenze: elenco(p.competenze),
    mansioniCompatibili: elenco(p.mansioni_compatibili),
    mansioniIncompatibili: elenco(p.mansioni_incompatibili),
    noteCompatibilita: p.note_compatibilita,
    sesso: p.sesso as Schemi['IscrizioneDto']['sesso'],
    dataNascita: p.data_nascita,
  };
}

const csv = (rows: Record<string, string>[]) => {
  const cols = Object.keys(rows[0]);
  return [cols.join(';'), ...rows.map((r) => cols.map((c) => r[c] ?? '').join(';'))].join('\n');
};

type TipoImportazione = Schemi['ImportazioneCsvDto']['tipo'];

/** A CSV import through the typed client: the form's type, then the file (a File: bytes with their name). */
function importaFile(bytes: Buffer, name: string, token = operatore, tipo: TipoImportazione = 'iscritti') {
  return api(token).POST('/api/v1/collocamento/import', { body: { tipo, file: new File([new Uint8Array(bytes)], name) }, bodySerializer: comeModulo });
}

/** Imports `rows` as a CSV file. */
function importa(rows: Record<string, string>[], tipo: TipoImportazione = 'iscritti') {
  return importaFile(Buffer.from(csv(rows)), `${tipo}.csv`, operatore, tipo);
}

async function datore(dipendenti: number): Promise<{ id: string; token: string }> {
  const cf = partitaIva();
  const corpo: Schemi['DatoreDto'] = { codiceFiscale: cf, denominazione: `Alfa ${lettere(4)} S.p.A.`, dipendentiComputabili: dipendenti };
  dati(await api(operatore).POST('/api/v1/collocamento/datori', { body: corpo }));
  return { id: cf, token: await stack.idp.token(`referente.${cf}`, ['datore'], CPI, { soggetto: cf }) };
}

const offerta = (datoreId: string): Schemi['OffertaDto'] => ({
  datoreId,
  territorio: 'TO',
  profilo: 'Impiegato amministrativo',
  mansioni: ['videoterminale', 'archivio'],
  luogo: 'Torino, Via Roma 1',
  contratto: 'tempo-indeterminato',
  oreSettimanali: 30,
  posti: 1,
  competenzeRichieste: [{ codice: 'excel', peso: 2 }, { codice: 'contabilita' }],
  categoria: 'art1',
  dimensioneRosa: 2,
});

const nuovaOfferta = async (datoreId: string) => dati(await api(operatore).POST('/api/v1/offerte', { body: offerta(datoreId) }));
const leggi = async (id: string, token = responsabile) => dati(await api(token).GET('/api/v1/offerte/{id}', conId(id)));
const congruita = (token: string, id: string, body: Schemi['CongruitaDto']) => api(token).POST('/api/v1/offerte/{id}/congruita', { ...conId(id), body });
const aderisci = (id: string, iscrittoId: string) => api(operatore).POST('/api/v1/offerte/{id}/adesioni', { ...conId(id), body: { iscrittoId } });
const esito = (token: string, id: string, body: Schemi['EsitoDto']) => api(token).POST('/api/v1/offerte/{id}/esiti', { ...conId(id), body });
const pubblica = (id: string) => api(responsabile).POST('/api/v1/offerte/{id}/graduatoria/pubblicazione', conId(id));
const iscritto = async (id: string, token = operatore) => dati(await api(token).GET('/api/v1/collocamento/iscritti/{id}', conId(id)));
const datoreLetto = async (id: string) => dati(await api(operatore).GET('/api/v1/collocamento/datori/{id}', conId(id)));
const notifiche = async (token: string) => dati(await api(token).GET('/api/v1/notifiche'));
const inStato = (id: string, stato: string, timeoutMs?: number) =>
  waitFor(
    `offerta ${id} in ${stato}`,
    async () => {
      const o = await leggi(id);
      return o.stato === stato ? o : undefined;
    },
    timeoutMs,
  );

beforeAll(async () => {
  // A concluded offer takes outcomes and corrections for 5 days (10 s) here, then its procedure ends.
  await stack.start({
    env: { COLLOCAMENTO_UNITA_GIORNO: `PT${GIORNO_MS / 1000}S`, COLLOCAMENTO_PROMEMORIA_ESITI_GIORNI: '1', COLLOCAMENTO_CODA_ESITI_GIORNI: '5' },
  });
  operatore = await stack.idp.token('op.bruno', ['operatore'], CPI);
  collega = await stack.idp.token('op.gallo', ['operatore'], CPI);
  responsabile = await stack.idp.token('resp.conti', ['responsabile'], CPI);
  altroOperatore = await stack.idp.token('op.costa', ['operatore'], ALTRO_CPI);
});

afterAll(() => stack.stop());

describe('collocamento mirato: preselection', () => {
  it('imports nothing from a CSV with bad rows, reporting every error by row and column', async () => {
    const buona = persona();
    const rows = [buona, persona({ categoria: 'art99' }), persona({ codice_fiscale: 'RSSMRA85T10A562X' }), persona({ percentuale_invalidita: '140' })];
    const res = await importa(rows);
    expect(res.response.status).toBe(422);
    const errors = res.error?.errors ?? [];
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^riga 3: categoria/),
        expect.stringMatching(/^riga 4: codice_fiscale/),
        expect.stringMatching(/^riga 5: percentuale_invalidita/),
      ]),
    );
    expect(errors.some((e) => e.field.startsWith('riga 2'))).toBe(false);
    expect(await sql('SELECT 1 FROM cm_iscritti WHERE codice_fiscale = $1', [buona.codice_fiscale])).toHaveLength(0);

    // Someone already on the list is a duplicate, reported on its own row; the new row beside it is not imported either.
    expect((await importa([buona])).response.status).toBe(201);
    const nuova = persona();
    const doppia = await importa([nuova, buona]);
    expect(doppia.response.status).toBe(422);
    expect(doppia.error?.errors).toEqual([expect.objectContaining({ field: 'riga 3: codice_fiscale', rule: 'duplicato' })]);
    expect(await sql('SELECT 1 FROM cm_iscritti WHERE codice_fiscale = $1', [nuova.codice_fiscale])).toHaveLength(0);
  });

  it('imports 10,000 rows as Italian Excel saves them (Windows-1252, semicolons, decimal commas) with accents intact; a bad header is one error per column', async () => {
    const nota = 'evitare attività più faticose; preferibile è l\u2019orario ridotto';
    const righe = Array.from({ length: 10_000 }, () => persona({ isee: '12.345,67', note_compatibilita: nota }));
    const testo = csv(righe.map((r) => ({ ...r, note_compatibilita: `"${r.note_compatibilita}"` }))).replace(/\n/g, '\r\n');
    // Windows-1252: the accents are one byte each, and the apostrophe (U+2019) is 0x92.
    const cp1252 = Buffer.from([...testo].map((c) => (c === '\u2019' ? 0x92 : c.charCodeAt(0))));
    expect(cp1252.includes(0xe0) && !cp1252.includes(0xc3)).toBe(true);
    const res = await importaFile(cp1252, 'iscritti.csv');
    expect(res.response.status).toBe(201);
    const ultima = righe[righe.length - 1].codice_fiscale;
    expect(await sql('SELECT note_compatibilita, isee_cent FROM cm_iscritti WHERE codice_fiscale = $1', [ultima])).toEqual([
      { note_compatibilita: nota, isee_cent: '1234567' },
    ]);
    expect(await sql(`SELECT 1 FROM cm_iscritti WHERE note_compatibilita LIKE '%\uFFFD%' OR note_compatibilita LIKE '%Ã%'`)).toEqual([]);

    // A header with an unknown column and without a required one: one error each, not one per row.
    const intestazioneErrata = csv([persona(), persona()]).replace('sesso', 'genere');
    const errata = await importaFile(Buffer.from(intestazioneErrata), 'x.csv');
    expect(errata.response.status).toBe(422);
    expect(errata.error?.errors?.map((e) => `${e.field} ${e.rule}`)).toEqual(['riga 1: genere colonna-sconosciuta', 'riga 1: sesso colonna-mancante']);
    // A file that is neither UTF-8 nor Windows-1252 (0x81 is unassigned there) is refused, nothing stored.
    const rotto = Buffer.concat([Buffer.from(csv([persona()])), Buffer.from([0x81])]);
    const illeggibile = await importaFile(rotto, 'x.csv');
    expect({ status: illeggibile.response.status, rule: illeggibile.error?.errors?.[0].rule }).toEqual({ status: 422, rule: 'codifica' });
  });

  it("keeps each office's list to itself: someone enrolled elsewhere enrols here as if enrolled nowhere; a transfer moves the enrolment, audited", async () => {
    const responsabileAltro = await stack.idp.token('resp.fabbri', ['responsabile'], ALTRO_CPI);
    const dirigente = await stack.idp.token('dir.marini', ['dirigente'], CPI);
    const iscrivi = (token: string, r: Record<string, string>) => api(token).POST('/api/v1/collocamento/iscritti', { body: iscrizione(r) });
    const altrove = persona({ ufficio: ALTRO_CPI, territorio: 'CN' });
    expect((await iscrivi(altroOperatore, altrove)).response.status).toBe(201);

    // The same person enrolled here, and someone enrolled nowhere: the same answer.
    const giaAltrove = await iscrivi(operatore, { ...altrove, ufficio: CPI, territorio: 'TO' });
    const nessuno = persona();
    const nuova = await iscrivi(operatore, nessuno);
    expect([giaAltrove.response.status, nuova.response.status]).toEqual([201, 201]);
    expect(giaAltrove.data).toEqual({ importati: 1, ids: [altrove.codice_fiscale] });
    expect(nuova.data).toEqual({ importati: 1, ids: [nessuno.codice_fiscale] });
    // Each office reads its own enrolment (another's is missing to it), and refuses a second one of its own.
    expect((await iscritto(altrove.codice_fiscale, operatore)).ufficio).toBe(CPI);
    expect((await iscritto(altrove.codice_fiscale, altroOperatore)).ufficio).toBe(ALTRO_CPI);
    expect((await api(altroOperatore).GET('/api/v1/collocamento/iscritti/{id}', conId(nessuno.codice_fiscale))).response.status).toBe(404);
    const doppia = await iscrivi(operatore, nessuno);
    expect(doppia.response.status).toBe(422);
    expect(doppia.error?.errors).toEqual([expect.objectContaining({ rule: 'duplicato' })]);
    // A dirigente oversees the list without its health, economic and family data.
    const vistaDirigente = await iscritto(nessuno.codice_fiscale, dirigente);
    for (const campo of ['percentualeInvalidita', 'compatibilita', 'iseeCent', 'familiariACarico', 'relazioneDocumentoId'])
      expect(vistaDirigente).not.toHaveProperty(campo);
    expect((await iscritto(nessuno.codice_fiscale, operatore)).percentualeInvalidita).toBe(67);
    // The relazione conclusiva (health data): stored for an enrolment keyed by codice fiscale, read only by those who place people.
    const relazione = await api(operatore).POST('/api/v1/collocamento/iscritti/{id}/relazione', {
      ...conId(nessuno.codice_fiscale),
      body: { tipo: 'relazione-conclusiva', file: new File([new Uint8Array(samples.pdf)], 'relazione.pdf') },
      bodySerializer: comeModulo,
    });
    expect(relazione.response.status).toBe(201);
    const documento = dati(relazione);
    const scarica = (token: string) => api(token).GET('/api/v1/documenti/{id}', { ...conId(documento.id), parseAs: 'arrayBuffer' });
    expect((await scarica(operatore)).response.status).toBe(200);
    expect((await scarica(dirigente)).response.status).toBe(404);
    expect((await iscritto(nessuno.codice_fiscale, operatore)).relazioneSha256).toBe(documento.sha256);

    // A person moves from the other office to this one: its responsabile transfers the enrolment, with the reason.
    const trasloca = persona({ ufficio: ALTRO_CPI, territorio: 'CN', data_iscrizione: '2019-05-02' });
    expect((await iscrivi(altroOperatore, trasloca)).response.status).toBe(201);
    const motivo = 'Trasferimento di residenza a Torino';
    const trasferisci = (token: string, id: string) =>
      api(token).POST('/api/v1/collocamento/iscritti/{id}/trasferimento', { ...conId(id), body: { ufficio: CPI, motivazione: motivo } });
    expect((await trasferisci(operatore, trasloca.codice_fiscale)).response.status).toBe(403);
    const fatto = await trasferisci(responsabileAltro, trasloca.codice_fiscale);
    expect(fatto.response.status).toBe(200);
    const arrivata = await iscritto(trasloca.codice_fiscale, operatore);
    expect(arrivata).toMatchObject({ ufficio: CPI, trasferitoDa: ALTRO_CPI, dataIscrizione: '2019-05-02', percentualeInvalidita: 67, trasferitoA: null });
    expect(await iscritto(trasloca.codice_fiscale, altroOperatore)).toMatchObject({ ufficio: ALTRO_CPI, trasferitoA: CPI });
    // Done once: a second transfer of the closed enrolment, or one towards an office that has the person, is refused.
    expect((await trasferisci(responsabileAltro, trasloca.codice_fiscale)).response.status).toBe(409);
    const versoChiLHa = await trasferisci(responsabileAltro, altrove.codice_fiscale);
    expect(versoChiLHa.response.status).toBe(409);
    expect(versoChiLHa.error?.errors?.map((e) => e.rule)).toEqual(['gia-iscritto']);
    const traccia = await sql<{ attore: string; ruoli: string; motivazione: string; prima: unknown; dopo: unknown }>(
      `SELECT attore, ruoli, motivazione, prima, dopo FROM audit_log WHERE entita = 'iscritto' AND entita_id = $1 AND azione = 'trasferito'`,
      [`${ALTRO_CPI}/${trasloca.codice_fiscale}`],
    );
    expect(traccia).toEqual([{ attore: 'resp.fabbri', ruoli: 'responsabile', motivazione: motivo, prima: { ufficio: ALTRO_CPI }, dopo: { ufficio: CPI } }]);
  });

  it('runs request → window → applications → eligibility → ranking → rosa → esito → closed, with coverage updated and the list verifiable', async () => {
    const a = persona({ percentuale_invalidita: '90', isee: '3000' });
    const b = persona({ percentuale_invalidita: '70', competenze: 'excel' });
    const occupato = persona({ stato_occupazionale: 'occupato', percentuale_invalidita: '100' });
    const incompatibile = persona({ mansioni_compatibili: 'archivio', mansioni_incompatibili: 'videoterminale' });
    const fuori = persona({ territorio: 'CN' });
    const ritira = persona();
    const altrove = persona({ ufficio: ALTRO_CPI, territorio: 'CN' });
    const imp = await importa([a, b, occupato, incompatibile, fuori, ritira]);
    expect(imp.response.status).toBe(201);
    expect(dati(imp).importati).toBe(6);
    expect((await importaFile(Buffer.from(csv([altrove])), 'x.csv', altroOperatore)).response.status).toBe(201);

    const d = await datore(60);
    const prima = await datoreLetto(d.id);
    expect(prima.quota.art1).toBe(4); // 7% of 60 = 4.2
    expect(prima.scopertura.art1).toBe(4);

    const o = await nuovaOfferta(d.id);
    expect(o.stato).toBe('richiesta');
    expect(o.sla?.scadenza).toBeDefined();
    const sod = await congruita(operatore, o.id, { esito: 'congrua', chiusuraAdesioni: new Date(Date.now() + 4000).toISOString() });
    expect(sod.response.status).toBe(403);
    const pubblicata = dati(await congruita(collega, o.id, { esito: 'congrua', chiusuraAdesioni: new Date(Date.now() + 4000).toISOString() }));
    expect(pubblicata.stato).toBe('pubblicata');

    for (const p of [a, b, occupato, incompatibile, fuori, ritira]) dati(await aderisci(o.id, p.codice_fiscale));
    const doppia = await aderisci(o.id, a.codice_fiscale);
    expect(doppia.response.status).toBe(409);
    expect(doppia.error?.errors?.[0].rule).toBe('adesione-duplicata');
    const sconosciuto = await aderisci(o.id, 'BNCLGU80A01L219X');
    expect(sconosciuto.response.status).toBe(422);
    expect(sconosciuto.error?.errors?.[0]).toMatchObject({ rule: 'non-iscritto', field: 'iscrittoId' });
    expect(sconosciuto.error?.errors?.[0].message).toMatch(/non è iscritto all'elenco L\. 68\/99/);
    const diAltroUfficio = await aderisci(o.id, altrove.codice_fiscale);
    expect(diAltroUfficio.response.status).toBe(422);
    expect(diAltroUfficio.error?.errors?.[0].rule).toBe('non-iscritto');
    expect(
      (await api(operatore).DELETE('/api/v1/offerte/{id}/adesioni/{iscrittoId}', { params: { path: { id: o.id, iscrittoId: ritira.codice_fiscale } } }))
        .response.status,
    ).toBe(200);
    // The applicants as staff list them: everyone who applied, the withdrawn one marked; never to the employer.
    const adesioni = (token: string, query: { limit?: number; offset?: number } = {}) =>
      api(token).GET('/api/v1/offerte/{id}/adesioni', { params: { path: { id: o.id }, query } });
    const aderenti = dati(await adesioni(operatore));
    expect({ totale: aderenti.totale, attive: aderenti.attive }).toEqual({ totale: 6, attive: 5 });
    expect(aderenti.elementi.find((x) => x.codiceFiscale === ritira.codice_fiscale)?.ritirataIl).toEqual(expect.any(String));
    expect(aderenti.elementi.find((x) => x.codiceFiscale === a.codice_fiscale)).toMatchObject({
      ritirataIl: null,
      registrataDa: expect.any(String),
    });
    expect(JSON.stringify(aderenti)).not.toMatch(/percentualeInvalidita|isee|familiari/i);
    expect(dati(await adesioni(operatore, { limit: 2, offset: 4 })).elementi).toHaveLength(2);
    expect((await adesioni(d.token)).response.status).toBe(403);
    const anteprimaGraduatoria = async (query: { limit?: number; offset?: number } = {}) =>
      dati(await api(operatore).GET('/api/v1/offerte/{id}/graduatoria/anteprima', { params: { path: { id: o.id }, query } }));
    const anteprima = await anteprimaGraduatoria();
    expect(anteprima.totali).toEqual({ candidati: 5, idonei: 2, esclusi: 3 });
    // The excluded are shown with their reasons, and both lists page: the second ranked alone on page 2 of 1.
    expect(anteprima.esclusi).toHaveLength(3);
    for (const e of anteprima.esclusi) expect(e.motivi.length).toBeGreaterThan(0);
    const seconda = await anteprimaGraduatoria({ limit: 1, offset: 1 });
    expect(seconda.idonei.map((v) => v.iscrittoId)).toEqual([anteprima.idonei[1].iscrittoId]);
    expect(seconda.esclusi.map((v) => v.iscrittoId)).toEqual([anteprima.esclusi[1].iscrittoId]);

    await inStato(o.id, 'chiusa-adesioni');
    const tardiva = await aderisci(o.id, ritira.codice_fiscale);
    expect(tardiva.response.status).toBe(409);
    const g = await waitFor('the graduatoria', async () => {
      const r = await api(operatore).GET('/api/v1/offerte/{id}/graduatoria', conId(o.id));
      return r.response.status === 200 ? r.data : undefined;
    });
    expect(g.idonei.map((v) => v.iscrittoId)).toEqual([a.codice_fiscale, b.codice_fiscale]);
    expect(g.idonei[0].dettaglio.map((x) => x.criterio)).toEqual(expect.arrayContaining(['invalidita', 'anzianita', 'isee', 'competenze']));
    expect(g.idonei[0].dettaglio.find((x) => x.criterio === 'invalidita')?.punti).toBe(9000);
    expect(g.idonei[0].spareggi.length).toBeGreaterThan(0);
    expect(g.formula).toMatch(/spareggi|parità|tie/i);
    const esclusi = Object.fromEntries(g.esclusi.map((e) => [e.iscrittoId, e.motivi.map((m) => m.regola)]));
    expect(esclusi[occupato.codice_fiscale]).toContain('stato-occupazionale');
    expect(esclusi[incompatibile.codice_fiscale]).toContain('mansione-incompatibile');
    expect(esclusi[fuori.codice_fiscale]).toContain('territorio-competente');
    expect(esclusi[ritira.codice_fiscale]).toBeUndefined();

    // The stored list is readable a moment before the procedure has taken it in: until then publishing says so (409).
    const pub = await waitFor('the publication', async () => {
      const r = await pubblica(o.id);
      if (r.response.status === 409 && r.error?.errors?.[0]?.rule === 'graduatoria-non-pronta') return undefined;
      if (r.response.status !== 200) throw new Error(`publication → ${r.response.status}: ${JSON.stringify(r.error)}`);
      return r.data;
    });
    expect(pub.stato).toBe('graduatoria-pubblicata');
    expect(pub.graduatoria?.hash).toBe(g.hash);
    const rosa = dati(await api(operatore).POST('/api/v1/offerte/{id}/rosa', conId(o.id)));
    expect(rosa.candidati.map((c) => c.iscrittoId)).toEqual([a.codice_fiscale, b.codice_fiscale]);

    // What the employer sees: no health or economic data.
    const vista = dati(await api(d.token).GET('/api/v1/offerte/{id}/rosa', conId(o.id)));
    const testo = JSON.stringify(vista);
    for (const vietato of ['percentualeInvalidita', 'invalidita', 'isee', 'familiari', 'note', 'dettaglio', 'punteggio']) expect(testo).not.toContain(vietato);
    // Nor the candidates' codici fiscali (they tell birth date and sex): a reference of the offer instead.
    expect(testo).not.toContain(a.codice_fiscale);
    expect(testo).not.toContain(b.codice_fiscale);
    expect(vista.candidati[0]).toMatchObject({
      candidato: expect.stringMatching(/^C-[0-9A-F]{10}$/),
      compatibilita: 'compatibile',
      competenzeRichiestePossedute: ['excel', 'contabilita'],
    });
    expect(JSON.stringify(await leggi(o.id, d.token))).not.toContain(a.codice_fiscale);

    // The employer is reminded until the outcomes arrive.
    await waitFor('a reminder to the employer', async () => {
      const n = await notifiche(d.token);
      return n.find((x) => x.entitaId === o.id && x.tipo === 'promemoria-esiti');
    });
    const chiusa = dati(await esito(d.token, o.id, { iscrittoId: vista.candidati[0].candidato!, esito: 'assunto' }));
    expect(chiusa.stato).toBe('conclusa');
    // A step on the finished offer is a conflict naming its state, also once its procedure has ended (not a 404).
    const dopoFine = await waitFor('the ended procedure', async () => {
      const r = await congruita(collega, o.id, { esito: 'congrua', chiusuraAdesioni: new Date(Date.now() + 60_000).toISOString() });
      return r.error?.errors?.[0]?.rule === 'procedura-conclusa' ? r : undefined;
    });
    expect({ status: dopoFine.response.status, found: dopoFine.error?.errors?.[0].found }).toEqual({ status: 409, found: 'conclusa' });
    const dopo = await datoreLetto(d.id);
    expect(dopo.coperturaArt1).toBe(1);
    expect(dopo.scopertura.art1).toBe(3);
    expect((await iscritto(a.codice_fiscale)).statoOccupazionale).toBe('occupato');

    const verificaGraduatoria = async () => dati(await api(responsabile).GET('/api/v1/offerte/{id}/graduatoria/verifica', conId(o.id)));
    const verifica = await verificaGraduatoria();
    expect(verifica).toMatchObject({ corrisponde: true, hashPubblicato: g.hash, hashRicalcolato: g.hash });
    // The stored inputs, downloaded as canonical JSON, recompute to the published hash outside the service's code path.
    const datiGraduatoria = (token: string) => api(token).GET('/api/v1/offerte/{id}/graduatoria/dati', conId(o.id));
    const datiRes = await datiGraduatoria(responsabile);
    expect(datiRes.response.status).toBe(200);
    expect(datiRes.response.headers.get('content-disposition')).toBe(`attachment; filename="graduatoria-${o.id}-dati.json"`);
    const ingressi = dati(datiRes);
    expect(Object.keys(ingressi)).toEqual([
      'candidati',
      'dataChiusura',
      'dataRiferimento',
      'hash',
      'offerta',
      'offertaId',
      'regione',
      'regole',
      'versioneRegole',
    ]);
    const ricalcolata = calcolaGraduatoria({
      offerta: ingressi.offerta,
      candidati: ingressi.candidati,
      // Free-form in the contract (the rules package of the version): read as the domain records it.
      regole: ingressi.regole as unknown as RegoleGraduatoria,
      dataRiferimento: ingressi.dataRiferimento,
      dataChiusura: ingressi.dataChiusura,
    });
    expect(hashGraduatoria(ricalcolata)).toBe(g.hash);
    expect((await datiGraduatoria(d.token)).response.status).toBe(403);
    // Someone lowers the first candidate's stored invalidity degree after publication.
    await sql(
      `UPDATE cm_graduatorie SET input_candidati = (SELECT jsonb_agg(CASE WHEN c->>'id' = $2 THEN jsonb_set(c, '{percentualeInvalidita}', '50') ELSE c END)
         FROM jsonb_array_elements(input_candidati) c) WHERE offerta_id = $1`,
      [o.id, a.codice_fiscale],
    );
    const alterata = await verificaGraduatoria();
    expect(alterata.corrisponde).toBe(false);
    expect(alterata.hashRicalcolato).not.toBe(g.hash);

    const timeline = (await leggi(o.id)).timeline?.map((s) => s.cosa);
    expect(timeline).toEqual(
      expect.arrayContaining([
        'richiesta',
        'congruita',
        'adesione',
        'ritiro',
        'chiusuraAdesioni',
        'graduatoria-calcolata',
        'graduatoriaPubblicata',
        'rosaInviata',
        'esito',
      ]),
    );

    const indicatori = api(responsabile);
    const csvRes = await indicatori.GET('/api/v1/offerte/indicatori', { params: { query: { raggruppa: 'ufficio', formato: 'csv' } }, parseAs: 'text' });
    expect(csvRes.response.status).toBe(200);
    const righe = dati(csvRes).trim().split(/\r?\n/);
    expect(righe[0]).toMatch(/^Ufficio;Richieste/);
    const mia = righe.find((r) => r.startsWith(`${CPI};`))!.split(';');
    const intest = righe[0].split(';');
    expect(Number(mia[intest.indexOf('Richieste')])).toBe(1);
    expect(Number(mia[intest.findIndex((h) => /assunt/i.test(h))])).toBe(1);
    const xlsx = await indicatori.GET('/api/v1/offerte/indicatori', {
      params: { query: { raggruppa: 'ufficio,sesso', formato: 'xlsx' } },
      parseAs: 'arrayBuffer',
    });
    expect(xlsx.response.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(dati(xlsx)) as never);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('Ufficio');
  });

  it('escalates to the responsabile and records the breach when the rosa is not sent within 5 working days', async () => {
    const d = await datore(40);
    const o = await nuovaOfferta(d.id);
    const sla = o.sla!;
    // A window closing after the term makes the rosa late by design: refused without a reason, which is then recorded.
    const chiusuraAdesioni = new Date(Date.now() + 30_000).toISOString();
    const senza = await congruita(collega, o.id, { esito: 'congrua', chiusuraAdesioni });
    expect(senza.response.status).toBe(422);
    expect(senza.error?.errors?.[0]).toMatchObject({ rule: 'finestra-oltre-sla', field: 'motivoOltreSla', found: chiusuraAdesioni, limit: sla.scadeIl });
    expect(senza.error?.errors?.[0].message).toContain(`${sla.scadenza.slice(8, 10)}/${sla.scadenza.slice(5, 7)}/${sla.scadenza.slice(0, 4)}`);
    const motivoOltreSla = 'Profilo raro: serve una settimana intera di pubblicità';
    const pubblicata = dati(await congruita(collega, o.id, { esito: 'congrua', chiusuraAdesioni, motivoOltreSla }));
    expect(procedura(pubblicata).congruita?.motivoOltreSla).toBe(motivoOltreSla);
    expect(pubblicata.timeline?.find((x) => x.cosa === 'congruita')?.perche).toContain(motivoOltreSla);
    const escalation = await waitFor('the escalation', async () => {
      const n = await notifiche(responsabile);
      return n.find((x) => x.entitaId === o.id && x.tipo === 'escalation-sla');
    });
    expect(escalation.titolo).toMatch(/5 giorni lavorativi/);
    const letta = await leggi(o.id);
    expect(letta.sla?.violata).toBe(true);
    expect(letta.timeline?.map((s) => s.cosa)).toEqual(expect.arrayContaining(['avvisoSla', 'slaScaduta']));
    const [row] = await sql<{ sla_violata: boolean }>('SELECT sla_violata FROM cm_offerte WHERE id = $1', [o.id]);
    expect(row.sla_violata).toBe(true);
  });

  it("pages through an office's requests with a cursor, filtered by employer and state; an employer's user never widens it to another", async () => {
    const [d, altro] = [await datore(40), await datore(40)];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await nuovaOfferta(d.id)).id);
    await nuovaOfferta(altro.id);
    const pagine = await tutteLePagine(stack, `/api/v1/offerte?datore=${d.id}&limite=2`, responsabile);
    expect(pagine).toEqual({ ids: [...ids].reverse(), pagine: 2 });
    expect((await tutteLePagine(stack, `/api/v1/offerte?datore=${d.id}&stato=conclusa`, responsabile)).ids).toEqual([]);
    expect((await tutteLePagine(stack, `/api/v1/offerte?datore=${altro.id}`, d.token)).ids).toEqual([...ids].reverse());
    // Requests of the same millisecond (richiesta_il holds microseconds): a page ending inside it loses none of them.
    for (const [i, id] of ids.entries()) await sqlOwner(`UPDATE cm_offerte SET richiesta_il = $2 WHERE id = $1`, [id, `2026-01-01T10:00:00.12300${i + 1}Z`]);
    expect((await tutteLePagine(stack, `/api/v1/offerte?datore=${d.id}&limite=1`, responsabile)).ids.sort()).toEqual([...ids].sort());
    expect((await api(responsabile).GET('/api/v1/offerte', { params: { query: { dopo: 'nonvalido' } } })).response.status).toBe(400);
  });

  it('cancels an offer with its reason, by CPI staff or its own employer: final, told to the employer, and no further step', async () => {
    const [d, altro] = [await datore(40), await datore(40)];
    const o = await nuovaOfferta(d.id);
    const annulla = (token: string, motivo: string) => api(token).POST('/api/v1/offerte/{id}/annullamento', { ...conId(o.id), body: { motivo } });
    // Another employer cannot (as if it did not exist); a reason is required.
    expect((await annulla(altro.token, 'Posto coperto con una convenzione')).response.status).toBe(404);
    expect((await annulla(d.token, 'no')).response.status).toBe(400);
    const annullata = dati(await annulla(d.token, 'Posto coperto con una convenzione art. 11'));
    expect(annullata.stato).toBe('annullata');
    const letta = await leggi(o.id);
    expect(letta.timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ cosa: 'annullamento', perche: 'Posto coperto con una convenzione art. 11' })]),
    );
    const avviso = await waitFor('the notice to the employer', async () => {
      const n = await notifiche(d.token);
      return n.find((x) => x.entitaId === o.id && x.tipo === 'offerta-annullata');
    });
    expect(avviso.testo).toBe('Posto coperto con una convenzione art. 11');
    const dopo = await waitFor('the ended procedure', async () => {
      const r = await congruita(responsabile, o.id, { esito: 'congrua', chiusuraAdesioni: new Date(Date.now() + 60_000).toISOString() });
      return r.response.status === 409 ? r : undefined;
    });
    expect(dopo.error?.errors?.[0]).toMatchObject({ rule: expect.stringMatching(/^(procedura-conclusa|stato-non-ammesso)$/), found: 'annullata' });
    expect((await tutteLePagine(stack, `/api/v1/offerte?datore=${d.id}&stato=annullata`, responsabile)).ids).toEqual([o.id]);
  });

  it('sends the next candidates after negative outcomes, takes an outcome after the post is filled, and lets a second person correct one with its effects undone', async () => {
    const persone = [persona(), persona(), persona(), persona(), persona()];
    expect((await importa(persone)).response.status).toBe(201);
    const d = await datore(60);
    const o = await nuovaOfferta(d.id);
    dati(await congruita(collega, o.id, { esito: 'congrua', chiusuraAdesioni: new Date(Date.now() + 3000).toISOString() }));
    for (const p of persone) dati(await aderisci(o.id, p.codice_fiscale));
    await inStato(o.id, 'chiusa-adesioni');
    await waitFor('the publication', async () => {
      const r = await pubblica(o.id);
      const errore = r.error?.errors?.[0];
      // Until the close has ranked (409, "non ancora calcolata") and the workflow has the ranking (graduatoria-non-pronta).
      if (
        r.response.status === 409 &&
        (/non ancora calcolata/.test(r.error?.title ?? '') ||
          errore?.rule === 'graduatoria-non-pronta' ||
          (errore?.rule === 'stato-non-ammesso' && errore.found === 'pubblicata'))
      )
        return undefined;
      if (r.response.status !== 200) throw new Error(`publication → ${r.response.status}: ${JSON.stringify(r.error)}`);
      return r.data;
    });
    const ordine = dati(await api(operatore).GET('/api/v1/offerte/{id}/graduatoria', conId(o.id))).idonei.map((v) => v.iscrittoId);
    expect(ordine).toHaveLength(5);
    // Not before the outcomes are in.
    const successiva = (token: string) => api(token).POST('/api/v1/offerte/{id}/rosa/successiva', conId(o.id));
    const presto = await successiva(operatore);
    expect(presto.error?.errors?.[0]?.rule).toBe('rosa-successiva-non-ammessa');
    dati(await api(operatore).POST('/api/v1/offerte/{id}/rosa', conId(o.id)));
    const rosaDelDatore = async () => dati(await api(d.token).GET('/api/v1/offerte/{id}/rosa', conId(o.id)));
    const rif = async () => (await rosaDelDatore()).candidati.map((c) => c.candidato) as string[];
    const [r1, r2] = await rif();
    dati(await esito(d.token, o.id, { iscrittoId: r1, esito: 'rifiuto' }));
    const tutti = dati(await esito(d.token, o.id, { iscrittoId: r2, esito: 'non-presentato' }));
    expect(tutti.stato).toBe('conclusa');
    const fascicolo = async (cf: string) =>
      (await sql<{ s: Array<{ offertaId: string }> }>('SELECT segnalazioni AS s FROM cm_iscritti WHERE ufficio = $1 AND id = $2', [CPI, cf]))[0].s;
    expect((await fascicolo(ordine[0])).map((x) => x.offertaId)).toEqual([o.id]);

    // Another sending: the next two of the same graduatoria still eligible (the workflow reads them itself a moment
    // after the outcomes). The third ranked found a job meanwhile: skipped, with the reason.
    await sqlOwner(`UPDATE cm_iscritti SET stato_occupazionale = 'occupato' WHERE ufficio = $1 AND id = $2`, [CPI, ordine[2]]);
    expect((await successiva(d.token)).response.status).toBe(403);
    const seconda = await waitFor('the next candidates', async () => {
      const r = await successiva(operatore);
      if (r.response.status === 409 && r.error?.errors?.[0]?.rule === 'rosa-non-pronta') return undefined;
      if (r.response.status !== 200) throw new Error(`rosa successiva → ${r.response.status}: ${JSON.stringify(r.error)}`);
      return r.data;
    });
    expect(seconda.candidati.map((c) => `${c.iscrittoId}:${c.invio}`)).toEqual([`${ordine[0]}:1`, `${ordine[1]}:1`, `${ordine[3]}:2`, `${ordine[4]}:2`]);
    const dopoInvio = await leggi(o.id);
    expect(dopoInvio.stato).toBe('rosa-inviata');
    expect(procedura(dopoInvio).rosaSuccessive?.[0].saltati).toEqual([{ iscrittoId: ordine[2], motivo: 'occupato' }]);
    const ancora = await successiva(operatore);
    expect(ancora.response.status).toBe(409);
    const vista = await rosaDelDatore();
    expect(JSON.stringify(vista)).not.toMatch(new RegExp(ordine.join('|')));
    const [, , r3, r4] = vista.candidati.map((c) => c.candidato) as string[];
    expect(vista.candidati.map((c) => c.invio)).toEqual([1, 1, 2, 2]);
    const avviso = await waitFor('the notice of the new candidates', async () => {
      const n = await notifiche(d.token);
      return n.find((x) => x.entitaId === o.id && /Nuovi candidati/.test(x.titolo));
    });
    expect(avviso).toBeDefined();

    // The post is filled; the last candidate's outcome still comes in.
    expect(dati(await esito(d.token, o.id, { iscrittoId: r3, esito: 'assunto' })).stato).toBe('conclusa');
    const tardivo = dati(await esito(d.token, o.id, { iscrittoId: r4, esito: 'non-presentato' }));
    expect({ stato: tardivo.stato, esiti: tardivo.esiti?.length }).toEqual({ stato: 'conclusa', esiti: 4 });
    expect((await datoreLetto(d.id)).coperturaArt1).toBe(1);

    // Corrections: only a responsabile, never the employer or an operatore, nor another office's; with a reason.
    const corr = (
      token: string,
      iscrittoId: string,
      esito: Schemi['RettificaEsitoDto']['esito'],
      motivo = 'Il verbale del colloquio era stato trascritto male',
    ) => api(token).POST('/api/v1/offerte/{id}/esiti/rettifica', { ...conId(o.id), body: { iscrittoId, esito, motivo } });
    expect((await corr(d.token, ordine[0], 'non-presentato')).response.status).toBe(403);
    expect((await corr(operatore, ordine[0], 'non-presentato')).response.status).toBe(403);
    expect((await corr(await stack.idp.token('resp.altrove', ['responsabile'], ALTRO_CPI), ordine[0], 'non-presentato')).response.status).toBe(404);
    const breve = await corr(responsabile, ordine[0], 'non-presentato', 'errore');
    expect({ status: breve.response.status, rule: breve.error?.errors?.[0].rule }).toEqual({ status: 422, rule: 'motivazione-minima' });
    const rifiutoTolto = await corr(responsabile, ordine[0], 'non-presentato');
    const avvisoRettifica = await waitFor('the notice of the correction', async () => {
      const n = await notifiche(d.token);
      return n.find((x) => x.entitaId === o.id && x.tipo === 'esito-rettificato');
    });
    // The employer learns that an outcome changed, never the reason (it may speak of the person's health).
    expect(avvisoRettifica.testo).not.toContain('verbale');
    expect(rifiutoTolto.response.status).toBe(200);
    expect(procedura(dati(rifiutoTolto)).esiti[0]).toMatchObject({
      esito: 'non-presentato',
      registratoDa: 'resp.conti',
      rettificaDi: { esito: 'rifiuto', motivoRettifica: 'Il verbale del colloquio era stato trascritto male' },
    });
    await waitFor('the refusal removed from the file', async () => ((await fascicolo(ordine[0])).length === 0 ? true : undefined));
    // The hire was not one: the place in the quota is free again and the person unemployed.
    const assunzioneTolta = dati(await corr(responsabile, ordine[3], 'non-idoneo'));
    expect(assunzioneTolta.stato).toBe('conclusa');
    expect(procedura(assunzioneTolta).conclusione?.motivo).toBe('esiti-completi');
    await waitFor('the quota freed', async () => ((await datoreLetto(d.id)).coperturaArt1 === 0 ? true : undefined));
    expect((await iscritto(ordine[3])).statoOccupazionale).toBe('disoccupato');
    const audit = await sql<{ azione: string; ruoli: string }>(
      `SELECT azione, ruoli FROM audit_log WHERE entita_id = $1 AND azione = 'rettificaEsito' ORDER BY registrato_il`,
      [o.id],
    );
    expect(audit.map((a) => `${a.azione}:${a.ruoli}`)).toEqual(['rettificaEsito:responsabile', 'rettificaEsito:responsabile']);
  });

  it("finds people of the office's list by codice fiscale or its beginning, and employers by codice fiscale or name; never another office's", async () => {
    const p = persona();
    expect((await importa([p])).response.status).toBe(201);
    const d = await datore(40);
    const [{ denominazione }] = await sql<{ denominazione: string }>('SELECT denominazione FROM cm_datori WHERE id = $1', [d.id]);
    const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);
    // The client encodes the query: what is typed here is the text searched for.
    const iscritti = (token: string, cerca: string) => api(token).GET('/api/v1/collocamento/iscritti', { params: { query: { cerca } } });
    const datori = (token: string, cerca: string) => api(token).GET('/api/v1/collocamento/datori', { params: { query: { cerca } } });
    const trovati = dati(await iscritti(operatore, p.codice_fiscale.toLowerCase()));
    expect(trovati).toEqual([
      {
        id: p.codice_fiscale,
        codiceFiscale: p.codice_fiscale,
        ufficio: CPI,
        territorio: 'TO',
        categoria: 'art1',
        dataIscrizione: '2024-01-15',
        statoOccupazionale: 'disoccupato',
        trasferitoA: null,
      },
    ]);
    expect(ids(dati(await iscritti(responsabile, p.codice_fiscale.slice(0, 6))))).toContain(p.codice_fiscale);
    // Another office's staff find nobody of this list; a typed wildcard is a character; too short a text is refused.
    expect(dati(await iscritti(altroOperatore, p.codice_fiscale))).toEqual([]);
    expect(dati(await iscritti(operatore, '%%'))).toEqual([]);
    const corto = await iscritti(operatore, 'R');
    expect({ status: corto.response.status, errore: corto.error?.errors?.[0] }).toMatchObject({ status: 400, errore: { field: 'cerca', found: 'R' } });

    expect(ids(dati(await datori(operatore, d.id)))).toEqual([d.id]);
    expect(ids(dati(await datori(operatore, denominazione.slice(0, 9).toLowerCase())))).toContain(d.id);
    expect(dati(await datori(altroOperatore, d.id))).toEqual([]);
    expect((await datori(d.token, d.id)).response.status).toBe(403);
  });
});
