/**
 * Cronoprogramma in the console: the office's dirigente imports a plan (an invalid document first: each problem shown
 * at its JSON path), cannot approve what she wrote; the office's other dirigente finds it in her "Le mie attività" and
 * approves it; the first records the monitoring of an overdue phase, reads the valuation with each rule and its
 * numbers, sees the Gantt chart and downloads the monitoring sheet; a dirigente of another office sees none of it.
 */
import { readFile } from 'node:fs/promises';
import type { Schemi } from '@app/client';
import type { Page } from 'playwright-core';
import { accedi, fotografa, nuovaScheda, violazioniAccessibilita, type Violazione } from '../support/browser';
import { ConsoleStack } from '../support/console-stack';
import { pianoDocumento } from '../support/piani';
import { dati } from '../support/stack';

jest.setTimeout(240_000);

const cs = new ConsoleStack();
const violazioni: Violazione[] = [];
const UFFICIO = 'CPI-FI';
const DAY = 86_400_000;

beforeAll(async () => {
  await cs.start();
});
afterAll(async () => {
  await cs.stop();
});

/** An ISO date `offset` days from today, `anniIndietro` years back (a plan per office and year: reruns go back). */
function giorno(offset: number, anniIndietro = 0): string {
  const d = new Date(Date.now() + offset * DAY);
  d.setUTCFullYear(d.getUTCFullYear() - anniIndietro);
  return d.toISOString().slice(0, 10);
}
const gma = (iso: string) => iso.split('-').reverse().join('/');

/** The plan the dirigente imports: three phases around today (the second overdue), a numeric and a non-evaluable indicator. */
function piano(k: number): Schemi['PianoDocumentoDto'] {
  return pianoDocumento({
    ufficio: UFFICIO,
    titolo: `Piano della performance CPI Firenze ${Date.now().toString(36)}`,
    giorno: (o) => giorno(o, k),
    indicatoriMisurati: true,
  });
}

const comeFile = (nome: string, doc: unknown) => ({ name: nome, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc, null, 2)) });

async function controlla(pagina: Page, schermata: string) {
  violazioni.push(...(await violazioniAccessibilita(pagina, schermata)));
}

