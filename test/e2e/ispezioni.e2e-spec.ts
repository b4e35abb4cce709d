import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bytesToHex } from '@noble/hashes/utils';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { dataItaliana } from '../../libs/domain/src/calendar/ora-italiana';
import type { IspezioneState } from '../../libs/domain/src/ispezioni/ispezione.state';
import type { TrascrizioneSorteggio } from '../../libs/domain/src/ispezioni/ispezioni.types';
import { hashTrascrizione, seme, sorteggia } from '../../libs/domain/src/ispezioni/sorteggio';
import { comeModulo, type Schemi } from '@app/client';
import { waitFor } from '../support/wait';
import { dati, samples, Stack, tutteLePagine } from '../support/stack';
import { config, sql, sqlOwner } from '../support/services';

jest.setTimeout(240_000);
const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

const stack = new Stack();
const SUFFIX = Date.now().toString(36);
const ISP = `ITL-${SUFFIX}`;
const ISP_B = `ITB-${SUFFIX}`;
const ISP_C = `ITC-${SUFFIX}`;
const PERIODO_MS = 20_000;
let admin: string;
let dirigente: string;
let altroDirigente: string;
let dirigenteB: string;
let responsabile: string;
let operatore: string;
let operatoreB: string;
let aziendaId: string;
let temporal: { client: Client; connection: Connection };
const tok = (sub: string, office = ISP) => stack.idp.token(sub, ['ispettore'], office);
const i = (n: number) => `i${n}-${ISP}`;
const SCHEDULE = `periodi-sorteggio:${config.TEMPORAL_TASK_QUEUE}`;

type Assegnazione = Schemi['AssegnazioneView'];
type Periodo = Schemi['PeriodoSorteggioView'];
/** Functional calls and uploads go through the typed client; bodies the contract forbids go through stack.call. */
const api = (token: string) => stack.client(token);
const conId = (id: string) => ({ params: { path: { id } } });
const diIspettorato = (codice: string) => ({ params: { path: { codice } } });
/** A draw's transcript and a request's procedure are free-form in the contract: read as the domain records them. */
const trascrizione = (d: Assegnazione) => d.trascrizione as unknown as TrascrizioneSorteggio;
const procedura = (r: Schemi['RichiestaView']) => r.procedura as unknown as IspezioneState;

const richiesta = async (id: string, token = dirigente) => dati(await api(token).GET('/api/v1/richieste-intervento/{id}', conId(id)));
const assignedTo = (id: string, tentativo: number, token = dirigente) =>
  waitFor(`assignment ${tentativo} of ${id}`, async () => {
    const r = await richiesta(id, token);
    return r.stato === 'assegnata' && r.tentativo === tentativo ? (r.ispettoreId as string) : undefined;
  });
const draws = async (id: string, token = dirigente) => dati(await api(token).GET('/api/v1/assegnazioni', { params: { query: { richiesta: id } } }));
const periodi = async (codice = ISP, token = dirigente) => dati(await api(token).GET('/api/v1/ispettorati/{codice}/periodi-sorteggio', diIspettorato(codice)));
async function descriviSchedule() {
  return (await temporal.client.schedule.getHandle(SCHEDULE).describe()).info;
}
/** Until no run of the schedule is in progress (one left by an earlier suite's stack is finished by this worker). */
const scheduleFermo = () => waitFor("the schedule's runs in progress", async () => ((await descriviSchedule()).runningActions.length === 0 ? true : undefined));
/**
 * The service's own schedule, run now (as it runs every few minutes by itself): publishes coming periods, reveals
 * ended ones. Waits for that very run to finish; a trigger skipped because another run was in progress is repeated.
 */
async function tick() {
  for (;;) {
    await scheduleFermo();
    const prima = (await descriviSchedule()).numActionsTaken;
    await temporal.client.schedule.getHandle(SCHEDULE).trigger();
    const presa = await waitFor(
      'the triggered run',
      async () => {
        const info = await descriviSchedule();
        return info.numActionsTaken > prima ? [...info.recentActions].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())[0] : undefined;
      },
      10_000,
    ).catch(() => undefined);
    if (!presa) continue;
    await temporal.client.workflow.getHandle(presa.action.workflow.workflowId, presa.action.workflow.firstExecutionRunId).result();
    return;
  }
}

async function newRequest(opts: { priorita?: Schemi['RichiestaInterventoDto']['priorita']; token?: string; azienda?: string; tipoPratica?: string } = {}) {
  const res = await api(opts.token ?? operatore).POST('/api/v1/richieste-intervento', {
    body: {
      fonte: 'esposto',
      aziendaId: opts.azienda ?? aziendaId,
      sede: 'Via Maqueda 100, Palermo',
      territorio: 'PA',
      tipoPratica: opts.tipoPratica ?? 'lavoro-nero',
      priorita: opts.priorita ?? 'alta',
      descrizione: 'Esposto anonimo: lavoratori non regolarizzati nel cantiere',
    },
  });
  expect(res.response.status).toBe(201);
  return dati(res).id;
}

async function newCompany(seed: number) {
  const res = await api(dirigente).POST('/api/v1/aziende', {
    body: {
      codiceFiscale: String(Date.now() + seed)
        .slice(-11)
        .padStart(11, '1'),
      ragioneSociale: `Azienda ${seed} S.r.l.`,
      territorio: 'PA',
    },
  });
  expect(res.response.status).toBe(201);
  return dati(res).id;
}

/** An upload through the typed client: the form's type, then the file (a File: bytes with their name). */
async function uploadPdf(id: string, tipo: string, token: string) {
  const res = await api(token).POST('/api/v1/richieste-intervento/{id}/documenti', {
    ...conId(id),
    body: { tipo, file: new File([new Uint8Array(samples.pdf)], `${tipo}.pdf`) },
    bodySerializer: comeModulo,
  });
  expect(res.response.status).toBe(201);
  const documento = dati(res);
  return { documentoId: documento.id, sha256: documento.sha256 };
}

const rules = (res: { error?: Schemi['ProblemDetails'] }) => (res.error?.errors ?? []).map((e) => e.rule);
/** A second dirigente confirms what a dirigente entered about another inspector (an absence, a conflict). */
const confermata = <T>(res: { data?: T; error?: unknown; response: Response }) => {
  expect([res.response.url, res.response.status]).toEqual([res.response.url, 200]);
  return dati(res);
};
const confermaConflitto = async (id: string) =>
  confermata(await api(altroDirigente).POST('/api/v1/conflitti-interesse/{id}/decisione', { ...conId(id), body: { esito: 'confermata' } }));
const confermaAssenza = async (ispettore: string, assenzaId: string) =>
  confermata(
    await api(altroDirigente).POST('/api/v1/ispettori/{id}/assenze/{assenzaId}/decisione', {
      params: { path: { id: ispettore, assenzaId } },
      body: { esito: 'confermata' },
    }),
  );

async function verifyDrawCli(doc: unknown): Promise<{ code: number; out: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'verify-draw-')), 'draw.json');
  writeFileSync(file, JSON.stringify(doc));
  try {
    const r = await run('npx', ['--no-install', 'tsx', 'infra/scripts/verify-draw.ts', file], { cwd: ROOT });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: `${x.stdout}${x.stderr}` };
  }
}

// A public randomness beacon of our own, drand-style: 1-second rounds, a round is published once its time has come.
const BEACON_GENESIS = Math.floor(Date.now() / 1000) - 100;
let beacon: Server;
function startBeacon(): Promise<string> {
  beacon = createServer((req, res) => {
    const round = Number(/^\/public\/(\d+)$/.exec(req.url ?? '')?.[1]);
    if (!round || BEACON_GENESIS + (round - 1) > Date.now() / 1000) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ round, randomness: createHash('sha256').update(`beacon-${round}`).digest('hex') }));
  });
  beacon.listen(0, '127.0.0.1');
  return once(beacon, 'listening').then(() => `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`);
}

