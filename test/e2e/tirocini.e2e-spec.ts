import { createHash, randomUUID } from 'node:crypto';
import { comeModulo, type Schemi } from '@app/client';
import { testoPdf } from '../support/pdf';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { fineDopoMesi } from '../../libs/domain/src/tirocini/controlli';
import { aggiungiMesi } from '../../libs/domain/src/tirocini/durata';
import type { Attestazione, TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import { waitFor } from '../support/wait';
import { lettere, partitaIva, persona as personaCasuale } from '../support/identificativi';
import { dati, samples, Stack } from '../support/stack';
import { objectsUnder, sql } from '../support/services';
import { PRATO, Parti, parti as partiRegistro, persona, progetto as progettoRegistro, tirocinante as tirocinanteRegistro } from '../support/tirocini';
import { sedeLegaleTipizzata } from '../../libs/infrastructure/src/persistence/migrations/1765008000000-IndirizziTipizzati';

jest.setTimeout(240_000);

/** One day of the procedure's clock lasts this long here: a two-month traineeship runs in about 12 s. */
const GIORNO_MS = 200;
const stack = new Stack();
const CPI = `CPI-${Date.now().toString(36)}`;
const oggiReale = () => new Date().toISOString().slice(0, 10);
/**
 * The first day of the month after `d`'s. A traineeship starting there has whole months, each holding the five (four
 * in a non-leap February) weeks of hours of its cap, whatever the day the test runs.
 */
const primoDelMeseDopo = (d: string) => aggiungiMesi(`${d.slice(0, 7)}-01`, 1);
let operatore: string;
let altroOperatore: string;
let responsabile: string;
let operatoreResponsabile: string;

/**
 * Functional calls and uploads go through the typed client: the compiler checks each path, body and answer against
 * openapi.json. Bodies the contract forbids go through stack.call.
 */
const api = (token: string) => stack.client(token);
const perId = (id: string) => ({ params: { path: { id } } });
/**
 * Uploads a document to traineeship `id` through the typed client, as a form: its type, then the file (a File: bytes
 * with their name). `firmato`: whoever uploads declares it signed by the parties that must sign it.
 */
const caricaDocumento = (token: string, id: string, tipo: string, name: string, bytes: Buffer, firmato?: boolean) =>
  api(token).POST('/api/v1/tirocini/{id}/documenti', {
    params: { path: { id }, query: firmato === undefined ? undefined : { firmato } },
    body: { tipo, file: new File([new Uint8Array(bytes)], name) },
    bodySerializer: comeModulo,
  });

type Tirocinio = Schemi['TirocinioView'];
/**
 * The procedure's state as the workflow keeps it (TirocinioState): the contract gives TirocinioView.procedura as a free
 * object, so what the tests read of it is typed from the domain.
 */
const procedura = (t: Tirocinio) => t.procedura as TirocinioState | null;
type Emessa = Extract<Attestazione, { emessa: true }>;
type NonEmessa = Extract<Attestazione, { emessa: false }>;
/** What the step `cosa` of the timeline changed, after (each step records its own: a free object). */
const dopo = (t: Tirocinio, cosa: string) => t.timeline.find((x) => x.cosa === cosa)?.dopo;

const invia = (id: string, token = operatore) => api(token).POST('/api/v1/tirocini/{id}/invio', perId(id));
const decidi = (id: string, token: string, body: Schemi['DecisioneTirocinioDto']) => api(token).POST('/api/v1/tirocini/{id}/decisione', { ...perId(id), body });
const comunica = (id: string, token: string, body: Schemi['ComunicazioneDto']) =>
  api(token).POST('/api/v1/tirocini/{id}/comunicazione-obbligatoria', { ...perId(id), body });
const presenze = (id: string, token: string, body: Schemi['PresenzeDto']) => api(token).POST('/api/v1/tirocini/{id}/presenze', { ...perId(id), body });
const proroga = (id: string, body: Schemi['ProrogaDto'], token = operatore) => api(token).POST('/api/v1/tirocini/{id}/proroga', { ...perId(id), body });
const notificheDi = async (token: string) => dati(await api(token).GET('/api/v1/notifiche'));

const registro = () => ({ stack, cpi: CPI, operatore });
const parti = (dipendenti?: number, regione?: Schemi['SoggettoDto']['regione']) => partiRegistro(registro(), dipendenti, regione);
const tirocinante = () => tirocinanteRegistro(registro());
const progetto = (p: Parti, tirocinanteId: string, over: Partial<Schemi['ProgettoDto']> = {}) =>
  progettoRegistro(p, tirocinanteId, addDays(oggiReale(), 25), over);

const DOCUMENTI = ['progetto-formativo', 'autocertificazione-ospitante', 'dichiarazione-selezione', 'documento-identita'];

/** A draft of `p`'s project, with the documents of `documenti` uploaded and declared signed. */
async function bozza(p: Parti, over: Partial<Schemi['ProgettoDto']> = {}, token = operatore, documenti = DOCUMENTI): Promise<string> {
  const t = dati(await api(token).POST('/api/v1/tirocini', { body: { progetto: progetto(p, over.tirocinanteId ?? (await tirocinante()), over) } }));
  for (const tipo of documenti) {
    const res = await caricaDocumento(token, t.id, tipo, `${tipo}.pdf`, samples.pdf, true);
    expect(res.response.status).toBe(201);
  }
  return t.id;
}

const leggi = async (id: string) => dati(await api(responsabile).GET('/api/v1/tirocini/{id}', perId(id)));
const inStato = async (id: string, stato: string, timeoutMs?: number) => {
  let ultimo = '';
  try {
    return await waitFor(
      `tirocinio ${id} in ${stato}`,
      async () => {
        const t = await leggi(id);
        ultimo = `${t.stato} (giorno ${t.oggi}, inizio ${t.dataInizio}, eventi ${t.timeline.map((x) => x.cosa).join(' ')})`;
        return t.stato === stato ? t : undefined;
      },
      timeoutMs,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}: ultimo stato ${ultimo}`);
  }
};
const giornoProcedura = (id: string, data: string) => waitFor(`day ${data} of ${id}`, async () => ((await leggi(id)).oggi >= data ? true : undefined));

async function inviaEApprova(id: string) {
  dati(await invia(id));
  dati(await decidi(id, responsabile, { esito: 'approvata' }));
}

beforeAll(async () => {
  await stack.start({ env: { TIROCINI_UNITA_GIORNO: `PT${GIORNO_MS / 1000}S` } });
  operatore = await stack.idp.token('op.rossi', ['operatore'], CPI);
  altroOperatore = await stack.idp.token('op.verdi', ['operatore'], CPI);
  responsabile = await stack.idp.token('resp.neri', ['responsabile'], CPI);
  operatoreResponsabile = await stack.idp.token('resp.doppio', ['operatore', 'responsabile'], CPI);
});

afterAll(() => stack.stop());

describe('tirocinio extracurricolare', () => {
  it('runs from draft to attestazione: checks, approval, comunicazione, attendance, PDF with its SHA-256, timeline, notices', async () => {
    const p = await parti();
    const inizio = primoDelMeseDopo(addDays(oggiReale(), 25));
    const id = await bozza(p, { dataInizio: inizio, dataFine: fineDopoMesi(inizio, 2) });
    const inviato = dati(await invia(id));
    expect(inviato.stato).toBe('inviata');
    expect(inviato.versioneRegole).toBe('toscana-2018.1');

    const inbox = dati(await api(responsabile).GET('/api/v1/tirocini/inbox'));
    expect(inbox.map((x) => x.id)).toContain(id);
    // It reads with names: the host's and promoter's denominazione and the trainee's surname and name.
    const riga = inbox.find((x) => x.id === id)!;
    const tirocinante = dati(await api(responsabile).GET('/api/v1/tirocinanti/{id}', perId(riga.tirocinanteId)));
    expect(riga).toMatchObject({
      ospitante: expect.stringMatching(/^Tessitura /),
      promotore: expect.stringMatching(/^Agenzia formativa /),
      tirocinante: `${tirocinante.cognome} ${tirocinante.nome}`,
    });

    const approvato = dati(await decidi(id, responsabile, { esito: 'approvata' }));
    expect(approvato.stato).toBe('attesa-comunicazione');
    expect(approvato.prossimaAzione!.azione).toMatch(/comunicazione/);
    const data = approvato.dataInizio;
    // The comunicazione is dated the day it is sent (on the procedure's clock), before the start.
    dati(await comunica(id, p.ospitante, { codice: 'UNILAV-0001', data: (await leggi(id)).oggi }));

    const attivo = await inStato(id, 'attiva');
    expect(procedura(attivo)!.avviataIl).toBeDefined();
    // The monthly register reminders are the office-wide job's: the practice's row says when the job looks at it
    // next (the first month's, due when the second begins), and once it has ended, never.
    const sveglia = async () => (await sql(`SELECT promemoria_presenze_il AS il FROM tirocini WHERE id = $1`, [id]))[0].il;
    expect(await sveglia()).not.toBeNull();
    // Attendance for the two months, once the procedure's clock is in the second one: 120 h each, within the cap of
    // either (a non-leap February holds 4 weeks of 30 h).
    const mese1 = data.slice(0, 7);
    const mese2 = addDays(`${mese1}-01`, 40).slice(0, 7);
    await giornoProcedura(id, `${mese2}-01`);
    dati(await presenze(id, p.ospitante, { mese: mese1, ore: 120 }));
    dati(await presenze(id, p.ospitante, { mese: mese2, ore: 120 }));
    const doppio = await presenze(id, p.ospitante, { mese: mese2, ore: 10 });
    expect(doppio.response.status).toBe(409);
    expect(doppio.error!.errors!.map((e) => e.rule)).toContain('presenze-gia-registrate');

    const concluso = await waitFor('the attestazione', async () => {
      const t = await leggi(id);
      return procedura(t)?.attestazione ? t : undefined;
    });
    expect(concluso.stato).toBe('conclusa');
    expect(await sveglia()).toBeNull();
    const attestazione = procedura(concluso)!.attestazione as Emessa;
    expect(attestazione.emessa).toBe(true);
    const docId = attestazione.documentoId;
    const pdf = await api(responsabile).GET('/api/v1/documenti/{id}', { ...perId(docId), parseAs: 'arrayBuffer' });
    expect(pdf.response.status).toBe(200);
    const bytes = Buffer.from(dati(pdf));
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(attestazione.sha256);
    // What the trainee reads in it, as a PDF reader extracts it: their name as registered, figures in Italian style.
    const testo = testoPdf(bytes).flat().join(' ');
    expect(testo).toContain(`${tirocinante.nome} ${tirocinante.cognome}`);
    expect(testo).toMatch(/Ore di presenza registrate: \d+ \(\d+(,\d)?%\)/);
    const att = concluso.documenti.find((d) => d.tipo === 'attestazione-finale');
    expect(att).toMatchObject({ id: docId, sha256: attestazione.sha256, versione: 1 });
    // The promoter and the host download their own attestazione; another promoter or host finds no such document.
    const scarica = async (token: string) => {
      const res = await api(token).GET('/api/v1/documenti/{id}', { ...perId(docId), parseAs: 'arrayBuffer' });
      return {
        status: res.response.status,
        sha256: res.data && createHash('sha256').update(Buffer.from(res.data)).digest('hex'),
      };
    };
    expect(await scarica(p.promotore)).toEqual({ status: 200, sha256: attestazione.sha256 });
    expect(await scarica(p.ospitante)).toEqual({ status: 200, sha256: attestazione.sha256 });
    const altri = await parti();
    expect((await scarica(altri.promotore)).status).toBe(404);
    expect((await scarica(altri.ospitante)).status).toBe(404);

    const passi = concluso.timeline.map((s) => s.cosa);
    expect(passi).toEqual(
      expect.arrayContaining([
        'bozza-creata',
        'documento-caricato',
        'invio',
        'decisione',
        'comunicazioneObbligatoria',
        'avvio',
        'presenze',
        'conclusione',
        'esitoAttestazione',
      ]),
    );
    const decisione = concluso.timeline.find((s) => s.cosa === 'decisione')!;
    expect(decisione.chi).toBe('resp.neri');
    expect(decisione.dopo!.stato).toBe('attesa-comunicazione');

    const notifiche = await notificheDi(operatore);
    const mie = notifiche.filter((n) => n.entitaId === id).map((n) => n.tipo);
    expect(mie).toEqual(expect.arrayContaining(['approvata', 'avviata', 'conclusa', 'attestazione']));
    const ricordati = await notificheDi(p.ospitante);
    // The comunicazione came in time: no reminder about it.
    expect(ricordati.filter((n) => n.entitaId === id).map((n) => n.tipo)).not.toContain('promemoria-comunicazione');
  });

  it("keeps each promoter and host to its own practices: another's draft, list and uploads answer as if they did not exist", async () => {
    const p1 = await parti();
    const p2 = await parti();
    // P1's own user drafts the practice (its trainee registered by it), and the host is its counterpart.
    const tirocinanteP1 = dati(await api(p1.promotore).POST('/api/v1/tirocinanti', { body: { ...persona(), svantaggiato: true } })).id;
    const id = await bozza(p1, { tirocinanteId: tirocinanteP1 }, p1.promotore);
    const mancante = '00000000-0000-4000-8000-000000000000';
    /** The same call on P1's practice and on one that does not exist: the same status and problem type. */
    const comeMancante = async (chiama: (id: string) => Promise<{ response: Response; error?: { type?: string } }>) => {
      const [altrui, assente] = [await chiama(id), await chiama(mancante)];
      expect({ status: altrui.response.status, type: altrui.error?.type }).toEqual({ status: assente.response.status, type: assente.error?.type });
      return altrui.response.status;
    };
    const bozzaP1 = dati(await api(p1.promotore).GET('/api/v1/tirocini/{id}', perId(id)));
    // Promoter P2 of the same office: cannot read it, nor lower its indemnity.
    expect(await comeMancante((x) => api(p2.promotore).GET('/api/v1/tirocini/{id}', perId(x)))).toBe(404);
    // The draft as read (ProgettoDto's fields, with svantaggiato: not a field of the request) with a lower indemnity.
    const { svantaggiato: _svantaggiato, ...progettoP1 } = bozzaP1.progetto;
    const ribasso = { progetto: { ...(progettoP1 as Schemi['ProgettoDto']), indennitaMensileCent: 30_000 } };
    expect(await comeMancante((x) => api(p2.promotore).PUT('/api/v1/tirocini/{id}', { ...perId(x), body: ribasso }))).toBe(404);
    expect(dati(await api(operatore).GET('/api/v1/tirocini/{id}', perId(id))).progetto.indennitaMensileCent).toBe(60_000);
    // Host H2: cannot see it in its list, nor upload to it, nor read its trainee.
    const elenco = async (token: string) => dati(await api(token).GET('/api/v1/tirocini', { params: { query: { limit: 200 } } }));
    expect((await elenco(p2.ospitante)).elementi.map((t) => t.id)).not.toContain(id);
    const carica = (token: string, tirocinio = id) => caricaDocumento(token, tirocinio, 'autocertificazione-ospitante', 'a.pdf', samples.pdf);
    const [altrui, assente] = [await carica(p2.ospitante), await carica(p2.ospitante, mancante)];
    expect([altrui.response.status, altrui.error?.type]).toEqual([404, assente.error?.type]);
    const tirocinanteDi = (token: string) => api(token).GET('/api/v1/tirocinanti/{id}', perId(tirocinanteP1));
    expect((await tirocinanteDi(p2.ospitante)).response.status).toBe(404);
    expect((await tirocinanteDi(p2.promotore)).response.status).toBe(404);
    // H1, the practice's host, lists it, uploads to it, reads its trainee: but not whether they are disadvantaged.
    expect((await elenco(p1.ospitante)).elementi.map((t) => t.id)).toContain(id);
    expect((await carica(p1.ospitante)).response.status).toBe(201);
    const vistaH1 = dati(await api(p1.ospitante).GET('/api/v1/tirocini/{id}', perId(id)));
    expect(JSON.stringify(vistaH1)).not.toContain('svantaggiato');
    expect(dati(await tirocinanteDi(p1.ospitante))).not.toHaveProperty('svantaggiato');
    expect(dati(await tirocinanteDi(p1.promotore))).toMatchObject({ svantaggiato: true });
    // P2 cannot draft on P1's behalf either: P1 is, to P2, a promoter not registered.
    const perConto = await api(p2.promotore).POST('/api/v1/tirocini', { body: { progetto: progetto(p1, tirocinanteP1) } });
    expect(perConto.response.status).toBe(422);
    expect(perConto.error!.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['progetto.promotoreId', 'progetto.tirocinanteId']));
  });

  it('answers a draft with several violations with all of them, each with the rule, value, limit and rule-pack version', async () => {
    const p = await parti(3);
    const dataInizio = addDays(oggiReale(), 10);
    const id = await bozza(p, { indennitaMensileCent: 30_000, dataInizio, dataFine: fineDopoMesi(dataInizio, 9), oreSettimanali: 45 }, operatore, [
      'progetto-formativo',
    ]);
    const res = await invia(id);
    expect(res.response.status).toBe(422);
    expect(res.response.headers.get('content-type')).toContain('application/problem+json');
    const errori = res.error!.errors!;
    const regole = errori.map((e) => e.rule);
    expect(regole).toEqual(expect.arrayContaining(['indennita-minima', 'durata-massima', 'ore-settimanali', 'documento-mancante']));
    expect(errori.filter((e) => e.rule === 'documento-mancante').length).toBe(3);
    expect(errori.find((e) => e.rule === 'indennita-minima')).toMatchObject({ found: 30_000, limit: 50_000, versioneRegole: 'toscana-2018.1' });
    expect(errori.every((e) => e.versioneRegole === 'toscana-2018.1')).toBe(true);
    expect((await leggi(id)).stato).toBe('bozza');
  });

  it('refuses a decision by whoever submitted the practice (403), and lets another responsabile decide', async () => {
    const p = await parti();
    const id = await bozza(p, {}, operatoreResponsabile);
    dati(await invia(id, operatoreResponsabile));
    const res = await decidi(id, operatoreResponsabile, { esito: 'approvata' });
    expect(res.response.status).toBe(403);
    expect(res.error!.errors!.map((e) => e.rule)).toContain('separazione-funzioni');
    expect((await leggi(id)).stato).toBe('inviata');
    expect(dati(await decidi(id, responsabile, { esito: 'respinta', motivo: 'Progetto formativo non coerente con il profilo' })).stato).toBe('respinta');
  });

  it('requests integrations, takes the answer back to review, and approves', async () => {
    const p = await parti();
    const id = await bozza(p);
    dati(await invia(id));
    const richiesta = dati(
      await decidi(id, responsabile, {
        esito: 'integrazioni',
        motivo: 'Allegare il documento di identità leggibile',
        giorniLavorativi: 10,
      }),
    );
    expect(richiesta.stato).toBe('integrazioni-richieste');
    expect(richiesta.prossimaAzione!.scadenza).toBe(procedura(richiesta)!.integrazioni[0].richiesta.scadenza);
    const doc = await caricaDocumento(altroOperatore, id, 'documento-identita', 'ci.png', samples.png, true);
    expect(doc.response.status).toBe(201);
    expect(dati(doc).versione).toBe(2);
    const integrata = dati(await api(operatore).POST('/api/v1/tirocini/{id}/integrazione', { ...perId(id), body: { note: 'Allegata la carta di identità' } }));
    expect(integrata.stato).toBe('integrata');
    // The checks ran again: the step records the site's head count they used, and the date it holds from.
    expect(dopo(integrata, 'integrazione')!.controlloSede).toEqual({
      sedeId: p.sedeId,
      dipendentiIndeterminato: 30,
      dipendentiIndeterminatoDal: oggiReale(),
      limite: 3,
      altriTirocini: 0,
    });
    expect(dopo(integrata, 'integrazione')!.controlloTirocinante).toEqual({
      tirocinanteId: integrata.progetto.tirocinanteId,
      codiceFiscale: expect.stringMatching(/^[A-Z0-9]{16}$/),
      dataNascita: expect.any(String),
    });
    // The colleague who edited the practice cannot decide it either; the responsabile can.
    const approvata = dati(await decidi(id, responsabile, { esito: 'approvata' }));
    expect(approvata.stato).toBe('attesa-comunicazione');
    expect(procedura(approvata)!.decisione).toMatchObject({ esito: 'approvata', decisaDa: 'resp.neri' });
  });

  it('archives the practice, with notice, when the integration does not arrive by its deadline', async () => {
    const p = await parti();
    const id = await bozza(p);
    dati(await invia(id));
    dati(
      await decidi(id, responsabile, {
        esito: 'integrazioni',
        motivo: 'Manca la dichiarazione di avvenuta selezione',
        giorniLavorativi: 2,
      }),
    );
    const archiviato = await inStato(id, 'archiviata');
    expect(archiviato.timeline.map((s) => s.cosa)).toContain('scadenzaIntegrazioni');
    const notifiche = await notificheDi(operatore);
    expect(notifiche.some((n) => n.entitaId === id && n.tipo === 'archiviata')).toBe(true);
    const tardi = await api(operatore).POST('/api/v1/tirocini/{id}/integrazione', { ...perId(id), body: { note: 'Allegata in ritardo' } });
    expect(tardi.response.status).toBe(409);
  });

  it('blocks the start without the comunicazione obbligatoria and escalates; the comunicazione then starts it', async () => {
    const p = await parti();
    const dataInizio = addDays(oggiReale(), 8);
    const id = await bozza(p, { dataInizio, dataFine: fineDopoMesi(dataInizio, 2) });
    await inviaEApprova(id);
    const bloccato = await inStato(id, 'avvio-bloccato');
    expect(procedura(bloccato)!.avviataIl).toBeUndefined();
    const escalation = await waitFor('the escalation', async () => {
      const n = await notificheDi(responsabile);
      return n.find((x) => x.entitaId === id && x.tipo === 'escalation-avvio-bloccato');
    });
    expect(escalation.titolo).toMatch(/avvio bloccato/i);
    const ricordati = await notificheDi(p.ospitante);
    const promemoria = ricordati.filter((n) => n.entitaId === id && n.tipo === 'promemoria-comunicazione');
    expect(promemoria).toHaveLength(1);
    const tardiva = await comunica(id, p.ospitante, { codice: 'UNILAV-0002', data: addDays(dataInizio, 1) });
    expect(tardiva.response.status).toBe(422);
    expect(tardiva.error!.errors!.map((e) => e.rule)).toContain('comunicazione-tardiva');
    const avviato = dati(await comunica(id, p.ospitante, { codice: 'UNILAV-0002', data: dataInizio }));
    expect(avviato.stato).toBe('attiva');
  });

  it('extends the end date by a suspension, refuses a proroga beyond the maximum, and issues no attestazione below the attendance threshold', async () => {
    const p = await parti();
    const dataInizio = addDays(oggiReale(), 5);
    const id = await bozza(p, { dataInizio, dataFine: fineDopoMesi(dataInizio, 2) });
    await inviaEApprova(id);
    dati(await comunica(id, p.ospitante, { codice: 'UNILAV-0003', data: (await leggi(id)).oggi }));
    const attivo = await inStato(id, 'attiva');
    const finePrevista = procedura(attivo)!.dataFinePrevista;

    // Toscana allows 6 months: a proroga to 7 months is refused, naming the limit.
    const oltre = await proroga(id, { nuovaDataFine: fineDopoMesi(dataInizio, 7), motivo: 'Completamento del percorso formativo' });
    expect(oltre.response.status).toBe(422);
    const errore = oltre.error!.errors!.find((e) => e.rule === 'proroga-oltre-massimo');
    expect(errore!.limit).toBe(fineDopoMesi(dataInizio, 6));

    const dal = addDays(dataInizio, 3);
    await giornoProcedura(id, dal);
    dati(
      await api(operatore).POST('/api/v1/tirocini/{id}/sospensione', {
        ...perId(id),
        body: { causa: 'chiusura-ospitante', dal, motivo: 'Chiusura aziendale per ristrutturazione del reparto' },
      }),
    );
    const al = addDays(dal, 19); // 20 days, over the 15-day minimum for a host closure
    await giornoProcedura(id, al);
    const ripreso = dati(await api(operatore).POST('/api/v1/tirocini/{id}/ripresa', { ...perId(id), body: { al } }));
    expect(ripreso.stato).toBe('attiva');
    expect(procedura(ripreso)!.dataFineEffettiva).toBe(addDays(finePrevista, 20));
    expect(ripreso.dataFine).toBe(addDays(finePrevista, 20));

    // 30 h, a week: the first month may hold no more, its days of work being as few as the 3 before the suspension.
    dati(await presenze(id, p.ospitante, { mese: dataInizio.slice(0, 7), ore: 30 }));
    const chiuso = await waitFor('the outcome of the attestazione', async () => {
      const t = await leggi(id);
      return procedura(t)?.attestazione ? t : undefined;
    });
    expect(chiuso.stato).toBe('conclusa');
    const esito = procedura(chiuso)!.attestazione as NonEmessa;
    expect(esito.emessa).toBe(false);
    expect(esito.motivo).toMatch(/sotto la soglia/);
    expect(chiuso.documenti.some((d) => d.tipo === 'attestazione-finale')).toBe(false);
    // The host was asked for the missing months before the attestazione was decided.
    const avvisi = await notificheDi(p.ospitante);
    expect(avvisi.some((n) => n.entitaId === id && n.tipo === 'registro-finale')).toBe(true);
  });

  it("caps a month's attendance by its days in the traineeship: a first month of 4 days is refused 5 weeks of hours, naming the prorated limit, and takes a week's", async () => {
    const p = await parti();
    // The last 4 days of a month, 30 h a week: that month can hold one week of work, 30 h (before, five: 150 h).
    const dataInizio = addDays(primoDelMeseDopo(addDays(oggiReale(), 25)), -4);
    const mese = dataInizio.slice(0, 7);
    const id = await bozza(p, { dataInizio, dataFine: fineDopoMesi(dataInizio, 2) });
    await inviaEApprova(id);
    dati(await comunica(id, p.ospitante, { codice: 'UNILAV-0005', data: (await leggi(id)).oggi }));
    // Started: the month is then the current one or past. The cap depends on the period, not on the day it is asked,
    // and attendance is recordable until the attestazione, two months and ten days on (14 s at 200 ms a day).
    await waitFor(`tirocinio ${id} started`, async () => (procedura(await leggi(id))!.avviataIl ? true : undefined));

    const cinqueSettimane = await presenze(id, p.ospitante, { mese, ore: 150 });
    expect(cinqueSettimane.response.status).toBe(422);
    expect(cinqueSettimane.error!.errors).toEqual([
      expect.objectContaining({
        rule: 'ore-oltre-massimo',
        field: 'ore',
        found: 150,
        limit: 30,
        message: expect.stringContaining('4 giorni del tirocinio nel mese, 0 sospesi'),
      }),
    ]);
    expect(procedura(await leggi(id))!.presenze).toEqual([]);

    const settimana = dati(await presenze(id, p.ospitante, { mese, ore: 30 }));
    expect(procedura(settimana)!.presenze).toMatchObject([{ mese, ore: 30 }]);
    // A rettifica is held to the same cap.
    const rettifica = await presenze(id, p.ospitante, { mese, ore: 31, rettifica: true });
    expect(rettifica.response.status).toBe(422);
    expect(rettifica.error!.errors!.map((e) => [e.rule, e.limit])).toEqual([['ore-oltre-massimo', 30]]);
    expect(procedura(await leggi(id))!.presenze).toMatchObject([{ mese, ore: 30, rettifiche: 0 }]);
  });

  it('refuses a host at its concurrent-trainee limit, and lets exactly one of two simultaneous submissions take the last place', async () => {
    const p = await parti(3); // Toscana: 0-5 permanent employees → 1 trainee at a time
    const { codiceFiscale: cfTutor, nome, cognome } = persona();
    const altroTutor = dati(await api(operatore).POST('/api/v1/tutor', { body: { soggettoId: p.ospitanteId, codiceFiscale: cfTutor, nome, cognome } })).id;
    const [a, b] = [await bozza(p), await bozza({ ...p, tutorOspitanteId: altroTutor })];
    const [ra, rb] = await Promise.all([invia(a), invia(b)]);
    expect([ra.response.status, rb.response.status].sort()).toEqual([200, 422]);
    const refused = ra.response.status === 422 ? ra : rb;
    expect(refused.error!.errors!.find((e) => e.rule === 'limite-ospitante')).toMatchObject({ found: 2, limit: 1 });
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM tirocini WHERE sede_id = $1 AND stato <> 'bozza'`, [p.sedeId]);
    expect(n).toBe(1);

    const c = await bozza(p);
    const terza = await invia(c);
    expect(terza.response.status).toBe(422);
    expect(terza.error!.errors!.map((e) => e.rule)).toContain('limite-ospitante');
  });

  it('completes after the worker is SIGKILLed mid-procedure, with no duplicate documents, audit rows or notices', async () => {
    const p = await parti();
    // The procedure's clock runs from the submission while the worker is down and while Temporal, which cannot know
    // the worker died, holds the workflow's next task for it (the sticky queue's 10 s timeout). A start 100 days
    // (20 s) ahead lets that pass before the traineeship begins, so the attendance below is recorded in its months
    // and before the deadline for the register, however slowly a loaded machine restarts the worker. It starts on the
    // 1st of a month, so each of the two months holds the 120 h recorded below.
    const dataInizio = primoDelMeseDopo(addDays(oggiReale(), 99));
    const id = await bozza(p, { dataInizio, dataFine: fineDopoMesi(dataInizio, 2) });
    await inviaEApprova(id);
    // Killed while the workflow waits for the comunicazione; restarted, it carries on.
    await stack.worker.stop('SIGKILL');
    await stack.startWorker();
    const t = await leggi(id);
    dati(
      await comunica(id, p.ospitante, {
        codice: 'UNILAV-0004',
        data: t.oggi < t.dataInizio ? t.oggi : t.dataInizio,
      }),
    );
    const mese1 = t.dataInizio.slice(0, 7);
    const mese2 = addDays(`${mese1}-01`, 40).slice(0, 7);
    // The restarted worker runs the start timer that came due meanwhile. On a loaded machine the procedure's clock
    // (a day every 200 ms) may carry it past its end before a poll sees it active: either shows the start ran, and the
    // audit count below shows it ran once.
    const avviata = await waitFor(`tirocinio ${id} started`, async () => {
      const x = await leggi(id);
      return ['attiva', 'conclusa'].includes(x.stato) ? x : undefined;
    });
    expect(procedura(avviata)!.avviataIl).toEqual(expect.any(String));
    await giornoProcedura(id, `${mese2}-01`);
    dati(await presenze(id, p.ospitante, { mese: mese1, ore: 120 }));
    dati(await presenze(id, p.ospitante, { mese: mese2, ore: 120 }));
    await stack.worker.stop('SIGKILL');
    await stack.startWorker();
    const fine = await waitFor('the attestazione', async () => {
      const x = await leggi(id);
      return procedura(x)?.attestazione ? x : undefined;
    });
    expect(procedura(fine)!.attestazione!.emessa).toBe(true);
    const [docs] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM documenti WHERE entita_id = $1 AND tipo = 'attestazione-finale'`, [id]);
    expect(docs.n).toBe(1);
    const dupAudit = await sql(
      `SELECT azione, dopo->>'stato' AS stato, count(*) FROM audit_log WHERE entita_id = $1 GROUP BY 1, 2 HAVING count(*) > 1 AND azione <> 'presenze'`,
      [id],
    );
    expect(dupAudit).toEqual([]);
    const [steps] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entita_id = $1 AND azione IN ('avvio', 'conclusione', 'esitoAttestazione')`,
      [id],
    );
    expect(steps.n).toBe(3);
    const dupNotices = await sql(`SELECT tipo, destinatario, count(*) FROM notifiche WHERE entita_id = $1 GROUP BY 1, 2 HAVING count(*) > 1`, [id]);
    expect(dupNotices).toEqual([]);
  });

  it("names the record already registered when a host or a trainee is registered again, and finds practices by the trainee's codice fiscale", async () => {
    const cf = partitaIva();
    const soggetto: Schemi['SoggettoDto'] = {
      ruolo: 'ospitante',
      denominazione: `Doppia ${lettere(5)} S.r.l.`,
      codiceFiscale: cf,
      regione: 'toscana',
      sedeLegale: PRATO,
      sedi: [{ denominazione: 'Sede', ...PRATO, regione: 'toscana', cpi: CPI, dipendentiIndeterminato: 10 }],
    };
    const registra = () => api(operatore).POST('/api/v1/soggetti-tirocinio', { body: soggetto });
    const primo = dati(await registra());
    const di_nuovo = await registra();
    expect({ status: di_nuovo.response.status, id: di_nuovo.error?.id, location: di_nuovo.response.headers.get('location') }).toEqual({
      status: 409,
      id: primo.id,
      location: `/api/v1/soggetti-tirocinio/${primo.id}`,
    });

    const persona_ = persona();
    const iscrivi = (token: string) => api(token).POST('/api/v1/tirocinanti', { body: persona_ });
    const t = dati(await iscrivi(operatore));
    const t2 = await iscrivi(operatore);
    expect({ status: t2.response.status, id: t2.error?.id, location: t2.response.headers.get('location') }).toEqual({
      status: 409,
      id: t.id,
      location: `/api/v1/tirocinanti/${t.id}`,
    });
    // Another office registers the same person anew, and learns nothing of this office's record.
    const altrove = await iscrivi(await stack.idp.token('op.altrove', ['operatore'], `${CPI}-ALTRO`));
    expect(altrove.response.status).toBe(201);
    const altroveId = dati(altrove).id;
    expect(altroveId).not.toBe(t.id);

    const bozza_ = dati(await api(operatore).POST('/api/v1/tirocini', { body: { progetto: progetto(await parti(), t.id) } }));
    const trovati = dati(await api(responsabile).GET('/api/v1/tirocini', { params: { query: { tirocinante: persona_.codiceFiscale.toLowerCase() } } }));
    expect(trovati.elementi.map((x) => x.id)).toEqual([bozza_.id]);

    // Search: a trainee by codice fiscale or by a part of surname and name in either order; a host by partita IVA or
    // by a part of its name. Another office's staff, and an organisation with no practice of theirs, find nobody.
    // (The client encodes each query value.)
    const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);
    const cercaTirocinanti = (token: string, cerca: string) => api(token).GET('/api/v1/tirocinanti', { params: { query: { cerca } } });
    const tirocinanti = async (token: string, cerca: string) => dati(await cercaTirocinanti(token, cerca));
    expect(ids(await tirocinanti(responsabile, persona_.codiceFiscale.toLowerCase()))).toEqual([t.id]);
    const perNome = `${persona_.cognome.slice(0, 4)} ${persona_.nome.slice(0, 3)}`.toLowerCase();
    expect(ids(await tirocinanti(operatore, perNome))).toContain(t.id);
    expect(ids(await tirocinanti(operatore, `${persona_.nome} ${persona_.cognome}`))).toContain(t.id);
    const altroUfficio = await stack.idp.token('op.altrove', ['operatore'], `${CPI}-ALTRO`);
    expect(ids(await tirocinanti(altroUfficio, persona_.codiceFiscale))).toEqual([altroveId]);
    const estraneo = await stack.idp.token('pro.estraneo', ['promotore'], CPI, { soggetto: partitaIva() });
    expect(await tirocinanti(estraneo, persona_.codiceFiscale)).toEqual([]);
    // A wildcard typed by the user is a character, not "everyone".
    expect(await tirocinanti(operatore, '%%')).toEqual([]);
    expect((await cercaTirocinanti(operatore, 'x')).response.status).toBe(400);
    const soggetti = async (cerca: string) => dati(await api(operatore).GET('/api/v1/soggetti-tirocinio', { params: { query: { cerca } } }));
    expect(ids(await soggetti(cf))).toEqual([primo.id]);
    expect(ids(await soggetti(soggetto.denominazione.slice(0, 12).toLowerCase()))).toEqual([primo.id]);
  });

  it("refuses implausible persons (a name nobody can read, a codice fiscale of other names, a birth after today), and a trainee below the pack's minimum age at the start", async () => {
    const regole = async (body: Schemi['TirocinanteDto']) => {
      const r = await api(operatore).POST('/api/v1/tirocinanti', { body });
      return [r.response.status, r.error!.errors!.map((e) => `${e.rule}@${e.field}`)];
    };
    const p = persona();
    expect(await regole({ ...p, nome: '\u200b\u200b' })).toEqual([422, ['nome-non-valido@nome']]);
    expect(await regole({ ...p, cognome: '   ' })).toEqual([422, ['nome-non-valido@cognome']]);
    expect(await regole({ ...p, cognome: p.codiceFiscale.startsWith('RSS') ? 'Bianchi' : 'Rossi' })).toEqual([422, ['codice-fiscale-coerente@cognome']]);
    const anno = Number(oggiReale().slice(0, 4));
    const nascitura = personaCasuale({ annoDa: anno + 1, anni: 1 });
    expect(await regole(nascitura)).toEqual([422, ['data-nascita-futura@dataNascita']]);
    expect(await sql('SELECT 1 FROM tir_tirocinanti WHERE codice_fiscale = ANY($1)', [[p.codiceFiscale, nascitura.codiceFiscale]])).toHaveLength(0);

    // Fifteen at most on the first day: registered, but the practice is refused with the pack's rule.
    const giovane = personaCasuale({ annoDa: anno - 15, anni: 1 });
    const tirocinanteId = dati(await api(operatore).POST('/api/v1/tirocinanti', { body: giovane })).id;
    const id = await bozza(await parti(), { tirocinanteId });
    const invio = await invia(id);
    expect(invio.response.status).toBe(422);
    expect(invio.error!.errors!.find((e) => e.rule === 'eta-minima')).toMatchObject({
      field: 'progetto.tirocinanteId',
      found: giovane.dataNascita,
      limit: 16,
    });
  });

  it("counts a proroga against the live limits: at a one-place site, extending over another trainee's period is refused, naming the added days", async () => {
    const p = await parti(3); // Toscana: 0-5 permanent employees, 1 trainee at a time
    // A starts 15 days (3 s on this clock) after its submission: its CO is sent at once, well before, however slow the
    // machine is while B is prepared.
    const inizioA = addDays(oggiReale(), 15);
    const fineA = fineDopoMesi(inizioA, 2);
    const a = await bozza(p, { dataInizio: inizioA, dataFine: fineA });
    await inviaEApprova(a);
    dati(await comunica(a, p.ospitante, { codice: 'UNILAV-0010', data: (await leggi(a)).oggi }));
    // B, at the same site, begins ten days after A ends: it takes the place from then on.
    const inizioB = addDays(fineA, 10);
    const b = await bozza(p, { dataInizio: inizioB, dataFine: fineDopoMesi(inizioB, 2) });
    dati(await invia(b));
    await inStato(a, 'attiva');

    const sopra = await proroga(a, { nuovaDataFine: addDays(fineA, 20), motivo: 'Completamento del percorso formativo' });
    expect(sopra.response.status).toBe(422);
    expect(sopra.error!.errors!.find((e) => e.rule === 'limite-ospitante')).toMatchObject({
      found: 2,
      limit: 1,
      message: expect.stringContaining(`dal ${addDays(fineA, 1)}`),
    });
    expect(procedura(await leggi(a))!.dataFinePrevista).toBe(fineA);
    const dentro = await proroga(a, { nuovaDataFine: addDays(fineA, 5), motivo: 'Completamento del percorso formativo' });
    expect(dentro.response.status).toBe(200);
    const prorogato = dati(dentro);
    expect(procedura(prorogato)!.dataFinePrevista).toBe(addDays(fineA, 5));
    // The proroga's step records the head count its check used, with its date: a later count leaves it explained.
    expect(sopra.error!.errors!.find((e) => e.rule === 'limite-ospitante')!.message).toContain(`(dato in vigore dal ${oggiReale()})`);
    const passo = await waitFor('the proroga in the timeline', async () => (await leggi(a)).timeline.find((x) => x.cosa === 'proroga'));
    expect(passo.dopo!.controlloSede).toEqual({
      sedeId: p.sedeId,
      dipendentiIndeterminato: 3,
      dipendentiIndeterminatoDal: oggiReale(),
      limite: 1,
      altriTirocini: 0,
    });
    expect(passo.dopo!.controlloTirocinante).toMatchObject({
      tirocinanteId: prorogato.progetto.tirocinanteId,
      codiceFiscale: expect.stringMatching(/^[A-Z0-9]{16}$/),
    });
  });
  it('refuses a document nobody can open (a bare PDF header, a password-protected PDF, a cut image) and keeps nothing of it; each version keeps its own signing declaration', async () => {
    const p = await parti();
    const id = await bozza(p, {}, operatore, []);
    const carica = (nome: string, bytes: Buffer, firmato: boolean) => caricaDocumento(operatore, id, 'convenzione', nome, bytes, firmato);
    const cifrato = Buffer.from(samples.pdf.toString('latin1').replace('trailer\n<<', 'trailer\n<< /Encrypt << /Filter /Standard /V 2 /R 3 >>'), 'latin1');
    const rifiuti = [
      [await carica('vuoto.pdf', Buffer.from('%PDF-'), true), 'danneggiato'],
      [await carica('protetto.pdf', cifrato, true), 'cifrato'],
      [await carica('scansione.png', samples.png.subarray(0, samples.png.length - 12), true), 'troncato'],
    ] as const;
    for (const [r, motivo] of rifiuti) {
      expect(r.response.status).toBe(422);
      expect(r.error?.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'documento-illeggibile', found: motivo })]);
    }
    expect(await sql('SELECT id FROM documenti WHERE entita_id = $1', [id])).toEqual([]);
    expect(await objectsUnder(`tirocini/${id}/`)).toEqual([]);

    // Version 1 declared signed, version 2 (a corrected copy) not yet: each reads as declared, with who and when.
    expect((await carica('convenzione.pdf', samples.pdf, true)).response.status).toBe(201);
    expect((await carica('convenzione-v2.pdf', samples.pdf, false)).response.status).toBe(201);
    const documenti = dati(await api(operatore).GET('/api/v1/tirocini/{id}', perId(id))).documenti;
    expect(documenti.map((d) => [d.versione, d.firmato, d.firma!.firmato, d.firma!.dichiaratoDa])).toEqual([
      [1, true, true, 'op.rossi'],
      [2, false, false, 'op.rossi'],
    ]);
    // The submission reads the latest version's declaration: unsigned.
    const invio = await invia(id);
    expect(invio.response.status).toBe(422);
    expect(invio.error!.errors).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'documento-non-firmato', field: 'documenti.convenzione' })]));
  });
  it('lets the promotore withdraw a submitted request, freeing its place at once, and delete a draft with its documents', async () => {
    const p = await parti(3); // one trainee at a time at this site
    const { codiceFiscale: cfTutor, nome, cognome } = persona();
    const altroTutor = dati(await api(operatore).POST('/api/v1/tutor', { body: { soggettoId: p.ospitanteId, codiceFiscale: cfTutor, nome, cognome } })).id;
    const [a, b] = [await bozza(p), await bozza({ ...p, tutorOspitanteId: altroTutor })];
    expect((await invia(a)).response.status).toBe(200);
    const piena = await invia(b);
    expect(piena.error!.errors!.map((e) => e.rule)).toContain('limite-ospitante');

    // The host cannot withdraw it, a reason is required, then its promotore withdraws it.
    const ritira = (token: string, motivo: string) => api(token).POST('/api/v1/tirocini/{id}/ritiro', { ...perId(a), body: { motivo } });
    expect((await ritira(p.ospitante, 'Il tirocinante ha trovato un impiego')).response.status).toBe(403);
    const senzaMotivo = await ritira(p.promotore, 'no');
    expect(senzaMotivo.response.status).toBe(400);
    const ritirata = dati(await ritira(p.promotore, 'Il tirocinante ha trovato un impiego'));
    expect(ritirata.stato).toBe('ritirata');
    expect(ritirata.timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          chi: 'pro.agenzia',
          ruoli: 'promotore',
          cosa: 'ritiro',
          perche: 'Il tirocinante ha trovato un impiego',
          prima: { stato: 'inviata' },
        }),
      ]),
    );
    // Its place is free: the other request goes in now; a second withdrawal is refused, the practice is over.
    expect((await invia(b)).response.status).toBe(200);
    const ancora = await ritira(p.promotore, 'Il tirocinante ha trovato un impiego');
    expect(ancora.response.status).toBe(409);
    const avvisi = await waitFor('the withdrawal notice', async () => {
      const n = await notificheDi(responsabile);
      return n.find((x) => x.entitaId === a && x.tipo === 'ritirata');
    });
    expect(avvisi.testo).toBe('Il tirocinante ha trovato un impiego');

    // A draft is deleted with its documents; a submitted request is not (it is withdrawn).
    const c = await bozza(p);
    const [doc] = dati(await api(operatore).GET('/api/v1/tirocini/{id}', perId(c))).documenti;
    expect(doc).toBeDefined();
    const elimina = (id: string, token: string) => api(token).DELETE('/api/v1/tirocini/{id}', perId(id));
    expect((await elimina(b, operatore)).response.status).toBe(409);
    expect((await elimina(c, p.ospitante)).response.status).toBe(403);
    expect((await elimina(c, p.promotore)).response.status).toBe(204);
    expect((await api(operatore).GET('/api/v1/tirocini/{id}', perId(c))).response.status).toBe(404);
    expect((await api(operatore).GET('/api/v1/documenti/{id}', { ...perId(doc.id), parseAs: 'arrayBuffer' })).response.status).toBe(404);
    expect(await sql('SELECT id FROM documenti WHERE entita_id = $1', [c])).toEqual([]);
    expect(await objectsUnder(`tirocini/${c}/`)).toEqual([]);
    const [traccia] = await sql<{ attore: string; azione: string; dopo: { documentiEliminati: string[] } }>(
      `SELECT attore, azione, dopo FROM audit_log WHERE entita_id = $1 AND azione = 'bozza-eliminata'`,
      [c],
    );
    expect(traccia).toMatchObject({ attore: 'pro.agenzia', azione: 'bozza-eliminata' });
    expect(traccia.dopo.documentiEliminati).toHaveLength(4);
    expect(traccia.dopo.documentiEliminati).toContain(doc.id);
  });
});