describe('cronoprogramma nella console', () => {
  it('il dirigente importa un piano, un altro dirigente lo approva dalle sue attività, il primo ne registra il monitoraggio, legge la valutazione e il Gantt, scarica la scheda; un altro ufficio non lo vede', async () => {
    const giulia = cs.stack.client(await cs.token('giulia.neri'));
    // One plan per office and year: on a database already holding this year's plan, the journey goes back a year.
    const anni = new Set(dati(await giulia.GET('/api/v1/piani')).map((p) => p.anno));
    let k = 0;
    while (anni.has(Number(giorno(-30, k).slice(0, 4)))) k++;
    const doc = piano(k);

    const { pagina } = await nuovaScheda(cs.browser);
    await accedi(pagina, cs.baseUrl, 'giulia.neri', '/console/cronoprogramma');
    await pagina.getByRole('heading', { level: 1, name: 'Cronoprogramma' }).waitFor();
    await controlla(pagina, 'elenco dei piani');

    // Import: the phases' weights sum to 90, and the problem is shown at its path in the document, in words.
    await pagina.getByRole('link', { name: 'Importa un piano' }).click();
    await pagina.getByRole('heading', { level: 1, name: 'Importa un piano' }).waitFor();
    const sbagliato = structuredClone(doc);
    sbagliato.aree[0].obiettivi[0].indicatori[0].fasi![2].peso = 20;
    const file = pagina.getByLabel('Documento del piano (JSON)');
    await file.setInputFiles(comeFile('piano-sbagliato.json', sbagliato));
    await pagina.getByTestId('anteprima-documento').getByText(doc.titolo).waitFor();
    await pagina.getByRole('button', { name: 'Importa il piano' }).click();
    const riga = pagina.locator('tr[data-campo="aree[0].obiettivi[0].indicatori[0].fasi[*].peso"]');
    await riga.waitFor();
    await expect(riga.innerText()).resolves.toMatch(
      /area A › obiettivo 1 › indicatore 1\.a › le fasi › peso[\s\S]*la somma[\s\S]*deve essere 100[\s\S]*«90»[\s\S]*100/,
    );
    await expect(file.getAttribute('aria-invalid')).resolves.toBe('true');
    await pagina.getByRole('alert').getByText('Il piano non è stato importato').waitFor();
    await controlla(pagina, 'importazione con errori');

    // The corrected document becomes a draft: its author is told another dirigente must approve it.
    await file.setInputFiles(comeFile('piano.json', doc));
    await pagina.getByRole('button', { name: 'Importa il piano' }).click();
    await pagina.getByRole('heading', { level: 1, name: doc.titolo }).waitFor();
    const id = /\/piani\/([0-9a-f-]{36})/.exec(pagina.url())![1];
    await pagina.getByText('Piano importato come bozza.').waitFor();
    await expect(pagina.getByTestId('stato-piano').innerText()).resolves.toBe('Bozza, da approvare');
    await pagina.getByTestId('separazione-compiti').getByText('deve approvarlo un altro dirigente').waitFor();
    expect(await pagina.getByRole('button', { name: 'Approva il piano' }).count()).toBe(0);
    await controlla(pagina, 'piano in bozza');

    // The office's other dirigente finds the draft in her activities, follows it and approves it.
    const carla = await nuovaScheda(cs.browser);
    await accedi(carla.pagina, cs.baseUrl, 'carla.moretti');
    await carla.pagina.getByRole('heading', { level: 1, name: 'Le mie attività' }).waitFor();
    const daApprovare = carla.pagina.getByTestId('attivita').filter({ hasText: doc.titolo });
    await daApprovare.getByText('Approvare il piano').waitFor();
    const link = daApprovare.getByRole('link', { name: doc.titolo });
    await expect(link.getAttribute('href')).resolves.toBe(`/console/cronoprogramma/piani/${id}`);
    await controlla(carla.pagina, 'le mie attività');
    await link.click();
    await carla.pagina.getByRole('heading', { level: 1, name: doc.titolo }).waitFor();
    await expect(carla.pagina.getByTestId('stato-piano').innerText()).resolves.toBe('Bozza, da approvare');
    expect(await carla.pagina.getByTestId('separazione-compiti').count()).toBe(0);
    await controlla(carla.pagina, 'piano da approvare');
    await carla.pagina.getByLabel('Nota di approvazione (facoltativa)').fill('Approvato in comitato');
    await carla.pagina.getByRole('button', { name: 'Approva il piano' }).click();
    await carla.pagina
      .getByTestId('stato-piano')
      .getByText(k === 0 ? 'Attivo: scadenze seguite' : /Attivo|Chiuso/)
      .waitFor();
    expect(await carla.pagina.getByRole('button', { name: 'Approva il piano' }).count()).toBe(0);
    await carla.contesto.close();

    // Back to the author: the plan is in force.
    await pagina.reload();
    await pagina
      .getByTestId('stato-piano')
      .getByText(k === 0 ? 'Attivo: scadenze seguite' : /Attivo|Chiuso/)
      .waitFor();

    // Phase 2 ended yesterday without an actual end: overdue, highlighted.
    const fase2 = pagina.locator('tr[data-fase="1.a#2"]');
    await fase2.getByText('Scaduta').waitFor();
    await expect(fase2.getAttribute('class')).resolves.toContain('table-danger');

    // Monitoring: an end after today is refused beside the field; today's is recorded.
    await pagina.getByLabel('Fase', { exact: true }).selectOption({ label: 'Indicatore 1.a, fase 2: Sviluppo' });
    await pagina.getByLabel('Fine effettiva').fill(giorno(1));
    await pagina.getByRole('button', { name: 'Registra il monitoraggio' }).click();
    const erroreFine = pagina.locator('[data-campo="fasi[0].fineEffettiva"]');
    await erroreFine.waitFor();
    await expect(pagina.getByLabel('Fine effettiva').getAttribute('aria-invalid')).resolves.toBe('true');
    const fine = giorno(0, k);
    await pagina.getByLabel('Fine effettiva').fill(fine);
    await pagina.getByLabel('Nota di monitoraggio', { exact: true }).fill('Rilascio posticipato di un giorno');
    await pagina.getByRole('button', { name: 'Registra il monitoraggio' }).click();
    await pagina.getByText('Monitoraggio registrato.').waitFor();
    await fase2.getByText('Conclusa in ritardo').waitFor();
    await fase2.getByText(gma(fine)).waitFor();
    await controlla(pagina, 'piano con monitoraggio');
    await fotografa(pagina, 'cronoprogramma-piano');

    // Valuation: phase 2 scored by rule 1 with its numbers (29 planned days, 30 actual).
    await pagina.getByRole('link', { name: 'Valutazione e Gantt' }).click();
    const rigaFase = pagina.locator('tr[data-voce="Fase 1.a#2"]');
    await rigaFase.waitFor();
    const testoFase = await rigaFase.innerText();
    expect(testoFase).toContain('96,67%');
    expect(testoFase).toContain('giorni previsti / giorni effettivi (regola 1)');
    expect(testoFase).toMatch(/giorni previsti: 29[\s\S]*giorni effettivi: 30/);
    expect(testoFase).toContain('29 / 30 = 96.67%');
    await expect(pagina.locator('tr[data-voce="Fase 1.a#3"]').innerText()).resolves.toMatch(/0,00%[\s\S]*Non completata e senza informazioni/);
    await expect(pagina.locator('tr[data-voce="Indicatore 2.b"]').innerText()).resolves.toMatch(/escluso[\s\S]*Non valutabile/);
    await pagina.getByTestId('punteggio-piano').getByText('Punteggio del piano').waitFor();

    // The Gantt: the service's SVG as an image, with a text alternative.
    const gantt = pagina.getByRole('img', { name: /^Diagramma di Gantt del piano: 3 fasi/ });
    await gantt.waitFor();
    await expect(
      gantt.evaluate(async (el) => {
        const img = el as unknown as { decode: () => Promise<void>; naturalWidth: number };
        await img.decode();
        return img.naturalWidth;
      }),
    ).resolves.toBeGreaterThan(0);
    await pagina.getByText('Descrizione testuale del diagramma').click();
    await pagina.getByText(`conclusa il ${gma(fine)}`).waitFor();
    await controlla(pagina, 'valutazione e Gantt');
    await fotografa(pagina, 'cronoprogramma-valutazione');

    // The monitoring sheet, downloaded as a file.
    const [scaricato] = await Promise.all([
      pagina.waitForEvent('download'),
      pagina.getByRole('button', { name: 'Scarica la scheda di monitoraggio (PDF)' }).click(),
    ]);
    expect(scaricato.suggestedFilename()).toBe(`monitoraggio-${UFFICIO}-${doc.anno}.pdf`);
    const pdf = await readFile((await scaricato.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // Revisions: baseline 1, approved by the office's other dirigente.
    await pagina.getByRole('link', { name: 'Revisioni' }).click();
    await pagina.locator('[data-revisione="1"]').getByText('Revisione 1 — Approvata (baseline in vigore)').waitFor();
    await controlla(pagina, 'revisioni');

    // Final state, through the API.
    const finale = dati(await giulia.GET('/api/v1/piani/{id}', { params: { path: { id } } }));
    expect(finale).toMatchObject({ baseline: 1, creatoDa: 'giulia.neri', ufficio: UFFICIO, anno: doc.anno });
    expect(['attivo', 'congelato']).toContain(finale.stato);
    expect(finale.documento.aree[0].obiettivi[0].indicatori[0].fasi![1]).toMatchObject({
      fineEffettiva: fine,
      notaMonitoraggio: 'Rilascio posticipato di un giorno',
    });
    const val = dati(await giulia.GET('/api/v1/piani/{id}/valutazione', { params: { path: { id } } }));
    expect(val.obiettivi[0].indicatori[0].fasi![1]).toMatchObject({ punteggio: '96.67', regola: 'ritardo-proporzionale' });
    const trail = dati(await giulia.GET('/api/v1/audit', { params: { query: { entity: `piano:${id}` } } }));
    expect(trail.map((r) => r.azione)).toEqual(expect.arrayContaining(['creato', 'approvato', 'monitoraggio']));
    expect(trail.find((r) => r.azione === 'approvato')?.attore).toBe('carla.moretti');
    expect(trail.find((r) => r.azione === 'creato')?.attore).toBe('giulia.neri');

    // Another office's dirigente: an empty list, and the plan's address answers as a missing plan.
    const altro = await nuovaScheda(cs.browser);
    await accedi(altro.pagina, cs.baseUrl, 'piero.gialli', '/console/cronoprogramma');
    await altro.pagina.getByTestId('nessun-piano').waitFor();
    await controlla(altro.pagina, 'elenco dei piani di un altro ufficio');
    await altro.pagina.goto(`${cs.baseUrl}/console/cronoprogramma/piani/${id}`);
    await altro.pagina.getByRole('heading', { level: 1, name: 'Piano non trovato' }).waitFor();
    await controlla(altro.pagina, 'piano di un altro ufficio');
    const piero = cs.stack.client(await cs.token('piero.gialli'));
    expect((await piero.GET('/api/v1/piani/{id}', { params: { path: { id } } })).response.status).toBe(404);
    expect(dati(await piero.GET('/api/v1/piani'))).toEqual([]);

    expect(violazioni).toEqual([]);
  });
});