/** Near deadlines and short periods: one "day" of the terms is one second; draw periods last 20 s, published 40 s ahead. */
const POLITICA: Schemi['ImpostazioniIspettoratoDto'] = {
  unita: 'PT1S',
  tolleranzaEscalation: 'PT1S',
  primoAccessoGiorni: { alta: 2 },
  accettazioneGiorniLavorativi: 60,
  preavvisoGiorni: 1,
  verbaleUnicoGiorni: 60,
  periodoSorteggio: 'PT20S',
  anticipoPubblicazione: 'PT40S',
};

beforeAll(async () => {
  // The schedule runs only when a test triggers it, so what happens before and after each run is certain.
  await stack.start({
    env: {
      SORTEGGIO_BEACON_URL: await startBeacon(),
      SORTEGGIO_BEACON_GENESIS: String(BEACON_GENESIS),
      SORTEGGIO_BEACON_PERIODO: '1',
      SORTEGGIO_CONTROLLO_PERIODI: 'PT1H',
      HTTP_JSON_LIMIT_BYTES: String(1024 * 1024),
    },
  });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  temporal = { connection, client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }) };
  // The worker runs the schedule once as it starts: runs in progress finish before anything is registered.
  await scheduleFermo();
  admin = await stack.idp.token('admin.ispettorato', ['amministratore'], ISP);
  dirigente = await stack.idp.token('dir.rossi', ['dirigente'], ISP);
  altroDirigente = await stack.idp.token('dir.bianchi', ['dirigente'], ISP);
  dirigenteB = await stack.idp.token('dir.verdi', ['dirigente'], ISP_B);
  responsabile = await stack.idp.token('resp.verdi', ['responsabile'], ISP);
  operatore = await stack.idp.token('op.neri', ['operatore'], ISP);
  operatoreB = await stack.idp.token('op.gialli', ['operatore'], ISP_B);

  const politiche: Array<[string, Schemi['ImpostazioniIspettoratoDto']]> = [
    [ISP, POLITICA],
    [ISP_B, { periodoSorteggio: 'PT20S', anticipoPubblicazione: 'PT40S' }],
  ];
  for (const [codice, politica] of politiche) {
    expect(
      (await api(admin).POST('/api/v1/ispettorati', { body: { codice, nome: `Ispettorato di prova ${codice}`, territori: ['PA', 'TP'], politica } })).response
        .status,
    ).toBe(201);
  }
  const inspectors = [
    { id: i(1), territori: ['PA'], qualifiche: ['lavoro-nero'] },
    { id: i(2), territori: ['PA'], qualifiche: ['lavoro-nero', 'sicurezza'] },
    { id: i(3), territori: ['TP'], qualifiche: ['lavoro-nero'] },
    { id: i(4), territori: ['PA'], qualifiche: ['sicurezza'] },
    { id: i(5), territori: ['PA'], qualifiche: ['lavoro-nero'] },
  ];
  for (const x of inspectors) {
    expect(
      (await api(dirigente).POST('/api/v1/ispettorati/{codice}/ispettori', { ...diIspettorato(ISP), body: { nome: `Ispettore ${x.id}`, ...x } })).response
        .status,
    ).toBe(201);
  }
  for (const n of [1, 2]) {
    expect(
      (
        await api(dirigenteB).POST('/api/v1/ispettorati/{codice}/ispettori', {
          ...diIspettorato(ISP_B),
          body: { nome: `Ispettore B${n}`, id: `b${n}-${ISP_B}`, territori: ['PA'], qualifiche: ['lavoro-nero'] },
        })
      ).response.status,
    ).toBe(201);
  }
  aziendaId = await newCompany(0);
  const c5 = await api(dirigente).POST('/api/v1/conflitti-interesse', {
    body: {
      ispettoreId: i(5),
      aziendaId,
      motivo: "Coniuge socio dell'azienda",
      fonte: 'Dichiarazione del legale rappresentante, prot. 1234',
      dal: '2020-01-01',
    },
  });
  expect(c5.response.status).toBe(201);
  await confermaConflitto(dati(c5).id);

  // The schedule publishes the first periods' commitments (the first begins within a second), before any request.
  await tick();
  const [p1] = await waitFor('the first periods', async () => ((await periodi()).length >= 2 ? periodi() : undefined));
  expect(Date.parse(p1.pubblicatoIl)).toBeLessThan(Date.parse(p1.inizio));
  expect(p1).toMatchObject({ creatoDa: 'sistema', segreto: null, rivelatoIl: null, testaCatena: null });
});
afterAll(async () => {
  await stack.stop();
  await temporal?.connection.close();
  beacon?.close();
});

let mainId: string;
let p1: Periodo;
// Each test finds published periods in force (they last 20 s): as the schedule would keep them, every few minutes.
beforeEach(() => tick());

