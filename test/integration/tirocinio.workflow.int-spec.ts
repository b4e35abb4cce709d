import { WorkflowUpdateFailedError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TirociniActivities } from '../../activities/tirocini.activities';
import type { Actor } from '../../libs/domain/src/auth/roles';
import { addDays, daysBetween } from '../../libs/domain/src/calendar/calendario';
import { aggiungiMesi } from '../../libs/domain/src/tirocini/durata';
import { italianHolidays } from '../../libs/domain/src/calendar/festivita';
import { regolePerVersione } from '../../libs/domain/src/tirocini/regole';
import { scadenzeTirocinio } from '../../libs/domain/src/tirocini/scadenze';
import type { TirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import { initialTirocinioState } from '../../libs/domain/src/tirocini/tirocinio.state';
import { decideTirocinio } from '../../libs/domain/src/tirocini/tirocinio.machine';
import { esitoPresenze } from '../../libs/domain/src/tirocini/tirocinio.views';
import {
  passiTirocinio,
  PATCH_PASSI_LOCALI,
  PATCH_PROMEMORIA_COLLETTIVI,
  PATCH_TETTO_PRESENZE,
  statoTirocinioQuery,
} from '../../workflows/tirocini/tirocinio.messages';
import type { EsitoChiusura, ScadenzaTirocinioInput, TirocinioWorkflowInput } from '../../workflows/tirocini/tirocinio.types';
import { tirocinioWorkflowId } from '../../workflows/tirocini/tirocinio.types';
import { PATCH_ATTRIBUTI_RICERCA } from '../../workflows/common/ricerca';
import { TIPO_WORKFLOW_TIROCINIO, avvioTirocinio } from '../../apps/api/src/tirocini/avvio-tirocinio';
import { attributiDiRicerca } from '../support/ricerca';
import { config } from '../support/services';

jest.setTimeout(90_000);
Runtime.install({ logger: new DefaultLogger('WARN') });

const UFFICIO = 'CPI-FI';
/** The submitter also holds the reviewer's role: only segregation of duties keeps them from deciding. */
const operatore: Actor = { sub: 'mario.rossi', roles: ['operatore', 'responsabile'], office: UFFICIO };
const responsabile: Actor = { sub: 'anna.bianchi', roles: ['responsabile'], office: UFFICIO };
const ospitante: Actor = { sub: 'ditta.srl', roles: ['ospitante'], office: UFFICIO };
const promotore: Actor = { sub: 'ente.formazione', roles: ['promotore'], office: UFFICIO };
const festivi = italianHolidays();

/**
 * A practice submitted now, as the API hands it to the workflow: the procedure's clock starts at `inviataIl`, so
 * with a shrunk day `dataInizio` = today + n begins n × unitaMs after this call.
 */
function submitted(giorniAllInizio: number, giorniDiDurata: number, unitaMs: number): TirocinioWorkflowInput {
  const now = new Date();
  const oggi = now.toISOString().slice(0, 10);
  const dataInizio = addDays(oggi, giorniAllInizio);
  const start = initialTirocinioState({
    tirocinioId: randomUUID(),
    ufficio: UFFICIO,
    regole: regolePerVersione('nazionale-2017.1'),
    creatoDa: operatore.sub,
    progetto: { dataInizio, dataFine: addDays(dataInizio, giorniDiDurata - 1), oreSettimanali: 20, svantaggiato: false },
  });
  const d = decideTirocinio(start, { type: 'invio', actor: operatore, versioneRegole: start.versioneRegole, violazioni: [] }, now);
  if (!d.ok) throw new Error(`invio refused: ${JSON.stringify(d.violations)}`);
  return { tirocinioId: start.tirocinioId, state: d.value.state, unitaMs };
}

/**
 * Typed fake activities. The schedule is the real pure one (scadenzeTirocinio), the executed notices are kept in
 * memory as the real activity keeps them in the notifications table; the attestazione is "issued" when attendance
 * reaches the threshold, as chiudiTirocinio decides it. The orchestration is under test here, not the database.
 */
function fake() {
  const salvati: string[] = [];
  const eventKeys: string[] = [];
  const notifiche: string[] = [];
  const chiusure: TirocinioState[] = [];
  const inviate = new Set<string>();
  const prossima = (i: ScadenzaTirocinioInput) =>
    scadenzeTirocinio(i.state, { unitaMs: i.unitaMs, promemoriaCollettivi: i.promemoriaCollettivi }, festivi, new Date(i.now)).filter(
      (s) => s.evento || !inviate.has(s.chiave),
    )[0] ?? null;
  const acts = {
    // Asked with `programma` (PATCH_PASSI_LOCALI), the save answers the next deadline as the real one does.
    salvaTirocinio: async (i) => {
      salvati.push(`${i.transition.evento}:${i.transition.da}->${i.transition.a}`);
      eventKeys.push(i.eventKey);
      if (!i.programma) return undefined;
      return { prossima: prossima({ tirocinioId: i.tirocinioId, state: i.state, ...i.programma }) };
    },
    prossimaScadenzaTirocinio: async (i) => prossima(i),
    eseguiScadenzaTirocinio: async (i) => {
      if (inviate.has(i.scadenza.chiave)) return 'gia-inviata';
      inviate.add(i.scadenza.chiave);
      notifiche.push(i.scadenza.tipo);
      return 'inviata';
    },
    chiudiTirocinio: async (i): Promise<EsitoChiusura> => {
      chiusure.push(i.state);
      const p = esitoPresenze(i.state);
      const percentuale = p.percentuale.toFixed(1);
      return p.sufficiente
        ? { emessa: true, documentoId: `attestazione-${i.tirocinioId}`, sha256: 'a'.repeat(64), percentuale }
        : { emessa: false, motivo: `presenze ${p.orePresenza} ore su ${p.oreProgrammate} programmate`, percentuale };
    },
  } as Pick<TirociniActivities, 'salvaTirocinio' | 'prossimaScadenzaTirocinio' | 'eseguiScadenzaTirocinio' | 'chiudiTirocinio'> as TirociniActivities;
  return { acts, salvati, eventKeys, notifiche, chiusure };
}

/** Days from today to the first day of a month at least `minimo` days away: a start there puts whole months in the period. */
function giorniAlPrimoDelMese(minimo: number): number {
  const oggi = new Date().toISOString().slice(0, 10);
  return daysBetween(oggi, aggiungiMesi(`${addDays(oggi, minimo - 1).slice(0, 7)}-01`, 1));
}

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
});
afterAll(() => env?.teardown());

