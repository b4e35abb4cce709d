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
import { hashTrascrizione, seme, sorteggia } from '../../libs/domain/src/ispezioni/sorteggio';
import { waitFor } from '../support/wait';
import { form, samples, Stack, tutteLePagine } from '../support/stack';
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

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const richiesta = async (id: string, token = dirigente) => (await stack.call('GET', `/api/v1/richieste-intervento/${id}`, token)).json;
const assignedTo = (id: string, tentativo: number, token = dirigente) =>
  waitFor(`assignment ${tentativo} of ${id}`, async () => {
    const r = await richiesta(id, token);
    return r.stato === 'assegnata' && r.tentativo === tentativo ? (r.ispettoreId as string) : undefined;
  });
const draws = async (id: string, token = dirigente) => (await stack.call('GET', `/api/v1/assegnazioni?richiesta=${id}`, token)).json as Json[];
const periodi = async (codice = ISP, token = dirigente) => (await stack.call('GET', `/api/v1/ispettorati/${codice}/periodi-sorteggio`, token)).json as Json[];
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

async function newRequest(opts: { priorita?: string; token?: string; azienda?: string; tipoPratica?: string } = {}) {
  const res = await stack.call('POST', '/api/v1/richieste-intervento', opts.token ?? operatore, {
    fonte: 'esposto',
    aziendaId: opts.azienda ?? aziendaId,
    sede: 'Via Maqueda 100, Palermo',
    territorio: 'PA',
    tipoPratica: opts.tipoPratica ?? 'lavoro-nero',
    priorita: opts.priorita ?? 'alta',
    descrizione: 'Esposto anonimo: lavoratori non regolarizzati nel cantiere',
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

async function newCompany(seed: number) {
  const res = await stack.call('POST', '/api/v1/aziende', dirigente, {
    codiceFiscale: String(Date.now() + seed)
      .slice(-11)
      .padStart(11, '1'),
    ragioneSociale: `Azienda ${seed} S.r.l.`,
    territorio: 'PA',
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

async function uploadPdf(id: string, tipo: string, token: string) {
  const res = await stack.call('POST', `/api/v1/richieste-intervento/${id}/documenti`, token, form({ tipo }, { name: `${tipo}.pdf`, bytes: samples.pdf }));
  expect(res.status).toBe(201);
  return { documentoId: res.json.id as string, sha256: res.json.sha256 as string };
}

const rules = (res: { json: Json }) => (res.json.errors as Array<{ rule: string }>).map((e) => e.rule);
/** A second dirigente confirms what a dirigente entered about another inspector (an absence, a conflict). */
const conferma = async (path: string) => {
  const res = await stack.call('POST', path, altroDirigente, { esito: 'confermata' });
  expect([path, res.status]).toEqual([path, 200]);
  return res.json as Json;
};

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
const POLITICA = {
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

  for (const [codice, politica] of [
    [ISP, POLITICA],
    [ISP_B, { periodoSorteggio: 'PT20S', anticipoPubblicazione: 'PT40S' }],
  ] as const) {
    expect(
      (await stack.call('POST', '/api/v1/ispettorati', admin, { codice, nome: `Ispettorato di prova ${codice}`, territori: ['PA', 'TP'], politica })).status,
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
    expect((await stack.call('POST', `/api/v1/ispettorati/${ISP}/ispettori`, dirigente, { nome: `Ispettore ${x.id}`, ...x })).status).toBe(201);
  }
  for (const n of [1, 2]) {
    expect(
      (
        await stack.call('POST', `/api/v1/ispettorati/${ISP_B}/ispettori`, dirigenteB, {
          nome: `Ispettore B${n}`,
          id: `b${n}-${ISP_B}`,
          territori: ['PA'],
          qualifiche: ['lavoro-nero'],
        })
      ).status,
    ).toBe(201);
  }
  aziendaId = await newCompany(0);
  const c5 = await stack.call('POST', '/api/v1/conflitti-interesse', dirigente, {
    ispettoreId: i(5),
    aziendaId,
    motivo: "Coniuge socio dell'azienda",
    fonte: 'Dichiarazione del legale rappresentante, prot. 1234',
    dal: '2020-01-01',
  });
  expect(c5.status).toBe(201);
  await conferma(`/api/v1/conflitti-interesse/${c5.json.id}/decisione`);

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
let p1: Json;
// Each test finds published periods in force (they last 20 s): as the schedule would keep them, every few minutes.
beforeEach(() => tick());

describe('inspections: impartial, verifiable assignment', () => {
  it('draws among the eligible with the period in force, redraws after an abstention, refuses a repeated attempt, runs the inspection to closure', async () => {
    mainId = await newRequest();
    const first = await assignedTo(mainId, 1);
    const [d1] = await draws(mainId);
    expect(d1.trascrizione.candidati.map((c: { ispettoreId: string }) => c.ispettoreId)).toEqual([i(1), i(2)]);
    const reasons = Object.fromEntries(
      d1.trascrizione.esclusi.map((e: { ispettoreId: string; motivi: { regola: string }[] }) => [e.ispettoreId, e.motivi.map((m) => m.regola)]),
    );
    expect(reasons).toEqual({ [i(3)]: ['territorio'], [i(4)]: ['qualifica'], [i(5)]: ['conflitto'] });
    // The conflict is named by its declaration, not by its (personal) reason.
    const conflitto = d1.trascrizione.esclusi.find((e: Json) => e.ispettoreId === i(5)).motivi[0];
    expect(conflitto).toMatchObject({
      riferimento: expect.stringMatching(/^conflitto-interesse:[0-9a-f-]{36}$/),
      dettaglio: expect.stringContaining('dichiarato da dir.rossi'),
    });
    expect(JSON.stringify(d1.trascrizione)).not.toContain('Coniuge');
    expect(d1.trascrizione.estrazione.scelto).toBe(first);
    // Drawn in the period in force, whose commitment was published before it began; the seed took a beacon round
    // published after the request was registered.
    p1 = d1.periodo;
    expect(Date.parse(p1.inizio)).toBeLessThanOrEqual(Date.parse(d1.registratoIl));
    expect(Date.parse(d1.registratoIl)).toBeLessThan(Date.parse(p1.fine));
    expect(p1).toMatchObject({ segreto: null, rivelatoIl: null });
    expect({ catena: d1.catena, n: d1.n, tipo: d1.tipo }).toEqual({ catena: ISP, n: 1, tipo: 'sorteggio' });
    const registered = Date.parse((await richiesta(mainId)).registrataIl) / 1000;
    expect(BEACON_GENESIS + (d1.trascrizione.beacon.round - 1)).toBeGreaterThan(registered);

    // Only the assigned inspector sees the case and answers; an abstention needs a reason and triggers attempt 2.
    const other = first === i(1) ? i(2) : i(1);
    expect((await stack.call('GET', `/api/v1/richieste-intervento/${mainId}`, await tok(other))).status).toBe(404);
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/accettazione`, await tok(other), {})).status).toBe(404);
    expect((await richiesta(mainId, await tok(first))).descrizione).toMatch(/Esposto anonimo/);
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/astensione`, await tok(first), { motivo: 'breve' })).status).toBe(422);
    const abst = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/astensione`, await tok(first), {
      motivo: 'Parente entro il secondo grado del titolare',
    });
    expect(abst.status).toBe(200);
    expect(await assignedTo(mainId, 2)).toBe(other);
    const d2 = (await draws(mainId))[1];
    expect(d2.trascrizione.candidati.map((c: { ispettoreId: string }) => c.ispettoreId)).toEqual([other]);
    expect(d2.trascrizione.esclusi.find((e: { ispettoreId: string }) => e.ispettoreId === first).motivi.map((m: { regola: string }) => m.regola)).toEqual([
      'astensione',
    ]);
    expect(d2.prevHash).toBe(d1.hash);
    // The redraw's beacon round came after the abstention, not after the registration.
    const astenutaIl = Date.parse((await richiesta(mainId)).procedura.astensioni[0].il) / 1000;
    expect(BEACON_GENESIS + (d2.trascrizione.beacon.round - 1)).toBeGreaterThan(astenutaIl);

    // Nobody can ask to draw an attempt again until a wished outcome comes up.
    const again = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/sorteggi`, dirigente, { tentativo: 2 });
    expect(again.status).toBe(409);
    expect(rules(again)).toContain('tentativo-gia-sorteggiato');
    expect(await draws(mainId)).toHaveLength(2);

    // Every term is shown with its dates; accepted, the first-access term (2 "days" = 2 s) runs out, then escalation.
    const termini = Object.fromEntries(((await richiesta(mainId)).scadenze as Json[]).map((t) => [t.termine, t]));
    expect(Object.keys(termini)).toEqual(['accettazione', 'primo-accesso', 'diffida', 'verbale-unico']);
    expect(termini.accettazione).toMatchObject({ giorni: 60, tipoGiorni: 'lavorativi', stato: 'in-corso', scadeIl: expect.any(String) });
    expect(termini['primo-accesso']).toMatchObject({ stato: 'non-iniziato', scadeIl: null });
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/accettazione`, await tok(other), {})).status).toBe(200);
    const accettata = Object.fromEntries(((await richiesta(mainId)).scadenze as Json[]).map((t) => [t.termine, t]));
    expect(accettata.accettazione.stato).toBe('rispettato');
    expect(accettata['primo-accesso']).toMatchObject({ giorni: 2, stato: 'in-corso' });
    const notices = await waitFor('first-access overdue and escalation', async () => {
      const [dir, insp] = await Promise.all([
        stack.call('GET', `/api/v1/notifiche?entita=${mainId}`, dirigente),
        stack.call('GET', `/api/v1/notifiche?entita=${mainId}`, await tok(other)),
      ]);
      const tipi = [...dir.json, ...insp.json].map((n: { tipo: string; dati: { termine?: string } | null }) => `${n.tipo}:${n.dati?.termine ?? ''}`);
      return tipi.includes('scaduta:primo-accesso') && tipi.includes('escalation:primo-accesso') ? tipi : undefined;
    });
    expect(notices).toEqual(expect.arrayContaining(['scaduta:primo-accesso', 'escalation:primo-accesso']));

    // The inspection itself: first access with its verbale, end of checks, verbale unico, outcome.
    const today = dataItaliana(new Date()); // the service reckons days in Italy
    const verbale = await uploadPdf(mainId, 'verbale-primo-accesso', await tok(other));
    expect(
      (
        await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/primo-accesso`, await tok(other), {
          data: today,
          verbale: { ...verbale, sha256: '0'.repeat(64) },
        })
      ).status,
    ).toBe(422);
    const accesso = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/primo-accesso`, await tok(other), { data: today, verbale });
    expect(accesso.json.stato).toBe('in-corso');
    expect(accesso.json.scadenze.find((t: Json) => t.termine === 'primo-accesso').stato).toBe('adempiuto-in-ritardo');
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/fine-accertamenti`, await tok(other), { data: today })).json.stato).toBe(
      'accertamenti-conclusi',
    );
    const unico = await uploadPdf(mainId, 'verbale-unico', await tok(other));
    const closed = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/chiusura`, await tok(other), {
      esito: 'irregolarita-sanate',
      verbaleUnico: unico,
    });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ stato: 'chiusa', procedura: { chiusura: { esito: 'irregolarita-sanate' } } });
    const ancora = await waitFor('the ended procedure', async () => {
      const r = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/fine-accertamenti`, await tok(other), { data: today });
      return r.json?.errors?.[0]?.rule === 'procedura-conclusa' ? r : undefined;
    });
    expect({ status: ancora.status, found: ancora.json.errors[0].found }).toEqual({ status: 409, found: 'chiusa' });
    const trail = (await stack.call('GET', `/api/v1/audit?entity=richiesta-intervento:${mainId}`, dirigente)).json as Array<{ azione: string }>;
    expect(trail.map((r) => r.azione)).toEqual(
      expect.arrayContaining(['registrata', 'sorteggio', 'assegnata', 'astensione', 'accettazione', 'primoAccesso', 'fineAccertamenti', 'chiusura']),
    );
  });

  it('shows the policy the service applies, and absence reasons only to a dirigente', async () => {
    const p = await stack.call('GET', `/api/v1/ispettorati/${ISP}/politica`, await tok(i(1)));
    expect(p.status).toBe(200);
    expect(p.json.politica).toMatchObject({
      termini: { accettazioneGiorniLavorativi: 60, termineDiffidaGiorni: 30, unitaMs: 1000 },
      rotazione: { finestraMesi: 12, contaChiuse: true, derogaSeNessunIdoneo: true },
      periodi: { durata: 'PT20S', anticipoMs: 40_000 },
      monitoraggio: { soglia: 0.01, finestraGiorni: 90 },
    });
    const today = dataItaliana(new Date()); // the service reckons days in Italy
    const a4 = await stack.call('POST', `/api/v1/ispettori/${i(4)}/assenze`, dirigente, { dal: today, al: today, motivo: 'malattia - ricovero' });
    expect(a4.status).toBe(201);
    await conferma(`/api/v1/ispettori/${i(4)}/assenze/${a4.json.id}/decisione`);
    const perIspettore = (await stack.call('GET', `/api/v1/ispettorati/${ISP}/ispettori`, await tok(i(1)))).json as Json[];
    expect(perIspettore.find((x) => x.id === i(4))?.assenze).toEqual([{ dal: today, al: today }]);
    const perDirigente = (await stack.call('GET', `/api/v1/ispettorati/${ISP}/ispettori`, dirigente)).json as Json[];
    expect(perDirigente.find((x) => x.id === i(4))?.assenze).toEqual([
      { id: a4.json.id, dal: today, al: today, motivo: 'malattia - ricovero', inseritaDa: 'dir.rossi', confermataDa: 'dir.bianchi' },
    ]);
    expect((await stack.call('GET', `/api/v1/ispettorati/${ISP}/politica`, dirigenteB)).status).toBe(404);
  });

  it('lets an inspector declare a conflict only for themselves, a dirigente for anyone with a source; listed, revoked, named in the draw it affected', async () => {
    const azienda = await newCompany(11);
    const perAltri = await stack.call('POST', '/api/v1/conflitti-interesse', await tok(i(1)), {
      ispettoreId: i(2),
      aziendaId: azienda,
      motivo: 'Collega in conflitto',
      dal: '2026-01-01',
    });
    expect(perAltri.status).toBe(403);
    expect(rules(perAltri)).toEqual(['dichiarazione-per-altri']);
    const proprio = await stack.call('POST', '/api/v1/conflitti-interesse', await tok(i(1)), {
      ispettoreId: i(1),
      aziendaId: azienda,
      motivo: 'Ex dipendente fino al 2024',
      dal: '2026-01-01',
    });
    expect(proprio.status).toBe(201);
    expect(proprio.json).toMatchObject({ dichiaratoDa: i(1), dichiaratoRuolo: 'ispettore', fonte: null, revocatoIl: null });
    const senzaFonte = await stack.call('POST', '/api/v1/conflitti-interesse', dirigente, {
      ispettoreId: i(2),
      aziendaId: azienda,
      motivo: 'Fratello socio',
      dal: '2026-01-01',
    });
    expect(senzaFonte.status).toBe(422);
    expect(rules(senzaFonte)).toEqual(['fonte-obbligatoria']);
    const delDirigente = await stack.call('POST', '/api/v1/conflitti-interesse', dirigente, {
      ispettoreId: i(2),
      aziendaId: azienda,
      motivo: 'Fratello socio',
      fonte: 'Visura camerale del 3/11/2026',
      dal: '2026-01-01',
    });
    expect(delDirigente.status).toBe(201);
    expect(delDirigente.json).toMatchObject({
      dichiaratoDa: 'dir.rossi',
      dichiaratoRuolo: 'dirigente',
      fonte: 'Visura camerale del 3/11/2026',
      stato: 'da-confermare',
    });
    // A dirigente's declaration for someone else counts only once a second dirigente confirms it; never its author.
    const autoConferma = await stack.call('POST', `/api/v1/conflitti-interesse/${delDirigente.json.id}/decisione`, dirigente, { esito: 'confermata' });
    expect(autoConferma.status).toBe(403);
    expect(rules(autoConferma)).toEqual(['separazione-compiti']);
    expect(await conferma(`/api/v1/conflitti-interesse/${delDirigente.json.id}/decisione`)).toMatchObject({ stato: 'in-vigore', confermatoDa: 'dir.bianchi' });

    // Listed: the dirigente sees the office's declarations, an inspector only their own.
    const lista = (await stack.call('GET', `/api/v1/conflitti-interesse?azienda=${azienda}`, dirigente)).json as Json[];
    expect(lista.map((c) => `${c.ispettoreId}:${c.dichiaratoDa}`).sort()).toEqual([`${i(1)}:${i(1)}`, `${i(2)}:dir.rossi`]);
    expect(((await stack.call('GET', `/api/v1/conflitti-interesse?azienda=${azienda}`, await tok(i(1)))).json as Json[]).map((c) => c.ispettoreId)).toEqual([
      i(1),
    ]);
    expect((await stack.call('GET', `/api/v1/conflitti-interesse?ispettore=${i(2)}`, await tok(i(1)))).json).toEqual([]);

    // With i5's declared too (i3 and i4 are out for territory and qualification), nobody is left: the request waits,
    // and the queue shows each inspector's reasons, every conflict naming its declaration.
    const delQuinto = await stack.call('POST', '/api/v1/conflitti-interesse', dirigente, {
      ispettoreId: i(5),
      aziendaId: azienda,
      motivo: 'Cugino del titolare',
      fonte: 'Segnalazione prot. 77/2026',
      dal: '2026-01-01',
    });
    expect(delQuinto.status).toBe(201);
    await conferma(`/api/v1/conflitti-interesse/${delQuinto.json.id}/decisione`);
    const r1 = await newRequest({ azienda });
    const coda = await waitFor('the request to wait for an eligible inspector', async () => {
      const q = (await stack.call('GET', `/api/v1/ispettorati/${ISP}/coda`, dirigente)).json as Json[];
      const x = q.find((y) => y.id === r1);
      return x?.attesa.motivo === 'nessun-idoneo' ? x : undefined;
    });
    const esclusi = Object.fromEntries((coda.attesa.esclusi as Json[]).map((e) => [e.ispettoreId, e.motivi as Json[]]));
    expect(Object.keys(esclusi).sort()).toEqual([i(1), i(2), i(3), i(4), i(5)]);
    expect(esclusi[i(1)]).toEqual([expect.objectContaining({ regola: 'conflitto', riferimento: `conflitto-interesse:${proprio.json.id}` })]);
    expect(esclusi[i(2)]).toEqual([expect.objectContaining({ regola: 'conflitto', riferimento: `conflitto-interesse:${delDirigente.json.id}` })]);
    expect(esclusi[i(3)].map((m: Json) => m.regola)).toEqual(['territorio']);

    // The inspector concerned cannot revoke what a dirigente declared; the dirigente revokes with a reason.
    const daIspettore = await stack.call('POST', `/api/v1/conflitti-interesse/${delDirigente.json.id}/revoca`, await tok(i(2)), {
      motivo: 'Non più socio da ottobre 2026',
    });
    expect(daIspettore.status).toBe(403);
    expect(rules(daIspettore)).toEqual(['revoca-non-ammessa']);
    expect(
      (await stack.call('POST', `/api/v1/conflitti-interesse/${delDirigente.json.id}/revoca`, await tok(i(1)), { motivo: 'Non più socio da ottobre 2026' }))
        .status,
    ).toBe(404);
    const revoca = await stack.call('POST', `/api/v1/conflitti-interesse/${delDirigente.json.id}/revoca`, altroDirigente, {
      motivo: 'Non più socio da ottobre 2026',
    });
    expect(revoca.status).toBe(200);
    expect(revoca.json).toMatchObject({ revocatoDa: 'dir.bianchi', motivoRevoca: 'Non più socio da ottobre 2026', revocatoIl: expect.any(String) });
    expect(
      (await stack.call('POST', `/api/v1/conflitti-interesse/${delDirigente.json.id}/revoca`, altroDirigente, { motivo: 'Non più socio da ottobre 2026' }))
        .status,
    ).toBe(409);
    // The revocation wakes the waiting request: drawn with no manual step, to the one inspector it freed; the others'
    // exclusions still name their declarations.
    expect(await assignedTo(r1, 1)).toBe(i(2));
    const [d] = await draws(r1);
    expect(d.trascrizione.esclusi.find((e: Json) => e.ispettoreId === i(1)).motivi[0].riferimento).toBe(`conflitto-interesse:${proprio.json.id}`);
    expect(d.trascrizione.esclusi.find((e: Json) => e.ispettoreId === i(5)).motivi[0].riferimento).toBe(`conflitto-interesse:${delQuinto.json.id}`);
    expect(d.trascrizione.esclusi.some((e: Json) => e.ispettoreId === i(2))).toBe(false);
  });

  it('reassigns by hand only to an inspector eligible as for a draw, checked when proposed and approved; the override is transcribed in the chain', async () => {
    const id = await newRequest({ priorita: 'media' });
    const drawn = await assignedTo(id, 1);
    const propose = (ispettoreId: string, extra: Json = {}) =>
      stack.call('POST', `/api/v1/richieste-intervento/${id}/riassegnazione`, dirigente, {
        ispettoreId,
        motivo: 'Competenza specifica sul settore edile',
        ...extra,
      });
    const today = dataItaliana(new Date()); // the service reckons days in Italy
    // Another inspectorate's inspector, one outside territory and qualification, one in declared conflict, one on
    // leave, and an id nobody has: each a 422 naming every rule, and the case is unchanged.
    expect(rules(await propose(`b1-${ISP_B}`))).toEqual(['ispettorato-diverso']);
    expect(rules(await propose(i(3)))).toEqual(['territorio']);
    expect(rules(await propose(i(4)))).toEqual(['qualifica', 'assenza']);
    expect(rules(await propose(i(5)))).toEqual(['conflitto']);
    const unknown = await propose('nessuno.tale');
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([expect.objectContaining({ field: 'ispettoreId', rule: 'ispettore-sconosciuto' })]);
    const target = drawn === i(1) ? i(2) : i(1);
    const ferie = await stack.call('POST', `/api/v1/ispettori/${target}/assenze`, dirigente, { dal: today, al: today, motivo: 'ferie' });
    expect(ferie.status).toBe(201);
    await conferma(`/api/v1/ispettori/${target}/assenze/${ferie.json.id}/decisione`);
    const onLeave = await propose(target);
    expect(onLeave.status).toBe(422);
    expect(rules(onLeave)).toContain('assenza');
    expect((await richiesta(id)).procedura.riassegnazione).toBeUndefined();

    // An eligible inspector (a request about another company, so i5 is free): proposed, refused as self-approval,
    // approved by a second dirigente.
    const id2 = await newRequest({ priorita: 'media', azienda: await newCompany(22) });
    const drawn2 = await assignedTo(id2, 1);
    const valid = [i(1), i(2), i(5)].find((x) => x !== drawn2 && x !== target)!;
    const proposal = await stack.call('POST', `/api/v1/richieste-intervento/${id2}/riassegnazione`, dirigente, {
      ispettoreId: valid,
      motivo: 'Competenza specifica sul settore edile',
    });
    expect(proposal.status).toBe(200);
    const selfApproval = await stack.call('POST', `/api/v1/richieste-intervento/${id2}/riassegnazione/decisione`, dirigente, { esito: 'approvata' });
    expect(selfApproval.status).toBe(403);
    expect(rules(selfApproval)).toContain('separazione-compiti');
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${id2}/riassegnazione/decisione`, altroDirigente, { esito: 'approvata' })).status).toBe(200);
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
    const check = await stack.call('GET', `/api/v1/assegnazioni/${manualRow.id}/verifica`, responsabile);
    expect(check.json).toMatchObject({ tipo: 'manuale', verificabile: true, valido: true });
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
    const own = await stack.call('GET', `/api/v1/assegnazioni/verifica?ispettorato=${ISP_B}`, dirigenteB);
    expect(own.json).toMatchObject({ ispettorato: ISP_B, valido: true, trascrizioni: 2, problemi: [] });
    expect((await stack.call('GET', `/api/v1/assegnazioni/verifica?ispettorato=${ISP_B}`, dirigente)).status).toBe(404);
    expect((await stack.call('GET', `/api/v1/assegnazioni/verifica`, responsabile)).json).toMatchObject({ ispettorato: ISP, valido: true });
  });

  it('draws a request registered before any period existed once one is published, with no manual step; and one nobody could take once the registry changes', async () => {
    expect(
      (
        await stack.call('POST', '/api/v1/ispettorati', admin, {
          codice: ISP_C,
          nome: 'Ispettorato senza periodi',
          territori: ['PA'],
          politica: { periodoSorteggio: 'PT15S', anticipoPubblicazione: 'PT1S' },
        })
      ).status,
    ).toBe(201);
    const dirC = await stack.idp.token('dir.c', ['dirigente'], ISP_C);
    const opC = await stack.idp.token('op.c', ['operatore'], ISP_C);
    expect(
      (
        await stack.call('POST', `/api/v1/ispettorati/${ISP_C}/ispettori`, dirC, {
          nome: 'Ispettore C1',
          id: `c1-${ISP_C}`,
          territori: ['PA'],
          qualifiche: ['lavoro-nero'],
        })
      ).status,
    ).toBe(201);
    const id = await newRequest({ token: opC });
    const nessuno = await newRequest({ token: opC, tipoPratica: 'previdenza' });
    const waiting = await waitFor('the reasons in the queue', async () => {
      const q = (await stack.call('GET', `/api/v1/ispettorati/${ISP_C}/coda`, dirC)).json as Json[];
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
    expect(Date.parse(d.periodo.pubblicatoIl)).toBeGreaterThan(Date.parse((await richiesta(id, dirC)).registrataIl));
    expect((await richiesta(id, dirC)).attesa).toBeNull();

    // A qualified inspector joins: the waiting request is woken and drawn, no manual step.
    expect(
      (
        await stack.call('POST', `/api/v1/ispettorati/${ISP_C}/ispettori`, dirC, {
          nome: 'Ispettore C2',
          id: `c2-${ISP_C}`,
          territori: ['PA'],
          qualifiche: ['previdenza'],
        })
      ).status,
    ).toBe(201);
    expect(await assignedTo(nessuno, 1, dirC)).toBe(`c2-${ISP_C}`);
    expect(((await stack.call('GET', `/api/v1/ispettorati/${ISP_C}/coda`, dirC)).json as Json[]).map((x) => x.id)).toEqual([]);
  });

  it("after a period's reveal, a redraw uses the next period, never the revealed secret; the head is published; a forged transcript is INVALID", async () => {
    const id = await newRequest({ azienda: await newCompany(31) });
    const first = await assignedTo(id, 1);
    const [d1] = await draws(id);
    // Wait for the draw's period to end, then the schedule reveals it with the chain head at that moment.
    await waitFor('the period to end', async () => (Date.now() > Date.parse(d1.periodo.fine) + 100 ? true : undefined), PERIODO_MS + 10_000);
    await tick();
    const revealed = await waitFor(
      'the reveal',
      async () => (await periodi()).find((p) => p.periodo === d1.periodo.periodo && p.rivelatoIl) as Json | undefined,
    );
    expect(revealed.segreto).toMatch(/^[0-9a-f]{64}$/);
    const chain = await sql<{ n: number; hash: string }>('SELECT n, hash FROM sorteggi WHERE catena = $1 AND registrato_il < $2 ORDER BY n DESC LIMIT 1', [
      ISP,
      revealed.rivelatoIl,
    ]);
    expect(revealed.testaCatena).toEqual({ n: Number(chain[0].n), hash: chain[0].hash });
    expect((await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio/${revealed.periodo}/rivelazione`, dirigente, {})).json.testaCatena).toEqual(
      revealed.testaCatena,
    );

    // A dirigente who knows the revealed secret can compute what attempt 2 would draw in the old period: useless,
    // because the redraw uses the period in force now.
    const predicted = bytesToHex(seme({ segreto: revealed.segreto, richiestaId: id, tentativo: 2, beacon: null }));
    expect(
      (await stack.call('POST', `/api/v1/richieste-intervento/${id}/astensione`, await tok(first), { motivo: 'Parente entro il secondo grado del titolare' }))
        .status,
    ).toBe(200);
    await assignedTo(id, 2);
    const d2 = (await draws(id))[1];
    expect(d2.trascrizione.periodo).not.toBe(revealed.periodo);
    expect(d2.periodo.rivelatoIl).toBeNull();
    expect(d2.trascrizione.estrazione.seme).not.toBe(predicted);

    // Verified with the revealed secret: valid, by the API and by the CLI from the API's own answer.
    const ok = await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, responsabile);
    expect(ok.json).toMatchObject({ verificabile: true, valido: true, motivi: [] });
    const cliOk = await verifyDrawCli((await stack.call('GET', `/api/v1/assegnazioni/${d1.id}`, dirigente)).json);
    expect(cliOk).toMatchObject({ code: 0, out: expect.stringMatching(/^VALIDO/m) });

    // Forged with the revealed secret after the reveal and appended to the chain as its owner could: INVALID by the
    // API, by the CLI, and in the chain walk; backdated into the period it is still caught (after the published head).
    for (const registratoIl of [new Date().toISOString(), new Date(Date.parse(revealed.fine) - 5000).toISOString()]) {
      const forged = sorteggia({
        segreto: revealed.segreto,
        impegnoSegreto: revealed.impegno,
        ispettorato: ISP,
        periodo: revealed.periodo,
        richiestaId: id,
        tentativo: 99,
        beacon: null,
        candidati: d1.trascrizione.candidati.map((c: Json) => ({ ispettoreId: c.ispettoreId, caricoAperto: c.caricoAperto })),
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
      const bad = await stack.call('GET', `/api/v1/assegnazioni/${row.id}/verifica`, dirigente);
      expect(bad.json).toMatchObject({ verificabile: true, valido: false });
      expect(bad.json.motivi.join('\n')).toMatch(/dopo la testa pubblicata alla rivelazione/);
      const cli = await verifyDrawCli((await stack.call('GET', `/api/v1/assegnazioni/${row.id}`, dirigente)).json);
      expect(cli.code).toBe(1);
      expect(cli.out).toMatch(/^NON VALIDO/m);
      expect((await stack.call('GET', `/api/v1/assegnazioni/verifica`, dirigente)).json.valido).toBe(false);
      await sqlOwner('DELETE FROM sorteggi WHERE id = $1', [row.id]);
    }
    expect((await stack.call('GET', `/api/v1/assegnazioni/verifica`, dirigente)).json).toMatchObject({ valido: true, problemi: [] });

    // The head published at the reveal rewritten in its table (as whoever re-hashes the chain would): the audit trail
    // still holds the head recorded at the reveal.
    await sqlOwner('UPDATE periodi_sorteggio SET testa_hash = $3 WHERE ispettorato = $1 AND periodo = $2', [ISP, revealed.periodo, 'e'.repeat(64)]);
    const riscritta = (await stack.call('GET', `/api/v1/assegnazioni/verifica`, dirigente)).json;
    expect(riscritta.valido).toBe(false);
    expect(riscritta.problemi.map((p: Json) => p.motivo)).toContain(
      `la testa della catena del periodo ${revealed.periodo} non è quella registrata alla rivelazione`,
    );
    await sqlOwner('UPDATE periodi_sorteggio SET testa_hash = $3 WHERE ispettorato = $1 AND periodo = $2', [ISP, revealed.periodo, revealed.testaCatena.hash]);
    // The newest transcript deleted, after the last reveal (no published head covers it): the audit trail and the
    // request's own attempts show it missing.
    const [ultimo] = await sql<Json>('SELECT * FROM sorteggi WHERE catena = $1 ORDER BY n DESC LIMIT 1', [ISP]);
    await sqlOwner('DELETE FROM sorteggi WHERE id = $1', [ultimo.id]);
    const troncata = (await stack.call('GET', `/api/v1/assegnazioni/verifica`, dirigente)).json;
    expect(troncata.valido).toBe(false);
    expect(troncata.problemi.map((p: Json) => p.motivo)).toEqual(
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
    expect((await stack.call('GET', `/api/v1/assegnazioni/verifica`, dirigente)).json).toMatchObject({ valido: true, problemi: [] });

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
      const bad = await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, dirigente);
      expect(bad.json.valido).toBe(false);
      expect(bad.json.catena.valido).toBe(false);
      await sqlOwner('UPDATE sorteggi SET trascrizione = $2::jsonb WHERE id = $1', [d1.id, original]);
    }
    expect((await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, dirigente)).json.valido).toBe(true);
  });

  it('publishes by hand only the next period, with the bounds and length of the policy; reveals only ended periods', async () => {
    const prima = await periodi();
    const last = prima[prima.length - 1];
    // Nobody chooses a period's bounds or label: asked for, they are refused as unknown fields.
    const scelto = await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio`, dirigente, {
      periodo: 'lungo',
      inizio: last.fine,
      fine: '2199-12-31T00:00:00Z',
    });
    expect(scelto.status).toBe(400);
    expect(scelto.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['fine', 'inizio', 'periodo']);
    const ok = await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio`, dirigente, {});
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ inizio: last.fine, creatoDa: 'dir.rossi', segreto: null });
    expect(Date.parse(ok.json.fine) - Date.parse(ok.json.inizio)).toBe(PERIODO_MS);
    expect(Date.parse(ok.json.pubblicatoIl)).toBeLessThan(Date.parse(ok.json.inizio));
    const early = await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio/${ok.json.periodo}/rivelazione`, dirigente, {});
    expect(early.status).toBe(409);
    expect(rules(early)).toEqual(['periodo-aperto']);
  });

  it('loads one ex-officio plan per inspectorate and year: its workflow is keyed by both, a second plan for the year is refused', async () => {
    const anno = new Date().getUTCFullYear() + 1;
    const piano = {
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
    const primo = await stack.call('POST', `/api/v1/ispettorati/${ISP}/piani-vigilanza`, dirigente, piano);
    expect(primo.status).toBe(201);
    expect(await sql('SELECT workflow_id FROM piani_vigilanza WHERE id = $1', [primo.json.id])).toEqual([{ workflow_id: `piano-vigilanza:${ISP}:${anno}` }]);
    expect((await temporal.client.workflow.getHandle(`piano-vigilanza:${ISP}:${anno}`).describe()).status.name).toBe('RUNNING');
    const secondo = await stack.call('POST', `/api/v1/ispettorati/${ISP}/piani-vigilanza`, dirigente, piano);
    expect(secondo.status).toBe(409);
    expect(rules(secondo)).toEqual(['piano-esistente']);
    expect(await sql('SELECT count(*)::int AS n FROM piani_vigilanza WHERE ispettorato = $1 AND anno = $2', [ISP, anno])).toEqual([{ n: 1 }]);
  });

  it('lets nobody alone narrow a draw: absences and conflicts entered for someone else count once a second dirigente confirms them', async () => {
    const today = dataItaliana(new Date());
    // The dirigente sends two of the three eligible inspectors on leave and registers a request himself: the
    // absences wait for a second dirigente, so the draw still has all three. They run to tomorrow: a transcript
    // names identical absences (same dates, same people) once, and an earlier test enters a one-day one for today.
    const azienda = await newCompany(51);
    const assenze = [];
    for (const x of [i(1), i(2)]) {
      const a = await stack.call('POST', `/api/v1/ispettori/${x}/assenze`, dirigente, { dal: today, al: addDays(today, 1), motivo: 'permesso' });
      expect(a.json).toMatchObject({ stato: 'da-confermare', inseritaDa: 'dir.rossi' });
      assenze.push(a.json);
    }
    const id = await newRequest({ token: dirigente, azienda });
    await assignedTo(id, 1);
    const [d] = await draws(id);
    // Neither unconfirmed absence excluded anyone (an earlier test may have sent one of them on a confirmed leave today).
    const riferimenti = d.trascrizione.esclusi.flatMap((e: Json) => e.motivi.map((m: Json) => m.riferimento));
    for (const a of assenze) expect(riferimenti).not.toContain(`assenza:${a.id}`);
    expect(d.trascrizione.candidati.length).toBeGreaterThanOrEqual(2);
    // Listed for confirmation; its author cannot confirm it; an inspector cannot enter one for a colleague, but their own
    // is in force at once.
    const pending = (await stack.call('GET', `/api/v1/ispettorati/${ISP}/assenze?stato=da-confermare`, altroDirigente)).json as Json[];
    expect(pending.map((a) => a.id)).toEqual(expect.arrayContaining(assenze.map((a) => a.id)));
    const auto = await stack.call('POST', `/api/v1/ispettori/${i(1)}/assenze/${assenze[0].id}/decisione`, dirigente, { esito: 'confermata' });
    expect(auto.status).toBe(403);
    expect(rules(auto)).toEqual(['separazione-compiti']);
    expect((await stack.call('POST', `/api/v1/ispettori/${i(2)}/assenze/${assenze[1].id}/decisione`, altroDirigente, { esito: 'respinta' })).json.stato).toBe(
      'respinta',
    );
    const collega = await stack.call('POST', `/api/v1/ispettori/${i(2)}/assenze`, await tok(i(1)), { dal: today, al: today, motivo: 'per lui' });
    expect(collega.status).toBe(403);
    expect(
      (await stack.call('POST', `/api/v1/ispettori/${i(1)}/assenze`, await tok(i(1)), { dal: today, al: today, motivo: 'visita medica' })).json,
    ).toMatchObject({ stato: 'in-vigore' });
    // Confirmed, the other absence counts in the next draw, and the transcript names it with who entered and confirmed it.
    await conferma(`/api/v1/ispettori/${i(1)}/assenze/${assenze[0].id}/decisione`);
    const id2 = await newRequest({ token: dirigente, azienda: await newCompany(52) });
    await assignedTo(id2, 1);
    const [d2] = await draws(id2);
    const motivi = d2.trascrizione.esclusi.find((e: Json) => e.ispettoreId === i(1)).motivi as Json[];
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
    const stats = await stack.call('GET', `/api/v1/assegnazioni/statistiche?periodo=${p1.periodo}`, dirigente);
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ ispettorato: ISP, periodo: p1.periodo, astensioni: expect.any(Number), riassegnazioniManuali: expect.any(Number) });
    const total = stats.json.perIspettore.reduce((s: number, r: { osservati: number }) => s + r.osservati, 0);
    expect(total).toBe(stats.json.estrazioni);
    const window = await stack.call('GET', '/api/v1/assegnazioni/statistiche', dirigente);
    expect(window.json.riassegnazioniManuali).toBe(1);
    expect(window.json.astensioni).toBe(2);
    expect(window.json.perIspettore.find((x: Json) => x.ispettoreId === i(1)).conflittiDichiarati).toBe(1);
    expect(window.json.estrazioniConUnSoloCandidato).toEqual(expect.any(Number));
    expect((await stack.call('GET', '/api/v1/assegnazioni/statistiche', operatore)).status).toBe(403);
  });

  it("tells the dirigente when a period's draws fail the impartiality test (an incoherent draw recorded in it)", async () => {
    const id = await newRequest({ token: operatoreB, azienda: await newCompany(41) });
    const who = await assignedTo(id, 1, dirigenteB);
    const [d] = await draws(id, dirigenteB);
    // The recorded assignment names someone who was not a candidate: a draw the weights cannot have produced.
    await sqlOwner('UPDATE sorteggi SET ispettore_id = $2 WHERE id = $1', [d.id, 'estraneo']);
    await waitFor('the period to end', async () => (Date.now() > Date.parse(d.periodo.fine) + 100 ? true : undefined), PERIODO_MS + 10_000);
    await tick();
    const notice = await waitFor('the alarm', async () => {
      const n = (await stack.call('GET', `/api/v1/notifiche?procedura=ispezioni`, dirigenteB)).json as Json[];
      return n.find((x) => x.tipo === 'allarme-imparzialita' && x.entitaId === `${ISP_B}:${d.periodo.periodo}`);
    });
    expect(notice.dati).toMatchObject({ incoerenti: 1, allarme: true });
    await sqlOwner('UPDATE sorteggi SET ispettore_id = $2 WHERE id = $1', [d.id, who]);
  });

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
      const problem = (await res.json()) as Json;
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
    const azienda = (await stack.call('POST', '/api/v1/aziende', dirigente, { codiceFiscale: cf, ragioneSociale: 'Paginata S.r.l.', territorio: 'PA' })).json
      .id as string;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await newRequest({ azienda }));
    expect(await tutteLePagine(stack, `/api/v1/richieste-intervento?azienda=${cf}&limite=2`, dirigente)).toEqual({ ids: [...ids].reverse(), pagine: 2 });
    expect((await tutteLePagine(stack, `/api/v1/richieste-intervento?azienda=${cf}&stato=chiusa`, dirigente)).ids).toEqual([]);
  });
});
