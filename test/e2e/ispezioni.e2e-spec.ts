import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '../support/wait';
import { form, samples, Stack } from '../support/stack';
import { sql } from '../support/services';

jest.setTimeout(180_000);
const run = promisify(execFile);

const stack = new Stack();
const ISP = `ITL-${Date.now().toString(36)}`;
const PERIODO = `e2e-${Date.now().toString(36)}`;
const PERIOD_MS = 35_000;
let admin: string;
let dirigente: string;
let altroDirigente: string;
let responsabile: string;
let operatore: string;
let aziendaId: string;
let periodEnd: number;
const tok = (sub: string) => stack.idp.token(sub, ['ispettore'], ISP);


const richiesta = async (id: string) => (await stack.call('GET', `/api/v1/richieste-intervento/${id}`, dirigente)).json;
const assignedTo = (id: string, tentativo: number) =>
  waitFor(`assignment ${tentativo} of ${id}`, async () => {
    const r = await richiesta(id);
    return r.stato === 'assegnata' && r.tentativo === tentativo ? (r.ispettoreId as string) : undefined;
  });
const draws = async (id: string) => (await stack.call('GET', `/api/v1/assegnazioni?richiesta=${id}`, dirigente)).json as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function newRequest(priorita = 'alta') {
  const res = await stack.call('POST', '/api/v1/richieste-intervento', operatore, {
    fonte: 'esposto', aziendaId, sede: 'Via Maqueda 100, Palermo', territorio: 'PA', tipoPratica: 'lavoro-nero', priorita,
    descrizione: 'Esposto anonimo: lavoratori non regolarizzati nel cantiere',
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
}

async function uploadPdf(id: string, tipo: string, token: string) {
  const res = await stack.call('POST', `/api/v1/richieste-intervento/${id}/documenti`, token, form({ tipo }, { name: `${tipo}.pdf`, bytes: samples.pdf }));
  expect(res.status).toBe(201);
  return { documentoId: res.json.id as string, sha256: res.json.sha256 as string };
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

beforeAll(async () => {
  await stack.start({ env: { SORTEGGIO_BEACON_URL: await startBeacon(), SORTEGGIO_BEACON_GENESIS: String(BEACON_GENESIS), SORTEGGIO_BEACON_PERIODO: '1' } });
  admin = await stack.idp.token('admin.ispettorato', ['amministratore'], ISP);
  dirigente = await stack.idp.token('dir.rossi', ['dirigente'], ISP);
  altroDirigente = await stack.idp.token('dir.bianchi', ['dirigente'], ISP);
  responsabile = await stack.idp.token('resp.verdi', ['responsabile'], ISP);
  operatore = await stack.idp.token('op.neri', ['operatore'], ISP);

  // Near deadlines: one "day" of the inspectorate's terms is one second here.
  expect((await stack.call('POST', '/api/v1/ispettorati', admin, {
    codice: ISP, nome: 'Ispettorato territoriale di prova', territori: ['PA', 'TP'],
    politica: { unita: 'PT1S', tolleranzaEscalation: 'PT1S', primoAccessoGiorni: { alta: 2 }, accettazioneGiorniLavorativi: 60, preavvisoGiorni: 1, verbaleUnicoGiorni: 60 },
  })).status).toBe(201);
  const inspectors = [
    { id: `i1-${ISP}`, territori: ['PA'], qualifiche: ['lavoro-nero'] },
    { id: `i2-${ISP}`, territori: ['PA'], qualifiche: ['lavoro-nero', 'sicurezza'] },
    { id: `i3-${ISP}`, territori: ['TP'], qualifiche: ['lavoro-nero'] },
    { id: `i4-${ISP}`, territori: ['PA'], qualifiche: ['sicurezza'] },
    { id: `i5-${ISP}`, territori: ['PA'], qualifiche: ['lavoro-nero'] },
  ];
  for (const i of inspectors) {
    expect((await stack.call('POST', `/api/v1/ispettorati/${ISP}/ispettori`, dirigente, { nome: `Ispettore ${i.id}`, ...i })).status).toBe(201);
  }
  aziendaId = (await stack.call('POST', '/api/v1/aziende', dirigente, { codiceFiscale: String(Date.now()).slice(-11).padStart(11, '1'), ragioneSociale: 'Edilizia Conca d\'Oro S.r.l.', territorio: 'PA' })).json.id;
  expect((await stack.call('POST', '/api/v1/conflitti-interesse', dirigente, { ispettoreId: `i5-${ISP}`, aziendaId, motivo: 'Coniuge socio dell\'azienda', dal: '2020-01-01' })).status).toBe(201);
  // The period's commitment is published before any request of the period arrives.
  const now = Date.now();
  periodEnd = now + PERIOD_MS;
  const p = await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio`, dirigente, { periodo: PERIODO, inizio: new Date(now - 1000).toISOString(), fine: new Date(periodEnd).toISOString() });
  expect(p.status).toBe(201);
  expect(p.json.impegno).toMatch(/^[0-9a-f]{64}$/);
  expect(p.json.segreto).toBeNull();
});
afterAll(async () => {
  await stack.stop();
  beacon?.close();
});

let mainId: string;

describe('inspections: impartial, verifiable assignment', () => {
  it('draws among the eligible, redraws after an abstention, refuses a repeated attempt, and runs the inspection to closure', async () => {
    mainId = await newRequest();
    const first = await assignedTo(mainId, 1);
    const [d1] = await draws(mainId);
    expect(d1.trascrizione.candidati.map((c: { ispettoreId: string }) => c.ispettoreId)).toEqual([`i1-${ISP}`, `i2-${ISP}`]);
    const reasons = Object.fromEntries(d1.trascrizione.esclusi.map((e: { ispettoreId: string; motivi: { regola: string }[] }) => [e.ispettoreId, e.motivi.map((m) => m.regola)]));
    expect(reasons).toEqual({ [`i3-${ISP}`]: ['territorio'], [`i4-${ISP}`]: ['qualifica'], [`i5-${ISP}`]: ['conflitto'] });
    expect(d1.trascrizione.estrazione.scelto).toBe(first);
    // The seed took a beacon round published after the request was registered.
    const registered = Date.parse((await richiesta(mainId)).registrataIl) / 1000;
    expect(d1.trascrizione.beacon).toMatchObject({ round: expect.any(Number), valore: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(BEACON_GENESIS + (d1.trascrizione.beacon.round - 1)).toBeGreaterThan(registered);
    expect(d1.periodo).toMatchObject({ periodo: PERIODO, segreto: null });

    // Only the assigned inspector answers; an abstention needs a reason and triggers attempt 2 without them.
    const other = first === `i1-${ISP}` ? `i2-${ISP}` : `i1-${ISP}`;
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/accettazione`, await tok(other), {})).status).toBe(403);
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/astensione`, await tok(first), { motivo: 'breve' })).status).toBe(422);
    const abst = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/astensione`, await tok(first), { motivo: 'Parente entro il secondo grado del titolare' });
    expect(abst.status).toBe(200);
    expect(await assignedTo(mainId, 2)).toBe(other);
    const d2 = (await draws(mainId))[1];
    expect(d2.trascrizione.candidati.map((c: { ispettoreId: string }) => c.ispettoreId)).toEqual([other]);
    expect(d2.trascrizione.esclusi.find((e: { ispettoreId: string }) => e.ispettoreId === first).motivi.map((m: { regola: string }) => m.regola)).toEqual(['astensione']);
    expect(d2.prevHash).toBe(d1.hash);

    // Nobody can ask to draw an attempt again until a wished outcome comes up.
    const again = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/sorteggi`, dirigente, { tentativo: 2 });
    expect(again.status).toBe(409);
    expect(again.json.errors.map((e: { rule: string }) => e.rule)).toContain('tentativo-gia-sorteggiato');
    expect(await draws(mainId)).toHaveLength(2);

    // Accepted: the first-access term (2 "days" = 2 s for a high priority) runs out, then escalation.
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/accettazione`, await tok(other), {})).status).toBe(200);
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
    const today = new Date().toISOString().slice(0, 10);
    const verbale = await uploadPdf(mainId, 'verbale-primo-accesso', await tok(other));
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/primo-accesso`, await tok(other), { data: today, verbale: { ...verbale, sha256: '0'.repeat(64) } })).status).toBe(422);
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/primo-accesso`, await tok(other), { data: today, verbale })).json.stato).toBe('in-corso');
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/fine-accertamenti`, await tok(other), { data: today })).json.stato).toBe('accertamenti-conclusi');
    const unico = await uploadPdf(mainId, 'verbale-unico', await tok(other));
    const closed = await stack.call('POST', `/api/v1/richieste-intervento/${mainId}/chiusura`, await tok(other), { esito: 'irregolarita-sanate', verbaleUnico: unico });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ stato: 'chiusa', procedura: { chiusura: { esito: 'irregolarita-sanate' } } });
    const trail = (await stack.call('GET', `/api/v1/audit?entity=richiesta-intervento:${mainId}`, dirigente)).json as Array<{ azione: string }>;
    expect(trail.map((r) => r.azione)).toEqual(expect.arrayContaining(['registrata', 'sorteggio', 'assegnata', 'astensione', 'accettazione', 'primoAccesso', 'fineAccertamenti', 'chiusura']));
  });

  it('allows a manual reassignment only with a reason and a second dirigente\'s approval, counted apart', async () => {
    const id = await newRequest('media');
    const drawn = await assignedTo(id, 1);
    const target = drawn === `i1-${ISP}` ? `i2-${ISP}` : `i1-${ISP}`;
    const proposal = await stack.call('POST', `/api/v1/richieste-intervento/${id}/riassegnazione`, dirigente, { ispettoreId: target, motivo: 'Competenza specifica sul settore edile' });
    expect(proposal.status).toBe(200);
    const selfApproval = await stack.call('POST', `/api/v1/richieste-intervento/${id}/riassegnazione/decisione`, dirigente, { esito: 'approvata' });
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.json.errors.map((e: { rule: string }) => e.rule)).toContain('separazione-compiti');
    expect((await richiesta(id)).ispettoreId).toBe(drawn);
    expect((await stack.call('POST', `/api/v1/richieste-intervento/${id}/riassegnazione/decisione`, altroDirigente, { esito: 'approvata' })).status).toBe(200);
    await waitFor('the manual assignment', async () => ((await richiesta(id)).ispettoreId === target ? true : undefined));
    expect((await richiesta(id)).procedura).toMatchObject({ assegnataVia: 'riassegnazione', riassegnazioniManuali: 1 });
    expect(await draws(id)).toHaveLength(1);
  });

  it('turns an ex-officio plan into requests on the dates set, each drawn like any other', async () => {
    const other = (await stack.call('POST', '/api/v1/aziende', dirigente, { codiceFiscale: String(Date.now() + 7).slice(-11).padStart(11, '2'), ragioneSociale: 'Agrumi di Ribera S.p.A.', territorio: 'PA' })).json.id;
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const voce = (data: string) => ({ data, aziendaId: other, sede: 'Contrada Ciavolo, Palermo', territorio: 'PA', tipoPratica: 'lavoro-nero', priorita: 'bassa', descrizione: 'Vigilanza programmata in agricoltura' });
    const anno = new Date().getUTCFullYear();
    const bad = await stack.call('POST', `/api/v1/ispettorati/${ISP}/piani-vigilanza`, dirigente, { anno, descrizione: 'Piano annuale', voci: [{ ...voce(at(1000)), territorio: 'AG' }] });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0]).toMatchObject({ field: 'voci[0].territorio', rule: 'territorio-non-competente' });
    const plan = await stack.call('POST', `/api/v1/ispettorati/${ISP}/piani-vigilanza`, dirigente, { anno, descrizione: 'Piano annuale di vigilanza', voci: [voce(at(1500)), voce(at(500))] });
    expect(plan.status).toBe(201);
    expect(plan.json.voci.map((v: { richiestaId: string | null }) => v.richiestaId)).toEqual([null, null]);
    const generated = await waitFor('the plan to generate its requests', async () => {
      const p = await stack.call('GET', `/api/v1/ispettorati/${ISP}/piani-vigilanza/${plan.json.id}`, dirigente);
      const ids = (p.json.voci as Array<{ richiestaId: string | null }>).map((v) => v.richiestaId);
      return ids.every(Boolean) ? (ids as string[]) : undefined;
    });
    for (const id of generated) {
      await assignedTo(id, 1);
      expect(await richiesta(id)).toMatchObject({ fonte: 'piano-ufficio', aziendaId: other });
    }
    // The entry due first was generated first.
    const [second, first] = await Promise.all(generated.map(richiesta));
    expect(Date.parse(first.registrataIl)).toBeLessThan(Date.parse(second.registrataIl));
  });

  it('verifies every draw once the period secret is revealed, and fails after any stored input is altered', async () => {
    const [d1] = await draws(mainId);
    const early = await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, dirigente);
    expect(early.json).toMatchObject({ verificabile: false, catena: { valido: true } });
    expect((await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio/${PERIODO}/rivelazione`, dirigente, {})).status).toBe(409);

    await waitFor('the period to close', async () => (Date.now() > periodEnd + 200 ? true : undefined), PERIOD_MS + 5000);
    const revealed = await stack.call('POST', `/api/v1/ispettorati/${ISP}/periodi-sorteggio/${PERIODO}/rivelazione`, dirigente, {});
    expect(revealed.status).toBe(200);
    expect(revealed.json.segreto).toMatch(/^[0-9a-f]{64}$/);

    const ok = await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, responsabile);
    expect(ok.json).toMatchObject({ verificabile: true, valido: true, motivi: [] });

    // The CLI reaches the same verdict from the published transcript and the revealed secret alone.
    const dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
    const file = join(dir, 'draw.json');
    writeFileSync(file, JSON.stringify({ trascrizione: d1.trascrizione, segreto: revealed.json.segreto }));
    const cli = await run('npx', ['--no-install', 'tsx', 'infra/scripts/verify-draw.ts', file], { cwd: join(__dirname, '../..') });
    expect(cli.stdout).toMatch(/VALID/);
    const forged = { ...d1.trascrizione, candidati: d1.trascrizione.candidati.map((c: { caricoAperto: number }) => ({ ...c, caricoAperto: c.caricoAperto + 7 })) };
    writeFileSync(file, JSON.stringify({ trascrizione: forged, segreto: revealed.json.segreto }));
    await expect(run('npx', ['--no-install', 'tsx', 'infra/scripts/verify-draw.ts', file], { cwd: join(__dirname, '../..') })).rejects.toMatchObject({ code: 1 });

    // Altering any stored input or the result breaks verification.
    const tamper = async (path: string, value: string) => sql(`UPDATE sorteggi SET trascrizione = jsonb_set(trascrizione, $2, $3::jsonb) WHERE id = $1`, [d1.id, path, value]);
    const original = JSON.stringify(d1.trascrizione);
    for (const [path, value] of [['{tentativo}', '5'], ['{estrazione,scelto}', JSON.stringify(`i3-${ISP}`)], ['{candidati,0,caricoAperto}', '9'], ['{beacon,valore}', JSON.stringify('0'.repeat(64))]] as const) {
      await tamper(path, value);
      const bad = await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, dirigente);
      expect(bad.json.valido).toBe(false);
      expect(bad.json.catena.valido).toBe(false);
      await sql('UPDATE sorteggi SET trascrizione = $2::jsonb WHERE id = $1', [d1.id, original]);
    }
    expect((await stack.call('GET', `/api/v1/assegnazioni/${d1.id}/verifica`, dirigente)).json.valido).toBe(true);
  });

  it('reports observed vs expected assignments, the chi-square p-value, abstentions and manual reassignments', async () => {
    const stats = await stack.call('GET', `/api/v1/assegnazioni/statistiche?periodo=${PERIODO}`, dirigente);
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ ispettorato: ISP, periodo: PERIODO, estrazioni: 5, astensioni: 1, riassegnazioniManuali: 1 });
    expect(typeof stats.json.pValue).toBe('number');
    const total = stats.json.perIspettore.reduce((s: number, r: { osservati: number }) => s + r.osservati, 0);
    expect(total).toBe(5);
    expect((await stack.call('GET', `/api/v1/assegnazioni/statistiche?periodo=${PERIODO}`, operatore)).status).toBe(403);
  });
});
