import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { EstrazioneOsservata, statisticheImparzialita } from '../../libs/domain/src/ispezioni/imparzialita';
import type { Esclusione, TrascrizioneSorteggio, ValoreBeacon } from '../../libs/domain/src/ispezioni/ispezioni.types';
import { PeriodoNoto, motiviPeriodoNonUsabile, periodiDaCreare } from '../../libs/domain/src/ispezioni/periodi';
import { PERIODI_PREDEFINITI } from '../../libs/domain/src/ispezioni/politica';
import {
  AnelloIspettorato,
  GENESI_CATENA,
  PeriodoPubblicato,
  hashTrascrizione,
  impegno,
  sorteggia,
  verificaCatenaIspettorato,
  verificaSorteggio,
} from '../../libs/domain/src/ispezioni/sorteggio';
import { CpuMeter } from '../lib/proc';
import { percentile, round } from '../lib/stats';
import { BenchContext, Scenario, check } from '../lib/types';

/** Intervention requests a year at Palermo's inspectorate, and its inspectors. */
const RICHIESTE = 7_763;
const ISPETTORI = 50;
/** A smaller neighbour drawing in the same year, interleaved, with a chain of its own. */
const RICHIESTE_TP = 1_000;
const ISPETTORI_TP = 8;
const ANNO = 2026;
const TARGET_MS = 10_000;
/** One draw in this many ends in an abstention and a redraw (attempt 2) without the abstaining inspector, 1 to 3 days later. */
const ASTENSIONE_OGNI = 100;
const SOGLIA = 0.01;
/** The schedule's interval (the service's default): periods are published and revealed at its runs. */
const CONTROLLO_MS = 5 * 60_000;
const GIORNO_MS = 86_400_000;

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

/** One inspectorate of the simulated year: its inspectors and loads, its periods (with their secrets), its chain. */
interface Ufficio {
  codice: string;
  ids: string[];
  carico: Map<string, number>;
  caricoIniziale: number[];
  chiusure: Array<{ giorno: number; id: string }>;
  leaveOffset: Map<string, number>;
  periodi: Array<PeriodoNoto & { segreto: string; impegno: string; testa: { n: number; hash: string } | null }>;
  catena: AnelloIspettorato[];
  perPeriodo: Map<string, EstrazioneOsservata[]>;
}

/**
 * One year of draws at Palermo's volume through the library, as the service runs them, without the API: the draw
 * itself is pure and the scenario measures it, not the database.
 */
