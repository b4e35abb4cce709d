import type { Schemi } from '@app/client';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { mesiDelPeriodo } from '../../libs/domain/src/tirocini/durata';
import { fineDopoMesi } from '../../libs/domain/src/tirocini/controlli';
import type { TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { tirocinioWorkflowId, type TirocinioWorkflowInput } from '../../workflows/tirocini/tirocinio.types';
import { config, sql } from '../support/services';
import { Client as Pg } from 'pg';
import { dati, Stack } from '../support/stack';
import { Parti, parti, progetto, tirocinante } from '../support/tirocini';
import { waitFor } from '../support/wait';
import { attributiDiRicerca } from '../support/ricerca';

jest.setTimeout(240_000);

/** One day of the procedure's clock lasts this long here: the next month begins within seconds. */
const GIORNO_MS = 200;
const stack = new Stack();
const CPI = `CPI-MIG-${Date.now().toString(36)}`;
const ALTRO_CPI = `CPI-MIG2-${Date.now().toString(36)}`;
let operatore: string;
let altroOperatore: string;
let responsabile: string;
let p: Parti;
let connection: Connection;
let temporal: Client;

const registro = () => ({ stack, cpi: CPI, operatore });
const migra = (token: string, tirocini: Schemi['TirocinioMigratoDto'][]) => stack.client(token).POST('/api/v1/tirocini/migrazione', { body: { tirocini } });

/**
 * Traineeships under way for about 20 (logical) days, each month before the current one in the register. Submitted and
 * approved "a few seconds ago" in real time, which on this clock is days ago: the clock's origin is the submission.
 */
async function voci(
  n: number,
  prefisso: string,
  over: Partial<Schemi['TirocinioMigratoDto']> = {},
  parti = p,
  durata = { giorniFa: 20, mesi: 3 },
): Promise<Schemi['TirocinioMigratoDto'][]> {
  const t0 = new Date(Date.now() - 3_000).toISOString();
  const oggi = t0.slice(0, 10);
  const dataInizio = addDays(oggi, -durata.giorniFa);
  const corrente = oggi.slice(0, 7);
  return Promise.all(
    Array.from({ length: n }, async (_, i) => ({
      codiceOrigine: `${prefisso}/${i}`,
      progetto: progetto(parti, await tirocinante(registro()), dataInizio, { dataFine: fineDopoMesi(dataInizio, durata.mesi) }),
      inviataIl: t0,
      inviataDa: 'sil.operatore',
      approvataIl: t0,
      approvataDa: 'sil.responsabile',
      comunicazione: { codice: `UNILAV-${prefisso}-${i}`, data: addDays(dataInizio, -3) },
      presenze: mesiDelPeriodo(dataInizio, oggi)
        .filter((m) => m < corrente)
        .map((mese) => ({ mese, ore: 20 })),
      ...over,
    })),
  );
}

/**
 * An imported run as Temporal recorded it: what it was started with, when, by how long its first task was deferred
 * (the start delay), and when each of its workflow tasks was scheduled.
 */
async function corsa(id: string) {
  const storia = (await temporal.workflow.getHandle(tirocinioWorkflowId(id)).fetchHistory()).events ?? [];
  const avvio = storia[0].workflowExecutionStartedEventAttributes!;
  return {
    storia,
    tipo: avvio.workflowType?.name,
    input: defaultPayloadConverter.fromPayload<TirocinioWorkflowInput>(avvio.input!.payloads![0] as Payload),
    il: tsToMs(storia[0].eventTime),
    rinvioMs: avvio.firstWorkflowTaskBackoff ? tsToMs(avvio.firstWorkflowTaskBackoff) : 0,
    compiti: storia.filter((ev) => ev.workflowTaskScheduledEventAttributes).map((ev) => tsToMs(ev.eventTime)),
  };
}

const contaMigrati = async () => Number((await sql(`SELECT count(*) AS n FROM tirocini WHERE ufficio = $1 AND codice_origine IS NOT NULL`, [CPI]))[0].n);
const righeAudit = async () => Number((await sql(`SELECT count(*) AS n FROM audit_log WHERE azione = 'migrazione' AND ufficio = $1`, [CPI]))[0].n);

beforeAll(async () => {
  await stack.start({ env: { TIROCINI_UNITA_GIORNO: `PT${GIORNO_MS / 1000}S` } });
  operatore = await stack.idp.token('op.migra', ['operatore'], CPI);
  altroOperatore = await stack.idp.token('op.altro', ['operatore'], ALTRO_CPI);
  responsabile = await stack.idp.token('resp.migra', ['responsabile'], CPI);
  p = await parti(registro());
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  temporal = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
});

afterAll(async () => {
  await connection?.close();
  await stack.stop();
});

describe('POST /tirocini/migrazione: an office brings in its open traineeships', () => {
  let importati: Schemi['EsitoTirocinioMigratoView'][];
  let batch: Schemi['TirocinioMigratoDto'][];

  it('imports a batch as active traineeships, each with its workflow, the old review and register, and one audit row', async () => {
    batch = await voci(3, 'SIL-A');
    const esito = dati(await migra(operatore, batch));
    expect(esito).toMatchObject({ importati: 3, giaImportati: 0 });
    importati = esito.esiti;
    expect(importati.map((e) => [e.codiceOrigine, e.esito])).toEqual(batch.map((b) => [b.codiceOrigine, 'importato']));
    for (const e of importati) {
      const t = dati(await stack.client(responsabile).GET('/api/v1/tirocini/{id}', { params: { path: { id: e.id } } }));
      expect(t.stato).toBe('attiva');
      const s = t.procedura as unknown as TirocinioState;
      expect(s.decisione).toMatchObject({ esito: 'approvata', decisaDa: 'sil.responsabile' });
      expect(s.comunicazione?.codice).toMatch(/^UNILAV-SIL-A-/);
      expect(t.timeline.map((x) => x.cosa)).toContain('migrazione');
      // The workflow holds it: started with the same state, running (its first task waits for the end: below).
      const c = await corsa(e.id);
      expect(c.input.state).toMatchObject({ stato: 'attiva', tirocinioId: e.id, comunicazione: { codice: s.comunicazione?.codice } });
      expect((await temporal.workflow.getHandle(tirocinioWorkflowId(e.id)).describe()).status.name).toBe('RUNNING');
    }
    expect(await contaMigrati()).toBe(3);
    expect(await righeAudit()).toBe(3);
    const verifica = dati(await stack.client(await stack.idp.token('adm.migra', ['amministratore'], CPI)).GET('/api/v1/audit/verifica'));
    expect(verifica.valid).toBe(true);
  });

  it('a retried batch changes nothing: same ids, no second row, no second audit row', async () => {
    const esito = dati(await migra(operatore, batch));
    expect(esito).toMatchObject({ importati: 0, giaImportati: 3 });
    expect(esito.esiti.map((e) => e.id)).toEqual(importati.map((e) => e.id));
    expect(esito.esiti.every((e) => e.esito === 'gia-importato')).toBe(true);
    expect(await contaMigrati()).toBe(3);
    expect(await righeAudit()).toBe(3);
  });

  it('refuses a batch whole, naming each item and rule: nothing of it is stored', async () => {
    const [buona, stessoAutore, nonIniziata] = await voci(3, 'SIL-B');
    stessoAutore.approvataDa = stessoAutore.inviataDa;
    nonIniziata.progetto = {
      ...nonIniziata.progetto,
      dataInizio: addDays(nonIniziata.inviataIl.slice(0, 10), 60),
      dataFine: addDays(nonIniziata.inviataIl.slice(0, 10), 150),
    };
    const doppia = { ...buona, comunicazione: { ...buona.comunicazione } };
    const res = await migra(operatore, [buona, stessoAutore, nonIniziata, doppia]);
    expect(res.response.status).toBe(422);
    const rotte = res.error!.errors!.map((v) => `${v.field} ${v.rule}`);
    expect(rotte).toEqual(
      expect.arrayContaining([
        'tirocini[1].approvataDa separazione-funzioni',
        'tirocini[2].progetto.dataInizio migrazione-non-in-corso',
        'tirocini[3].codiceOrigine codice-origine-duplicato',
      ]),
    );
    expect(rotte.some((r) => r.startsWith('tirocini[0]'))).toBe(false);
    expect(await contaMigrati()).toBe(3);
    expect(await righeAudit()).toBe(3);
  });

  it("another office's operatore cannot import onto this office's registry, and learns nothing of its records", async () => {
    const [v] = await voci(1, 'SIL-C');
    const res = await migra(altroOperatore, [v]);
    expect(res.response.status).toBe(422);
    expect(res.error!.errors!.map((x) => x.rule)).toContain('riferimento-non-valido');
    expect(Number((await sql(`SELECT count(*) AS n FROM tirocini WHERE codice_origine = 'SIL-C/0'`))[0].n)).toBe(0);
    // A responsabile does not import.
    const rsp = await stack.client(responsabile).POST('/api/v1/tirocini/migrazione', { body: { tirocini: [v] } });
    expect(rsp.response.status).toBe(403);
  });

  it('refuses bad input with a 400 naming the field, never a 5xx', async () => {
    const res = await stack.call('POST', '/api/v1/tirocini/migrazione', operatore, { tirocini: [{ codiceOrigine: 'a b', progetto: {}, inviataIl: 'ieri' }] });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/codiceOrigine/);
    const vuota = await stack.call('POST', '/api/v1/tirocini/migrazione', operatore, { tirocini: [] });
    expect(vuota.status).toBe(400);
  });

  it('each month of an imported traineeship begins with the register reminder to its host', async () => {
    const [v] = await voci(1, 'SIL-D');
    const [e] = dati(await migra(operatore, [v])).esiti;
    const corrente = v.inviataIl.slice(0, 7);
    const [avviso] = await waitFor(`register reminder for ${corrente}`, async () => {
      const rows = await sql(`SELECT titolo, destinatario_tipo AS tipo, destinatario FROM notifiche WHERE entita_id = $1 AND tipo = 'promemoria-presenze'`, [
        e.id,
      ]);
      return rows.length ? rows : undefined;
    });
    const mese = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'][
      Number(corrente.slice(5, 7)) - 1
    ];
    expect(avviso.titolo).toBe(`Registro presenze di ${mese} ${corrente.slice(0, 4)}`);
    // To the host's organisation, not to every host of the office.
    expect(avviso.destinatario).not.toBe('ospitante');
    // The months already in the register were not reminded (later months may follow while this runs: a month is 6 s).
    const mesi = (await sql(`SELECT dati FROM notifiche WHERE entita_id = $1 AND tipo = 'promemoria-presenze'`, [e.id])).map((r) =>
      (r.dati as { data: string }).data.slice(0, 7),
    );
    expect(mesi).toContain(corrente);
    expect(mesi.every((m: string) => m >= corrente)).toBe(true);
    // Sent by the office-wide job, recorded with the system as its author, once per month: the traineeship's run took
    // the patch that leaves reminders to the job, and sent none itself (no eseguiScadenzaTirocinio in its history).
    // (One statement: a later month's reminder may land meanwhile, with its audit row in the same transaction.)
    const registrati = await sql(
      `SELECT n.chiave, a.attore, a.ruoli, a.azione FROM notifiche n LEFT JOIN audit_log a ON a.idempotency_key = n.chiave
       WHERE n.entita_id = $1 AND n.tipo = 'promemoria-presenze'`,
      [e.id],
    );
    expect(registrati.length).toBeGreaterThanOrEqual(mesi.length);
    for (const r of registrati) {
      expect(r).toEqual({
        chiave: expect.stringMatching(`^tirocinio:${e.id}:promemoria-presenze:${e.id}:\\d{4}-\\d{2}$`),
        attore: 'sistema',
        ruoli: 'sistema',
        azione: 'promemoria-presenze',
      });
    }
    const { storia, tipo, input, il, rinvioMs, compiti } = await corsa(e.id);
    const marcatori = storia.flatMap((ev) => (ev.markerRecordedEventAttributes ? [ev.markerRecordedEventAttributes] : []));
    const testo = (m: (typeof marcatori)[number], campo: string) => Buffer.from(m.details?.[campo]?.payloads?.[0]?.data ?? []).toString('utf8');
    // Started as the API starts every tirocinio now: a type whose runs take every patch as applied (no marker), with
    // the search attributes on the start.
    expect(tipo).toBe('tirocinioV2Workflow');
    expect(marcatori.filter((m) => m.markerName === 'core_patch')).toEqual([]);
    // Its first deadline (the end) came with its start, and Temporal defers its first task to it: until the end the
    // run costs no task, no timer and no room in the worker's cache. The delay is from the import to that deadline.
    expect(input.prossima).toMatchObject({ evento: { type: 'conclusione' } });
    const fine = Date.parse(input.prossima!.at);
    expect(rinvioMs).toBeGreaterThan(10 * GIORNO_MS);
    expect(Math.abs(il + rinvioMs - fine)).toBeLessThan(5_000);
    // No task ran before it (nothing sent this one an Update), so it started no timer and asked nothing.
    expect(compiti.every((t) => t >= il + rinvioMs)).toBe(true);
    const attivita = marcatori.filter((m) => m.markerName === 'core_local_activity').map((m) => JSON.parse(testo(m, 'data')).activity_type);
    expect(attivita).not.toContain('eseguiScadenzaTirocinio');
    expect(attivita).not.toContain('prossimaScadenzaTirocinio');
    expect(await attributiDiRicerca(temporal.workflow.getHandle(tirocinioWorkflowId(e.id)))).toEqual({ procedura: 'tirocinio', ufficio: CPI, stato: 'attiva' });
    // The practice's row says when the job looks at it next: a month start still to come, or none after the last.
    const [riga] = await sql(`SELECT promemoria_presenze_il AS il, unita_giorno_ms AS unita FROM tirocini WHERE id = $1`, [e.id]);
    expect(Number(riga.unita)).toBe(GIORNO_MS);
    if (riga.il !== null) expect(new Date(riga.il as string).getTime()).toBeGreaterThan(Date.now() - 10 * GIORNO_MS);
  });

  it('a deferred run wakes by itself at its end and concludes the traineeship', async () => {
    // Begun 55 days ago for three months, submitted 3 s (15 days of this clock) ago: it ends 18-21 days of this clock
    // after that, 3.6-4.2 s after the submission, which leaves the registration and the import room to run first.
    const [v] = await voci(1, 'SIL-FINE', {}, p, { giorniFa: 55, mesi: 3 });
    const [e] = dati(await migra(operatore, [v])).esiti;
    const { il, rinvioMs } = await corsa(e.id);
    expect(rinvioMs).toBeGreaterThan(0);
    const stato = await waitFor('the traineeship concluded', async () => {
      const [r] = await sql(`SELECT stato FROM tirocini WHERE id = $1`, [e.id]);
      return r.stato === 'attiva' ? undefined : (r.stato as string);
    });
    expect(stato).toBe('conclusa');
    // By the deadline, not before: its first task was scheduled once the delay ran out.
    const { compiti } = await corsa(e.id);
    expect(compiti[0]).toBeGreaterThanOrEqual(il + rinvioMs);
    const t = dati(await stack.client(responsabile).GET('/api/v1/tirocini/{id}', { params: { path: { id: e.id } } }));
    expect(t.timeline.map((x) => x.cosa)).toEqual(expect.arrayContaining(['migrazione', 'conclusione']));
  });

  it("asks the host for a month's attendance once that month is over, and stops asking once it is recorded", async () => {
    // Six months long: its run's first task is deferred to its end, half a minute away on this clock.
    const [v] = await voci(1, 'SIL-F', {}, p, { giorniFa: 20, mesi: 6 });
    const [e] = dati(await migra(operatore, [v])).esiti;
    const corrente = v.inviataIl.slice(0, 7);
    // The import wrote from when the practice asks (the start of the month after the current one, on its clock).
    const dal = async () => (await sql(`SELECT presenze_dovute_il AS il FROM tirocini WHERE id = $1`, [e.id]))[0].il as Date | null;
    const primo = await dal();
    expect(primo).not.toBeNull();
    expect(primo!.getTime()).toBeGreaterThan(Date.parse(v.inviataIl));
    const presenze = async () =>
      dati(await stack.client(p.ospitante).GET('/api/v1/attivita', { params: { query: { procedura: 'tirocini', limite: 100 } } })).elementi.filter(
        (x) => x.id === e.id && x.azione.startsWith('Registrare le presenze'),
      );
    const [voce] = await waitFor(`the host asked for ${corrente}`, async () => {
      const xs = await presenze();
      return xs.length ? xs : undefined;
    });
    expect(voce.azione).toContain(corrente);
    expect(Date.parse(voce.dal)).toBe(primo!.getTime());
    // Recorded by the host: that month is no longer asked for, and the practice asks again only from a later month.
    const { il, rinvioMs } = await corsa(e.id);
    expect(Date.now()).toBeLessThan(il + rinvioMs);
    const r = await stack.client(p.ospitante).POST('/api/v1/tirocini/{id}/presenze', { params: { path: { id: e.id } }, body: { mese: corrente, ore: 20 } });
    expect(r.response.status).toBe(200);
    // The Update started the deferred run at once: its first task came long before the end it was deferred to.
    expect((await corsa(e.id)).compiti[0]).toBeLessThan(il + rinvioMs);
    const dopo = await waitFor('the saved state', async () => {
      const il = await dal();
      return il === null || il.getTime() > primo!.getTime() ? { il } : undefined;
    });
    expect(dopo.il === null || dopo.il.getTime() > primo!.getTime()).toBe(true);
    expect((await presenze()).some((x) => x.azione.includes(corrente))).toBe(false);
  });

  it("pages a host's attendance asked of it, in order, each once, counted whole on every page (its index, not every practice)", async () => {
    // A host of its own, whose only practices are these: each asks once its first month is over (within seconds).
    const q = await parti(registro(), 300);
    const batch = await voci(7, 'SIL-P', {}, q);
    const ids = dati(await migra(operatore, batch)).esiti.map((e) => e.id);
    const dovuti = async () =>
      (await sql(`SELECT id, presenze_dovute_il AS il FROM tirocini WHERE id = ANY($1) AND presenze_dovute_il <= now()`, [ids])) as Array<{
        id: string;
        il: Date;
      }>;
    await waitFor('every practice asking', async () => ((await dovuti()).length === ids.length ? true : undefined));
    // The order the list promises: by the instant each began to ask, then by id.
    const attesi = (await dovuti()).sort((a, b) => a.il.getTime() - b.il.getTime() || (a.id < b.id ? -1 : 1));
    for (const procedura of [undefined, 'tirocini'] as const) {
      const lette: Array<{ id: string; dal: string }> = [];
      let dopo: string | undefined;
      let pagine = 0;
      do {
        const r = await stack
          .client(q.ospitante)
          .GET('/api/v1/attivita', { params: { query: { limite: 3, ...(procedura ? { procedura } : {}), ...(dopo ? { dopo } : {}) } } });
        const pagina = dati(r);
        expect(pagina.conteggi.tirocini).toBe(ids.length);
        expect(pagina.elementi.every((x) => x.azione.startsWith('Registrare le presenze') && x.scadenza === null)).toBe(true);
        lette.push(...pagina.elementi.map((x) => ({ id: x.id, dal: x.dal })));
        dopo = pagina.successivo;
        pagine++;
      } while (dopo && pagine < 10);
      expect(lette.map((x) => x.id)).toEqual(attesi.map((x) => x.id));
      expect(lette.map((x) => Date.parse(x.dal))).toEqual(attesi.map((x) => x.il.getTime()));
      expect(pagine).toBe(3);
    }
    // A cursor made up to reach the database with what it refuses (an instant outside its range or no instant at all,
    // a NUL in the id): a 400 naming the cursor, never a 500.
    const cursore = (k: unknown[]) => Buffer.from(JSON.stringify(k)).toString('base64url');
    for (const k of [
      [null, Number.MAX_SAFE_INTEGER, 'tirocini', ids[0], 'presenze'],
      [null, -8_640_000_000_000_000, 'tirocini', ids[0], 'presenze'],
      [null, Date.now(), 'tirocini', `${ids[0]}\u0000`, 'presenze'],
      [null, Date.now(), 'pratiche', 'x', 'presenze\u0001'],
    ]) {
      const r = await stack.client(q.ospitante).GET('/api/v1/attivita', { params: { query: { dopo: cursore(k) } } });
      expect([k, r.response.status, r.response.headers.get('content-type')]).toEqual([k, 400, expect.stringContaining('application/problem+json')]);
    }
    // Another host of the same office, and this host in another office, see none of them.
    const estraneo = dati(await stack.client(p.ospitante).GET('/api/v1/attivita', { params: { query: { procedura: 'tirocini', limite: 100 } } }));
    expect(estraneo.elementi.filter((x) => ids.includes(x.id))).toEqual([]);
    const altrove = await stack.idp.token('osp.altrove', ['ospitante'], ALTRO_CPI, { soggetto: q.cfOspitante });
    expect(dati(await stack.client(altrove).GET('/api/v1/attivita', { params: { query: { limite: 100 } } })).conteggi.tirocini).toBe(0);
  });

  it('leaves a practice whose row another transaction holds to a later run, without waiting for it, and reminds it then', async () => {
    const batch = await voci(2, 'SIL-L');
    const [tenuto, libero] = dati(await migra(operatore, batch)).esiti.map((e) => e.id);
    const corrente = batch[0].inviataIl.slice(0, 7);
    const promemoria = async (id: string) =>
      (await sql(`SELECT dati->>'data' AS data FROM notifiche WHERE tipo = 'promemoria-presenze' AND entita_id = $1`, [id])).map((r) => String(r.data));
    // A long transaction (a save, an API step) holds one practice's row.
    const pg = new Pg({ connectionString: config.DATABASE_URL });
    await pg.connect();
    try {
      await pg.query('BEGIN');
      await pg.query('SELECT id FROM tirocini WHERE id = $1 FOR UPDATE', [tenuto]);
      // The other is reminded; a run of the job started now completes (it skips the held row, it does not wait).
      await waitFor('a reminder to the free practice', async () => ((await promemoria(libero)).some((d) => d.slice(0, 7) >= corrente) ? true : undefined));
      const run = await temporal.workflow.execute('promemoriaPresenzeWorkflow', {
        taskQueue: config.CODA_SISTEMA,
        workflowId: `promemoria-test-${CPI}-tenuto`,
        args: [],
        workflowExecutionTimeout: '30 seconds',
      });
      expect(run).toEqual(expect.objectContaining({ inviati: expect.any(Number) }));
      expect(await promemoria(tenuto)).toEqual([]);
    } finally {
      await pg.query('COMMIT').catch(() => undefined);
      await pg.end();
    }
    // Released: the next run reminds it (of the month that ended last: months go by in seconds on this clock).
    const dopo = await waitFor('the reminder to the released practice', async () => {
      const d = await promemoria(tenuto);
      return d.length ? d : undefined;
    });
    expect(dopo.every((d) => d.slice(0, 7) >= corrente)).toBe(true);
  });

  it('sends each reminder once however many runs of the job overlap, each with its audit row', async () => {
    const batch = await voci(5, 'SIL-E');
    const esiti = dati(await migra(operatore, batch)).esiti;
    const ids = esiti.map((e) => e.id);
    const corrente = batch[0].inviataIl.slice(0, 7);
    const coda = process.env.TEMPORAL_TASK_QUEUE ?? 'procedure';
    // Besides the Schedule's runs, four at once every half second until every reminder of this month is out.
    let fermo = false;
    const extra: Promise<unknown>[] = [];
    const raffiche = (async () => {
      for (let i = 0; !fermo && i < 120; i++) {
        for (let j = 0; j < 4; j++)
          extra.push(temporal.workflow.execute('promemoriaPresenzeWorkflow', { taskQueue: coda, workflowId: `promemoria-test-${CPI}-${i}-${j}`, args: [] }));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const inviati = async () =>
      sql(
        `SELECT entita_id AS id, dati->>'data' AS mese, count(*)::int AS n FROM notifiche WHERE tipo = 'promemoria-presenze' AND entita_id = ANY($1) GROUP BY 1, 2`,
        [ids],
      );
    await waitFor(`the reminders of ${corrente}`, async () => {
      const r = await inviati();
      return ids.every((id) => r.some((x) => x.id === id && String(x.mese).startsWith(corrente))) ? true : undefined;
    }).finally(() => {
      fermo = true;
    });
    await raffiche;
    const esiti2 = await Promise.allSettled(extra);
    expect(esiti2.filter((x) => x.status === 'rejected')).toEqual([]);
    const righe = await inviati();
    expect(righe.every((x) => x.n === 1)).toBe(true);
    const audit = await sql(
      `SELECT entita_id AS id, count(*)::int AS n FROM audit_log WHERE azione = 'promemoria-presenze' AND entita_id = ANY($1) GROUP BY 1`,
      [ids],
    );
    const notifichePer = (id: string) => righe.filter((x) => x.id === id).length;
    for (const id of ids) expect(audit.find((a) => a.id === id)?.n).toBe(notifichePer(id));
  });
});
