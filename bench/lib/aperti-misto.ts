import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { dataItaliana } from '../../libs/domain/src/calendar/ora-italiana';
import type { Fase, IsoDate, PianoDocumento } from '../../libs/domain/src/cronoprogramma/cronoprogramma.types';
import { offertaWorkflowId } from '../../workflows/collocamento/offerta.types';
import { ispezioneWorkflowId } from '../../workflows/ispezioni/ispezione.types';
import { HttpClient, expectStatus, nextPage } from './http';
import { corpoRichiesta, preparaIspettorato } from './ispettorato';
import { creaOfferta, dichiaraCongrua, registraDatore } from './offerte';
import { runPool } from './pool';
import { round } from './stats';
import { connectTemporal, terminateAll } from './temporal';
import type { BenchContext } from './types';

/**
 * The procedures of the `aperti-100k` mix other than the tirocini, created through the API as their users would and
 * left open in their waiting state: intervention requests drawn and awaiting the inspector's acceptance, offers in
 * their candidature window, approved plans chasing their phases' deadlines.
 */

export interface QuoteMisto {
  ispezioni: number;
  offerte: number;
  piani: number;
}

export interface MistoCreato {
  /** How many are open now, in their waiting state. */
  ispezioni: number;
  offerte: number;
  piani: number;
  fasi: number;
  /** Every workflow started (for termination at the end). */
  workflowIds: string[];
  /** Wall ms per created procedure, per kind: from its first request to the last one seen in its waiting state. */
  msPerProcedura: Record<'ispezioni' | 'offerte' | 'piani', number>;
}

const ISPETTORI = 50;
/**
 * Draw periods of two hours (the first from a second after the set-up), the next published half an hour before:
 * no period ends, and no reveal runs, while the scenario creates and holds its procedures.
 */
const POLITICA_ISPETTORATO = { finestraRotazioneMesi: 0, periodoSorteggio: 'PT2H', anticipoPubblicazione: 'PT30M' };
/** Candidature windows close 3 to 5 hours after the offers are judged (spread by the minute), after the scenario. */
const FINESTRA_OFFERTE_MS = 3 * 3600_000;
const SPARPAGLIO_OFFERTE_MIN = 120;
const FASI_PER_PIANO = 10;
/** How long, at least, the draws of the registered requests may take before it counts as a failure. */
const ATTESA_SORTEGGI_MIN_MS = 120_000;
/** ... plus this much per request: 4 draws/s, well below what the stack does on 2 busy CPUs (about 10/s). */
const ATTESA_SORTEGGI_PER_RICHIESTA_MS = 250;

/**
 * A plan of one office with FASI_PER_PIANO phases of one procedural indicator, a month each, the first ending 14 to
 * 41 days from today (by the office's number, so offices' deadlines fall on different days), the rest a month apart:
 * its workflow waits for the first reminder, five working days before the first end (or for this week's digest).
 */
export function pianoAperto(ufficio: string, n: number, oggi: IsoDate): PianoDocumento {
  const primaFine = addDays(oggi, 14 + (n % 28));
  const strutture = ['Settore Servizi per il lavoro', 'Settore Sistemi informativi'];
  const fasi: Fase[] = Array.from({ length: FASI_PER_PIANO }, (_, k) => {
    const finePrevista = addDays(primaFine, 30 * k);
    return {
      numero: k + 1,
      descrizione: `Fase ${k + 1} del progetto di servizio`,
      outputAtteso: `Rapporto della fase ${k + 1}`,
      inizioPrevisto: addDays(finePrevista, -29),
      finePrevista,
      strutturaResponsabile: strutture[k % strutture.length],
      peso: 100 / FASI_PER_PIANO,
    };
  });
  const anno = Number(primaFine.slice(0, 4));
  return {
    ufficio,
    anno,
    titolo: `Piano della performance ${anno} – ${ufficio}`,
    // The year-end of the last phase: no phase ends after the close.
    chiusura: `${fasi[fasi.length - 1].finePrevista.slice(0, 4)}-12-31`,
    aree: [
      {
        codice: 'A',
        titolo: 'Servizi per il lavoro',
        obiettivi: [
          {
            numero: '1',
            descrizione: 'Avvio del nuovo servizio di preselezione',
            peso: 100,
            strutturaResponsabile: strutture[0],
            indicatori: [{ tipo: 'procedurale', codice: '1.a', descrizione: 'Cronoprogramma di avvio', peso: 100, fasi }],
          },
        ],
      },
    ],
  };
}

/** The users of one office: two operatori and two dirigenti (who enters or writes may not also judge or approve). */
interface Ufficio {
  op1: HttpClient;
  op2: HttpClient;
  dir1: HttpClient;
  dir2: HttpClient;
}

