import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { EstrazioneOsservata, statisticheImparzialita } from '../../libs/domain/src/ispezioni/imparzialita';
import type { Esclusione, TrascrizioneSorteggio, ValoreBeacon } from '../../libs/domain/src/ispezioni/ispezioni.types';
import { AnelloCatena, GENESI_CATENA, hashTrascrizione, impegno, sorteggia, verificaCatena, verificaSorteggio } from '../../libs/domain/src/ispezioni/sorteggio';
import { CpuMeter } from '../lib/proc';
import { percentile, round } from '../lib/stats';
import { BenchContext, Scenario, check } from '../lib/types';

/** Intervention requests a year at Palermo's inspectorate, and its inspectors. */
const RICHIESTE = 7_763;
const ISPETTORI = 50;
const ANNO = 2026;
const ISPETTORATO = 'ITL-PA';
const TARGET_MS = 10_000;
/** One draw in this many ends in an abstention and a redraw (attempt 2) without the abstaining inspector. */
const ASTENSIONE_OGNI = 100;
const SOGLIA = 0.01;

/** Small deterministic PRNG for the simulated world (leave, conflicts, case durations): every run draws the same year. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * One year of draws at Palermo's volume through the library, as the service would run them, without the API: the
 * draw itself is pure and the scenario measures it, not the database.
 */
