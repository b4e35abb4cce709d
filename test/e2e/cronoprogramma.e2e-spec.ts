import ExcelJS from 'exceljs';
import { XMLValidator } from 'fast-xml-parser';
import { PDFDocument } from 'pdf-lib';
import type { Schemi } from '@app/client';
import { sql } from '../support/services';
import { pianoDocumento } from '../support/piani';
import { dati, Stack } from '../support/stack';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const inclusiveDays = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;

const stack = new Stack();
const UFFICIO = `ARTI-${Date.now().toString(36)}`;
let responsabile: string;
let dirigente: string;
let altroDirigente: string;

beforeAll(async () => {
  await stack.start();
  responsabile = await stack.idp.token('anna.bianchi', ['responsabile'], UFFICIO);
  dirigente = await stack.idp.token('giulia.neri', ['dirigente'], UFFICIO);
  altroDirigente = await stack.idp.token('piero.gialli', ['dirigente'], 'ARTI-ALTRO');
});
afterAll(() => stack.stop());

type PianoDocumento = Schemi['PianoDocumentoDto'];
/** Functional calls go through the typed client; a body the contract forbids goes through stack.call. */
const api = (token: string) => stack.client(token);
const diPiano = (id: string) => ({ params: { path: { id } } });

/** A plan whose phases end around today, so its deadlines come due while the test runs. */
function piano(): PianoDocumento {
  return pianoDocumento({
    ufficio: UFFICIO,
    titolo: 'Piano della performance: e2e',
    giorno: day,
    // No weekly digest here: its Monday timer would come before the re-planned reminder this test looks for.
    scadenze: { preavvisoGiorniLavorativi: 1, tolleranzaEscalation: 'PT1S', digestSettimanale: false },
    indicatoriMisurati: true,
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('cronoprogramma: plan, deadlines, monitoring, scoring, exports, revisions', () => {
  it('runs a plan from JSON to valuation and a re-planned revision', async () => {
    const doc = piano();

    // Weights are checked: every level must sum to 100, and every problem is reported at once.
    const wrong = structuredClone(doc);
    wrong.aree[0].obiettivi[0].peso = 50;
    (wrong.aree[0].obiettivi[0].indicatori[0] as { fasi: { peso: number }[] }).fasi[2].peso = 20;
    const bad = await api(responsabile).POST('/api/v1/piani', { body: wrong });
    expect(bad.response.status).toBe(422);
    expect(bad.error?.errors?.map((e) => e.field).sort()).toEqual(['aree[*].obiettivi[*].peso', 'aree[0].obiettivi[0].indicatori[0].fasi[*].peso']);

    // A missing field and a rule broken in the same document: one answer lists both, each with path and value found.
    // (A number as text breaks the contract: sent untyped.)
    const dueVolte = structuredClone(wrong) as unknown as Record<string, unknown>;
    dueVolte.titolo = '';
    (dueVolte.aree as Array<{ obiettivi: Array<{ peso: unknown }> }>)[0].obiettivi[1].peso = 'quaranta';
    const insieme = await stack.call('POST', '/api/v1/piani', responsabile, dueVolte);
    expect(insieme.status).toBe(400);
    const perCampo = (insieme.json.errors as Array<{ field: string; rule: string; found?: unknown; limit?: unknown }>).map((e) => `${e.field} ${e.rule}`);
    expect(perCampo).toEqual(
      expect.arrayContaining(['titolo isLength', 'aree[0].obiettivi[1].peso isNumber', 'aree[0].obiettivi[0].indicatori[0].fasi[*].peso somma-pesi']),
    );
    expect(insieme.json.errors.find((e: { field: string }) => e.field === 'titolo')).toMatchObject({ found: '' });
    expect(insieme.json.errors.find((e: { rule: string; field: string }) => e.rule === 'somma-pesi' && e.field.includes('fasi'))).toMatchObject({
      found: expect.anything(),
      limit: 100,
    });

    const created = await api(responsabile).POST('/api/v1/piani', { body: doc });
    expect(created.response.status).toBe(201);
    const { id } = dati(created);
    expect(dati(created)).toMatchObject({ stato: 'bozza', baseline: 0 });
    expect((await api(responsabile).POST('/api/v1/piani', { body: doc })).response.status).toBe(409);
    expect((await api(altroDirigente).GET('/api/v1/piani/{id}', diPiano(id))).response.status).toBe(404);

    // Whoever wrote the plan cannot approve it; a dirigente can.
    const self = await stack.idp.token('anna.bianchi', ['dirigente'], UFFICIO);
    const sod = await api(self).POST('/api/v1/piani/{id}/approvazione', { ...diPiano(id), body: {} });
    expect(sod.response.status).toBe(403);
    expect(sod.error?.errors?.[0].rule).toBe('separazione-compiti');
    const approved = dati(await api(dirigente).POST('/api/v1/piani/{id}/approvazione', { ...diPiano(id), body: { nota: 'Approvato in comitato' } }));
    expect(approved).toMatchObject({ stato: 'attivo', baseline: 1 });

    // Near deadlines: phase 2 ended yesterday (overdue, then escalation after 1 s), phase 3 ends tomorrow (reminder).
    const notifiche = await waitFor('reminder, overdue alert and escalation', async () => {
      const lette = dati(await api(dirigente).GET('/api/v1/notifiche', { params: { query: { entita: id } } }));
      const tipi = lette.map((n) => n.tipo);
      return ['promemoria', 'scaduta', 'escalation'].every((t) => tipi.includes(t)) ? lette : undefined;
    });
    const byTipo = (t: string) => notifiche.filter((n) => n.tipo === t);
    expect(byTipo('scaduta')).toEqual([
      expect.objectContaining({
        destinatarioTipo: 'struttura',
        destinatario: 'Settore Sistemi',
        dati: expect.objectContaining({ indicatore: '1.a', fase: 2 }),
      }),
    ]);
    expect(byTipo('escalation')).toEqual([
      expect.objectContaining({ destinatarioTipo: 'ruolo', destinatario: 'dirigente', dati: expect.objectContaining({ fase: 2 }) }),
    ]);
    expect(byTipo('promemoria')).toEqual([expect.objectContaining({ dati: expect.objectContaining({ fase: 3 }) })]);
    // Each names its phase and the planned end it is about, as an office writes a date.
    const gma = (d: string) => d.split('-').reverse().join('/');
    expect(byTipo('promemoria')[0].testo).toContain(`la fase 3 «Collaudo» dell'indicatore 1.a ha fine prevista il ${gma(day(1))}`);
    expect(byTipo('scaduta')[0].testo).toContain(`la fase 2 «Sviluppo» dell'indicatore 1.a aveva fine prevista il ${gma(day(-1))}`);
    const structureView = dati(await api(responsabile).GET('/api/v1/notifiche', { params: { query: { struttura: 'Settore Sistemi' } } }));
    expect(structureView.map((n) => n.tipo).sort()).toEqual(expect.arrayContaining(['promemoria', 'scaduta']));
    const trail = dati(await api(dirigente).GET('/api/v1/audit', { params: { query: { entity: `piano:${id}` } } }));
    expect(trail.map((r) => r.azione)).toEqual(
      expect.arrayContaining(['creato', 'approvato', 'scadenza-scaduta', 'scadenza-escalation', 'scadenza-promemoria']),
    );

    // Monitoring: phase 2 completed today (late), the numeric indicator reported.
    const monitora = (body: Schemi['MonitoraggioDto']) => api(responsabile).POST('/api/v1/piani/{id}/monitoraggio', { ...diPiano(id), body });
    dati(
      await monitora({
        fasi: [{ indicatore: '1.a', numero: 2, fineEffettiva: day(0), notaMonitoraggio: 'Rilascio posticipato' }],
        indicatori: [{ codice: '2.a', raggiunto: 114, notaMonitoraggio: 'Dato regionale' }],
      }),
    );
    const missing = await monitora({ fasi: [{ indicatore: '1.a', numero: 9, fineEffettiva: day(0) }] });
    expect(missing.response.status).toBe(422);
    expect(missing.error?.errors?.[0]).toMatchObject({ rule: 'fase-inesistente', field: 'fasi[0]' });
    // An end in the future would mark phase 3 done before it is, and silence its alerts: refused, nothing changes.
    const futura = await monitora({ fasi: [{ indicatore: '1.a', numero: 3, fineEffettiva: day(2) }] });
    expect(futura.response.status).toBe(422);
    expect(futura.error?.errors).toEqual([
      expect.objectContaining({ rule: 'fine-effettiva-futura', field: 'aree[0].obiettivi[0].indicatori[0].fasi[2].fineEffettiva', found: day(2) }),
    ]);
    expect(
      dati(await api(dirigente).GET('/api/v1/piani/{id}', diPiano(id))).documento.aree[0].obiettivi[0].indicatori[0].fasi?.[2].fineEffettiva,
    ).toBeUndefined();

    const val = dati(await api(dirigente).GET('/api/v1/piani/{id}/valutazione', diPiano(id)));
    const [o1, o2] = val.obiettivi;
    const fasi = o1.indicatori[0].fasi!;
    const planned2 = inclusiveDays(day(-29), day(-1));
    const actual2 = inclusiveDays(day(-29), day(0));
    expect(fasi[0]).toMatchObject({ punteggio: '100.00', regola: 'in-tempo' });
    expect(fasi[1]).toMatchObject({ punteggio: (Math.round((planned2 / actual2) * 10000) / 100).toFixed(2), regola: 'ritardo-proporzionale' });
    expect(fasi[2]).toMatchObject({ punteggio: '0.00', regola: 'nessuna-informazione' });
    expect(o2.indicatori[0]).toMatchObject({ punteggio: '100.00', regola: 'rapporto-target' });
    expect(o2.indicatori[1]).toMatchObject({ punteggio: null, regola: 'non-valutabile' });
    expect(typeof val.punteggio).toBe('string');

    // Downloads that open.
    const svg = await api(dirigente).GET('/api/v1/piani/{id}/gantt.svg', { ...diPiano(id), parseAs: 'text' });
    expect(svg.response.headers.get('content-type')).toContain('image/svg+xml');
    const svgText = dati(svg);
    expect(XMLValidator.validate(svgText)).toBe(true);
    expect(svgText).toContain('Collaudo');
    const xlsxRes = await api(dirigente).GET('/api/v1/piani/{id}/scheda.xlsx', { ...diPiano(id), parseAs: 'arrayBuffer' });
    expect(xlsxRes.response.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(dati(xlsxRes)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Riepilogo']));
    const cells = wb.worksheets.flatMap((w) => w.getSheetValues().flat().map(String));
    expect(cells.some((c) => c.includes('Collaudo'))).toBe(true);
    const pdfBytes = Buffer.from(dati(await api(dirigente).GET('/api/v1/piani/{id}/scheda.pdf', { ...diPiano(id), parseAs: 'arrayBuffer' })));
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(pdfBytes);
    // A title page with the summary, then one page per objective for a plan this small.
    expect(pdf.getPageCount()).toBe(1 + doc.aree[0].obiettivi.length);

    // Revision: phase 3 moved 60 days on, weights unchanged. Needs a reason and a second person's approval.
    const revised = structuredClone(doc);
    (revised.aree[0].obiettivi[0].indicatori[0] as { fasi: { finePrevista: string }[] }).fasi[2].finePrevista = day(60);
    const prop = await api(responsabile).POST('/api/v1/piani/{id}/revisioni', {
      ...diPiano(id),
      body: { documento: revised, motivo: 'Rimodulazione dopo il ritardo del fornitore' },
    });
    expect(prop.response.status).toBe(201);
    expect(dati(prop)).toMatchObject({ numero: 2, stato: 'proposta', differenze: [`1.a#3: finePrevista ${day(1)} -> ${day(60)}`] });
    const decisione = (token: string, body: Schemi['DecisioneRevisioneDto']) =>
      api(token).POST('/api/v1/piani/{id}/revisioni/{numero}/decisione', { params: { path: { id, numero: 2 } }, body });
    const selfDecision = await decisione(await stack.idp.token('anna.bianchi', ['dirigente'], UFFICIO), {
      esito: 'approvata',
      motivazione: 'Approvo la mia stessa proposta',
    });
    expect(selfDecision.response.status).toBe(403);
    dati(await decisione(dirigente, { esito: 'approvata', motivazione: 'Rimodulazione motivata e approvata' }));

    const now = dati(await api(dirigente).GET('/api/v1/piani/{id}', diPiano(id)));
    expect(now).toMatchObject({ baseline: 2 });
    // Monitoring reported before the revision is kept.
    expect(now.documento.aree[0].obiettivi[0].indicatori[0].fasi?.[1].fineEffettiva).toBe(day(0));
    // The earlier baseline stays readable.
    const b1 = dati(await api(dirigente).GET('/api/v1/piani/{id}/revisioni/{numero}', { params: { path: { id, numero: 1 } } }));
    expect(b1.documento.aree[0].obiettivi[0].indicatori[0].fasi?.[2].finePrevista).toBe(day(1));

    // The workflow re-planned: it now waits for the reminder of phase 3 under baseline 2, before its new end.
    const next = await waitFor('the re-planned timer', async () => {
      const s = dati(await api(dirigente).GET('/api/v1/piani/{id}/prossima-scadenza', diPiano(id))).scadenza;
      return s && s.tipo === 'promemoria' && s.chiave.endsWith('/b2') ? s : undefined;
    });
    expect(next).toMatchObject({ fase: 3, indicatore: '1.a' });
    expect(Date.parse(next.at)).toBeGreaterThan(Date.now() + 50 * DAY);
    expect(Date.parse(next.at)).toBeLessThan(Date.parse(`${day(60)}T00:00:00Z`));

    const exported = dati(await api(dirigente).GET('/api/v1/piani/{id}/documento', diPiano(id)));
    expect(exported.aree[0].obiettivi[0].indicatori[0].fasi?.[2].finePrevista).toBe(day(60));
  });

  it('freezes the plan after its close date: no more revisions, monitoring still allowed', async () => {
    const doc = piano();
    doc.anno = doc.anno - 1;
    doc.chiusura = day(-1);
    // Every phase planned to end by the close (fase-oltre-chiusura).
    (doc.aree[0].obiettivi[0].indicatori[0] as { fasi: Array<{ inizioPrevisto: string; finePrevista: string }> }).fasi[2].finePrevista = day(-1);
    const { id } = dati(await api(responsabile).POST('/api/v1/piani', { body: doc }));
    dati(await api(dirigente).POST('/api/v1/piani/{id}/approvazione', { ...diPiano(id), body: {} }));
    await waitFor('the plan to be frozen', async () =>
      dati(await api(dirigente).GET('/api/v1/piani/{id}', diPiano(id))).stato === 'congelato' ? true : undefined,
    );
    const closeNotice = dati(await api(dirigente).GET('/api/v1/notifiche', { params: { query: { entita: id } } }));
    expect(closeNotice.map((n) => n.tipo)).toContain('chiusura');
    // Approved after its close for the final monitoring: none of the year's phase alerts is sent now.
    expect(closeNotice.map((n) => n.tipo).filter((t) => ['promemoria', 'scaduta', 'escalation'].includes(t))).toEqual([]);
    const late = await api(responsabile).POST('/api/v1/piani/{id}/revisioni', {
      ...diPiano(id),
      body: { documento: doc, motivo: 'Revisione dopo la chiusura del piano' },
    });
    expect(late.response.status).toBe(409);
    expect(late.error?.errors?.[0]).toMatchObject({ rule: 'piano-non-attivo', found: 'congelato' });
    dati(
      await api(responsabile).POST('/api/v1/piani/{id}/monitoraggio', {
        ...diPiano(id),
        body: { fasi: [{ indicatore: '1.a', numero: 3, fineEffettiva: day(-1) }] },
      }),
    );
  });

  it('copies a plan into a draft for the next year: dates a year on, the monitoring cleared, recorded; a second copy is refused', async () => {
    const doc = piano();
    doc.anno -= 3;
    const created = dati(await api(responsabile).POST('/api/v1/piani', { body: doc }));
    const copia = await api(responsabile).POST('/api/v1/piani/{id}/copia', { ...diPiano(created.id), body: {} });
    expect(copia.response.status).toBe(201);
    expect(dati(copia)).toMatchObject({ anno: doc.anno + 1, stato: 'bozza' });
    const letta = dati(await api(dirigente).GET('/api/v1/piani/{id}', diPiano(dati(copia).id))).documento;
    const fasi = letta.aree[0].obiettivi[0].indicatori[0].fasi!;
    const unAnnoDopo = (d: string) => `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`.replace(/-02-29$/, '-02-28');
    expect(fasi.map((f) => [f.finePrevista, f.fineEffettiva])).toEqual([
      [unAnnoDopo(day(-30)), undefined],
      [unAnnoDopo(day(-1)), undefined],
      [unAnnoDopo(day(1)), undefined],
    ]);
    const [audit] = await sql<{ dopo: { copiatoDa: string } }>(`SELECT dopo FROM audit_log WHERE entita_id = $1 AND azione = 'creato'`, [dati(copia).id]);
    expect(audit.dopo.copiatoDa).toBe(created.id);
    expect((await api(responsabile).POST('/api/v1/piani/{id}/copia', { ...diPiano(created.id), body: {} })).response.status).toBe(409);
  });
});