describe('registry upkeep', () => {
  const annidato = (n: number): unknown => (n === 0 ? 'fondo' : { a: annidato(n - 1) });

  it('types the sede legale and the sites as addresses: a malformed or nested one is a 400 naming the field, and a record registered as free JSON still reads', async () => {
    const cf = partitaIva();
    const corpo = (): Schemi['SoggettoDto'] => ({
      ruolo: 'ospitante',
      denominazione: `Indirizzi ${lettere(6)} S.r.l.`,
      codiceFiscale: cf,
      regione: 'toscana',
      sedeLegale: { ...PRATO, provincia: 'po' },
      sedi: [{ denominazione: 'Sede', ...PRATO, regione: 'toscana', cpi: CPI, dipendentiIndeterminato: 10 }],
    });
    // Addresses the contract forbids (parts missing, objects nested where a text goes): sent untyped.
    const errori = async (over: Record<string, unknown>) => {
      const r = await stack.call('POST', '/api/v1/soggetti-tirocinio', operatore, { ...corpo(), ...over });
      return { status: r.status, errori: (r.json.errors as Array<{ field: string; message: string }>).map((e) => `${e.field}: ${e.message}`) };
    };
    expect(await errori({ sedeLegale: { indirizzo: 'Via Roma 10', cap: '5910', comune: 'Prato', codiceIstat: '10005', provincia: 'Prato' } })).toEqual({
      status: 400,
      errori: [
        'sedeLegale.cap: sedeLegale.cap: il CAP, 5 cifre (es. 59100)',
        'sedeLegale.codiceIstat: sedeLegale.codiceIstat: il codice ISTAT del comune, 6 cifre (es. 100005)',
        'sedeLegale.provincia: sedeLegale.provincia: la sigla della provincia, 2 lettere (es. PO)',
      ],
    });
    expect(
      (
        await errori({
          sedi: [{ denominazione: 'Sede', indirizzo: 'Via Roma 10', comune: 'Prato', regione: 'toscana', cpi: CPI, dipendentiIndeterminato: 10 }],
        })
      ).errori,
    ).toEqual([
      'sedi.0.cap: sedi.0.cap: il CAP, 5 cifre (es. 59100)',
      'sedi.0.codiceIstat: sedi.0.codiceIstat: il codice ISTAT del comune, 6 cifre (es. 100005)',
      'sedi.0.provincia: sedi.0.provincia: la sigla della provincia, 2 lettere (es. PO)',
    ]);
    // The case: a 1,000-level object (and one within the body's nesting limit) is refused, never a 500.
    for (const sedeLegale of [annidato(1000), { ...PRATO, comune: annidato(20) }]) {
      const r = await errori({ sedeLegale });
      expect(r.status).toBe(400);
      expect(r.errori[0]).toMatch(/^sedeLegale/);
    }
    expect(await sql('SELECT 1 FROM tir_soggetti WHERE codice_fiscale = $1', [cf])).toEqual([]);

    const s = dati(await api(operatore).POST('/api/v1/soggetti-tirocinio', { body: corpo() }));
    expect(s.sedeLegale).toEqual(PRATO);
    expect(s.sedi[0]).toMatchObject(PRATO);

    // A host registered before addresses were typed, as the migration left it: what could be read, the rest null;
    // the free JSON it was entered with (here with a 1,000-level member) is kept in the database and never answered.
    const vecchio = { id: randomUUID(), cf: partitaIva(), denominazione: `Vecchia ${lettere(6)} S.r.l.` };
    const libero = { indirizzo: ' Via Roma 1 ', cap: 59100, comune: 'Prato', provincia: 'Prato', codiceIstat: '100005', note: annidato(1000) };
    await sql(
      `INSERT INTO tir_soggetti (id, ruolo, denominazione, codice_fiscale, regione, sede_legale, sede_legale_originale, creato_da, creato_il, ufficio)
               VALUES ($1, 'ospitante', $2, $3, 'toscana', ${sedeLegaleTipizzata('$4::jsonb')}, $4::jsonb, 'op.rossi', now(), $5)`,
      [vecchio.id, vecchio.denominazione, vecchio.cf, JSON.stringify(libero), CPI],
    );
    const letto = { indirizzo: 'Via Roma 1', cap: '59100', comune: 'Prato', codiceIstat: '100005', provincia: null };
    // The text of the answer is read as sent, for what it must not contain: through stack.call.
    const elenco = await stack.call('GET', `/api/v1/soggetti-tirocinio?cerca=${encodeURIComponent(vecchio.denominazione)}`, operatore);
    expect({ status: elenco.status, sedeLegale: (elenco.json as Array<Schemi['SoggettoView']>).map((x) => x.sedeLegale) }).toEqual({
      status: 200,
      sedeLegale: [letto],
    });
    expect(elenco.text).not.toContain('fondo');
    expect(dati(await api(responsabile).GET('/api/v1/soggetti-tirocinio/{id}', perId(vecchio.id))).sedeLegale).toEqual(letto);
  });

  it("keeps a site's head counts dated: the office's staff add sites and record counts with a reason, checks use the count in force and name it, past ones keep theirs", async () => {
    const p = await parti(3); // Toscana: 0-5 permanent employees → 1 trainee at a time
    const oggi = oggiReale();
    const dipendenti = (token: string, body: Schemi['ConteggioDipendentiDto'], id = p.ospitanteId, sedeId = p.sedeId) =>
      api(token).POST('/api/v1/soggetti-tirocinio/{id}/sedi/{sedeId}/dipendenti', { params: { path: { id, sedeId } }, body });
    const sede = async (token = operatore) =>
      dati(await api(token).GET('/api/v1/soggetti-tirocinio/{id}', perId(p.ospitanteId))).sedi.find((x) => x.id === p.sedeId)!;
    expect(await sede()).toMatchObject({
      dipendentiIndeterminato: 3,
      dipendentiIndeterminatoDal: oggi,
      storicoDipendenti: [{ dipendentiIndeterminato: 3, dal: oggi, motivo: null, registratoDa: 'op.rossi' }],
    });

    // A takes the only place; B is refused, naming the count and its date.
    const a = await bozza(p);
    const inviataA = dati(await invia(a));
    const controlloA = { sedeId: p.sedeId, dipendentiIndeterminato: 3, dipendentiIndeterminatoDal: oggi, limite: 1, altriTirocini: 0 };
    expect(dopo(inviataA, 'invio')!.controlloSede).toEqual(controlloA);
    // The host reads the count its check used; the promotore reads the step without the host's head count.
    const invioDi = async (token: string) => dopo(dati(await api(token).GET('/api/v1/tirocini/{id}', perId(a))), 'invio');
    expect((await invioDi(p.ospitante))!.controlloSede).toEqual(controlloA);
    const perPromotore = await invioDi(p.promotore);
    expect(perPromotore).toBeDefined();
    expect(perPromotore).not.toHaveProperty('controlloSede');
    const { codiceFiscale: cfTutor, nome, cognome } = persona();
    const altroTutor = dati(await api(operatore).POST('/api/v1/tutor', { body: { soggettoId: p.ospitanteId, codiceFiscale: cfTutor, nome, cognome } })).id;
    const b = await bozza({ ...p, tutorOspitanteId: altroTutor });
    const piena = await invia(b);
    expect(piena.error!.errors!.find((e) => e.rule === 'limite-ospitante')).toMatchObject({
      found: 2,
      limit: 1,
      message: expect.stringContaining(`con 3 dipendenti a tempo indeterminato (dato in vigore dal ${oggi})`),
    });

    // Bad input: each field named, in Italian; nothing recorded.
    const cattivo = await dipendenti(operatore, { dipendentiIndeterminato: -1, dal: `${oggi.slice(0, 4)}-02-30`, motivo: 'breve' });
    expect({ status: cattivo.response.status, campi: cattivo.error!.errors!.map((e) => e.field).sort() }).toEqual({
      status: 400,
      campi: ['dal', 'dipendentiIndeterminato', 'motivo'],
    });

    // Who may: staff of the office that registered the host. Another office's staff as for a missing host; the host
    // itself, its promotore and a dirigente have no such role; a site of another soggetto is not this one's.
    const corpo = { dipendentiIndeterminato: 25, dal: addDays(oggi, 30), motivo: 'Assunzione di 22 magazzinieri a tempo indeterminato' };
    const altroUfficio = await stack.idp.token('op.altrove', ['operatore'], `${CPI}-ALTRO`);
    const mancante = await dipendenti(operatore, corpo, randomUUID());
    const daAltroUfficio = await dipendenti(altroUfficio, corpo);
    expect([mancante.response.status, daAltroUfficio.response.status, daAltroUfficio.error?.type]).toEqual([404, 404, mancante.error?.type]);
    for (const token of [p.ospitante, p.promotore, await stack.idp.token('dir.bianchi', ['dirigente'], CPI)])
      expect((await dipendenti(token, corpo)).response.status).toBe(403);
    const altri = await parti();
    expect((await dipendenti(operatore, corpo, p.ospitanteId, altri.sedeId)).response.status).toBe(404);

    // A count from a later date is history, not yet in force: B is still refused.
    expect(dati(await dipendenti(responsabile, corpo)).sedi.find((x) => x.id === p.sedeId)).toMatchObject({
      dipendentiIndeterminato: 3,
      dipendentiIndeterminatoDal: oggi,
    });
    expect((await invia(b)).response.status).toBe(422);
    // Corrected from today: 25 hold now (10% rounded up: 3 places), B goes in and records the count it used; A keeps its own.
    const correzione = { dipendentiIndeterminato: 25, dal: oggi, motivo: 'Il conteggio iniziale non includeva il magazzino' };
    dati(await dipendenti(operatore, correzione));
    expect(await sede()).toMatchObject({ dipendentiIndeterminato: 25, dipendentiIndeterminatoDal: oggi });
    expect((await sede()).storicoDipendenti!.map((c) => [c.dipendentiIndeterminato, c.dal])).toEqual([
      [3, oggi],
      [25, addDays(oggi, 30)],
      [25, oggi],
    ]);
    const inviataB = dati(await invia(b));
    expect(dopo(inviataB, 'invio')!.controlloSede).toEqual({
      ...controlloA,
      dipendentiIndeterminato: 25,
      limite: 3,
      altriTirocini: 1,
    });
    expect(dopo(await leggi(a), 'invio')!.controlloSede).toEqual(controlloA);

    // The same count again (a retry) adds nothing; the history cannot be rewritten, not even by the application's role.
    dati(await dipendenti(operatore, correzione));
    expect((await sede()).storicoDipendenti).toHaveLength(3);
    await expect(sql('UPDATE tir_sedi_dipendenti SET dipendenti_indeterminato = 0 WHERE sede_id = $1', [p.sedeId])).rejects.toThrow(/permission denied/);

    // A new site: its address checked like any, its count from today.
    const magazzino: Schemi['NuovaSedeDto'] = {
      denominazione: 'Magazzino',
      ...PRATO,
      indirizzo: 'Via Galcianese 20',
      regione: 'toscana',
      cpi: CPI,
      dipendentiIndeterminato: 4,
      motivo: 'Apertura del magazzino di Prato',
    };
    const nuovaSede = (token: string, body: Schemi['NuovaSedeDto']) =>
      api(token).POST('/api/v1/soggetti-tirocinio/{id}/sedi', { ...perId(p.ospitanteId), body });
    const senzaCap = await nuovaSede(operatore, { ...magazzino, cap: '591' });
    expect(senzaCap.error!.errors).toEqual([expect.objectContaining({ field: 'cap', rule: 'matches', message: 'cap: il CAP, 5 cifre (es. 59100)' })]);
    expect((await nuovaSede(altroUfficio, magazzino)).response.status).toBe(404);
    expect((await nuovaSede(p.ospitante, magazzino)).response.status).toBe(403);
    const conMagazzino = await nuovaSede(responsabile, magazzino);
    expect(conMagazzino.response.status).toBe(201);
    const nuova = dati(conMagazzino).sedi.find((x) => x.denominazione === 'Magazzino')!;
    expect(nuova).toMatchObject({
      ...PRATO,
      indirizzo: 'Via Galcianese 20',
      dipendentiIndeterminato: 4,
      dipendentiIndeterminatoDal: oggi,
      storicoDipendenti: [expect.objectContaining({ motivo: 'Apertura del magazzino di Prato' })],
    });

    // What each outsider reads: the host its own counts (not who recorded them); its promotore not the counts at all.
    expect((await sede(p.ospitante)).storicoDipendenti![2]).toEqual({
      dipendentiIndeterminato: 25,
      dal: oggi,
      motivo: correzione.motivo,
      registratoIl: expect.any(String),
    });
    const vistaPromotore = await sede(p.promotore);
    expect([vistaPromotore.dipendentiIndeterminato, vistaPromotore.storicoDipendenti]).toEqual([undefined, undefined]);

    // Audit: who, with which role, when, what and why; nothing for the retry.
    const righe = await sql<{ attore: string; ruoli: string; azione: string; motivazione: string; prima: unknown; dopo: Record<string, unknown> }>(
      `SELECT attore, ruoli, azione, motivazione, prima, dopo FROM audit_log WHERE entita_id = $1 AND azione IN ('dipendenti-registrati', 'sede-aggiunta') ORDER BY id`,
      [p.ospitanteId],
    );
    expect(righe).toEqual([
      {
        attore: 'resp.neri',
        ruoli: 'responsabile',
        azione: 'dipendenti-registrati',
        motivazione: corpo.motivo,
        prima: { sedeId: p.sedeId, dipendentiIndeterminato: 3, dal: oggi },
        dopo: { sedeId: p.sedeId, dipendentiIndeterminato: 25, dal: corpo.dal },
      },
      {
        attore: 'op.rossi',
        ruoli: 'operatore',
        azione: 'dipendenti-registrati',
        motivazione: correzione.motivo,
        prima: { sedeId: p.sedeId, dipendentiIndeterminato: 3, dal: oggi },
        dopo: { sedeId: p.sedeId, dipendentiIndeterminato: 25, dal: oggi },
      },
      expect.objectContaining({
        attore: 'resp.neri',
        ruoli: 'responsabile',
        azione: 'sede-aggiunta',
        motivazione: magazzino.motivo,
        dopo: expect.objectContaining({ sede: expect.objectContaining({ id: nuova.id, cap: '59100' }), dipendentiIndeterminato: 4, dal: oggi }),
      }),
    ]);
  });

  it("corrects a trainee's identity with a reason under the registration's rules: a code of another trainee of the office is a 409 naming it, and a submitted practice keeps the data it was checked on", async () => {
    const iscritto = persona();
    const id = dati(await api(operatore).POST('/api/v1/tirocinanti', { body: iscritto })).id;
    const rettifica = (token: string, body: Schemi['RettificaTirocinanteDto'], tirocinante = id) =>
      api(token).POST('/api/v1/tirocinanti/{id}/rettifica', { ...perId(tirocinante), body });
    // Submitted with the data as registered: the submission records what its checks read of the trainee.
    const p = await parti();
    const pratica = await bozza(p, { tirocinanteId: id });
    const controllo = { tirocinanteId: id, codiceFiscale: iscritto.codiceFiscale, dataNascita: iscritto.dataNascita };
    expect(dopo(dati(await invia(pratica)), 'invio')!.controlloTirocinante).toEqual(controllo);

    // Bad input is a 400 naming the field; the registration's rules a 422; nothing changes.
    const motivo = "Dati trascritti male all'iscrizione: corretti dal documento di identità";
    const campi = async (body: Schemi['RettificaTirocinanteDto']) => {
      const r = await rettifica(operatore, body);
      return [r.response.status, ...r.error!.errors!.map((e) => `${e.rule}@${e.field}`)];
    };
    expect(await campi({ motivo })).toEqual([400, 'rettifica-vuota@body']);
    expect(await campi({ nome: 'Marco', motivo: 'breve' })).toEqual([400, 'isLength@motivo']);
    expect(await campi({ dataNascita: '2001-02-30', motivo })).toEqual([400, 'dataCalendario@dataNascita']);
    expect(await campi({ cognome: iscritto.codiceFiscale.startsWith('RSS') ? 'Bianchi' : 'Rossi', motivo })).toEqual([422, 'codice-fiscale-coerente@cognome']);
    const altro = dati(await api(operatore).POST('/api/v1/tirocinanti', { body: persona() }));
    const doppio = await rettifica(operatore, {
      codiceFiscale: altro.codiceFiscale,
      nome: altro.nome,
      cognome: altro.cognome,
      dataNascita: altro.dataNascita,
      sesso: altro.sesso,
      motivo,
    });
    expect({
      status: doppio.response.status,
      id: doppio.error?.id,
      location: doppio.response.headers.get('location'),
      found: doppio.error!.errors![0].found,
    }).toEqual({
      status: 409,
      id: altro.id,
      location: `/api/v1/tirocinanti/${altro.id}`,
      found: altro.codiceFiscale,
    });

    // Who may: the office's staff. Another office's as for a missing trainee; external users and a dirigente have no such role.
    const vero = persona();
    const corpo = {
      codiceFiscale: vero.codiceFiscale.toLowerCase(),
      nome: vero.nome,
      cognome: vero.cognome,
      dataNascita: vero.dataNascita,
      sesso: vero.sesso,
      motivo,
    };
    const altroUfficio = await rettifica(await stack.idp.token('op.altrove', ['operatore'], `${CPI}-ALTRO`), corpo);
    const mancante = await rettifica(operatore, corpo, randomUUID());
    expect([altroUfficio.response.status, altroUfficio.error?.type]).toEqual([404, mancante.error?.type]);
    expect(mancante.response.status).toBe(404);
    for (const token of [p.promotore, p.ospitante, await stack.idp.token('dir.bianchi', ['dirigente'], CPI)])
      expect((await rettifica(token, corpo)).response.status).toBe(403);
    expect(dati(await api(operatore).GET('/api/v1/tirocinanti/{id}', perId(id)))).toMatchObject({
      codiceFiscale: iscritto.codiceFiscale,
      cognome: iscritto.cognome,
    });

    // Corrected: the registry has the new data; the practice's submission still says what it was checked on.
    const corretto = dati(await rettifica(responsabile, corpo));
    expect(corretto).toMatchObject({
      id,
      codiceFiscale: vero.codiceFiscale,
      nome: vero.nome,
      cognome: vero.cognome,
      dataNascita: vero.dataNascita,
      sesso: vero.sesso,
    });
    expect(dati(await api(operatore).GET('/api/v1/tirocinanti', { params: { query: { cerca: vero.codiceFiscale } } }))).toEqual([
      expect.objectContaining({ id }),
    ]);
    expect(dopo(await leggi(pratica), 'invio')!.controlloTirocinante).toEqual(controllo);
    // The same correction again changes nothing and records nothing.
    expect((await rettifica(operatore, corpo)).response.status).toBe(200);

    const cambiati = ['codiceFiscale', 'nome', 'cognome', 'dataNascita', 'sesso'].filter(
      (k) => (iscritto as Record<string, string>)[k] !== (vero as Record<string, string>)[k],
    );
    const solo = (x: Record<string, string>) => Object.fromEntries(cambiati.map((k) => [k, x[k]]));
    const righe = await sql(`SELECT attore, ruoli, motivazione, prima, dopo FROM audit_log WHERE entita_id = $1 AND azione = 'rettificato'`, [id]);
    expect(righe).toEqual([
      { attore: 'resp.neri', ruoli: 'responsabile', motivazione: motivo, prima: solo(iscritto), dopo: { ...solo(vero), praticheInviate: [pratica] } },
    ]);

    // Who corrected what the checks read does not decide the practice; another responsabile does.
    const decisione: Schemi['DecisioneTirocinioDto'] = { esito: 'approvata' };
    const proprio = await decidi(pratica, responsabile, decisione);
    expect({ status: proprio.response.status, rule: proprio.error!.errors![0].rule }).toEqual({ status: 403, rule: 'separazione-funzioni' });
    expect(dati(await decidi(pratica, await stack.idp.token('resp.galli', ['responsabile'], CPI), decisione)).stato).not.toBe('inviata');
  });
});