export const sorteggioPalermo: Scenario = {
  name: 'sorteggio-palermo',
  title: `One year of impartial draws at Palermo's volume (${RICHIESTE.toLocaleString('en')} requests, ${ISPETTORI} inspectors)`,
  description:
    `${RICHIESTE.toLocaleString('en')} intervention requests spread over ${ANNO} (Palermo's yearly volume) are assigned among ` +
    `${ISPETTORI} inspectors in the bench process, through the domain library exactly as the service does: for each ` +
    'request, `sorteggia` (commitment check, weights from the current open cases, seed from the month\'s committed ' +
    'secret, the request id, the attempt and a (synthetic) beacon value, HMAC-SHA256 generator, rejection sampling, ' +
    'transcript) and `hashTrascrizione` to extend the inspectorate\'s chain. The world evolves: the year starts with 10 ' +
    'to 59 open cases per inspector, closing over its first 150 days; each assignment opens a case that closes 30 to ' +
    '150 days later; about 8% of the inspectors are on leave on any day and 2% of requests ' +
    `exclude one more for a conflict of interest; one draw in ${ASTENSIONE_OGNI} ends in an abstention and a recorded ` +
    'redraw (attempt 2). Twelve monthly commit-reveal periods. The target is on the total time of the draws and the ' +
    'chain; draws per second, per-draw p50/p95, the impartiality chi-square p-value over the year (and the lowest ' +
    'monthly one), how far the open loads converged, and the time to re-verify every draw with the revealed secrets ' +
    'and the whole chain are reported alongside. The draws are deterministic (fixed secrets and a seeded simulation), ' +
    'so every run gives the same assignments and p-values; the year\'s p-value is the one that should not alarm.',
  findings:
    'Met (2026-11-23, 2 CPUs): 7,840 draws (7,763 requests plus 77 redraws after abstention) and their chain in about ' +
    '1.1 s, 7,400 draws/s, p50 0.09 ms and p95 0.18 ms per draw (pure-JS SHA-256 and HMAC from @noble/hashes: the ' +
    'commitment check, the seed and one HMAC block per draw, then the chain hash over about 3 KB of canonical JSON). ' +
    'Re-verifying every draw and walking the chain takes about 0.9 s. The year passes the impartiality test (chi-square ' +
    '47.1 on 49 df, p 0.55); open loads converge from a standard deviation of 14.5 cases to 6.5. December\'s own test ' +
    'alarms (p 0.0036): with twelve monthly tests at 0.01 a chance alarm is expected about one year in nine, and the ' +
    'same simulation over 15 years with other secrets gave 180 monthly p-values, none below 0.01 and 6 below 0.05 (the ' +
    'test is conservative, docs/assignment.md §13). It is kept as is rather than hidden by picking other secrets.',
  targets: [
    `All ${RICHIESTE.toLocaleString('en')} draws with ${ISPETTORI} inspectors, transcripts hash-chained, in under ${TARGET_MS / 1000} s.`,
    `The year's assignments pass the impartiality test (chi-square p-value ≥ ${SOGLIA}).`,
  ],

  async run(ctx: BenchContext) {
    const livePid = (app: { child?: ChildProcess }) => (app.child && app.child.exitCode === null && app.child.signalCode === null ? app.child.pid : undefined);
    const cpu = new CpuMeter(() => ({ api: livePid(ctx.stack.api), worker: livePid(ctx.stack.worker) }));
    const rnd = mulberry32(0x5a1e);
    const ids = Array.from({ length: ISPETTORI }, (_, i) => `ISP-PA-${pad(i + 1, 3)}`);
    // A year already under way: open loads between 10 and 59, unevenly spread.
    const carico = new Map(ids.map((id) => [id, 10 + Math.floor(rnd() * 50)] as [string, number]));
    const caricoIniziale = [...carico.values()];
    /** Closing day of each open case, per inspector: the ones already open close over the first 150 days. */
    const chiusure: Array<{ giorno: number; id: string }> = [];
    for (const [id, n] of carico) for (let k = 0; k < n; k++) chiusure.push({ giorno: Math.floor(rnd() * 150), id });
    const segreti = Array.from({ length: 12 }, (_, m) => sha256hex(`bench sorteggio-palermo ${ANNO}-${pad(m + 1, 2)}`));
    const impegni = segreti.map(impegno);
    const leaveOffset = new Map(ids.map((id) => [id, Math.floor(rnd() * 365)] as [string, number]));

    const transcripts: AnelloCatena[] = [];
    const perMese: EstrazioneOsservata[][] = Array.from({ length: 12 }, () => []);
    const drawMs: number[] = [];
    let prevHash = GENESI_CATENA;
    let astensioni = 0;
    let closed = 0;

    const c0 = cpu.snapshot();
    const t0 = performance.now();
    let oggi = -1;
    for (let j = 0; j < RICHIESTE; j++) {
      const giorno = Math.floor((j * 365) / RICHIESTE);
      // Cases due to close by today close (bookkeeping, not timed apart: it is part of running the year).
      if (giorno !== oggi) {
        oggi = giorno;
        for (let k = chiusure.length - 1; k >= 0; k--) {
          if (chiusure[k].giorno <= giorno) {
            carico.set(chiusure[k].id, carico.get(chiusure[k].id)! - 1);
            chiusure.splice(k, 1);
            closed++;
          }
        }
      }
      const data = new Date(Date.UTC(ANNO, 0, 1 + giorno));
      const mese = data.getUTCMonth();
      const periodo = `${ANNO}-${pad(mese + 1, 2)}`;
      const richiestaId = `RIC-PA-${ANNO}-${pad(j + 1, 6)}`;
      // Eligibility, simulated: a 30-day leave a year each (about 8% away on any day), 2% of requests one conflict.
      const esclusi: Esclusione[] = [];
      for (const id of ids) {
        if ((giorno + leaveOffset.get(id)!) % 365 < 30) esclusi.push({ ispettoreId: id, motivi: [{ regola: 'assenza', dettaglio: 'ferie' }] });
      }
      if (rnd() < 0.02) {
        const id = ids[Math.floor(rnd() * ISPETTORI)];
        if (!esclusi.some((e) => e.ispettoreId === id)) esclusi.push({ ispettoreId: id, motivi: [{ regola: 'conflitto', dettaglio: 'dichiarato' }] });
      }
      const registratoIl = new Date(data.getTime() + 8 * 3600_000 + (j % 600) * 60_000).toISOString();

      let scelto = '';
      for (let tentativo = 1; ; tentativo++) {
        const fuori = new Set(esclusi.map((e) => e.ispettoreId));
        const candidati = ids.filter((id) => !fuori.has(id)).map((id) => ({ ispettoreId: id, caricoAperto: carico.get(id)! }));
        // A beacon round published after the request was registered (drand-like, synthetic value).
        const round = 20_000_000 + j * 4 + tentativo;
        const beacon: ValoreBeacon = { fonte: 'bench/sintetico', round, valore: sha256hex(`beacon ${round}`) };
        const d0 = performance.now();
        const trascrizione: TrascrizioneSorteggio = sorteggia({
          segreto: segreti[mese], impegnoSegreto: impegni[mese], ispettorato: ISPETTORATO, periodo, richiestaId, tentativo, beacon,
          candidati, esclusi, registratoIl,
        });
        const hash = hashTrascrizione(prevHash, trascrizione);
        drawMs.push(performance.now() - d0);
        transcripts.push({ trascrizione, prevHash, hash });
        prevHash = hash;
        perMese[mese].push({ candidati: trascrizione.candidati, scelto: trascrizione.estrazione.scelto });
        scelto = trascrizione.estrazione.scelto;
        if (tentativo === 1 && (j + 1) % ASTENSIONE_OGNI === 0) {
          // The chosen inspector abstains (conflict): recorded, then a new draw without them.
          astensioni++;
          esclusi.push({ ispettoreId: scelto, motivi: [{ regola: 'astensione', dettaglio: 'conflitto dichiarato dopo il sorteggio' }] });
          continue;
        }
        break;
      }
      carico.set(scelto, carico.get(scelto)! + 1);
      chiusure.push({ giorno: giorno + 30 + Math.floor(rnd() * 121), id: scelto });
    }
    const totalMs = performance.now() - t0;
    const during = CpuMeter.diff(c0, cpu.snapshot());

    // Impartiality: the year, and each monthly period.
    const anno = statisticheImparzialita(perMese.flat(), SOGLIA);
    const mesi = perMese.map((draws) => statisticheImparzialita(draws, SOGLIA));
    const minMese = Math.min(...mesi.map((m) => m.pValue));

    // Anyone's check once the periods close: every draw recomputed with its revealed secret, and the chain walked.
    const v0 = performance.now();
    let nonValidi = 0;
    for (const { trascrizione } of transcripts) {
      const mese = Number(trascrizione.periodo.slice(5, 7)) - 1;
      if (!verificaSorteggio(trascrizione, segreti[mese], { impegnoPubblicato: impegni[mese] }).valido) nonValidi++;
    }
    const catena = verificaCatena(transcripts);
    const verifyMs = performance.now() - v0;
    if (nonValidi > 0 || !catena.valido) throw new Error(`re-verification failed: ${nonValidi} draws not valid, chain ${JSON.stringify(catena)}`);

    const caricoFinale = [...carico.values()];
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const stdev = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    };
    const draws = transcripts.length;
    const otherLoadShare = round((during.cpuMs.other ?? 0) / (totalMs * availableParallelism()), 2);
    const metrics = {
      totalMs: round(totalMs, 0),
      drawsPerSecond: round(draws / (totalMs / 1000), 0),
      drawP50Ms: round(percentile(drawMs, 50), 3),
      drawP95Ms: round(percentile(drawMs, 95), 3),
      drawMaxMs: round(percentile(drawMs, 100), 2),
      draws,
      abstentions: astensioni,
      chiSquare: round(anno.chiQuadro, 2),
      degreesOfFreedom: anno.gradiLiberta,
      pValue: round(anno.pValue, 4),
      lowestMonthlyPValue: round(minMese, 4),
      monthlyAlarms: mesi.filter((m) => m.allarme).length,
      loadSpreadStart: spread(caricoIniziale),
      loadSpreadEnd: spread(caricoFinale),
      loadStdevStart: round(stdev(caricoIniziale), 1),
      loadStdevEnd: round(stdev(caricoFinale), 1),
      verifyAllMs: round(verifyMs, 0),
      otherLoadShare,
    };
    ctx.log(`${draws} draws (${astensioni} redraws after abstention) in ${metrics.totalMs} ms: ${metrics.drawsPerSecond} draws/s, ` +
      `p50 ${metrics.drawP50Ms} ms, p95 ${metrics.drawP95Ms} ms; chi-square ${metrics.chiSquare} (df ${anno.gradiLiberta}), p ${metrics.pValue}, ` +
      `lowest monthly p ${metrics.lowestMonthlyPValue}; open loads spread (max − min) ${metrics.loadSpreadStart} → ${metrics.loadSpreadEnd}, standard deviation ${metrics.loadStdevStart} → ${metrics.loadStdevEnd}; ` +
      `re-verified every draw and the chain in ${metrics.verifyAllMs} ms`);

    return {
      metrics,
      targets: [
        check('totalMs', `${RICHIESTE.toLocaleString('en')} draws, ${ISPETTORI} inspectors, chained`, metrics.totalMs, '<', TARGET_MS, 'ms'),
        check('pValue', 'impartiality chi-square p-value over the year', metrics.pValue, '>=', SOGLIA, ''),
      ],
      settings: { richieste: RICHIESTE, ispettori: ISPETTORI, anno: ANNO, periodi: 12, astensioneOgni: ASTENSIONE_OGNI, soglia: SOGLIA, beacon: 'synthetic, every draw' },
      raw: { drawMs, casesClosed: closed, caricoIniziale, caricoFinale, cpuMs: during.cpuMs, machineBusy: during.machineBusy },
      details: {
        columns: ['Period', 'Draws', 'Chi-square', 'df', 'p-value', 'Alarm'],
        rows: [
          ...mesi.map((m, i) => [`${ANNO}-${pad(i + 1, 2)}`, m.estrazioni, round(m.chiQuadro, 2), m.gradiLiberta, round(m.pValue, 4), m.allarme ? 'yes' : 'no']),
          [`${ANNO}`, anno.estrazioni, round(anno.chiQuadro, 2), anno.gradiLiberta, round(anno.pValue, 4), anno.allarme ? 'yes' : 'no'],
        ],
      },
    };
  },
};
