import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as Pg } from 'pg';
import { addDays, daysBetween } from '../../libs/domain/src/calendar/calendario';
import { cifraControlloPartitaIva } from '../../libs/domain/src/common/identificativi';
import { fineDopoMesi } from '../../libs/domain/src/tirocini/controlli';
import { aggiungiMesi } from '../../libs/domain/src/tirocini/durata';
import { persona as personaCasuale } from '../../test/support/identificativi';
import { creaMisto, type MistoCreato } from '../lib/aperti-misto';
import { HttpClient, HttpResult, expectStatus } from '../lib/http';
import { runPool } from '../lib/pool';
import { benchProfile } from '../lib/profile';
import { CpuMeter, MemoryProbe, serviceClassifier, serviceProcesses, waitUntilIdle } from '../lib/proc';
import { intEnv, percentile, round, summary } from '../lib/stats';
import { connectTemporal, openWorkflowsOf, terminateAll, terminateOffice } from '../lib/temporal';
import { check, type BenchContext, type Scenario, type TargetCheck } from '../lib/types';

const REGIONE = 'toscana';
/** Host organisations (one site each) the traineeships are spread over; one promoter. */
const OSPITANTI = 20;
const LIST_SAMPLES = 20;
const LIST_WARMUP = 2;
const TARGET_LIST_MS = 200;
const TARGET_WORKER_RSS_MB = 1024;
/** "Flat": the worker's RSS holding all of them at most this many times its RSS holding half. */
const TARGET_RSS_GROWTH = 1.15;
const TARGET_DURATION_MIN = 30;

