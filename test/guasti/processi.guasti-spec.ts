import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { lettere, partitaIva } from '../support/identificativi';
import { TemporalProprio } from '../support/servizi-propri';
import { sql } from '../support/services';
import { form, samples, Stack } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

/**
 * Processes killed as a crash would kill them, with a Temporal server of this suite's own (the run's shared one must
 * survive): the worker down while timers come due, Temporal SIGKILLed and restarted on its file, the API SIGKILLed in
 * the middle of a burst of 200 creates. Each ends with the same count on every side: rows, audit entries, workflows.
 */
const ROOT = join(__dirname, '../..');
const NAMESPACE = 'wfe-processi';
const CPI = `CPI-PR-${Date.now().toString(36)}`;
const BOUNDS = { TEMPORAL_RPC_TIMEOUT_MS: 3000, TEMPORAL_UPDATE_TIMEOUT_MS: 4000 };
/** The bound plus what a loaded 2-CPU machine adds to a request. */
const entro = (ms: number) => ms + 4000;
/** A day of the collocamento clock: an employer's request is due a warning 3 s after it arrives, and expires at 5 s. */
const GIORNO_MS = 1000;

const temporal = new TemporalProprio(join(ROOT, '.data/test-processi', Date.now().toString(36), 'temporal.db'));
const stack = new Stack();
let connessione: Connection;
let client: Client;
let operatore: string;

beforeAll(async () => {
  await temporal.avviaServer(NAMESPACE);
  const setup = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['infra/scripts/temporal-setup.ts', NAMESPACE], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: temporal.address },
  });
  expect(setup.status).toBe(0);
  await stack.start({
    env: {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      COLLOCAMENTO_UNITA_GIORNO: `PT${GIORNO_MS / 1000}S`,
      ...Object.fromEntries(Object.entries(BOUNDS).map(([k, v]) => [k, String(v)])),
    },
  });
  connessione = await Connection.connect({ address: temporal.address });
  client = new Client({ connection: connessione, namespace: NAMESPACE });
  operatore = await stack.idp.token('op.russo', ['operatore'], CPI);
});
afterAll(async () => {
  await connessione?.close();
  await stack.stop();
  await temporal.ferma();
});