describe('inspections: impartial, verifiable assignment', () => {
  it('draws among the eligible with the period in force, redraws after an abstention, refuses a repeated attempt, runs the inspection to closure', async () => {
    mainId = await newRequest();
    const first = await assignedTo(mainId, 1);
    const [d1] = await draws(mainId);
    expect(trascrizione(d1).candidati.map((c) => c.ispettoreId)).toEqual([i(1), i(2)]);
    const reasons = Object.fromEntries(trascrizione(d1).esclusi.map((e) => [e.ispettoreId, e.motivi.map((m) => m.regola)]));
    expect(reasons).toEqual({ [i(3)]: ['territorio'], [i(4)]: ['qualifica'], [i(5)]: ['conflitto'] });
    // The conflict is named by its declaration, not by its (personal) reason.
    const conflitto = trascrizione(d1).esclusi.find((e) => e.ispettoreId === i(5))!.motivi[0];
    expect(conflitto).toMatchObject({
      riferimento: expect.stringMatching(/^conflitto-interesse:[0-9a-f-]{36}$/),
      dettaglio: expect.stringContaining('dichiarato da dir.rossi'),
    });
    expect(JSON.stringify(d1.trascrizione)).not.toContain('Coniuge');
    expect(trascrizione(d1).estrazione.scelto).toBe(first);
    // Drawn in the period in force, whose commitment was published before it began; the seed took a beacon round
    // published after the request was registered.
    p1 = d1.periodo!;
    expect(Date.parse(p1.inizio)).toBeLessThanOrEqual(Date.parse(d1.registratoIl));
    expect(Date.parse(d1.registratoIl)).toBeLessThan(Date.parse(p1.fine));
    expect(p1).toMatchObject({ segreto: null, rivelatoIl: null });
    expect({ catena: d1.catena, n: d1.n, tipo: d1.tipo }).toEqual({ catena: ISP, n: 1, tipo: 'sorteggio' });
    const registered = Date.parse((await richiesta(mainId)).registrataIl) / 1000;
    expect(BEACON_GENESIS + (trascrizione(d1).beacon!.round - 1)).toBeGreaterThan(registered);

    // Only the assigned inspector sees the case and answers; an abstention needs a reason and triggers attempt 2.
    const other = first === i(1) ? i(2) : i(1);
    expect((await api(await tok(other)).GET('/api/v1/richieste-intervento/{id}', conId(mainId))).response.status).toBe(404);
    expect((await api(await tok(other)).POST('/api/v1/richieste-intervento/{id}/accettazione', conId(mainId))).response.status).toBe(404);
    expect((await richiesta(mainId, await tok(first))).descrizione).toMatch(/Esposto anonimo/);
    const astensione = async (motivo: string) =>
      api(await tok(first)).POST('/api/v1/richieste-intervento/{id}/astensione', { ...conId(mainId), body: { motivo } });
    expect((await astensione('breve')).response.status).toBe(422);
    const abst = await astensione('Parente entro il secondo grado del titolare');
    expect(abst.response.status).toBe(200);
    expect(await assignedTo(mainId, 2)).toBe(other);
    const d2 = (await draws(mainId))[1];
    expect(trascrizione(d2).candidati.map((c) => c.ispettoreId)).toEqual([other]);
    expect(
      trascrizione(d2)
        .esclusi.find((e) => e.ispettoreId === first)!
        .motivi.map((m) => m.regola),
    ).toEqual(['astensione']);
    expect(d2.prevHash).toBe(d1.hash);
    // The redraw's beacon round came after the abstention, not after the registration.
    const astenutaIl = Date.parse(procedura(await richiesta(mainId)).astensioni[0].il) / 1000;
    expect(BEACON_GENESIS + (trascrizione(d2).beacon!.round - 1)).toBeGreaterThan(astenutaIl);

    // Nobody can ask to draw an attempt again until a wished outcome comes up.
    const again = await api(dirigente).POST('/api/v1/richieste-intervento/{id}/sorteggi', { ...conId(mainId), body: { tentativo: 2 } });
    expect(again.response.status).toBe(409);
    expect(rules(again)).toContain('tentativo-gia-sorteggiato');
    expect(await draws(mainId)).toHaveLength(2);

    // Every term is shown with its dates; accepted, the first-access term (2 "days" = 2 s) runs out, then escalation.
    const termini = Object.fromEntries((await richiesta(mainId)).scadenze.map((t) => [t.termine, t]));
    expect(Object.keys(termini)).toEqual(['accettazione', 'primo-accesso', 'diffida', 'verbale-unico']);
    expect(termini.accettazione).toMatchObject({ giorni: 60, tipoGiorni: 'lavorativi', stato: 'in-corso', scadeIl: expect.any(String) });
    expect(termini['primo-accesso']).toMatchObject({ stato: 'non-iniziato', scadeIl: null });
    expect((await api(await tok(other)).POST('/api/v1/richieste-intervento/{id}/accettazione', conId(mainId))).response.status).toBe(200);
    const accettata = Object.fromEntries((await richiesta(mainId)).scadenze.map((t) => [t.termine, t]));
    expect(accettata.accettazione.stato).toBe('rispettato');
    expect(accettata['primo-accesso']).toMatchObject({ giorni: 2, stato: 'in-corso' });
    const notices = await waitFor('first-access overdue and escalation', async () => {
      const diMain = { params: { query: { entita: mainId } } };
      const [dir, insp] = await Promise.all([api(dirigente).GET('/api/v1/notifiche', diMain), api(await tok(other)).GET('/api/v1/notifiche', diMain)]);
      const tipi = [...dati(dir), ...dati(insp)].map((n) => `${n.tipo}:${n.dati?.termine ?? ''}`);
      return tipi.includes('scaduta:primo-accesso') && tipi.includes('escalation:primo-accesso') ? tipi : undefined;
    });
    expect(notices).toEqual(expect.arrayContaining(['scaduta:primo-accesso', 'escalation:primo-accesso']));

    // The inspection itself: first access with its verbale, end of checks, verbale unico, outcome.
    const today = dataItaliana(new Date()); // the service reckons days in Italy
    const verbale = await uploadPdf(mainId, 'verbale-primo-accesso', await tok(other));
    const ispettore = api(await tok(other));
    expect(
      (
        await ispettore.POST('/api/v1/richieste-intervento/{id}/primo-accesso', {
          ...conId(mainId),
          body: { data: today, verbale: { ...verbale, sha256: '0'.repeat(64) } },
        })
      ).response.status,
    ).toBe(422);
    const accesso = dati(await ispettore.POST('/api/v1/richieste-intervento/{id}/primo-accesso', { ...conId(mainId), body: { data: today, verbale } }));
    expect(accesso.stato).toBe('in-corso');
    expect(accesso.scadenze.find((t) => t.termine === 'primo-accesso')!.stato).toBe('adempiuto-in-ritardo');
    expect(dati(await ispettore.POST('/api/v1/richieste-intervento/{id}/fine-accertamenti', { ...conId(mainId), body: { data: today } })).stato).toBe(
      'accertamenti-conclusi',
    );
    const unico = await uploadPdf(mainId, 'verbale-unico', await tok(other));
    const closed = await ispettore.POST('/api/v1/richieste-intervento/{id}/chiusura', {
      ...conId(mainId),
      body: { esito: 'irregolarita-sanate', verbaleUnico: unico },
    });
    expect(closed.response.status).toBe(200);
    expect(closed.data).toMatchObject({ stato: 'chiusa', procedura: { chiusura: { esito: 'irregolarita-sanate' } } });
    const ancora = await waitFor('the ended procedure', async () => {
      const r = await ispettore.POST('/api/v1/richieste-intervento/{id}/fine-accertamenti', { ...conId(mainId), body: { data: today } });
      return r.error?.errors?.[0]?.rule === 'procedura-conclusa' ? r : undefined;
    });
    expect({ status: ancora.response.status, found: ancora.error?.errors?.[0].found }).toEqual({ status: 409, found: 'chiusa' });
    const trail = dati(await api(dirigente).GET('/api/v1/audit', { params: { query: { entity: `richiesta-intervento:${mainId}` } } }));
    expect(trail.map((r) => r.azione)).toEqual(
      expect.arrayContaining(['registrata', 'sorteggio', 'assegnata', 'astensione', 'accettazione', 'primoAccesso', 'fineAccertamenti', 'chiusura']),
    );
  });

  it('shows the policy the service applies, and absence reasons only to a dirigente', async () => {
    const p = await api(await tok(i(1))).GET('/api/v1/ispettorati/{codice}/politica', diIspettorato(ISP));
    expect(p.response.status).toBe(200);
    expect(dati(p).politica).toMatchObject({
      termini: { accettazioneGiorniLavorativi: 60, termineDiffidaGiorni: 30, unitaMs: 1000 },
      rotazione: { finestraMesi: 12, contaChiuse: true, derogaSeNessunIdoneo: true },
      periodi: { durata: 'PT20S', anticipoMs: 40_000 },
      monitoraggio: { soglia: 0.01, finestraGiorni: 90 },
    });
    const today = dataItaliana(new Date()); // the service reckons days in Italy
    const a4 = await api(dirigente).POST('/api/v1/ispettori/{id}/assenze', { ...conId(i(4)), body: { dal: today, al: today, motivo: 'malattia - ricovero' } });
    expect(a4.response.status).toBe(201);
    const assenza = dati(a4);
    await confermaAssenza(i(4), assenza.id);
    const perIspettore = dati(await api(await tok(i(1))).GET('/api/v1/ispettorati/{codice}/ispettori', diIspettorato(ISP)));
    expect(perIspettore.find((x) => x.id === i(4))?.assenze).toEqual([{ dal: today, al: today }]);
    const perDirigente = dati(await api(dirigente).GET('/api/v1/ispettorati/{codice}/ispettori', diIspettorato(ISP)));
    expect(perDirigente.find((x) => x.id === i(4))?.assenze).toEqual([
      { id: assenza.id, dal: today, al: today, motivo: 'malattia - ricovero', inseritaDa: 'dir.rossi', confermataDa: 'dir.bianchi' },
    ]);
    expect((await api(dirigenteB).GET('/api/v1/ispettorati/{codice}/politica', diIspettorato(ISP))).response.status).toBe(404);
  });

  it('lets an inspector declare a conflict only for themselves, a dirigente for anyone with a source; listed, revoked, named in the draw it affected', async () => {
    const azienda = await newCompany(11);
    const dichiara = async (token: string, body: Schemi['ConflittoDto']) => api(token).POST('/api/v1/conflitti-interesse', { body });
    const perAltri = await dichiara(await tok(i(1)), { ispettoreId: i(2), aziendaId: azienda, motivo: 'Collega in conflitto', dal: '2026-01-01' });
    expect(perAltri.response.status).toBe(403);
    expect(rules(perAltri)).toEqual(['dichiarazione-per-altri']);
    const proprio = await dichiara(await tok(i(1)), { ispettoreId: i(1), aziendaId: azienda, motivo: 'Ex dipendente fino al 2024', dal: '2026-01-01' });
    expect(proprio.response.status).toBe(201);
    const delProprio = dati(proprio);
    expect(delProprio).toMatchObject({ dichiaratoDa: i(1), dichiaratoRuolo: 'ispettore', fonte: null, revocatoIl: null });
    const senzaFonte = await dichiara(dirigente, { ispettoreId: i(2), aziendaId: azienda, motivo: 'Fratello socio', dal: '2026-01-01' });
    expect(senzaFonte.response.status).toBe(422);
    expect(rules(senzaFonte)).toEqual(['fonte-obbligatoria']);
    const dichiarato = await dichiara(dirigente, {
      ispettoreId: i(2),
      aziendaId: azienda,
      motivo: 'Fratello socio',
      fonte: 'Visura camerale del 3/11/2026',
      dal: '2026-01-01',
    });
    expect(dichiarato.response.status).toBe(201);
    const delDirigente = dati(dichiarato);
    expect(delDirigente).toMatchObject({
      dichiaratoDa: 'dir.rossi',
      dichiaratoRuolo: 'dirigente',
      fonte: 'Visura camerale del 3/11/2026',
      stato: 'da-confermare',
    });
    // A dirigente's declaration for someone else counts only once a second dirigente confirms it; never its author.
    const autoConferma = await api(dirigente).POST('/api/v1/conflitti-interesse/{id}/decisione', { ...conId(delDirigente.id), body: { esito: 'confermata' } });
    expect(autoConferma.response.status).toBe(403);
    expect(rules(autoConferma)).toEqual(['separazione-compiti']);
    expect(await confermaConflitto(delDirigente.id)).toMatchObject({ stato: 'in-vigore', confermatoDa: 'dir.bianchi' });

    // Listed: the dirigente sees the office's declarations, an inspector only their own.
    const elenco = async (token: string, query: { azienda?: string; ispettore?: string }) =>
      dati(await api(token).GET('/api/v1/conflitti-interesse', { params: { query } }));
    const lista = await elenco(dirigente, { azienda });
    expect(lista.map((c) => `${c.ispettoreId}:${c.dichiaratoDa}`).sort()).toEqual([`${i(1)}:${i(1)}`, `${i(2)}:dir.rossi`]);
    expect((await elenco(await tok(i(1)), { azienda })).map((c) => c.ispettoreId)).toEqual([i(1)]);
    expect(await elenco(await tok(i(1)), { ispettore: i(2) })).toEqual([]);

    // With i5's declared too (i3 and i4 are out for territory and qualification), nobody is left: the request waits,
    // and the queue shows each inspector's reasons, every conflict naming its declaration.
    const quinto = await dichiara(dirigente, {
      ispettoreId: i(5),
      aziendaId: azienda,
      motivo: 'Cugino del titolare',
      fonte: 'Segnalazione prot. 77/2026',
      dal: '2026-01-01',
    });
    expect(quinto.response.status).toBe(201);
    const delQuinto = dati(quinto);
    await confermaConflitto(delQuinto.id);
    const r1 = await newRequest({ azienda });
    const coda = await waitFor('the request to wait for an eligible inspector', async () => {
      const q = dati(await api(dirigente).GET('/api/v1/ispettorati/{codice}/coda', diIspettorato(ISP)));
      const x = q.find((y) => y.id === r1);
      return x?.attesa.motivo === 'nessun-idoneo' ? x : undefined;
    });
    const esclusi = Object.fromEntries(coda.attesa.esclusi!.map((e) => [e.ispettoreId, e.motivi]));
    expect(Object.keys(esclusi).sort()).toEqual([i(1), i(2), i(3), i(4), i(5)]);
    expect(esclusi[i(1)]).toEqual([expect.objectContaining({ regola: 'conflitto', riferimento: `conflitto-interesse:${delProprio.id}` })]);
    expect(esclusi[i(2)]).toEqual([expect.objectContaining({ regola: 'conflitto', riferimento: `conflitto-interesse:${delDirigente.id}` })]);
    expect(esclusi[i(3)].map((m) => m.regola)).toEqual(['territorio']);

    // The inspector concerned cannot revoke what a dirigente declared; the dirigente revokes with a reason.
    const revoca = async (token: string) =>
      api(token).POST('/api/v1/conflitti-interesse/{id}/revoca', { ...conId(delDirigente.id), body: { motivo: 'Non più socio da ottobre 2026' } });
    const daIspettore = await revoca(await tok(i(2)));
    expect(daIspettore.response.status).toBe(403);
    expect(rules(daIspettore)).toEqual(['revoca-non-ammessa']);
    expect((await revoca(await tok(i(1)))).response.status).toBe(404);
    const revocato = await revoca(altroDirigente);
    expect(revocato.response.status).toBe(200);
    expect(revocato.data).toMatchObject({ revocatoDa: 'dir.bianchi', motivoRevoca: 'Non più socio da ottobre 2026', revocatoIl: expect.any(String) });
    expect((await revoca(altroDirigente)).response.status).toBe(409);
    // The revocation wakes the waiting request: drawn with no manual step, to the one inspector it freed; the others'
    // exclusions still name their declarations.
    expect(await assignedTo(r1, 1)).toBe(i(2));
    const [d] = await draws(r1);
    expect(trascrizione(d).esclusi.find((e) => e.ispettoreId === i(1))!.motivi[0].riferimento).toBe(`conflitto-interesse:${delProprio.id}`);
    expect(trascrizione(d).esclusi.find((e) => e.ispettoreId === i(5))!.motivi[0].riferimento).toBe(`conflitto-interesse:${delQuinto.id}`);
    expect(trascrizione(d).esclusi.some((e) => e.ispettoreId === i(2))).toBe(false);
  });

  it('reassigns by hand only to an inspector eligible as for a draw, checked when proposed and approved; the override is transcribed in the chain', async () => {
    const id = await newRequest({ priorita: 'media' });
    const drawn = await assignedTo(id, 1);
    const propose = (ispettoreId: string) =>
      api(dirigente).POST('/api/v1/richieste-intervento/{id}/riassegnazione', {
        ...conId(id),
        body: { ispettoreId, motivo: 'Competenza specifica sul settore edile' },
      });
    const today = dataItaliana(new Date()); // the service reckons days in Italy
    // Another inspectorate's inspector, one outside territory and qualification, one in declared conflict, one on
    // leave, and an id nobody has: each a 422 naming every rule, and the case is unchanged.
    expect(rules(await propose(`b1-${ISP_B}`))).toEqual(['ispettorato-diverso']);
    expect(rules(await propose(i(3)))).toEqual(['territorio']);
    expect(rules(await propose(i(4)))).toEqual(['qualifica', 'assenza']);
    expect(rules(await propose(i(5)))).toEqual(['conflitto']);
    const unknown = await propose('nessuno.tale');
    expect(unknown.response.status).toBe(422);
    expect(unknown.error?.errors).toEqual([expect.objectContaining({ field: 'ispettoreId', rule: 'ispettore-sconosciuto' })]);
    const target = drawn === i(1) ? i(2) : i(1);
    const ferie = await api(dirigente).POST('/api/v1/ispettori/{id}/assenze', { ...conId(target), body: { dal: today, al: today, motivo: 'ferie' } });
    expect(ferie.response.status).toBe(201);
    await confermaAssenza(target, dati(ferie).id);
    const onLeave = await propose(target);
    expect(onLeave.response.status).toBe(422);
    expect(rules(onLeave)).toContain('assenza');
    expect(procedura(await richiesta(id)).riassegnazione).toBeUndefined();

    // An eligible inspector (a request about another company, so i5 is free): proposed, refused as self-approval,
    // approved by a second dirigente.
    const id2 = await newRequest({ priorita: 'media', azienda: await newCompany(22) });
    const drawn2 = await assignedTo(id2, 1);
    const valid = [i(1), i(2), i(5)].find((x) => x !== drawn2 && x !== target)!;
    const proposal = await api(dirigente).POST('/api/v1/richieste-intervento/{id}/riassegnazione', {
      ...conId(id2),
      body: { ispettoreId: valid, motivo: 'Competenza specifica sul settore edile' },
    });
    expect(proposal.response.status).toBe(200);
    const decidi = (token: string) =>
      api(token).POST('/api/v1/richieste-intervento/{id}/riassegnazione/decisione', { ...conId(id2), body: { esito: 'approvata' } });
    const selfApproval = await decidi(dirigente);
    expect(selfApproval.response.status).toBe(403);
    expect(rules(selfApproval)).toContain('separazione-compiti');
    expect((await decidi(altroDirigente)).response.status).toBe(200);
    await waitFor('the manual assignment', async () => ((await richiesta(id2)).ispettoreId === valid ? true : undefined));
    expect((await richiesta(id2)).procedura).toMatchObject({ assegnataVia: 'riassegnazione', riassegnazioniManuali: 1, tentativo: 2 });
    const [drawnRow, manualRow] = await draws(id2);
    expect(drawnRow.tipo).toBe('sorteggio');
    expect(manualRow).toMatchObject({ tipo: 'manuale', tentativo: 2, ispettoreId: valid, catena: ISP, n: drawnRow.n + 1 });
    expect(manualRow.trascrizione).toMatchObject({
      tipo: 'manuale',
      richiestaId: id2,
      tentativo: 2,
      ispettoreId: valid,
      motivo: 'Competenza specifica sul settore edile',
      propostaDa: 'dir.rossi',
      approvataDa: 'dir.bianchi',
      regoleVerificate: ['territorio', 'qualifica', 'assenza', 'conflitto', 'rotazione', 'astensione'],
      derogaRotazione: null,
    });
    expect(manualRow.prevHash).toBe(drawnRow.hash);
    const check = dati(await api(responsabile).GET('/api/v1/assegnazioni/{id}/verifica', conId(manualRow.id)));
    expect(check).toMatchObject({ tipo: 'manuale', verificabile: true, valido: true });
  });

  it('keeps one chain per inspectorate, draws interleaved; each verifiable by its own auditors alone', async () => {
    const ids: Array<[string, string]> = [];
    for (let k = 0; k < 2; k++) {
      ids.push([ISP, await newRequest()]);
      ids.push([ISP_B, await newRequest({ token: operatoreB, azienda: aziendaId })]);
    }
    for (const [codice, id] of ids) await assignedTo(id, 1, codice === ISP ? dirigente : dirigenteB);

    const catena = async (codice: string) =>
      await sql<{ n: number; prev_hash: string; hash: string; ispettorato: string }>(
        'SELECT n, prev_hash, hash, ispettorato FROM sorteggi WHERE catena = $1 ORDER BY n',
        [codice],
      );
    for (const codice of [ISP, ISP_B]) {
      const rows = await catena(codice);
      expect(rows.map((r) => Number(r.n))).toEqual(rows.map((_, k) => k + 1));
      expect(rows.every((r) => r.ispettorato === codice)).toBe(true);
      expect(rows[0].prev_hash).toBe('0'.repeat(64));
      rows.slice(1).forEach((r, k) => expect(r.prev_hash).toBe(rows[k].hash));
    }
    const diB = { params: { query: { ispettorato: ISP_B } } };
    const own = dati(await api(dirigenteB).GET('/api/v1/assegnazioni/verifica', diB));
    expect(own).toMatchObject({ ispettorato: ISP_B, valido: true, trascrizioni: 2, problemi: [] });
    expect((await api(dirigente).GET('/api/v1/assegnazioni/verifica', diB)).response.status).toBe(404);
    expect(dati(await api(responsabile).GET('/api/v1/assegnazioni/verifica'))).toMatchObject({ ispettorato: ISP, valido: true });
  });

  it('draws a request registered before any period existed once one is published, with no manual step; and one nobody could take once the registry changes', async () => {
    expect(
      (
        await api(admin).POST('/api/v1/ispettorati', {
          body: { codice: ISP_C, nome: 'Ispettorato senza periodi', territori: ['PA'], politica: { periodoSorteggio: 'PT15S', anticipoPubblicazione: 'PT1S' } },
        })
      ).response.status,
    ).toBe(201);
    const dirC = await stack.idp.token('dir.c', ['dirigente'], ISP_C);
    const opC = await stack.idp.token('op.c', ['operatore'], ISP_C);
    const nuovoIspettore = async (body: Schemi['IspettoreDto']) =>
      (await api(dirC).POST('/api/v1/ispettorati/{codice}/ispettori', { ...diIspettorato(ISP_C), body })).response.status;
    expect(await nuovoIspettore({ nome: 'Ispettore C1', id: `c1-${ISP_C}`, territori: ['PA'], qualifiche: ['lavoro-nero'] })).toBe(201);
    const id = await newRequest({ token: opC });
    const nessuno = await newRequest({ token: opC, tipoPratica: 'previdenza' });
    const coda = async () => dati(await api(dirC).GET('/api/v1/ispettorati/{codice}/coda', diIspettorato(ISP_C)));
    const waiting = await waitFor('the reasons in the queue', async () => {
      const q = await coda();
      const a = q.find((x) => x.id === id);
      const n = q.find((x) => x.id === nessuno);
      return a?.attesa.motivo === 'periodo-mancante' && n?.attesa.motivo === 'nessun-idoneo' ? { a, n } : undefined;
    });
    expect(waiting.a.attesa.dettaglio).toMatch(/nessun periodo di sorteggio/);
    // Nobody qualified: each inspector's reasons are in the queue.
    expect(waiting.n.attesa.esclusi).toEqual([
      { ispettoreId: `c1-${ISP_C}`, motivi: [{ regola: 'qualifica', dettaglio: 'non qualificato per previdenza (qualifiche: lavoro-nero)' }] },
    ]);
    expect(await periodi(ISP_C, dirC)).toEqual([]);

    await tick();
    await assignedTo(id, 1, dirC);
    const [d] = await draws(id, dirC);
    expect(Date.parse(d.periodo!.pubblicatoIl)).toBeGreaterThan(Date.parse((await richiesta(id, dirC)).registrataIl));
    expect((await richiesta(id, dirC)).attesa).toBeNull();

    // A qualified inspector joins: the waiting request is woken and drawn, no manual step.
    expect(await nuovoIspettore({ nome: 'Ispettore C2', id: `c2-${ISP_C}`, territori: ['PA'], qualifiche: ['previdenza'] })).toBe(201);
    expect(await assignedTo(nessuno, 1, dirC)).toBe(`c2-${ISP_C}`);
    expect((await coda()).map((x) => x.id)).toEqual([]);
  });

  it("after a period's reveal, a redraw uses the next period, never the revealed secret; the head is published; a forged transcript is INVALID", async () => {
    const id = await newRequest({ azienda: await newCompany(31) });
    const first = await assignedTo(id, 1);
    const [d1] = await draws(id);
    // Wait for the draw's period to end, then the schedule reveals it with the chain head at that moment.
    await waitFor('the period to end', async () => (Date.now() > Date.parse(d1.periodo!.fine) + 100 ? true : undefined), PERIODO_MS + 10_000);
    await tick();
    const revealed = await waitFor('the reveal', async () => (await periodi()).find((p) => p.periodo === d1.periodo!.periodo && p.rivelatoIl));
    expect(revealed.segreto).toMatch(/^[0-9a-f]{64}$/);
    const chain = await sql<{ n: number; hash: string }>('SELECT n, hash FROM sorteggi WHERE catena = $1 AND registrato_il < $2 ORDER BY n DESC LIMIT 1', [
      ISP,
      revealed.rivelatoIl,
    ]);
    expect(revealed.testaCatena).toEqual({ n: Number(chain[0].n), hash: chain[0].hash });
    const rivelazione = { params: { path: { codice: ISP, periodo: revealed.periodo } } };
    expect(dati(await api(dirigente).POST('/api/v1/ispettorati/{codice}/periodi-sorteggio/{periodo}/rivelazione', rivelazione)).testaCatena).toEqual(
      revealed.testaCatena,
    );

    // A dirigente who knows the revealed secret can compute what attempt 2 would draw in the old period: useless,
    // because the redraw uses the period in force now.
    const segreto = revealed.segreto!;
    const predicted = bytesToHex(seme({ segreto, richiestaId: id, tentativo: 2, beacon: null }));
    expect(
      (
        await api(await tok(first)).POST('/api/v1/richieste-intervento/{id}/astensione', {
          ...conId(id),
          body: { motivo: 'Parente entro il secondo grado del titolare' },
        })
      ).response.status,
    ).toBe(200);
    await assignedTo(id, 2);
    const d2 = (await draws(id))[1];
    expect(trascrizione(d2).periodo).not.toBe(revealed.periodo);
    expect(d2.periodo!.rivelatoIl).toBeNull();
    expect(trascrizione(d2).estrazione.seme).not.toBe(predicted);

    // Verified with the revealed secret: valid, by the API and by the CLI from the API's own answer.
    const verifica = async (assegnazione: string, token = dirigente) => dati(await api(token).GET('/api/v1/assegnazioni/{id}/verifica', conId(assegnazione)));
    const assegnazione = async (assegnazione: string) => dati(await api(dirigente).GET('/api/v1/assegnazioni/{id}', conId(assegnazione)));
    const catena = async () => dati(await api(dirigente).GET('/api/v1/assegnazioni/verifica'));
    expect(await verifica(d1.id, responsabile)).toMatchObject({ verificabile: true, valido: true, motivi: [] });
    const cliOk = await verifyDrawCli(await assegnazione(d1.id));
    expect(cliOk).toMatchObject({ code: 0, out: expect.stringMatching(/^VALIDO/m) });

    // Forged with the revealed secret after the reveal and appended to the chain as its owner could: INVALID by the
    // API, by the CLI, and in the chain walk; backdated into the period it is still caught (after the published head).
    for (const registratoIl of [new Date().toISOString(), new Date(Date.parse(revealed.fine) - 5000).toISOString()]) {
      const forged = sorteggia({
        segreto,
        impegnoSegreto: revealed.impegno,
        ispettorato: ISP,
        periodo: revealed.periodo,
        richiestaId: id,
        tentativo: 99,
        beacon: null,
        candidati: trascrizione(d1).candidati.map((c) => ({ ispettoreId: c.ispettoreId, caricoAperto: c.caricoAperto })),
        esclusi: [],
        registratoIl,
      });
      const [last] = await sql<{ n: number; hash: string }>('SELECT n, hash FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [ISP]);
      const [row] = await sqlOwner<{ id: string }>(
        `INSERT INTO sorteggi (id, richiesta_id, tentativo, ispettorato, periodo, ispettore_id, trascrizione, prev_hash, hash, registrato_il, tipo, catena, n)
         VALUES (gen_random_uuid(), $1, 99, $2, $3, $4, $5, $6, $7, $8, 'sorteggio', $2, $9) RETURNING id`,
        [
          id,
          ISP,
          revealed.periodo,
          forged.estrazione.scelto,
          JSON.stringify(forged),
          last.hash,
          hashTrascrizione(last.hash, forged),
          registratoIl,
          Number(last.n) + 1,
        ],
      );
      const bad = await verifica(row.id);
      expect(bad).toMatchObject({ verificabile: true, valido: false });
      expect(bad.motivi?.join('\n')).toMatch(/dopo la testa pubblicata alla rivelazione/);
      const cli = await verifyDrawCli(await assegnazione(row.id));
      expect(cli.code).toBe(1);
      expect(cli.out).toMatch(/^NON VALIDO/m);
      expect((await catena()).valido).toBe(false);
      await sqlOwner('DELETE FROM sorteggi WHERE id = $1', [row.id]);
    }
    expect(await catena()).toMatchObject({ valido: true, problemi: [] });

    // The head published at the reveal rewritten in its table (as whoever re-hashes the chain would): the audit trail
    // still holds the head recorded at the reveal.
    await sqlOwner('UPDATE periodi_sorteggio SET testa_hash = $3 WHERE ispettorato = $1 AND periodo = $2', [ISP, revealed.periodo, 'e'.repeat(64)]);
    const riscritta = await catena();
    expect(riscritta.valido).toBe(false);
    expect(riscritta.problemi.map((p) => p.motivo)).toContain(`la testa della catena del periodo ${revealed.periodo} non è quella registrata alla rivelazione`);
    await sqlOwner('UPDATE periodi_sorteggio SET testa_hash = $3 WHERE ispettorato = $1 AND periodo = $2', [ISP, revealed.periodo, revealed.testaCatena!.hash]);
    // The newest transcript deleted, after the last reveal (no published head covers it): the audit trail and the
    // request's own attempts show it missing.
    const [ultimo] = await sql('SELECT * FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [ISP]);
    await sqlOwner('DELETE FROM sorteggi WHERE id = $1', [ultimo.id]);
    const troncata = await catena();
    expect(troncata.valido).toBe(false);
    expect(troncata.problemi.map((p) => p.motivo)).toEqual(
      expect.arrayContaining([
        `la trascrizione ${ultimo.n}, registrata nel registro degli eventi, manca dalla catena`,
        expect.stringMatching(
          new RegExp(`^la richiesta ${ultimo.richiesta_id} è al tentativo \\d+ ma nella catena mancano le trascrizioni dei tentativi ${ultimo.tentativo}$`),
        ),
      ]),
    );
    await sqlOwner(
      `INSERT INTO sorteggi (id, seq, richiesta_id, tentativo, ispettorato, periodo, ispettore_id, trascrizione, prev_hash, hash, registrato_il, tipo, catena, n)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        ultimo.id,
        ultimo.seq,
        ultimo.richiesta_id,
        ultimo.tentativo,
        ultimo.ispettorato,
        ultimo.periodo,
        ultimo.ispettore_id,
        JSON.stringify(ultimo.trascrizione),
        ultimo.prev_hash,
        ultimo.hash,
        ultimo.registrato_il,
        ultimo.tipo,
        ultimo.catena,
        ultimo.n,
      ],
    );
    expect(await catena()).toMatchObject({ valido: true, problemi: [] });

    // Altering any stored input or the result breaks verification.
    const tamper = async (path: string, value: string) =>
      sqlOwner(`UPDATE sorteggi SET trascrizione = jsonb_set(trascrizione, $2, $3::jsonb) WHERE id = $1`, [d1.id, path, value]);
    const original = JSON.stringify(d1.trascrizione);
    for (const [path, value] of [
      ['{tentativo}', '5'],
      ['{estrazione,scelto}', JSON.stringify(i(3))],
      ['{candidati,0,caricoAperto}', '9'],
      ['{beacon,valore}', JSON.stringify('0'.repeat(64))],
    ] as const) {
      await tamper(path, value);
      const bad = await verifica(d1.id);
      expect(bad.valido).toBe(false);
      expect(bad.catena.valido).toBe(false);
      await sqlOwner('UPDATE sorteggi SET trascrizione = $2::jsonb WHERE id = $1', [d1.id, original]);
    }
    expect((await verifica(d1.id)).valido).toBe(true);
  });

  it('publishes by hand only the next period, with the bounds and length of the policy; reveals only ended periods', async () => {
    const prima = await periodi();
    const last = prima[prima.length - 1];
    // Nobody chooses a period's bounds or label: asked for, they are refused as unknown fields (a body the contract forbids).
    const scelto = await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio`, dirigente, {
      periodo: 'lungo',
      inizio: last.fine,
      fine: '2199-12-31T00:00:00Z',
    });
    expect(scelto.status).toBe(400);
    expect(scelto.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['fine', 'inizio', 'periodo']);
    const pubblicato = await api(dirigente).POST('/api/v1/ispettorati/{codice}/periodi-sorteggio', { ...diIspettorato(ISP), body: {} });
    expect(pubblicato.response.status).toBe(201);
    const ok = dati(pubblicato);
    expect(ok).toMatchObject({ inizio: last.fine, creatoDa: 'dir.rossi', segreto: null });
    expect(Date.parse(ok.fine) - Date.parse(ok.inizio)).toBe(PERIODO_MS);
    expect(Date.parse(ok.pubblicatoIl)).toBeLessThan(Date.parse(ok.inizio));
    const early = await api(dirigente).POST('/api/v1/ispettorati/{codice}/periodi-sorteggio/{periodo}/rivelazione', {
      params: { path: { codice: ISP, periodo: ok.periodo } },
    });
    expect(early.response.status).toBe(409);
    expect(rules(early)).toEqual(['periodo-aperto']);
  });

  it('loads one ex-officio plan per inspectorate and year: its workflow is keyed by both, a second plan for the year is refused', async () => {
    const anno = new Date().getUTCFullYear() + 1;
    const piano: Schemi['PianoVigilanzaDto'] = {
      anno,
      descrizione: 'Vigilanza programmata in edilizia',
      voci: [
        {
          data: `${anno}-06-01`,
          aziendaId,
          sede: 'Via Roma 1, Palermo',
          territorio: 'PA',
          tipoPratica: 'lavoro-nero',
          priorita: 'media',
          descrizione: 'Controllo programmato del cantiere',
        },
      ],
    };
    const carica = () => api(dirigente).POST('/api/v1/ispettorati/{codice}/piani-vigilanza', { ...diIspettorato(ISP), body: piano });
    const primo = await carica();
    expect(primo.response.status).toBe(201);
    expect(await sql('SELECT workflow_id FROM piani_vigilanza WHERE id = $1', [dati(primo).id])).toEqual([{ workflow_id: `piano-vigilanza:${ISP}:${anno}` }]);
    expect((await temporal.client.workflow.getHandle(`piano-vigilanza:${ISP}:${anno}`).describe()).status.name).toBe('RUNNING');
    const secondo = await carica();
    expect(secondo.response.status).toBe(409);
    expect(rules(secondo)).toEqual(['piano-esistente']);
    expect(await sql('SELECT count(*)::int AS n FROM piani_vigilanza WHERE ispettorato = $1 AND anno = $2', [ISP, anno])).toEqual([{ n: 1 }]);
  });

  it('lets nobody alone narrow a draw: absences and conflicts entered for someone else count once a second dirigente confirms them', async () => {
    const today = dataItaliana(new Date());
    const inserisci = async (token: string, ispettore: string, body: Schemi['AssenzaDto']) =>
      api(token).POST('/api/v1/ispettori/{id}/assenze', { ...conId(ispettore), body });
    const decidi = async (token: string, ispettore: string, assenzaId: string, esito: Schemi['DecisioneRegistroDto']['esito']) =>
      api(token).POST('/api/v1/ispettori/{id}/assenze/{assenzaId}/decisione', { params: { path: { id: ispettore, assenzaId } }, body: { esito } });
    // The dirigente sends two of the three eligible inspectors on leave and registers a request himself: the
    // absences wait for a second dirigente, so the draw still has all three. They run to tomorrow: a transcript
    // names identical absences (same dates, same people) once, and an earlier test enters a one-day one for today.
    const azienda = await newCompany(51);
    const assenze: Schemi['AssenzaView'][] = [];
    for (const x of [i(1), i(2)]) {
      const a = dati(await inserisci(dirigente, x, { dal: today, al: addDays(today, 1), motivo: 'permesso' }));
      expect(a).toMatchObject({ stato: 'da-confermare', inseritaDa: 'dir.rossi' });
      assenze.push(a);
    }
    const id = await newRequest({ token: dirigente, azienda });
    await assignedTo(id, 1);
    const [d] = await draws(id);
    // Neither unconfirmed absence excluded anyone (an earlier test may have sent one of them on a confirmed leave today).
    const riferimenti = trascrizione(d).esclusi.flatMap((e) => e.motivi.map((m) => m.riferimento));
    for (const a of assenze) expect(riferimenti).not.toContain(`assenza:${a.id}`);
    expect(trascrizione(d).candidati.length).toBeGreaterThanOrEqual(2);
    // Listed for confirmation; its author cannot confirm it; an inspector cannot enter one for a colleague, but their own
    // is in force at once.
    const pending = dati(
      await api(altroDirigente).GET('/api/v1/ispettorati/{codice}/assenze', { params: { path: { codice: ISP }, query: { stato: 'da-confermare' } } }),
    );
    expect(pending.map((a) => a.id)).toEqual(expect.arrayContaining(assenze.map((a) => a.id)));
    const auto = await decidi(dirigente, i(1), assenze[0].id, 'confermata');
    expect(auto.response.status).toBe(403);
    expect(rules(auto)).toEqual(['separazione-compiti']);
    expect(dati(await decidi(altroDirigente, i(2), assenze[1].id, 'respinta')).stato).toBe('respinta');
    const collega = await inserisci(await tok(i(1)), i(2), { dal: today, al: today, motivo: 'per lui' });
    expect(collega.response.status).toBe(403);
    expect(dati(await inserisci(await tok(i(1)), i(1), { dal: today, al: today, motivo: 'visita medica' }))).toMatchObject({ stato: 'in-vigore' });
    // Confirmed, the other absence counts in the next draw, and the transcript names it with who entered and confirmed it.
    await confermaAssenza(i(1), assenze[0].id);
    const id2 = await newRequest({ token: dirigente, azienda: await newCompany(52) });
    await assignedTo(id2, 1);
    const [d2] = await draws(id2);
    const motivi = trascrizione(d2).esclusi.find((e) => e.ispettoreId === i(1))!.motivi;
    expect(motivi).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          regola: 'assenza',
          riferimento: `assenza:${assenze[0].id}`,
          dettaglio: expect.stringContaining('registrata da dir.rossi, confermata da dir.bianchi'),
        }),
      ]),
    );
  });

  it('reports observed vs expected assignments, abstentions, manual assignments and conflicts per inspector', async () => {
    const statistiche = (token: string, query: { periodo?: string } = {}) => api(token).GET('/api/v1/assegnazioni/statistiche', { params: { query } });
    const stats = await statistiche(dirigente, { periodo: p1.periodo });
    expect(stats.response.status).toBe(200);
    const perPeriodo = dati(stats);
    expect(perPeriodo).toMatchObject({ ispettorato: ISP, periodo: p1.periodo, astensioni: expect.any(Number), riassegnazioniManuali: expect.any(Number) });
    const total = perPeriodo.perIspettore.reduce((s, r) => s + r.osservati, 0);
    expect(total).toBe(perPeriodo.estrazioni);
    const window = dati(await statistiche(dirigente));
    expect(window.riassegnazioniManuali).toBe(1);
    expect(window.astensioni).toBe(2);
    expect(window.perIspettore.find((x) => x.ispettoreId === i(1))!.conflittiDichiarati).toBe(1);
    expect(window.estrazioniConUnSoloCandidato).toEqual(expect.any(Number));
    expect((await statistiche(operatore)).response.status).toBe(403);
  });

  it("tells the dirigente when a period's draws fail the impartiality test (an incoherent draw recorded in it)", async () => {
    const id = await newRequest({ token: operatoreB, azienda: await newCompany(41) });
    const who = await assignedTo(id, 1, dirigenteB);
    const [d] = await draws(id, dirigenteB);
    const periodo = d.periodo!;
    // The recorded assignment names someone who was not a candidate: a draw the weights cannot have produced.
    await sqlOwner('UPDATE sorteggi SET ispettore_id = $2 WHERE id = $1', [d.id, 'estraneo']);
    await waitFor('the period to end', async () => (Date.now() > Date.parse(periodo.fine) + 100 ? true : undefined), PERIODO_MS + 10_000);
    await tick();
    const notice = await waitFor('the alarm', async () => {
      const n = dati(await api(dirigenteB).GET('/api/v1/notifiche', { params: { query: { procedura: 'ispezioni' } } }));
      return n.find((x) => x.tipo === 'allarme-imparzialita' && x.entitaId === `${ISP_B}:${periodo.periodo}`);
    });
    expect(notice.dati).toMatchObject({ incoerenti: 1, allarme: true });
    await sqlOwner('UPDATE sorteggi SET ispettore_id = $2 WHERE id = $1', [d.id, who]);
  });

  // Sends what the contract forbids (malformed bodies, dates and parameters, unknown fields, raw bytes): through the untyped call.
  it('answers malformed bodies, dates and parameters on these routes with a 4xx problem naming the field', async () => {
    const cases: Array<[string, string, string, unknown, string]> = [
      ['POST', `/api/v1/ispettori/${i(1)}/assenze`, dirigente, { dal: '2026-02-30', al: '2026-03-01', motivo: 'ferie' }, 'dal'],
      ['POST', `/api/v1/ispettori/${i(1)}/assenze`, dirigente, { dal: '2026-03-01', al: '2026-13-01', motivo: 'ferie' }, 'al'],
      ['POST', '/api/v1/conflitti-interesse', dirigente, { ispettoreId: i(1), aziendaId, motivo: 'motivo', fonte: 'fonte nota', dal: '2027-02-31' }, 'dal'],
      ['POST', '/api/v1/conflitti-interesse', dirigente, { ispettoreId: i(1), aziendaId: 'x', motivo: 'motivo', dal: '2027-02-01' }, 'aziendaId'],
      ['POST', '/api/v1/conflitti-interesse/not-a-uuid/revoca', dirigente, { motivo: 'un motivo qualsiasi' }, 'id'],
      ['POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio`, dirigente, { inizio: '2026-13-01T00:00:00Z' }, 'inizio'],
      ['POST', `/api/v1/ispettori/${i(1)}/assenze/not-a-uuid/decisione`, dirigente, { esito: 'confermata' }, 'assenzaId'],
      ['POST', `/api/v1/conflitti-interesse/${aziendaId}/decisione`, dirigente, { esito: 'forse' }, 'esito'],
      ['GET', '/api/v1/assegnazioni/statistiche?soglia=', dirigente, undefined, 'soglia'],
      ['GET', '/api/v1/assegnazioni/not-a-uuid', dirigente, undefined, 'id'],
      ['POST', `/api/v1/richieste-intervento/${mainId}/riassegnazione`, dirigente, '{"ispettoreId": ', 'body'],
      ['POST', `/api/v1/richieste-intervento/${mainId}/diffida`, await tok(i(1)), { notificataIl: '2026-02-30' }, 'notificataIl'],
      ['POST', `/api/v1/richieste-intervento/${mainId}/riassegnazione`, dirigente, {}, 'ispettoreId'],
      ['POST', `/api/v1/richieste-intervento/${mainId}/riassegnazione`, dirigente, { ispettoreId: 'x\u0000y', motivo: 'motivo sufficiente' }, 'ispettoreId'],
      ['POST', `/api/v1/richieste-intervento/${mainId}/primo-accesso`, await tok(i(1)), { data: '2026-01-01' }, 'verbale'],
      ['POST', `/api/v1/richieste-intervento/${mainId}/sorteggi`, dirigente, { tentativo: 1e12 }, 'tentativo'],
      [
        'POST',
        '/api/v1/ispettorati',
        admin,
        { codice: 'ITL-X1', nome: 'Prova', territori: ['PA'], politica: { periodoSorteggio: 'P1W' } },
        'politica.periodoSorteggio',
      ],
      [
        'POST',
        '/api/v1/ispettorati',
        admin,
        { codice: 'ITL-X2', nome: 'Prova', territori: ['PA'], politica: { finestraRotazioneMesi: -1, pippo: 1 } },
        'politica.finestraRotazioneMesi',
      ],
      [
        'POST',
        `/api/v1/ispettorati/${ISP}/piani-vigilanza`,
        dirigente,
        {
          anno: 2026,
          descrizione: 'Piano',
          voci: [
            {
              data: '2026-02-30',
              aziendaId,
              sede: 'Via X 1',
              territorio: 'PA',
              tipoPratica: 'lavoro-nero',
              priorita: 'alta',
              descrizione: 'descrizione lunga',
            },
          ],
        },
        'voci.0.data',
      ],
      ['POST', '/api/v1/conflitti-interesse', dirigente, JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)), ''],
      ['GET', '/api/v1/assegnazioni/statistiche?dal=2026-02-30T00:00:00Z', dirigente, undefined, 'dal'],
      ['GET', '/api/v1/assegnazioni/statistiche?soglia=abc', dirigente, undefined, 'soglia'],
      ['GET', '/api/v1/assegnazioni?richiesta=42', dirigente, undefined, 'richiesta'],
      ['GET', '/api/v1/assegnazioni/verifica?ispettorato=../x', dirigente, undefined, 'ispettorato'],
    ];
    for (const [method, path, token, body, field] of cases) {
      // A string is sent as it is: malformed JSON.
      const res =
        typeof body === 'string'
          ? await fetch(`${stack.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body }).then(
              async (r) => ({
                status: r.status,
                headers: r.headers,
                json: JSON.parse(await r.text()),
              }),
            )
          : await stack.call(method, path, token, body);
      const what = `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`;
      expect([what, res.status >= 400 && res.status < 500]).toEqual([what, true]);
      expect([what, res.headers.get('content-type')]).toEqual([what, expect.stringContaining('application/problem+json')]);
      if (field) expect([what, (res.json.errors ?? []).map((e: { field: string }) => e.field)]).toEqual([what, expect.arrayContaining([field])]);
    }
    // What the body parser refuses before any route: a body over the limit, a charset or an encoding it cannot read.
    const grezza = (headers: Record<string, string>, body: string | Buffer) =>
      fetch(`${stack.baseUrl}/api/v1/richieste-intervento/${mainId}/riassegnazione`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dirigente}`, ...headers },
        body,
      });
    for (const [headers, body, status, rule] of [
      [{ 'content-type': 'application/json' }, JSON.stringify({ motivo: 'x'.repeat(1_100_000) }), 413, 'corpo-troppo-grande'],
      [{ 'content-type': 'application/json; charset=latin1' }, '{"ispettoreId":"x"}', 415, 'charset-non-supportato'],
      [{ 'content-type': 'application/json', 'content-encoding': 'zstd' }, '{"ispettoreId":"x"}', 415, 'codifica-non-supportata'],
    ] as const) {
      const res = await grezza(headers, body);
      const problem = (await res.json()) as Schemi['ProblemDetails'];
      expect([rule, res.status, res.headers.get('content-type')]).toEqual([rule, status, expect.stringContaining('application/problem+json')]);
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'body', rule })]);
    }
    expect((await fetch(`${stack.baseUrl}/health/live`)).ok).toBe(true);
    const politica = await stack.call('POST', '/api/v1/ispettorati', admin, {
      codice: 'ITL-X2',
      nome: 'Prova',
      territori: ['PA'],
      politica: { finestraRotazioneMesi: -1, pippo: 1 },
    });
    expect(politica.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['politica.finestraRotazioneMesi', 'politica.pippo']);
  });

  it("pages through the inspectorate's requests with a cursor, filtered by company and state", async () => {
    const cf = String(Date.now() + 77)
      .slice(-11)
      .padStart(11, '1');
    const azienda = dati(await api(dirigente).POST('/api/v1/aziende', { body: { codiceFiscale: cf, ragioneSociale: 'Paginata S.r.l.', territorio: 'PA' } })).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await newRequest({ azienda }));
    expect(await tutteLePagine(stack, `/api/v1/richieste-intervento?azienda=${cf}&limite=2`, dirigente)).toEqual({ ids: [...ids].reverse(), pagine: 2 });
    expect((await tutteLePagine(stack, `/api/v1/richieste-intervento?azienda=${cf}&stato=chiusa`, dirigente)).ids).toEqual([]);
  });
});