/**
 * Creates the quotas through the API (HTTP), `concorrenza` requests in flight, kind after kind, and checks they
 * reached their waiting state:
 * - ispezioni: a fresh inspectorate `ITL-AP-<run>` (50 inspectors, one company, rotation window 0, two-hour draw
 *   periods: bench/lib/ispettorato.ts); each request is registered (`POST /api/v1/richieste-intervento`), drawn by its
 *   workflow, and then waits for the inspector's acceptance (its acceptance deadline). Done when the inspectorate has
 *   no request left `registrata` and lists every one of them `assegnata`.
 * - offerte: one employer; each offer entered by an operatore and judged congrua by a second one of its office, the
 *   window closing 3 to 5 hours later: the workflow waits for the close (and the rosa's deadlines). Done when the
 *   congruità's answer says `pubblicata`.
 * - piani: one per office `CPI-AP-<run>-<n>` (one plan per office and year), `pianoAperto`, written by one dirigente
 *   and approved by another; done when the plan's workflow answers that it waits for a deadline still to come (an
 *   approval in the week fires this week's digest at once, which is waited out).
 * Offers go round-robin to the same offices as the plans (to the first when there are none). If anything fails, the
 * workflows started so far are terminated before the error is rethrown.
 */
export async function creaMisto(ctx: BenchContext, quote: QuoteMisto, concorrenza: number, log: (m: string) => void): Promise<MistoCreato> {
  const workflowIds: string[] = [];
  const msPerProcedura: MistoCreato['msPerProcedura'] = { ispezioni: 0, offerte: 0, piani: 0 };
  const idp = ctx.stack.idp;
  // One pool of sockets, as many as requests in flight; each office's users act over it with their own tokens.
  const http = new HttpClient(ctx.stack.baseUrl, await idp.token('bench.misto', ['operatore'], `CPI-AP-${ctx.runTag}`), concorrenza + 1);
  const ufficio = (n: number) => `CPI-AP-${ctx.runTag}-${n + 1}`;
  const uffici = new Map<string, Promise<Ufficio>>();
  const utentiDi = (office: string): Promise<Ufficio> => {
    let u = uffici.get(office);
    if (!u) {
      const as = async (sub: string, role: string) => http.withToken(await idp.token(sub, [role], office));
      u = (async () => ({
        op1: await as('bench.op1', 'operatore'),
        op2: await as('bench.op2', 'operatore'),
        dir1: await as('bench.dirigente1', 'dirigente'),
        dir2: await as('bench.dirigente2', 'dirigente'),
      }))();
      uffici.set(office, u);
    }
    return u;
  };

  try {
    // Inspections: drawn, then waiting for the inspector's acceptance.
    if (quote.ispezioni > 0) {
      const s0 = performance.now();
      const isp = await preparaIspettorato(ctx, { codice: `ITL-AP-${ctx.runTag}`, ispettori: ISPETTORI, politica: POLITICA_ISPETTORATO });
      log(`inspectorate ${isp.codice}: ${ISPETTORI} inspectors, period ${isp.periodo}, set up in ${Math.round(performance.now() - s0)} ms`);
      const operatore = http.withToken(await idp.token('bench.operatore', ['operatore'], isp.codice));
      const dirigente = http.withToken(await idp.token('bench.dirigente', ['dirigente'], isp.codice));
      const corpo = corpoRichiesta(isp);
      const ids = new Set<string>();
      const t0 = performance.now();
      await runPool(quote.ispezioni, concorrenza, async () => {
        const res = await operatore.json('POST', '/api/v1/richieste-intervento', corpo);
        expectStatus(res, 201, 'POST /api/v1/richieste-intervento');
        const id = (res.json as { id: string }).id;
        ids.add(id);
        workflowIds.push(ispezioneWorkflowId(isp.codice, id));
      });
      const postMs = performance.now() - t0;
      // The draws run in the workflows, behind the POSTs: wait until none is left registered.
      const limite = t0 + ATTESA_SORTEGGI_MIN_MS + quote.ispezioni * ATTESA_SORTEGGI_PER_RICHIESTA_MS;
      for (;;) {
        const res = await dirigente.json('GET', '/api/v1/richieste-intervento?stato=registrata&limite=1');
        expectStatus(res, 200, 'GET /api/v1/richieste-intervento?stato=registrata');
        if ((res.json as unknown[]).length === 0) break;
        if (performance.now() > limite) throw new Error(`requests of ${isp.codice} still not drawn after ${Math.round((performance.now() - t0) / 1000)} s`);
        await sleep(500);
      }
      const assegnate = await tuttiGliId(dirigente, '/api/v1/richieste-intervento?stato=assegnata&limite=200');
      const mancanti = [...ids].filter((id) => !assegnate.has(id));
      if (mancanti.length || assegnate.size !== ids.size) {
        throw new Error(`${isp.codice}: ${assegnate.size} requests assigned, ${ids.size} registered; not assigned: ${mancanti.slice(0, 5).join(', ')}`);
      }
      const wallMs = performance.now() - t0;
      msPerProcedura.ispezioni = round(wallMs / quote.ispezioni, 1);
      log(
        `${ids.size} intervention requests registered in ${(postMs / 1000).toFixed(1)} s and all drawn (awaiting acceptance) after ` +
          `${(wallMs / 1000).toFixed(1)} s: ${msPerProcedura.ispezioni} ms each, ${round(quote.ispezioni / (wallMs / 1000), 1)}/s`,
      );
    }

    // Offers: judged congrua, waiting for their candidature window to close.
    if (quote.offerte > 0) {
      const uffOfferte = Math.max(1, quote.piani);
      const datoreId = await registraDatore((await utentiDi(ufficio(0))).op1, 'Datore del benchmark aperti S.p.A.');
      const t0 = performance.now();
      const chiusura0 = Date.now() + FINESTRA_OFFERTE_MS;
      await runPool(quote.offerte, concorrenza, async (i) => {
        const u = await utentiDi(ufficio(i % uffOfferte));
        const id = await creaOfferta(u.op1, datoreId);
        workflowIds.push(offertaWorkflowId(id));
        const stato = await dichiaraCongrua(u.op2, id, new Date(chiusura0 + (i % SPARPAGLIO_OFFERTE_MIN) * 60_000));
        if (stato !== 'pubblicata') throw new Error(`offer ${id}: judged congrua, the API says '${stato}', not 'pubblicata'`);
      });
      const wallMs = performance.now() - t0;
      msPerProcedura.offerte = round(wallMs / quote.offerte, 1);
      log(
        `${quote.offerte} offers entered and judged congrua (window open) in ${uffOfferte} offices in ${(wallMs / 1000).toFixed(1)} s: ` +
          `${msPerProcedura.offerte} ms each, ${round(quote.offerte / (wallMs / 1000), 1)}/s`,
      );
    }

    // Plans: approved, their workflows waiting for the phases' deadlines.
    if (quote.piani > 0) {
      const oggi = dataItaliana(new Date());
      const piani: Array<{ id: string; office: string }> = [];
      const t0 = performance.now();
      await runPool(quote.piani, concorrenza, async (n) => {
        const office = ufficio(n);
        const u = await utentiDi(office);
        const created = await u.dir1.json('POST', '/api/v1/piani', pianoAperto(office, n, oggi));
        expectStatus(created, 201, `POST /api/v1/piani (${office})`);
        const { id, workflowId } = created.json as { id: string; workflowId: string };
        const approved = await u.dir2.json('POST', `/api/v1/piani/${id}/approvazione`, { nota: 'Approvato (benchmark)' });
        expectStatus(approved, 200, `POST /api/v1/piani/${id}/approvazione`);
        workflowIds.push(workflowId);
        const stato = (approved.json as { stato: string }).stato;
        if (stato !== 'attivo') throw new Error(`plan ${id}: approved, the API says '${stato}', not 'attivo'`);
        piani.push({ id, office });
      });
      const postMs = performance.now() - t0;
      // Each workflow, asked through the API, names the deadline it waits for: one still to come.
      await runPool(piani.length, concorrenza, async (k) => {
        const { id, office } = piani[k];
        const u = await utentiDi(office);
        for (let tentativo = 1; ; tentativo++) {
          const res = await u.dir1.json('GET', `/api/v1/piani/${id}/prossima-scadenza`);
          expectStatus(res, 200, `GET /api/v1/piani/${id}/prossima-scadenza`);
          const s = (res.json as { scadenza: { tipo: string; at: string } | null }).scadenza;
          if (s && Date.parse(s.at) > Date.now()) return;
          // Just approved: the workflow may not have asked for its first deadline yet, or may be sending this week's digest.
          if (tentativo >= 120) throw new Error(`plan ${id}: its workflow waits for no future deadline (${res.body.slice(0, 200)})`);
          await sleep(500);
        }
      });
      const wallMs = performance.now() - t0;
      msPerProcedura.piani = round(wallMs / quote.piani, 1);
      log(
        `${quote.piani} plans of ${FASI_PER_PIANO} phases written and approved in ${(postMs / 1000).toFixed(1)} s, all waiting for a ` +
          `deadline after ${(wallMs / 1000).toFixed(1)} s: ${msPerProcedura.piani} ms each, ${round(quote.piani / (wallMs / 1000), 1)}/s`,
      );
    }

    return {
      ispezioni: quote.ispezioni,
      offerte: quote.offerte,
      piani: quote.piani,
      fasi: quote.piani * FASI_PER_PIANO,
      workflowIds,
      msPerProcedura,
    };
  } catch (e) {
    // Nobody else knows these workflows yet: close them rather than leave them open in the namespace.
    if (workflowIds.length) {
      const { client, close } = await connectTemporal(ctx.config);
      try {
        log(`failed; terminated ${await terminateAll(client, workflowIds)} of the ${workflowIds.length} workflows started`);
      } catch (t) {
        log(`failed, and terminating the workflows started failed too: ${(t as Error).message}`);
      } finally {
        await close();
      }
    }
    throw e;
  } finally {
    http.close();
  }
}

/** The ids of every item of a keyset-paginated list, following its `Link: rel="next"` pages. */
async function tuttiGliId(client: HttpClient, path: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let next: string | undefined = path; next;) {
    const res = await client.json('GET', next);
    expectStatus(res, 200, `GET ${next}`);
    for (const item of res.json as Array<{ id: string }>) ids.add(item.id);
    next = nextPage(res);
  }
  return ids;
}