const partitaIva = () => {
  const prime = Array.from({ length: 10 }, () => randomInt(10)).join('');
  return `${prime}${cifraControlloPartitaIva(prime)}`;
};
const persona = () => personaCasuale({ annoDa: 1990, anni: 15 });
const mb = (kib: number) => Math.round(kib / 1024);
/** A count from the environment that may be 0 (a part of the mix left out). */
function conteggio(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be an integer >= 0 (got ${raw})`);
  return n;
}
/** The answer, once checked to have the expected status. */
const ok = (res: HttpResult, status: number, what: string): HttpResult => {
  expectStatus(res, status, what);
  return res;
};

/**
 * The resident memory of the profile's Temporal server (the dev server, or the production server started with the
 * bench's root: not the dev server others use beside it), in KiB.
 */
function rssOfTemporal(): number | undefined {
  for (const { pid } of serviceProcesses(serviceClassifier(benchProfile())).filter((p) => p.group === 'temporal')) {
    try {
      return new MemoryProbe(pid).status().VmRSS;
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
}

/**
 * A region's year of open procedures held at once: tirocini brought in through the migration import (active, each
 * with its monthly register reminder and its end timer), and the rest of the mix through the API (inspections
 * awaiting acceptance, offers in their window, plans with phase reminders). Then the month-start surge: every
 * tirocinio's reminder due at the same instant.
 */
export const aperti100k: Scenario = {
  name: 'aperti-100k',
  title: '100,000 open procedures on one machine: creation, holding, lists, audit check and the month-start surge',
  soloSeNominato: true,
  description:
    '`BENCH_APERTI` (100,000) open procedures. About 94% are tirocini brought in through `POST /api/v1/tirocini/migrazione` (the ' +
    'migration import: batches of `BENCH_APERTI_LOTTO` (200), `BENCH_APERTI_CONCORRENZA` (2) batches in flight), each an active ' +
    'traineeship whose workflow then waits for its end (its monthly register reminders are the office-wide job); the rest, through the API ' +
    '(`bench/lib/aperti-misto.ts`): inspections drawn and awaiting acceptance (3%), offers judged congrue with their window open ' +
    '(2%), plans approved with phase deadlines and reminders (1%, ten phases each). Untimed set-up: one CPI, one promoter and ' +
    `${OSPITANTI} hosts with a site, a tutor each and a convenzione, through the API; the trainees written straight into ` +
    'PostgreSQL. The tirocini use a shrunk day of the procedure clock (`TIROCINI_UNITA_GIORNO`), chosen so that the first day ' +
    'of next month comes `BENCH_APERTI_ONDATA_MIN` minutes after the first import: each traineeship is submitted and approved ' +
    '"at" that instant, the clock\'s origin, so all their reminders fall due together. Measured: the creation rate; the ' +
    "worker's (the larger of the production profile's two) and the Temporal server's resident memory and the database size holding half and all of them (the stack idle " +
    'in between); the CPU the stack spends holding them; the p95 of `GET /api/v1/attivita` (operatore, responsabile, an ' +
    'ospitante), of the lists (`/tirocini`, `/notifiche`, `/audit`) first page and a later page, over ' +
    `${LIST_SAMPLES} requests each; the time of \`GET /api/v1/audit/verifica\`; then the surge: from the instant the reminders ` +
    "fall due to the last one stored (by the notices' timestamps), notices per second, and the CPU per notice; the CPU per " +
    "imported tirocinio during the import and until the stack is idle after it (the worker's first tasks may trail the " +
    "import); with `BENCH_CPU_PROF` the API's and the worker's CPU profiles of the second half. Where PostgreSQL runs with " +
    'autovacuum off (as on this machine), the bench runs `VACUUM (ANALYZE)` of the database as its owner after each half, the ' +
    'work autovacuum would do within a minute of it, timed and reported: unanalysed, the planner takes the office for a few ' +
    "dozen rows and reads all of them to count a list's first 1,001. At the end the workflows are terminated (a " +
    'batch operation on the office) and the API and worker restarted with the bench settings.',
  findings:
    'Run at 100,000 on 2026-12-06 (2 CPUs, quiet machine, one slow enough that the draw bench did 9 draws/s where 2026-11-23 ' +
    'did 26): the mix through the API in 8 min (3,000 inspections drawn at 16.5/s, 2,000 offers at 15.8/s, 1,000 ten-phase ' +
    'plans at 7.8/s), then 94,000 tirocini imported at 104.9/s; worker RSS 1,011 MB holding 53,000 and 1,012 MB holding ' +
    '100,000; the month-start surge, one workflow waking per traineeship, took 2,824 s (33.3/s; worker 23.9, Temporal 14.0, ' +
    'PostgreSQL 5.7 ms of CPU per reminder at 3,000, every reminder replaying its history past the 2,000 cached); the run ' +
    'was stopped in its clean-up (94,000 terminate calls at a few per second), about 90 minutes in. ' +
    'Run of 2026-12-06 23:00 (other load 3%), after the monthly register reminders became one set-wise job ' +
    '(`promemoriaPresenzeWorkflow` on a Schedule, docs/tirocini.md) and the clean-up one batch operation: mix in 6.3 min ' +
    '(3,000 inspections at 18.8/s, 2,000 offers at 17.5/s, 1,000 plans at 9.7/s); 94,000 imported at 120.7/s (CPU per ' +
    'tirocinio: Temporal 9.1 ms, API 2.0, worker 1.9, PostgreSQL 1.4). Holding: worker RSS 1,009 MB at 53,000 and 945 MB ' +
    'at 100,000 (x0.94, flat; the sticky cache bounded at 2,000), Temporal dev server 536 and 532 MB, database 290 and ' +
    "504 MB; the stack was not idle while holding (worker 861, Temporal 867 ms of CPU per second): the worker's first " +
    'tasks of the imported runs still trailed the import. The surge: 94,000 reminders stored in 393 s, but the first ' +
    "266 s of it the Schedule's run waited in the task queue behind that backlog; once it ran, the job stored them in " +
    'about 127 s (740/s, peak 880/s) against 2,824 s before (x22 on the drain, x7.2 end to end). Lists at 100,000 (machine ' +
    '90% busy with the backlog): activities of an operatore p95 22.9 ms, of a responsabile 13.4 ms, tirocini first page ' +
    '193.9 ms, page 21 by cursor 192.1 ms, filtered by state 184.7 ms, notices 3.8 ms, audit 61.2 ms; the activities of ' +
    'an ospitante p95 590.3 ms, MISSED: each of the 20 bench hosts holds 4,700 open traineeships, and the query reads ' +
    'every one of them with its state to find the months without attendance (740-960 ms for the SQL alone, cold; ' +
    'the promoter and host arms in one OR defeat both indexes; two arms under UNION read 506 ms, still the 4,700 states). ' +
    "Since that run the instant from which a practice misses attendance is kept on its row and in the host's index " +
    '(`presenze_dovute_il`, docs/attivita.md), so only the practices asking something are read: on that database, the ' +
    'column set as it stood before the month ended, the SQL took 6.9 ms against 740 (not yet a bench run). ' +
    '`/audit/verifica` 1,713 ms from the last ' +
    'anchor (33,200 rows; 4,690 ms for all 111,116 with `completa`). Clean-up: 94,000 workflows terminated by one batch ' +
    'operation in 706 s (133/s). MISSED: 44.6 minutes against the 30 asked: the mix (6 min) and the import (13 min) ' +
    'through the API as measured, then the wait for the shrunk month to end (`BENCH_APERTI_ONDATA_MIN`=38, chosen so the ' +
    "surge came after the worker's backlog, which it did not quite) and the surge; the worker's first task per imported " +
    'run (about 60/s against 120/s imported) is what holds the holding phase and the surge back. ' +
    'Run of 2026-12-07 02:34 (other load 3%), after the system jobs got a task queue of their own (a second Worker), ' +
    'imported runs their first deadline in their input, and the worker cache 1,500: mix in 7.1 min (3,000 inspections at ' +
    '14.8/s, 2,000 offers at 12.2/s, 1,000 plans at 17/s); 94,000 imported at 93.8/s. CPU per imported tirocinio is now ' +
    'also counted until the stack is idle: at 100,000 it never was within 5 minutes of either half (Temporal 17.5, worker ' +
    '6.5, API 2.8 ms over the import and those 5 minutes); on 8,000 the same day (no mix), where it settles, worker 14.9 ' +
    'and Temporal 20.9 ms per tirocinio before the first-deadline change and 13.2 and 24.8 after, no gain the noise lets ' +
    "through: the first task's cost is what Temporal records, three patch markers and four search-attribute upserts (the " +
    'SDK upserts TemporalChangeVersion at every patch), against about 3 ms during the import alone. Holding: worker RSS ' +
    '1,024 MB at 53,000 and 914 MB at 100,000 (x0.89; an idle worker, by hand, 274 MB with the second Worker against 222-235 ' +
    'without), Temporal 528 and 531 MB, database 287 and 760 MB. The surge (`BENCH_APERTI_ONDATA_MIN`=30) fell due at ' +
    "03:04:26.7 while the worker still trailed the import: the job's first reminder was stored 3.7 s later (its run on " +
    'the system queue; 266 s behind the backlog before) and the last 303.6 s later, 94,000 at 310/s on a machine 98% ' +
    'busy with that backlog and with the list measurements, which this timing overlapped. Lists, so measured: operatore ' +
    '16.1 ms, responsabile 79.4, tirocini by state 58.4, notices 64.5, audit 96.9 ms; tirocini first page 581.5 and page ' +
    "21 552.6 ms; the activities of an ospitante 1,356.7 ms, MISSED: measured after the month ended, when each host's " +
    '4,700 traineeships all owe that month and all ask (the column spares the read only of practices that do not ask); the ' +
    "query reads every asking practice's state to build one page. `/audit/verifica` 6,374 ms (113,200 rows since the last " +
    'anchor), 11,802 ms whole (203,116). Duration 36 min, MISSED: the mix (7 min), the import (17 min), and two 5-minute ' +
    "waits for a stack that never went idle: the worker's first tasks still trail the import. " +
    'Run of 2026-12-07 05:13 (other load 5%), after new tirocini became `tirocinioV2Workflow` (no patch markers, the search ' +
    "attributes on the start: the first task is the timer alone) and a host's attendance items were read a page at a time: " +
    'mix in 6 min; 94,000 imported at 103.2/s (93.8 at 02:34). CPU per imported tirocinio, 8,000 without the mix on the ' +
    'same machine an hour apart, until the stack was idle: worker 9.66 -> 8.49 ms, Temporal 18.92 -> 16.57 ms (-12%), ' +
    'import 123.8 -> 130.5/s, idle 50 -> 46 s after it; at 100,000 (never idle within the 5-minute waits) Temporal 15.4, ' +
    'worker 7.3, API 2.2 ms. Worker RSS 1,167 MB at 53,000 and 1,225 at 100,000, MISSED (x1.05, flat): both taken while the ' +
    'worker still trailed the import; the same cache gave 914 at 02:34 and, on 8,000 this session, 1,020 and 1,393 MB: one ' +
    'instant of a busy worker whose V8 heaps are collected lazily, ±200 MB. Temporal 562/578 MB, database 296/854 MB. The ' +
    'default `BENCH_APERTI_ONDATA_MIN` (18) put the surge 869 s before the list measurements ended: first reminder 4 s after ' +
    'it fell due, all 94,000 in 487 s (193/s) beside the backlog. Lists on a machine busy at 1,740 ms of CPU per second: ' +
    'operatore 26.7, responsabile 14.6, tirocini by state 45.8, notices 34.5, audit 102.7 ms; tirocini first page 494.7 ' +
    "and page 21 474.8 ms, MISSED; the ospitante's activities 730.4 ms (during the surge), 530.5 and 598.8 (page 2) after " +
    'it, MISSED (1,356.7 at 02:34): each page reads 201 of the 4,700 asking states, but the surge job had just rewritten ' +
    'every practice row, so the index reads visit the heap. On 8,000 (400 asking per host, quieter) the same inbox was ' +
    '104.8 ms p95; by hand on that database after VACUUM the page and the count read the index alone in 19 and 2 ms, and ' +
    "before it (no statistics yet: the import's rows not analysed) the count read the office's index, 94 ms. " +
    '`/audit/verifica` 71 ms (nothing since the last anchor), 9,669 ms whole (203,116 rows). Clean-up 862 s. Duration 33 ' +
    'min, MISSED (36 at 02:34). Run of 2026-12-07 08:04 (other load 9%, partly a build of an older commit at idle ' +
    'priority for the activation comparison), after the worker cache went to 500 and with the bench analysing the ' +
    "imported rows (this machine's PostgreSQL runs with autovacuum off: the earlier runs' lists read unanalysed tables): " +
    'mix in 7.6 min (3,000 inspections at 13.5/s, 2,000 offers at 16.3/s, 1,000 plans at 9.4/s); 94,000 imported at ' +
    '109.8/s (CPU per tirocinio during the import: Temporal 9.7, API 2.1, worker 1.9, PostgreSQL 1.1 ms; with the two ' +
    '5-minute waits after it, never idle: Temporal 15.6, worker 6.4, API 2.2); `VACUUM (ANALYZE)` 4.6 and 9.2 s. Worker ' +
    'RSS 956 MB at 53,000 and 741 MB at 100,000 (x0.78; 753 MB at most while the surge was polled), under the 1,024 asked: ' +
    'the cache of 500, where 1,500 gave 1,167-1,225; Temporal 591/559 MB, database 380/861 MB. Lists, the machine still ' +
    '84% busy with the backlog: operatore p95 15.7, responsabile 28.0, tirocini first page 25.2 (494.7 before) and page 21 ' +
    "23.3 (474.8), by state 38.7, notices 30.7, audit 80.4 ms; the ospitante's activities 127.9 ms (200 items: the month " +
    'had ended during the import), 66.0 and 58.6 ms (page 2) after the surge: all under 200 ms. The surge fell due 908 s ' +
    'before the holding measurements ended: first reminder 6.6 s after, all 94,000 in 551 s (170.6/s) beside the ' +
    'backlog. `/audit/verifica` 932 ms (18,800 rows since the last anchor), 8,248 ms whole (205,116 rows). Clean-up 812 s. ' +
    'Duration 33.3 min, MISSED, and not by the waits: the CPU an imported tirocinio costs until the stack is idle (about 28 ' +
    'ms: Temporal 15.6, worker 6.4, API 2.2, PostgreSQL and the rest 4) times 94,000 is about 2,630 CPU-seconds, 22 ' +
    'minutes of both CPUs, and the mix 7.6 more at full load: 29.5 minutes of a saturated machine before the lists start. ' +
    "What would cut it is the import's first workflow task, which does nothing but wait for the traineeship's end: " +
    "Temporal's start delay defers it to that deadline. Tried by hand on the dev server: a workflow Update to a delayed run " +
    'is answered at once (171 ms: it dispatches the task), but a Query fails until the first task has run and a signal ' +
    'does not wake it, so the change needs the tests that query imported runs reworked; not done in this run. ' +
    "Run of 2026-12-07 10:54 (other load 7%), after the migration import began deferring each run's first task to its " +
    "first deadline (Temporal's start delay; an Update starts the run at once; docs/tirocini.md). On 8,000 without the mix, " +
    'the same session, until the stack was idle: worker 0.26 ms per tirocinio (about 9 before), Temporal 6.73 (17-20), ' +
    'import 168.9/s (123.8-130.5), idle 4 s after each half (46-50). At 100,000: mix in 6.5 min (3,000 inspections at ' +
    '17.1/s, 2,000 offers at 18.7/s, 1,000 plans at 9.3/s); 94,000 imported at 144.5/s (109.8), CPU per tirocinio until ' +
    'idle 11.7 ms in all against about 28 (Temporal 7.5, API 2.2, PostgreSQL 1.3, worker 0.2), the stack idle 4 s after each ' +
    "half (never within 300 s before). Worker RSS 474 MB at 53,000 and 476 at 100,000 (x1.00): it holds the mix's " +
    'workflows and none of the imported ones, which wait in Temporal until their ends; Temporal 463/413 MB, database ' +
    "301/524 MB. The surge fell due 40 s before the holding measurements ended (so the holding's 415 ms of PostgreSQL CPU " +
    "per second is the surge's job): first reminder 9.8 s after, all 94,000 in 160 s (588/s; 551 s beside the backlog " +
    "before). Lists, p95: the ospitante's activities 111.8 ms (the slowest), 66.7 and 52.7 (page 2) after the month; " +
    'tirocini first page 20.3, page 21 22.2, by state 26.4, notices 21.7, audit 104.5, operatore 15.5, responsabile 11.8 ' +
    'ms. `/audit/verifica` 1,595 ms (36,400 rows since the last anchor), 5,414 ms whole (128,516). Clean-up 664 s. ' +
    'Duration 20.8 min against 30: pass (33.3 before), every target met.',
  targets: [
    `Worker RSS holding all of them under ${TARGET_WORKER_RSS_MB} MB, and at most ${TARGET_RSS_GROWTH} times its RSS holding half (flat).`,
    `Inbox and list p95 under ${TARGET_LIST_MS} ms at that size (each endpoint, each user).`,
    `The whole scenario within ${TARGET_DURATION_MIN} minutes on this machine.`,
  ],

  async run(ctx: BenchContext) {
    const t0Scenario = performance.now();
    const totale = intEnv('BENCH_APERTI', 100_000);
    const lotto = intEnv('BENCH_APERTI_LOTTO', 200);
    const concorrenza = intEnv('BENCH_APERTI_CONCORRENZA', 2);
    const quote = {
      ispezioni: conteggio('BENCH_APERTI_ISPEZIONI', Math.round(totale * 0.03)),
      offerte: conteggio('BENCH_APERTI_OFFERTE', Math.round(totale * 0.02)),
      piani: conteggio('BENCH_APERTI_PIANI', Math.round(totale * 0.01)),
    };
    const fasiPerPiano = 10;
    const nTirocini = totale - quote.ispezioni - quote.offerte - quote.piani;
    const ondataMin = Number(process.env.BENCH_APERTI_ONDATA_MIN ?? 18);
    const ondataMaxMin = Number(process.env.BENCH_APERTI_ONDATA_MAX_MIN ?? 10);
    const office = `CPI-AP-${ctx.runTag}`;
    const idp = ctx.stack.idp;
    // The API and every worker process (two in the production profile).
    const cpu = CpuMeter.ofStack(ctx.stack);
    const pg = new Pg({ connectionString: ctx.config.DATABASE_URL });
    await pg.connect();
    const { client: temporal, close } = await connectTemporal(ctx.config);
    let misto: MistoCreato | undefined;

    // The clock: the first day of next month falls `ondataMin` minutes after the origin T0.
    const oggi = new Date().toISOString().slice(0, 10);
    const primoProssimo = aggiungiMesi(`${oggi.slice(0, 7)}-01`, 1);
    const giorni = daysBetween(oggi, primoProssimo);
    const unitaMs = Math.round((ondataMin * 60_000) / giorni);
    ctx.log(`tirocini clock: one day every ${unitaMs} ms; ${giorni} days to ${primoProssimo}`);
    await ctx.stack.riavvia({ TIROCINI_UNITA_GIORNO: `PT${unitaMs / 1000}S` });
    const t0 = new Date(Date.now() - 1000);
    const ondata = t0.getTime() + giorni * unitaMs;

    try {
      // ---- Set-up (untimed): the registry.
      const operatore = await idp.token('ap.op', ['operatore'], office);
      const op = new HttpClient(ctx.stack.baseUrl, operatore, 16);
      const registra = async (path: string, body: unknown): Promise<{ id: string } & Record<string, unknown>> =>
        ok(await op.json('POST', path, body), 201, `POST ${path}`).json as { id: string } & Record<string, unknown>;
      const prato = { indirizzo: 'Via Roma 10', cap: '59100', comune: 'Prato', codiceIstat: '100005', provincia: 'PO' };
      const sede = (denominazione: string, dipendentiIndeterminato: number) => ({
        denominazione,
        ...prato,
        regione: REGIONE,
        cpi: office,
        dipendentiIndeterminato,
      });
      const cfPromotore = partitaIva();
      const promotore = await registra('/api/v1/soggetti-tirocinio', {
        ruolo: 'promotore',
        denominazione: `Agenzia formativa ${ctx.runTag}`,
        codiceFiscale: cfPromotore,
        regione: REGIONE,
        tipologia: 'ente accreditato',
        sedeLegale: prato,
        sedi: [sede('Sede', 5)],
      });
      const tutor = async (soggettoId: string) =>
        (await registra('/api/v1/tutor', { soggettoId, ...(({ codiceFiscale, nome, cognome }) => ({ codiceFiscale, nome, cognome }))(persona()) })).id;
      const tutorPromotore = await tutor(promotore.id);
      const ospitanti: Array<{ id: string; cf: string; sedeId: string; tutorId: string; convenzioneId: string }> = [];
      for (let h = 0; h < OSPITANTI; h++) {
        const cf = partitaIva();
        const o = await registra('/api/v1/soggetti-tirocinio', {
          ruolo: 'ospitante',
          denominazione: `Ospitante ${h} ${ctx.runTag} S.r.l.`,
          codiceFiscale: cf,
          regione: REGIONE,
          sedeLegale: prato,
          sedi: [sede('Stabilimento', 5000)],
        });
        const conv = await registra('/api/v1/convenzioni', { promotoreId: promotore.id, ospitanteId: o.id, validaDal: '2025-01-01', validaAl: '2030-12-31' });
        ospitanti.push({ id: o.id, cf, sedeId: (o.sedi as Array<{ id: string }>)[0].id, tutorId: await tutor(o.id), convenzioneId: conv.id });
      }
      // The trainees: unique synthetic codici (the import reads the registry, it does not re-check them).
      const { rows: trainees } = await pg.query<{ id: string }>(
        `INSERT INTO tir_tirocinanti (id, codice_fiscale, nome, cognome, data_nascita, sesso, svantaggiato, creato_da, creato_il, ufficio)
         SELECT gen_random_uuid(), 'AP' || lpad(i::text, 14, '0'), 'Nome', 'Cognome' || i, DATE '1995-01-01' + (i % 3650), CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END,
                false, 'bench', now(), $2
         FROM generate_series(1, $1::int) AS i
         RETURNING id`,
        [nTirocini, office],
      );
      ctx.log(`registry ready: ${OSPITANTI} hosts, ${trainees.length} trainees`);

      // The import may begin once the clock's "now" has passed T0's time of day (the submission must not be in its future).
      const frazione = (t0.getTime() % 86_400_000) / 86_400_000;
      const attesa = t0.getTime() + frazione * unitaMs + 2000 - Date.now();
      if (attesa > 0) await sleep(attesa);
      const oggiLogico = addDays(t0.toISOString().slice(0, 10), Math.floor((Date.now() - t0.getTime()) / unitaMs));
      // Started two months before this month: those two months are in the register; this one is reminded next month.
      const dataInizio = aggiungiMesi(`${oggiLogico.slice(0, 7)}-01`, -2);
      const mesiRegistrati = [dataInizio.slice(0, 7), aggiungiMesi(dataInizio, 1).slice(0, 7)];
      const voce = (i: number) => {
        const o = ospitanti[i % OSPITANTI];
        return {
          codiceOrigine: `${ctx.runTag}/${i}`,
          progetto: {
            promotoreId: promotore.id,
            ospitanteId: o.id,
            sedeId: o.sedeId,
            tirocinanteId: trainees[i].id,
            tutorOspitanteId: o.tutorId,
            tutorPromotoreId: tutorPromotore,
            convenzioneId: o.convenzioneId,
            dataInizio,
            dataFine: fineDopoMesi(dataInizio, 6),
            oreSettimanali: 30,
            obiettivi: 'Acquisire competenze di base nella tessitura industriale',
            attivita: 'Affiancamento al reparto orditura e controllo qualità',
            indennitaMensileCent: 60_000,
            dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
          },
          inviataIl: t0.toISOString(),
          inviataDa: 'sil.operatore',
          approvataIl: t0.toISOString(),
          approvataDa: 'sil.responsabile',
          comunicazione: { codice: `UNILAV-${ctx.runTag}-${i}`, data: addDays(dataInizio, -3) },
          presenze: mesiRegistrati.map((mese) => ({ mese, ore: 100 })),
        };
      };

      // ---- Creation: the mix first, then the tirocini in two halves, the stack let go idle after each.
      const memoria: Array<{ dopo: string; aperti: number; workerRssMb: number; temporalRssMb: number | null; dbMb: number }> = [];
      // The largest worker process (the bound is per process; the production profile runs two).
      const workerRss = () => Math.max(0, ...ctx.stack.pids().worker.map((pid) => new MemoryProbe(pid).status().VmRSS));
      const dbMb = async () => Math.round(Number((await pg.query('SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 2 ** 20);
      const misura = async (dopo: string, aperti: number) => {
        // The worker and the API only: the Temporal dev server may be serving others on this machine.
        const idle = await waitUntilIdle(cpu, ['worker', 'api'], { timeoutMs: 300_000, windowMs: 2000, maxCpuShare: 0.1 });
        const quieto = cpu.snapshot();
        const t = rssOfTemporal();
        memoria.push({ dopo, aperti, workerRssMb: mb(workerRss()), temporalRssMb: t === undefined ? null : mb(t), dbMb: await dbMb() });
        ctx.log(`holding ${aperti}: ${JSON.stringify(memoria[memoria.length - 1])} (idle after ${idle} ms)`);
        return { idleMs: idle, quieto };
      };
      const cMisto0 = performance.now();
      if (quote.ispezioni + quote.offerte + quote.piani > 0) misto = await creaMisto(ctx, quote, 8, (m) => ctx.log(`mix: ${m}`));
      const mistoMs = performance.now() - cMisto0;
      const aperti = () => (misto ? misto.ispezioni + misto.offerte + misto.piani : 0);
      const lotti: number[] = [];
      const cpuImport0 = cpu.snapshot();
      let importMs = 0;
      const importa = async (da: number, a: number) => {
        const n = Math.ceil((a - da) / lotto);
        const t = performance.now();
        const r = await runPool(n, concorrenza, async (k) => {
          const voci = Array.from({ length: Math.min(lotto, a - da - k * lotto) }, (_, j) => voce(da + k * lotto + j));
          const res = ok(await op.json('POST', '/api/v1/tirocini/migrazione', { tirocini: voci }), 200, 'POST /tirocini/migrazione');
          const esito = res.json as { importati: number };
          if (esito.importati !== voci.length) throw new Error(`import: ${res.body.slice(0, 300)}`);
        });
        lotti.push(...r.latenciesMs);
        importMs += performance.now() - t;
      };
      // PostgreSQL with autovacuum off (this machine's, conf.d/90-ci.conf) never analyses the imported rows: the
      // planner then takes an office of 94,000 practices for a few dozen and reads it whole to count a list's first
      // 1,001 (46 ms at 8,000, half a second at 94,000). Autovacuum would analyse and vacuum the tables within a minute
      // of each half; with it off the bench does that work itself, as the owner, right after each half, timed.
      const autovacuum = String((await pg.query('SHOW autovacuum')).rows[0].autovacuum);
      const manutenzioni: number[] = [];
      const comeAutovacuum = async () => {
        if (autovacuum === 'on') return;
        const owner = new Pg({ connectionString: process.env.DATABASE_OWNER_URL ?? ctx.config.DATABASE_URL });
        await owner.connect();
        const t = performance.now();
        try {
          await owner.query('VACUUM (ANALYZE)');
        } finally {
          await owner.end();
        }
        manutenzioni.push(Math.round(performance.now() - t));
        ctx.log(`autovacuum off: VACUUM (ANALYZE) of the database in ${manutenzioni[manutenzioni.length - 1]} ms`);
      };
      const meta = Math.floor(nTirocini / 2);
      await importa(0, meta);
      const cpuImport1 = cpu.snapshot();
      // After the import's snapshot: its CPU is the import's alone; the time until idle below includes it.
      await comeAutovacuum();
      const meta1 = await misura('half', aperti() + meta);
      const cpuImport2 = cpu.snapshot();
      // BENCH_CPU_PROF: the API's and the worker's CPU profiles of the second half, import and trailing first tasks
      // (bench/lib/profilo-cpu.mjs; TEMPORAL_DEBUG=1 puts the workflow code in the profiled thread).
      const segnalaProfilo = () => {
        if (!process.env.BENCH_CPU_PROF) return;
        for (const pid of Object.values(ctx.stack.pids()).flat()) process.kill(pid, 'SIGUSR2');
      };
      segnalaProfilo();
      await importa(meta, nTirocini);
      const cpuImport3 = cpu.snapshot();
      await comeAutovacuum();
      const meta2 = await misura('all', aperti() + nTirocini);
      segnalaProfilo();
      const importCpu = [CpuMeter.diff(cpuImport0, cpuImport1), CpuMeter.diff(cpuImport2, cpuImport3)];
      // What an imported tirocinio costs in all: the import, and the worker's first task of each run, which may trail it
      // (until the stack goes idle, -1 if it did not within 5 minutes).
      const assestamento = [CpuMeter.diff(cpuImport0, meta1.quieto), CpuMeter.diff(cpuImport2, meta2.quieto)];
      const perTirocinio = (diffs: typeof importCpu) => {
        const out: Record<string, number> = {};
        for (const d of diffs) for (const [k, v] of Object.entries(d.cpuMs)) out[k] = (out[k] ?? 0) + v;
        for (const k of Object.keys(out)) out[k] = round(out[k] / nTirocini, 2);
        return out;
      };
      const cpuPerTirocinio = perTirocinio(importCpu);
      const cpuPerTirocinioAssestato = perTirocinio(assestamento);
      const codaMs = [meta1.idleMs, meta2.idleMs];
      const creationPerSecond = round(nTirocini / (importMs / 1000), 1);
      ctx.log(
        `imported ${nTirocini} tirocini at ${creationPerSecond}/s; CPU ms per tirocinio ${JSON.stringify(cpuPerTirocinio)}, ` +
          `until idle ${JSON.stringify(cpuPerTirocinioAssestato)} (idle ${codaMs.join(' and ')} ms after each half)`,
      );

      // ---- Holding: what the idle stack spends with all of them open, over 30 s.
      const h0 = cpu.snapshot();
      await sleep(30_000);
      const hold = CpuMeter.diff(h0, cpu.snapshot());

      // ---- Lists and inboxes at this size.
      const responsabile = new HttpClient(ctx.stack.baseUrl, await idp.token('ap.resp', ['responsabile'], office), 1);
      const ospitante = new HttpClient(ctx.stack.baseUrl, await idp.token('ap.osp', ['ospitante'], office, { soggetto: ospitanti[0].cf }), 1);
      const amministratore = new HttpClient(ctx.stack.baseUrl, await idp.token('ap.adm', ['amministratore'], office), 1);
      const opList = new HttpClient(ctx.stack.baseUrl, operatore, 1);
      const liste: Array<{ nome: string; p50: number; p95: number; max: number; righe: number }> = [];
      const cursore = (json: unknown): string | undefined => {
        const j = json as Record<string, unknown>;
        const c = j.successivo;
        return typeof c === 'string' ? c : undefined;
      };
      const tempi = async (nome: string, client: HttpClient, path: string) => {
        const ms: number[] = [];
        let righe = 0;
        let json: unknown;
        for (let i = 0; i < LIST_WARMUP + LIST_SAMPLES; i++) {
          const t = performance.now();
          const res = ok(await client.json('GET', path), 200, `GET ${path}`);
          if (i >= LIST_WARMUP) ms.push(performance.now() - t);
          json = res.json;
        }
        const j = json as { elementi?: unknown[]; voci?: unknown[]; totale?: number } | unknown[];
        righe = Array.isArray(j) ? j.length : (j.totale ?? (j.elementi ?? j.voci ?? []).length);
        const s = summary(ms);
        liste.push({ nome, p50: round(s.p50, 1), p95: round(percentile(ms, 95), 1), max: round(s.max, 1), righe });
        return json;
      };
      await tempi('attivita operatore', opList, '/api/v1/attivita');
      await tempi('attivita responsabile', responsabile, '/api/v1/attivita');
      await tempi('attivita ospitante', ospitante, '/api/v1/attivita');
      const prima = await tempi('tirocini, first page', opList, '/api/v1/tirocini?limit=50');
      // A later page: by the cursor when the list gives one, else by offset.
      let pagina = prima;
      for (let k = 0; k < 20 && cursore(pagina); k++)
        pagina = ok(await opList.json('GET', `/api/v1/tirocini?limit=50&dopo=${encodeURIComponent(cursore(pagina)!)}`), 200, 'GET page').json;
      const c = cursore(pagina);
      await tempi(
        c ? 'tirocini, page 21 (cursor)' : 'tirocini, offset 1000',
        opList,
        c ? `/api/v1/tirocini?limit=50&dopo=${encodeURIComponent(c)}` : '/api/v1/tirocini?limit=50&offset=1000',
      );
      await tempi('tirocini, stato attiva', opList, '/api/v1/tirocini?limit=50&stato=attiva');
      await tempi('notifiche ospitante', ospitante, '/api/v1/notifiche');
      await tempi('audit, first page', amministratore, '/api/v1/audit');

      // ---- The audit trail's check at this size.
      const verifiche: Array<{ modo: string; ms: number; righe: number | null; valida: boolean }> = [];
      for (const [modo, path] of [
        ['default', '/api/v1/audit/verifica'],
        ['completa', '/api/v1/audit/verifica?completa=true'],
      ] as const) {
        const t = performance.now();
        const res = await amministratore.json('GET', path);
        const ms = performance.now() - t;
        if (res.status !== 200) {
          ctx.log(`${path}: ${res.status} (${res.body.slice(0, 200)})`);
          continue;
        }
        const j = res.json as { valid: boolean; checked?: number };
        verifiche.push({ modo, ms: Math.round(ms), righe: j.checked ?? null, valida: j.valid });
      }

      // ---- The surge: every tirocinio's reminder falls due at `ondata`.
      const attesaOndata = ondata - Date.now();
      ctx.log(`surge due in ${Math.round(attesaOndata / 1000)} s`);
      if (attesaOndata < 0) ctx.log('the surge fell due before the holding measurements ended: its figures include that overlap');
      if (attesaOndata > 0) await sleep(attesaOndata);
      // The wave's reminders only, of the month that ends at `ondata` (keys end in `:<month>`): a drain longer than a
      // day of the shrunk clock times its length also reaches the next month's reminders, which are not the surge.
      const meseOndata = aggiungiMesi(primoProssimo, -1).slice(0, 7);
      const contaAvvisi = async () =>
        Number(
          (
            await pg.query(`SELECT count(*) AS n FROM notifiche WHERE ufficio = $1 AND tipo = 'promemoria-presenze' AND chiave LIKE '%:' || $2`, [
              office,
              meseOndata,
            ])
          ).rows[0].n,
        );
      const o0 = cpu.snapshot();
      const s0 = Date.now();
      const serie: Array<{ s: number; avvisi: number }> = [];
      let avvisi = 0;
      let picco = 0;
      let rssPicco = 0;
      while (avvisi < nTirocini && Date.now() - s0 < ondataMaxMin * 60_000) {
        await sleep(5000);
        const n = await contaAvvisi();
        picco = Math.max(picco, (n - avvisi) / 5);
        avvisi = n;
        rssPicco = Math.max(rssPicco, workerRss());
        serie.push({ s: Math.round((Date.now() - s0) / 1000), avvisi });
      }
      // From the instant they fell due to the last one stored, by the notices' own timestamps (the same clock): the
      // polling above starts late when the measurements before ran past that instant.
      const istanti = (
        await pg.query<{ primo: Date | null; ultimo: Date | null }>(
          `SELECT min(creata_il) AS primo, max(creata_il) AS ultimo FROM notifiche WHERE ufficio = $1 AND tipo = 'promemoria-presenze' AND chiave LIKE '%:' || $2`,
          [office, meseOndata],
        )
      ).rows[0];
      const ondataS =
        istanti.ultimo && avvisi >= nTirocini ? Math.max(0, istanti.ultimo.getTime() - ondata) / 1000 : (Date.now() - Math.min(s0, ondata)) / 1000;
      const primoDopoS = istanti.primo ? round((istanti.primo.getTime() - ondata) / 1000, 1) : -1;
      const ondataCpu = CpuMeter.diff(o0, cpu.snapshot());
      const svuotata = avvisi >= nTirocini;
      const perSecondo = round(avvisi / ondataS, 1);
      ctx.log(
        `surge: ${avvisi}/${nTirocini} notices ${Math.round(ondataS)} s after they fell due, the first after ${primoDopoS} s (${perSecondo}/s, peak ${round(picco, 1)}/s while polled)${svuotata ? '' : ' — not drained'}`,
      );

      // ---- The host's inbox once the month is over: every one of its traineeships asks for that month's register.
      const inboxDopo = await tempi('attivita ospitante, month over', ospitante, '/api/v1/attivita');
      const cOsp = cursore(inboxDopo);
      if (cOsp) await tempi('attivita ospitante, month over, page 2', ospitante, `/api/v1/attivita?dopo=${encodeURIComponent(cOsp)}`);
      const conteggiOsp = (inboxDopo as { conteggi?: { tirocini?: number } }).conteggi?.tirocini;
      ctx.log(`host's inbox after the month end: ${conteggiOsp} traineeships ask`);
      const listaP95 = Math.max(...liste.map((l) => l.p95));

      const durataMin = round((performance.now() - t0Scenario) / 60_000, 1);
      const tutta = memoria.find((m) => m.dopo === 'all')!;
      const meta50 = memoria.find((m) => m.dopo === 'half')!;
      const crescita = round(tutta.workerRssMb / meta50.workerRssMb, 2);
      const otherLoadShare = round(
        (ondataCpu.cpuMs.other + importCpu[0].cpuMs.other + importCpu[1].cpuMs.other) /
          Math.max(1, Object.values(ondataCpu.cpuMs).reduce((a, b) => a + b, 0) + importCpu.flatMap((d) => Object.values(d.cpuMs)).reduce((a, b) => a + b, 0)),
        2,
      );
      const targets: TargetCheck[] = [
        check('workerRssMb', 'worker RSS holding all', tutta.workerRssMb, '<', TARGET_WORKER_RSS_MB, 'MB'),
        check('workerRssGrowth', 'worker RSS all / half', crescita, '<', TARGET_RSS_GROWTH, 'x'),
        check('listP95Ms', 'slowest inbox/list p95', listaP95, '<', TARGET_LIST_MS, 'ms'),
        check('durationMin', 'scenario duration', durataMin, '<', TARGET_DURATION_MIN, 'min'),
      ];
      return {
        metrics: {
          openProcedures: aperti() + nTirocini,
          tirocini: nTirocini,
          importPerSecond: creationPerSecond,
          idleAfterImportS: round(Math.max(...codaMs) / 1000, 1),
          workerRssMbHalf: meta50.workerRssMb,
          workerRssMbAll: tutta.workerRssMb,
          temporalRssMbAll: tutta.temporalRssMb ?? -1,
          dbMbAll: tutta.dbMb,
          holdCpuMsPerSecond: round(
            Object.entries(hold.cpuMs)
              .filter(([k]) => k !== 'other' && k !== 'client')
              .reduce((a, [, v]) => a + v, 0) / 30,
            1,
          ),
          listP95Ms: round(listaP95, 1),
          verificaMs: verifiche.find((v) => v.modo === 'default')?.ms ?? -1,
          surgeNotices: avvisi,
          surgeSeconds: round(ondataS, 0),
          surgeFirstNoticeS: primoDopoS,
          surgeNoticesPerSecond: perSecondo,
          surgeDrained: svuotata ? 1 : 0,
          durationMin: durataMin,
          otherLoadShare,
        },
        targets,
        settings: {
          totale,
          nTirocini,
          quote,
          fasiPerPiano,
          lotto,
          concorrenza,
          unitaMs,
          giorni,
          ondataMin,
          ondataMaxMin,
          office,
          ospitanti: OSPITANTI,
          autovacuum,
          workerMaxCachedWorkflows: ctx.config.WORKER_MAX_CACHED_WORKFLOWS,
        },
        raw: {
          memoria,
          liste,
          verifiche,
          lottiMs: summary(lotti),
          cpuPerTirocinioMs: cpuPerTirocinio,
          cpuPerTirocinioFinoAQuieteMs: cpuPerTirocinioAssestato,
          quieteDopoImportMs: codaMs,
          vacuumAnalyzeMs: manutenzioni,
          hold,
          misto: misto ? { ...misto, workflowIds: misto.workflowIds.length, wallMs: Math.round(mistoMs) } : null,
          ondata: {
            serie,
            cpuMsPerNotice: Object.fromEntries(Object.entries(ondataCpu.cpuMs).map(([k, v]) => [k, round(v / Math.max(1, avvisi), 2)])),
            // Due before the CPU window opened: part of the drain went unmetered, so the cost per notice is understated.
            dovutaPrimaS: attesaOndata < 0 ? round(-attesaOndata / 1000, 1) : 0,
            rssPiccoMb: mb(rssPicco),
          },
        },
        details: {
          columns: ['measurement', 'value'],
          rows: [
            ['tirocini imported (migration import)', `${nTirocini} at ${creationPerSecond}/s, batch p95 ${Math.round(percentile(lotti, 95))} ms`],
            [
              'CPU per imported tirocinio (ms)',
              Object.entries(cpuPerTirocinio)
                .map(([k, v]) => `${k} ${v}`)
                .join(', '),
            ],
            [
              'the same, until the stack is idle after each half',
              `${Object.entries(cpuPerTirocinioAssestato)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')} (idle ${codaMs.map((m) => (m < 0 ? 'not within 300 s' : `${round(m / 1000, 1)} s`)).join(' and ')} after the import)`,
            ],
            ...(misto
              ? [
                  [
                    'mix created through the API',
                    `${misto.ispezioni} inspections, ${misto.offerte} offers, ${misto.piani} plans (${misto.fasi} phases) in ${Math.round(mistoMs / 1000)} s`,
                  ] as [string, string],
                ]
              : []),
            ...(manutenzioni.length
              ? [['VACUUM (ANALYZE) after each half (autovacuum off)', manutenzioni.map((m) => `${round(m / 1000, 1)} s`).join(' and ')] as [string, string]]
              : []),
            ...memoria.map(
              (m) => [`holding ${m.aperti}`, `worker ${m.workerRssMb} MB, Temporal ${m.temporalRssMb ?? '?'} MB, database ${m.dbMb} MB`] as [string, string],
            ),
            [
              'idle stack holding them (CPU ms per second)',
              Object.entries(hold.cpuMs)
                .map(([k, v]) => `${k} ${round(v / 30, 1)}`)
                .join(', '),
            ],
            ...liste.map((l) => [`GET ${l.nome}`, `p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms`] as [string, string]),
            ...verifiche.map(
              (v) => [`audit/verifica (${v.modo})`, `${v.ms} ms, ${v.righe ?? '?'} rows, ${v.valida ? 'valid' : 'INVALID'}`] as [string, string],
            ),
            [
              'month-start surge',
              `${avvisi} of ${nTirocini} reminders stored ${Math.round(ondataS)} s after they fell due (the first after ${primoDopoS} s): ${perSecondo}/s (peak ${round(picco, 1)}/s while polled)${svuotata ? '' : ', not drained in the window'}`,
            ],
            [
              'CPU per reminder (ms)',
              Object.entries(ondataCpu.cpuMs)
                .map(([k, v]) => `${k} ${round(v / Math.max(1, avvisi), 1)}`)
                .join(', '),
            ],
          ],
        },
      };
    } catch (e) {
      ctx.log(`failed: ${(e as Error).stack ?? e}`);
      throw e;
    } finally {
      // Every workflow of the bench office (they would otherwise run to their ends): one batch operation on the office,
      // run by the server; this is clean-up, after the measured part.
      const t = performance.now();
      const fatti = await terminateOffice(temporal, office).catch((e) => (ctx.log(`termination: ${(e as Error).message}`), undefined));
      if (fatti) {
        ctx.log(
          `terminated ${fatti.terminated} of ${fatti.total} workflows of ${office} (${fatti.failed} failed) in ${Math.round((performance.now() - t) / 1000)} s` +
            (fatti.completed ? '' : '; the batch operation is still running'),
        );
      }
      // What the batch left (started after its query ran, say) by id, as the other scenarios do.
      if (fatti?.completed) await terminateAll(temporal, await openWorkflowsOf(temporal, office)).catch((e) => ctx.log(`termination: ${(e as Error).message}`));
      // The mix's workflows belong to other offices (inspectorates, employers' CPI): by id.
      if (misto) await terminateAll(temporal, misto.workflowIds).catch((e) => ctx.log(`mix termination: ${(e as Error).message}`));
      await close();
      await pg.end();
      await ctx.stack.riavvia().catch((e) => ctx.log(`the API and worker did not restart with the bench settings: ${(e as Error).message.split('\n')[0]}`));
    }
  },
};