/** What Temporal holds of this office's cases: one workflow per case, by workflow id. */
async function workflowDelleCasi(): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = 'praticaWorkflow' AND Ufficio = '${CPI}'` })) ids.push(w.workflowId);
  return ids.sort();
}

describe('worker down while timers come due', () => {
  it('fires each timer that came due while no worker ran exactly once when one is back, in order', async () => {
    const cf = partitaIva();
    expect(
      (
        await stack.call('POST', '/api/v1/collocamento/datori', operatore, {
          codiceFiscale: cf,
          denominazione: `Gamma ${lettere(4)} S.p.A.`,
          dipendentiComputabili: 40,
        })
      ).status,
    ).toBe(201);
    await stack.worker.stop('SIGKILL');
    const creata = await stack.call('POST', '/api/v1/offerte', operatore, {
      datoreId: cf,
      territorio: 'TO',
      profilo: 'Impiegato',
      mansioni: ['archivio'],
      luogo: 'Torino',
      contratto: 'tempo-indeterminato',
      oreSettimanali: 30,
      posti: 1,
      competenzeRichieste: [{ codice: 'excel' }],
      categoria: 'art1',
    });
    expect(creata.status).toBe(201);
    const o = creata.json;
    // Both deadlines pass while no worker runs: nothing can act on them.
    await waitFor('the SLA to expire', async () => (Date.now() > Date.parse(o.sla.scadeIl) + 1000 ? true : undefined), 30_000);
    const azioni = async () =>
      (await sql<{ azione: string }>(`SELECT azione FROM audit_log WHERE entita = 'offerta' AND entita_id = $1 ORDER BY id`, [o.id])).map((r) => r.azione);
    expect(await azioni()).toEqual(['richiesta']);

    await stack.startWorker();
    const letta = await waitFor('both timers to fire', async () => {
      const r = await stack.call('GET', `/api/v1/offerte/${o.id}`, operatore);
      return r.json.sla.violata ? r.json : undefined;
    });
    expect(letta.sla).toMatchObject({ avvisoInviato: true, violata: true });
    // Once each, the warning before the breach. A later look finds nothing more.
    expect(await azioni()).toEqual(['richiesta', 'avvisoSla', 'slaScaduta']);
    // And each notice they send, once per recipient.
    const notifiche = await sql<{ tipo: string; destinatario: string; n: string }>(
      `SELECT tipo, destinatario, count(*) AS n FROM notifiche WHERE entita_id = $1 GROUP BY 1, 2`,
      [o.id],
    );
    expect(notifiche.map((n) => n.tipo)).toContain('escalation-sla');
    expect(notifiche.filter((n) => n.n !== '1')).toEqual([]);
  });
});

describe('Temporal SIGKILLed', () => {
  it('answers 503 within the bound while it is down, and once restarted on its file every procedure goes on, with no restart of API or worker', async () => {
    const prima = (await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo: `TK/A/${Date.now()}`, oggetto: 'Prima del crash' })).json;
    await temporal.ferma('SIGKILL');

    const protocollo = `TK/B/${Date.now()}`;
    const t0 = Date.now();
    const rifiutata = await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo, oggetto: 'Durante il crash' });
    expect({ status: rifiutata.status, dipendenza: rifiutata.json?.dipendenza, retryAfter: !!rifiutata.headers.get('retry-after') }).toEqual({
      status: 503,
      dipendenza: 'motore dei processi',
      retryAfter: true,
    });
    expect(Date.now() - t0).toBeLessThan(entro(BOUNDS.TEMPORAL_RPC_TIMEOUT_MS));
    const documento = () =>
      stack.call('POST', `/api/v1/pratiche/${prima.id}/documenti`, operatore, form({ tipo: 'istanza' }, { name: 'istanza.pdf', bytes: samples.pdf }));
    expect((await documento()).status).toBe(503);
    expect(await sql('SELECT 1 FROM pratiche WHERE protocollo = $1', [protocollo])).toHaveLength(0);

    await temporal.avviaServer();
    await waitFor('the API to find Temporal again', async () => ((await stack.call('GET', '/health/ready')).status === 200 ? true : undefined), 60_000);
    // The case begun before the crash survived it (its workflow is on the file), and the worker, never restarted, runs it.
    expect((await documento()).status).toBe(201);
    expect((await stack.call('POST', `/api/v1/pratiche/${prima.id}/invio`, operatore, {})).json.stato).toBe('inviata');
    expect(await sql(`SELECT 1 FROM documenti WHERE entita_id = $1`, [prima.id])).toHaveLength(1);
    const creata = await stack.call('POST', '/api/v1/pratiche', operatore, { protocollo, oggetto: 'Dopo il crash' });
    expect(creata.status).toBe(201);
    expect(await sql('SELECT 1 FROM pratiche WHERE protocollo = $1', [protocollo])).toHaveLength(1);
  });
});

describe('the API SIGKILLed in the middle of 200 concurrent creates', () => {
  it('ends, once clients retry with their Idempotency-Key, with exactly one case, one workflow and one audit entry per request', async () => {
    const N = 200;
    const richieste = Array.from({ length: N }, (_, i) => ({
      chiave: randomUUID(),
      corpo: { protocollo: `BURST/${Date.now()}/${i}`, oggetto: `Raffica ${i}` },
    }));
    const invia = async (r: (typeof richieste)[number]) => {
      try {
        const res = await stack.call('POST', '/api/v1/pratiche', operatore, r.corpo, { 'idempotency-key': r.chiave });
        return { status: res.status, id: res.json?.id as string | undefined, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
      } catch {
        return { status: 0, id: undefined, retryAfter: 0 }; // the connection died with the API
      }
    };
    let risposte = 0;
    let ucciso: Promise<void> | undefined;
    const primi = await Promise.all(
      richieste.map(async (r) => {
        const a = await invia(r);
        if (a.status === 201 && ++risposte === 50) ucciso = stack.api.stop('SIGKILL');
        return a;
      }),
    );
    await ucciso;
    // Every first answer is a success, a refusal to retry later, or a lost connection: never a 500.
    expect(primi.filter((a) => ![201, 0, 503, 409].includes(a.status))).toEqual([]);
    expect(primi.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(50);

    await stack.startApi();
    // Clients retry what they have no case for, with the same key, honouring Retry-After.
    const finali = await Promise.all(
      richieste.map(async (r, i) => {
        let a = primi[i];
        for (let tentativo = 0; !(a.status === 201 || (a.status === 409 && a.id)); tentativo++) {
          if (tentativo > 60) throw new Error(`${r.corpo.protocollo}: still ${a.status} after ${tentativo} retries`);
          if (tentativo > 0 || a.status !== 0) await new Promise((ok) => setTimeout(ok, Math.max(a.retryAfter, 1) * 1000));
          a = await invia(r);
          expect([201, 409, 503]).toContain(a.status);
        }
        return a.id!;
      }),
    );

    // One case per request, each the one its client was told, with its workflow and its single 'creata' entry.
    const righe = await sql<{ id: string; protocollo: string; workflow_id: string }>(
      `SELECT id, protocollo, workflow_id FROM pratiche WHERE ufficio = $1 AND protocollo LIKE 'BURST/%'`,
      [CPI],
    );
    expect(righe).toHaveLength(N);
    const perProtocollo = new Map(righe.map((r) => [r.protocollo, r.id]));
    expect(richieste.map((r, i) => perProtocollo.get(r.corpo.protocollo) === finali[i]).every(Boolean)).toBe(true);
    const creazioni = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE entita = 'pratica' AND azione = 'creata' AND entita_id = ANY($1::text[])`,
      [righe.map((r) => r.id)],
    );
    expect(Number(creazioni[0].n)).toBe(N);
    const wf = await waitFor('the visibility of every workflow', async () => {
      const w = (await workflowDelleCasi()).filter((id) => id.includes('BURST/'));
      return w.length >= N ? w : undefined;
    });
    expect(wf).toEqual(righe.map((r) => r.workflow_id).sort());
  });
});