export const sorteggioPalermo: Scenario = {
  name: 'sorteggio-palermo',
  title: `One year of impartial draws at Palermo's volume (${RICHIESTE.toLocaleString('en')} requests, ${ISPETTORI} inspectors), periods rolling over`,
  description:
    `${RICHIESTE.toLocaleString('en')} intervention requests spread over ${ANNO} (Palermo's yearly volume) are assigned among ` +
    `${ISPETTORI} inspectors in the bench process, through the domain library exactly as the service does, interleaved with a smaller ` +
    `neighbour (${RICHIESTE_TP.toLocaleString('en')} requests, ${ISPETTORI_TP} inspectors) that keeps a chain of its own. The periods roll over ` +
    "as in service: a simulated schedule run every 5 minutes publishes each inspectorate's monthly commitments 7 days ahead " +
    '(`periodiDaCreare`, months in Italian time) and reveals each period at the first run after its end, publishing the chain ' +
    'head. Each draw uses the period in force at its own time (checked with `motiviPeriodoNonUsabile`), so a redraw after an ' +
    'abstention 1 to 3 days later may fall in the next month. For each draw: `sorteggia` (commitment check, weights from the ' +
    'current open cases, seed from the period secret, the request id, the attempt and a synthetic beacon value, HMAC-SHA256 ' +
    "generator, rejection sampling, transcript) and `hashTrascrizione` to extend its inspectorate's numbered chain. The world " +
    'evolves: the year starts with 10 to 59 open cases per inspector, closing over its first 150 days; each assignment opens a ' +
    'case that closes 30 to 150 days later; about 8% of the inspectors are on leave on any day and 2% of requests exclude one ' +
    `more for a conflict of interest; one draw in ${ASTENSIONE_OGNI} ends in an abstention and a recorded redraw. The target is ` +
    'on the total time of all draws and both chains; draws per second, per-draw p50/p95, the impartiality p-value over the year ' +
    'and per period, how far the loads converged, and the time to re-verify every draw with its revealed secret and period and ' +
    'walk both chains against their published heads are reported alongside. Deterministic: every run draws the same year.',
  findings:
    'Met (2026-12-01, 2 CPUs): 8,850 draws (7,840 at Palermo, of which 77 redraws after abstention; 1,010 at the neighbour) ' +
    'with two numbered chains, 15 Palermo periods (a bridge before January, twelve months, and the next ones published ahead) ' +
    'and their reveals in 1.7 to 3.9 s over four runs of the same code that day, p50 0.11 ms and p95 0.25-0.29 ms per draw ' +
    "in every run (the spread is in the simulated year's own bookkeeping, closing cases and queuing redraws, on a machine " +
    'whose load average stood at 2; the period lookup and the second chain add little: the previous one-chain, ' +
    'fixed-month run took 1.0-1.1 s for Palermo alone, p50 0.09 ms). Re-verifying every ' +
    "draw with its revealed secret and its period's rules (in the period, after the commitment, before the reveal, not after " +
    'the published head) and walking both chains against the 15 published heads takes 1.2 s. 8 of the 87 redraws fell in the ' +
    "month after the abstained draw and used that month's secret. Palermo's year passes the impartiality test (chi-square " +
    '62.6 on 49 df, p 0.092); open loads converge from a standard deviation of 14.5 cases to 5.7. One monthly test alarms ' +
    '(lowest p 0.001): with twelve monthly tests at 0.01 a chance alarm is expected about one year in nine, and the earlier ' +
    'simulation over 15 years gave none below 0.01 in 180 monthly p-values (the test is conservative, docs/assignment.md ' +
    '§13). In service that alarm notifies the dirigente at the reveal; it is reported here, not hidden by picking other secrets.',
  targets: [
    `All ${(RICHIESTE + RICHIESTE_TP).toLocaleString('en')} requests drawn (Palermo's ${RICHIESTE.toLocaleString('en')} and its neighbour's, redraws included), per-inspectorate chains and period rollover, in under ${TARGET_MS / 1000} s.`,
    `Palermo's year passes the impartiality test (chi-square p-value ≥ ${SOGLIA}).`,
  ],

  async run(ctx: BenchContext) {
    const cpu = CpuMeter.ofStack(ctx.stack);
    const rnd = mulberry32(0x5a1e);
    const ufficio = (codice: string, n: number, prefisso: string): Ufficio => {
      const ids = Array.from({ length: n }, (_, k) => `${prefisso}-${pad(k + 1, 3)}`);
      // A year already under way: open loads between 10 and 59, unevenly spread, closing over the first 150 days.
      const carico = new Map(ids.map((id) => [id, 10 + Math.floor(rnd() * 50)] as [string, number]));
      const chiusure: Ufficio['chiusure'] = [];
      for (const [id, k] of carico) for (let x = 0; x < k; x++) chiusure.push({ giorno: Math.floor(rnd() * 150), id });
      return {
        codice,
        ids,
        carico,
        caricoIniziale: [...carico.values()],
        chiusure,
        leaveOffset: new Map(ids.map((id) => [id, Math.floor(rnd() * 365)] as [string, number])),
        periodi: [],
        catena: [],
        perPeriodo: new Map(),
      };
    };
    const pa = ufficio('ITL-PA', ISPETTORI, 'ISP-PA');
    const tp = ufficio('ITL-TP', ISPETTORI_TP, 'ISP-TP');
    const uffici = [pa, tp];

    /** The schedule's run at `t`: commitments ahead, then the reveal (with the chain head) of every ended period. */
    let ultimoControllo = Date.UTC(ANNO - 1, 11, 20);
    const controllo = (t: number) => {
      for (const u of uffici) {
        for (const p of periodiDaCreare(u.periodi, t, PERIODI_PREDEFINITI)) {
          const segreto = sha256hex(`bench sorteggio-palermo ${u.codice} ${p.periodo}`);
          u.periodi.push({ ...p, pubblicatoIl: t, rivelatoIl: null, segreto, impegno: impegno(segreto), testa: null });
        }
        for (const p of u.periodi) {
          if (p.rivelatoIl === null && p.fine <= t) {
            const last = u.catena[u.catena.length - 1];
            p.rivelatoIl = t;
            p.testa = { n: last?.n ?? 0, hash: last?.hash ?? GENESI_CATENA };
          }
        }
      }
    };
    const avanza = (t: number) => {
      while (ultimoControllo + CONTROLLO_MS <= t) {
        ultimoControllo += CONTROLLO_MS;
        controllo(ultimoControllo);
      }
    };
    controllo(ultimoControllo);

    const drawMs: number[] = [];
    let astensioni = 0;
    let closed = 0;
    let redrawsNextPeriod = 0;
    const oggi = new Map<Ufficio, number>();
    /** Redraws due after an abstention, in time order. */
    const pendenti: Array<{ at: number; u: Ufficio; richiestaId: string; esclusi: Esclusione[]; j: number; periodoPrima: string }> = [];

    const disegna = (u: Ufficio, at: number, richiestaId: string, tentativo: number, esclusi: Esclusione[], j: number) => {
      avanza(at);
      const giorno = Math.floor((at - Date.UTC(ANNO, 0, 1)) / GIORNO_MS);
      if (oggi.get(u) !== giorno) {
        oggi.set(u, giorno);
        for (let k = u.chiusure.length - 1; k >= 0; k--) {
          if (u.chiusure[k].giorno <= giorno) {
            u.carico.set(u.chiusure[k].id, u.carico.get(u.chiusure[k].id)! - 1);
            u.chiusure.splice(k, 1);
            closed++;
          }
        }
      }
      const p = u.periodi.find((x) => x.inizio <= at && at < x.fine);
      if (!p || motiviPeriodoNonUsabile(p, at).length) throw new Error(`${u.codice}: no usable period at ${new Date(at).toISOString()}`);
      const fuori = new Set(esclusi.map((e) => e.ispettoreId));
      const candidati = u.ids.filter((id) => !fuori.has(id)).map((id) => ({ ispettoreId: id, caricoAperto: u.carico.get(id)! }));
      // A beacon round published after the attempt became due (drand-like, synthetic value).
      const round = 20_000_000 + Math.floor(at / 1000) + tentativo;
      const beacon: ValoreBeacon = { fonte: 'bench/sintetico', round, valore: sha256hex(`beacon ${u.codice} ${round}`) };
      const d0 = performance.now();
      const trascrizione: TrascrizioneSorteggio = sorteggia({
        segreto: p.segreto,
        impegnoSegreto: p.impegno,
        ispettorato: u.codice,
        periodo: p.periodo,
        richiestaId,
        tentativo,
        beacon,
        candidati,
        esclusi,
        registratoIl: new Date(at).toISOString(),
      });
      const last = u.catena[u.catena.length - 1];
      const prevHash = last?.hash ?? GENESI_CATENA;
      const hash = hashTrascrizione(prevHash, trascrizione);
      drawMs.push(performance.now() - d0);
      u.catena.push({ n: u.catena.length + 1, trascrizione, prevHash, hash, registratoIl: trascrizione.registratoIl });
      if (!u.perPeriodo.has(p.periodo)) u.perPeriodo.set(p.periodo, []);
      u.perPeriodo.get(p.periodo)!.push({ candidati: trascrizione.candidati, scelto: trascrizione.estrazione.scelto });
      const scelto = trascrizione.estrazione.scelto;
      if (tentativo === 1 && (j + 1) % ASTENSIONE_OGNI === 0) {
        // The chosen inspector abstains 1 to 3 days later: recorded, then a new draw without them, in the period then in force.
        astensioni++;
        const quando = at + GIORNO_MS * (1 + Math.floor(rnd() * 3));
        pendenti.push({
          at: quando,
          u,
          richiestaId,
          esclusi: [...esclusi, { ispettoreId: scelto, motivi: [{ regola: 'astensione', dettaglio: 'si è astenuto da questa richiesta' }] }],
          j,
          periodoPrima: p.periodo,
        });
        pendenti.sort((a, b) => a.at - b.at);
        return;
      }
      u.carico.set(scelto, u.carico.get(scelto)! + 1);
      u.chiusure.push({ giorno: giorno + 30 + Math.floor(rnd() * 121), id: scelto });
    };
    const ridisegna = (fino: number) => {
      while (pendenti.length && pendenti[0].at <= fino) {
        const r = pendenti.shift()!;
        disegna(r.u, r.at, r.richiestaId, 2, r.esclusi, r.j);
        if (r.u.catena[r.u.catena.length - 1].trascrizione.periodo !== r.periodoPrima) redrawsNextPeriod++;
      }
    };

    const richiesteTutte = [
      ...Array.from({ length: RICHIESTE }, (_, j) => ({ u: pa, j, giorno: Math.floor((j * 365) / RICHIESTE) })),
      ...Array.from({ length: RICHIESTE_TP }, (_, j) => ({ u: tp, j, giorno: Math.floor((j * 365) / RICHIESTE_TP) })),
    ];
    const quando = (x: { u: Ufficio; j: number; giorno: number }) =>
      Date.UTC(ANNO, 0, 1 + x.giorno) + 8 * 3600_000 + (x.j % 600) * 60_000 + (x.u === tp ? 30_000 : 0);
    richiesteTutte.sort((a, b) => quando(a) - quando(b));

    const c0 = cpu.snapshot();
    const t0 = performance.now();
    for (const x of richiesteTutte) {
      const at = quando(x) + 2000; // drawn 2 s after registration
      ridisegna(at);
      const { u, j, giorno } = x;
      // Eligibility, simulated: a 30-day leave a year each (about 8% away on any day), 2% of requests one conflict.
      const esclusi: Esclusione[] = [];
      for (const id of u.ids) {
        if ((giorno + u.leaveOffset.get(id)!) % 365 < 30) esclusi.push({ ispettoreId: id, motivi: [{ regola: 'assenza', dettaglio: 'assente' }] });
      }
      if (rnd() < 0.02) {
        const id = u.ids[Math.floor(rnd() * u.ids.length)];
        if (!esclusi.some((e) => e.ispettoreId === id))
          esclusi.push({ ispettoreId: id, motivi: [{ regola: 'conflitto', dettaglio: 'dichiarato', riferimento: `conflitto-interesse:${j}` }] });
      }
      disegna(u, at, `RIC-${u.codice}-${ANNO}-${pad(j + 1, 6)}`, 1, esclusi, j);
    }
    ridisegna(Infinity);
    const totalMs = performance.now() - t0;
    const during = CpuMeter.diff(c0, cpu.snapshot());

    // Every period of the year ends and is revealed at the next schedule run.
    controllo(Date.UTC(ANNO + 1, 1, 1));

    // Impartiality: Palermo's year, and each of its periods.
    const periodiPa = [...pa.perPeriodo.keys()].sort();
    const anno = statisticheImparzialita([...pa.perPeriodo.values()].flat(), SOGLIA);
    const mesi = periodiPa.map((k) => statisticheImparzialita(pa.perPeriodo.get(k)!, SOGLIA));
    const minMese = Math.min(...mesi.map((m) => m.pValue));

    // Anyone's check once the periods are revealed: every draw recomputed with its secret and its period's rules, and
    // each inspectorate's chain walked against the heads published at the reveals.
    const v0 = performance.now();
    let nonValidi = 0;
    const problemiCatena: string[] = [];
    for (const u of uffici) {
      const pubblicati: PeriodoPubblicato[] = u.periodi.map((p) => ({
        periodo: p.periodo,
        inizio: new Date(p.inizio).toISOString(),
        fine: new Date(p.fine).toISOString(),
        pubblicatoIl: new Date(p.pubblicatoIl).toISOString(),
        rivelatoIl: p.rivelatoIl === null ? null : new Date(p.rivelatoIl).toISOString(),
        testaCatena: p.testa,
      }));
      const byLabel = new Map(u.periodi.map((p, k) => [p.periodo, { p, pub: pubblicati[k] }]));
      for (const r of u.catena) {
        const t = r.trascrizione as TrascrizioneSorteggio;
        const { p, pub } = byLabel.get(t.periodo)!;
        if (!verificaSorteggio(t, p.segreto, { impegnoPubblicato: p.impegno, periodo: pub, posizione: r.n }).valido) nonValidi++;
      }
      const c = verificaCatenaIspettorato(u.catena, pubblicati);
      if (!c.valido) problemiCatena.push(...c.problemi.slice(0, 3).map((x) => `${u.codice} ${x.n}: ${x.motivo}`));
    }
    const verifyMs = performance.now() - v0;
    if (nonValidi > 0 || problemiCatena.length) throw new Error(`re-verification failed: ${nonValidi} draws not valid; ${problemiCatena.join('; ')}`);

    const caricoIniziale = pa.caricoIniziale;
    const caricoFinale = [...pa.carico.values()];
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const stdev = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    };
    const draws = pa.catena.length + tp.catena.length;
    const otherLoadShare = round((during.cpuMs.other ?? 0) / (totalMs * availableParallelism()), 2);
    const metrics = {
      totalMs: round(totalMs, 0),
      drawsPerSecond: round(draws / (totalMs / 1000), 0),
      drawP50Ms: round(percentile(drawMs, 50), 3),
      drawP95Ms: round(percentile(drawMs, 95), 3),
      drawMaxMs: round(percentile(drawMs, 100), 2),
      draws,
      drawsPalermo: pa.catena.length,
      drawsNeighbour: tp.catena.length,
      abstentions: astensioni,
      redrawsInNextPeriod: redrawsNextPeriod,
      periodsPalermo: pa.periodi.length,
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
    ctx.log(
      `${draws} draws in two chains (${astensioni} redraws after abstention, ${redrawsNextPeriod} of them in the next period) in ${metrics.totalMs} ms: ${metrics.drawsPerSecond} draws/s, ` +
        `p50 ${metrics.drawP50Ms} ms, p95 ${metrics.drawP95Ms} ms; chi-square ${metrics.chiSquare} (df ${anno.gradiLiberta}), p ${metrics.pValue}, ` +
        `lowest monthly p ${metrics.lowestMonthlyPValue}; open loads spread (max − min) ${metrics.loadSpreadStart} → ${metrics.loadSpreadEnd}, standard deviation ${metrics.loadStdevStart} → ${metrics.loadStdevEnd}; ` +
        `re-verified every draw with its period and both chains against their heads in ${metrics.verifyAllMs} ms`,
    );

    return {
      metrics,
      targets: [
        check(
          'totalMs',
          `${(RICHIESTE + RICHIESTE_TP).toLocaleString('en')} requests drawn, per-inspectorate chains, periods rolling over`,
          metrics.totalMs,
          '<',
          TARGET_MS,
          'ms',
        ),
        check('pValue', "impartiality chi-square p-value over Palermo's year", metrics.pValue, '>=', SOGLIA, ''),
      ],
      settings: {
        richieste: RICHIESTE,
        ispettori: ISPETTORI,
        richiesteVicino: RICHIESTE_TP,
        ispettoriVicino: ISPETTORI_TP,
        anno: ANNO,
        periodi: 'P1M, published 7 days ahead',
        controlloMs: CONTROLLO_MS,
        astensioneOgni: ASTENSIONE_OGNI,
        soglia: SOGLIA,
        beacon: 'synthetic, every draw',
      },
      raw: { drawMs, casesClosed: closed, caricoIniziale, caricoFinale, cpuMs: during.cpuMs, machineBusy: during.machineBusy },
      details: {
        columns: ['Period', 'Draws', 'Chi-square', 'df', 'p-value', 'Alarm'],
        rows: [
          ...mesi.map((m, i) => [periodiPa[i], m.estrazioni, round(m.chiQuadro, 2), m.gradiLiberta, round(m.pValue, 4), m.allarme ? 'yes' : 'no']),
          [`${ANNO}`, anno.estrazioni, round(anno.chiQuadro, 2), anno.gradiLiberta, round(anno.pValue, 4), anno.allarme ? 'yes' : 'no'],
        ],
      },
    };
  },
};