async function withWorker<T>(acts: TirociniActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `tirocinio-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: acts,
  });
  return worker.runUntil(fn(taskQueue));
}

async function until(what: string, pred: () => boolean | Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('tirocinioWorkflow on the real Temporal server', () => {
  it.each([
    ['tirocinioWorkflow', 'tirocinio-promemoria-collettivi.json'],
    [TIPO_WORKFLOW_TIROCINIO, 'tirocinio-v2-attestazione.json'],
  ])(
    "%s takes a practice from the decision to the attestazione: SOD refusal, CO, start and end timers, the month's attendance cap, one closing",
    async (tipo, registrata) => {
      const f = fake();
      // 100 ms a day: the start is 3 to 6 s away, on the 1st of a month; the traineeship lasts 28 days (2.8 s), all in
      // that month; the CO reminder is due 5 working days before the start.
      const result: TirocinioState = await withWorker(f.acts, async (taskQueue) => {
        const i = submitted(giorniAlPrimoDelMese(30), 28, 100);
        const h =
          tipo === TIPO_WORKFLOW_TIROCINIO
            ? await env.client.workflow.start(tipo, avvioTirocinio(i.tirocinioId, i.state, i.unitaMs, taskQueue))
            : await env.client.workflow.start(tipo, { taskQueue, workflowId: tirocinioWorkflowId(i.tirocinioId), args: [i] });

        const sod = await h.executeUpdate(passiTirocinio.decisione, { args: [{ actor: operatore, esito: 'approvata' }] }).catch((e) => e);
        expect(sod).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(sod.cause.type).toBe('RuleViolation');
        expect(sod.cause.details.map((v: { rule: string }) => v.rule)).toEqual(['separazione-funzioni']);
        expect((await h.query(statoTirocinioQuery)).stato).toBe('inviata');
        expect(f.salvati).toEqual([]);

        expect((await h.executeUpdate(passiTirocinio.decisione, { args: [{ actor: responsabile, esito: 'approvata' }] })).stato).toBe('attesa-comunicazione');
        // Listed by procedure, office and state from the start, the state following each step.
        expect(await attributiDiRicerca(h)).toEqual({ procedura: 'tirocinio', ufficio: UFFICIO, stato: 'attesa-comunicazione' });
        const oggi = i.state.inviataIl!.slice(0, 10);
        const co = await h.executeUpdate(passiTirocinio.comunicazioneObbligatoria, { args: [{ actor: ospitante, codice: 'UNILAV-0001', data: oggi }] });
        expect(co.comunicazione?.codice).toBe('UNILAV-0001');

        await until('the start timer', async () => (await h.query(statoTirocinioQuery)).stato === 'attiva');
        const mese = i.state.dataInizio.slice(0, 7);
        // 28 days of the month at 20 h a week: 4 whole weeks, 80 h. Five weeks (the fixed cap before) are refused by
        // the validator, with nothing recorded; the 80 planned are all in (above the 70% threshold).
        const oltre = await h.executeUpdate(passiTirocinio.presenze, { args: [{ actor: ospitante, mese, ore: 100 }] }).catch((e) => e);
        expect(oltre).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(oltre.cause.details).toEqual([expect.objectContaining({ rule: 'ore-oltre-massimo', field: 'ore', found: 100, limit: 80 })]);
        expect((await h.executeUpdate(passiTirocinio.presenze, { args: [{ actor: ospitante, mese, ore: 80 }] })).presenze).toMatchObject([{ mese, ore: 80 }]);

        const res = await h.result();
        const history = await h.fetchHistory();
        expect(await attributiDiRicerca(h)).toEqual({ procedura: 'tirocinio', ufficio: UFFICIO, stato: 'conclusa' });
        // The start recorded the local steps', the office-wide reminders' and the search attributes' patch markers, the
        // accepted attendance the prorated cap's, so this history replays with all four. (tirocinio-attestazione.json
        // was recorded before any of them, tirocinio-tetto-presenze.json before the search attributes',
        // tirocinio-attributi-ricerca.json before the local steps, tirocinio-passi-locali.json before the reminders went
        // to the office-wide job: they are kept as they are, the proof that workflows started before still replay. No
        // test rewrites them.)
        // The API's type asks none of them: its runs take them as applied.
        const events = history.events ?? [];
        const patch = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_patch' ? [e.markerRecordedEventAttributes] : []));
        expect(patch.map((m) => JSON.parse(Buffer.from(m.details?.['patch-data']?.payloads?.[0]?.data ?? []).toString('utf8')).id)).toEqual(
          tipo === TIPO_WORKFLOW_TIROCINIO ? [] : [PATCH_PASSI_LOCALI, PATCH_PROMEMORIA_COLLETTIVI, PATCH_ATTRIBUTI_RICERCA, PATCH_TETTO_PRESENZE],
        );
        // Saves, notices and deadlines ran as local activities (markers in the workflow's own tasks); only the
        // attestazione went through the task queue. The next deadline came with each save: one question at the start.
        expect(events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [])).toEqual(['chiudiTirocinio']);
        const locali = events.flatMap((e) => (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? [e.markerRecordedEventAttributes] : []));
        const tipi = locali.map((m) => JSON.parse(Buffer.from(m.details?.data?.payloads?.[0]?.data ?? []).toString('utf8')).activity_type);
        expect(tipi.filter((t) => t === 'salvaTirocinio')).toHaveLength(6);
        // (The API's start carries the first deadline: none to ask.)
        expect(tipi.filter((t) => t === 'prossimaScadenzaTirocinio')).toHaveLength(tipo === TIPO_WORKFLOW_TIROCINIO ? 0 : 1);
        if (process.env.RECORD_HISTORIES) {
          mkdirSync(join(__dirname, '../replay/histories'), { recursive: true });
          writeFileSync(join(__dirname, '../replay/histories', registrata), historyToJSON(history));
        }
        return res;
      });

      expect(result.stato).toBe('conclusa');
      expect(result.attestazione).toMatchObject({ emessa: true, documentoId: `attestazione-${result.tirocinioId}`, sha256: 'a'.repeat(64) });
      expect(f.salvati).toEqual([
        'decisione:inviata->attesa-comunicazione',
        'comunicazioneObbligatoria:attesa-comunicazione->attesa-comunicazione',
        'avvio:attesa-comunicazione->attiva',
        'presenze:attiva->attiva',
        'conclusione:attiva->conclusa',
        'esitoAttestazione:conclusa->conclusa',
      ]);
      expect(new Set(f.eventKeys).size).toBe(f.eventKeys.length);
      // The CO was recorded before the reminder was due: the reminder was dropped, not sent.
      expect(f.notifiche).toEqual([]);
      // Closed once, on the concluded state with its attendance (the end was saved before: see salvati's order).
      expect(f.chiusure).toHaveLength(1);
      expect(f.chiusure[0]).toMatchObject({ stato: 'conclusa', presenze: [{ ore: 80 }] });
    },
  );

  it('starts as the API starts it: its own type, its first deadline and search attributes with the start, so its first task asks nothing', async () => {
    const f = fake();
    const domande: string[] = [];
    const acts = {
      ...f.acts,
      prossimaScadenzaTirocinio: async (i: ScadenzaTirocinioInput) => (domande.push(i.state.stato), f.acts.prossimaScadenzaTirocinio(i)),
    };
    await withWorker(acts as TirociniActivities, async (taskQueue) => {
      const i = submitted(10, 28, 100);
      const opzioni = avvioTirocinio(i.tirocinioId, i.state, i.unitaMs, taskQueue);
      // Submitted: no deadline until a decision; the start carries that answer (null), and the search attributes.
      expect(opzioni.args[0]).toEqual({ ...i, prossima: null });
      const h = await env.client.workflow.start(TIPO_WORKFLOW_TIROCINIO, opzioni);
      expect(await attributiDiRicerca(h)).toEqual({ procedura: 'tirocinio', ufficio: UFFICIO, stato: 'inviata' });
      expect((await h.query(statoTirocinioQuery)).stato).toBe('inviata'); // the first task has run
      // Nothing but the task itself: no activity, no patch marker, no search attributes set again.
      const primi = ((await h.fetchHistory()).events ?? []).map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes')));
      expect(primi).toEqual([
        'workflowExecutionStartedEventAttributes',
        'workflowTaskScheduledEventAttributes',
        'workflowTaskStartedEventAttributes',
        'workflowTaskCompletedEventAttributes',
      ]);
      // The decision's save answers the next deadline: still no question, and the run goes on as before.
      expect(
        (await h.executeUpdate(passiTirocinio.decisione, { args: [{ actor: responsabile, esito: 'respinta', motivo: 'progetto incompleto' }] })).stato,
      ).toBe('respinta');
      expect((await h.result()).stato).toBe('respinta');
      expect(f.salvati).toEqual(['decisione:inviata->respinta']);
      expect(domande).toEqual([]);
      // The state's changes are still listed: the decision's.
      expect(await attributiDiRicerca(h)).toEqual({ procedura: 'tirocinio', ufficio: UFFICIO, stato: 'respinta' });
      const storia = (await h.fetchHistory()).events ?? [];
      expect(storia.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toEqual([]);
      if (process.env.RECORD_HISTORIES) {
        writeFileSync(join(__dirname, '../replay/histories/tirocinio-v2-avvio.json'), historyToJSON(await h.fetchHistory()));
      }
    });
  });

  it('archives the practice when the integrations are not in by the deadline', async () => {
    const f = fake();
    const result: TirocinioState = await withWorker(f.acts, async (taskQueue) => {
      const i = submitted(60, 90, 100);
      const h = await env.client.workflow.start('tirocinioWorkflow', { taskQueue, workflowId: tirocinioWorkflowId(i.tirocinioId), args: [i] });
      const scadenza = addDays(i.state.inviataIl!.slice(0, 10), 10);
      const s = await h.executeUpdate(passiTirocinio.decisione, {
        args: [{ actor: responsabile, esito: 'integrazioni', motivo: 'Manca il progetto formativo firmato', scadenzaIntegrazioni: scadenza }],
      });
      expect(s).toMatchObject({ stato: 'integrazioni-richieste', integrazioni: [{ richiesta: { scadenza } }] });
      return h.result();
    });
    expect(result.stato).toBe('archiviata');
    expect(result.archiviataIl).toBeDefined();
    expect(f.salvati).toEqual(['decisione:inviata->integrazioni-richieste', 'scadenzaIntegrazioni:integrazioni-richieste->archiviata']);
    expect(f.notifiche).toEqual([]);
    expect(f.chiusure).toEqual([]);
  });

  it('blocks the start without the CO, escalates once, unblocks on the CO, and records an interruption as not issued', async () => {
    const f = fake();
    // 200 ms a day, start in 15 days (3 s): the CO reminder (5 working days before) falls a second or two after the
    // approval, however slow the machine, and is sent before the start (a reminder asked for after the start is moot).
    const result: TirocinioState = await withWorker(f.acts, async (taskQueue) => {
      const i = submitted(15, 60, 200);
      const h = await env.client.workflow.start('tirocinioWorkflow', { taskQueue, workflowId: tirocinioWorkflowId(i.tirocinioId), args: [i] });
      await h.executeUpdate(passiTirocinio.decisione, { args: [{ actor: responsabile, esito: 'approvata' }] });
      await until(
        'the blocked start and its escalation',
        async () => (await h.query(statoTirocinioQuery)).stato === 'avvio-bloccato' && f.notifiche.includes('escalation-avvio-bloccato'),
      );
      const s = await h.executeUpdate(passiTirocinio.comunicazioneObbligatoria, {
        args: [{ actor: ospitante, codice: 'UNILAV-0002', data: i.state.dataInizio }],
      });
      expect(s.stato).toBe('attiva');
      const fine = await h.executeUpdate(passiTirocinio.interruzione, {
        args: [{ actor: promotore, parte: 'tirocinante', motivo: 'Il tirocinante ha trovato un impiego' }],
      });
      expect(fine.stato).toBe('interrotta');
      return h.result();
    });
    expect(result).toMatchObject({ stato: 'interrotta', interruzione: { parte: 'tirocinante' }, attestazione: { emessa: false } });
    expect(f.notifiche).toEqual(['promemoria-comunicazione', 'escalation-avvio-bloccato']);
    expect(f.salvati).toEqual([
      'decisione:inviata->attesa-comunicazione',
      'avvio:attesa-comunicazione->avvio-bloccato',
      'comunicazioneObbligatoria:avvio-bloccato->attiva',
      'interruzione:attiva->interrotta',
      'esitoAttestazione:interrotta->interrotta',
    ]);
    expect(f.chiusure.map((s) => s.stato)).toEqual(['interrotta']);
  });
});
