import type { Browser, Page } from 'playwright-core';
import { accedi, fotografa, nuovaScheda, violazioniAccessibilita, type Violazione } from '../support/browser';
import { ConsoleStack } from '../support/console-stack';
import { persona as nuovaPersona } from '../support/identificativi';
import { waitFor } from '../support/wait';
import { SOGGETTI_SVILUPPO } from '../../infra/idp/utenti';

jest.setTimeout(240_000);

/**
 * Collocamento mirato in the console, as its users work it: the operatore of CPI-FI imports the list from a CSV (a bad
 * file first), enters an employer's request, a responsabile judges it congrua and later publishes the graduatoria,
 * the operatore registers the applications, reads the graduatoria with its points and verifies it, and sends the
 * rosa; the employer reads it (references, no personal data) and records the outcomes. Nobody else sees any of it.
 */
const cs = new ConsoleStack();
let browser: Browser;
const violazioni: Violazione[] = [];
const UFFICIO = 'CPI-FI';
/** davide.greco's company (soggetto C of the development users). */
const SOGGETTO_C = SOGGETTI_SVILUPPO.C.partitaIva;
const PROFILO = `Addetto archivio ${Date.now().toString(36)}`;

/** A person of CPI-FI's L. 68/99 list as a CSV row (the import's column names). */
function persona(over: Record<string, string> = {}): Record<string, string> {
  const p = nuovaPersona({ luogo: { birthplace: 'Firenze', birthplaceProvincia: 'FI' } });
  return {
    codice_fiscale: p.codiceFiscale,
    ufficio: UFFICIO,
    territorio: 'FI',
    categoria: 'art1',
    percentuale_invalidita: '67',
    data_iscrizione: '2024-01-15',
    stato_occupazionale: 'disoccupato',
    isee: '9000',
    familiari_a_carico: '1',
    competenze: 'excel|contabilita',
    mansioni_compatibili: 'videoterminale|archivio',
    mansioni_incompatibili: 'carichi-pesanti',
    note_compatibilita: 'evitare sollevamento carichi',
    sesso: p.sesso,
    data_nascita: p.dataNascita,
    ...over,
  };
}
const csv = (righe: Record<string, string>[]) => {
  const colonne = Object.keys(righe[0]);
  return Buffer.from([colonne.join(';'), ...righe.map((r) => colonne.map((c) => r[c]).join(';'))].join('\r\n'));
};

/** A datetime-local value on the Rome clock (the browser's), `secondi` from now. */
function traSecondi(secondi: number): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Rome',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return f.format(new Date(Date.now() + secondi * 1000)).replace(' ', 'T');
}

async function controlla(pagina: Page, schermata: string) {
  await pagina.getByRole('heading', { level: 1 }).waitFor();
  violazioni.push(...(await violazioniAccessibilita(pagina, schermata)));
}

async function entra(utente: string): Promise<Page> {
  const { pagina } = await nuovaScheda(browser);
  await accedi(pagina, cs.baseUrl, utente);
  return pagina;
}

const stato = (pagina: Page) => pagina.getByTestId('stato-offerta');

beforeAll(async () => {
  await cs.start();
  browser = cs.browser;
});

afterAll(() => cs.stop());

describe('collocamento mirato in the console', () => {
  const a = persona({ percentuale_invalidita: '90', isee: '3000' });
  const b = persona({ percentuale_invalidita: '70', competenze: 'excel' });
  const occupato = persona({ stato_occupazionale: 'occupato' });
  let offertaId = '';
  let coperturaPrima = 0;

  it('imports the list from CSV (a bad file shows its errors by row and column, nothing imported), enters a request and runs it to a published graduatoria, verified, and sends the rosa', async () => {
    // Seed: the employer of davide.greco (soggetto C) in the regional registry (no screen registers employers yet).
    const operatore = cs.stack.client(await cs.token('mario.rossi'));
    const registrato = await operatore.GET('/api/v1/collocamento/datori/{id}', { params: { path: { id: SOGGETTO_C } } });
    if (registrato.response.status === 404) {
      const r = await operatore.POST('/api/v1/collocamento/datori', {
        body: { codiceFiscale: SOGGETTO_C, denominazione: SOGGETTI_SVILUPPO.C.nome, dipendentiComputabili: 60 },
      });
      expect(r.response.status).toBe(201);
    }
    coperturaPrima = (await operatore.GET('/api/v1/collocamento/datori/{id}', { params: { path: { id: SOGGETTO_C } } })).data!.coperturaArt1;

    const mario = await entra('mario.rossi');
    await mario.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Collocamento mirato' }).click();
    await controlla(mario, 'collocamento: elenco (operatore)');
    await mario.getByRole('link', { name: 'Importa da file CSV' }).click();
    await controlla(mario, 'collocamento: importazione');

    // A file with two bad rows: nothing is imported, each error in the table by row and column.
    const errata = [persona(), persona({ categoria: 'art99' }), persona({ percentuale_invalidita: '140' })];
    await mario.getByLabel('File CSV').setInputFiles({ name: 'iscritti.csv', mimeType: 'text/csv', buffer: csv(errata) });
    await mario.getByRole('button', { name: 'Importa', exact: true }).click();
    const tabella = mario.getByTestId('errori-importazione');
    await tabella.waitFor();
    await expect(mario.getByRole('alert').first().textContent()).resolves.toMatch(/Nessuna riga importata: 2 errori/);
    const righe = await tabella.locator('tbody tr').allInnerTexts();
    expect(righe).toEqual([expect.stringMatching(/^3\s+categoria\s+\S/), expect.stringMatching(/^4\s+percentuale_invalidita\s+\S/)]);
    violazioni.push(...(await violazioniAccessibilita(mario, 'collocamento: errori di importazione')));
    await fotografa(mario, 'collocamento-import');
    expect((await operatore.GET('/api/v1/collocamento/iscritti/{id}', { params: { path: { id: errata[0].codice_fiscale } } })).response.status).toBe(404);

    // The corrected file: everyone registered.
    await mario.getByLabel('File CSV').setInputFiles({ name: 'iscritti.csv', mimeType: 'text/csv', buffer: csv([a, b, occupato]) });
    await mario.getByRole('button', { name: 'Importa', exact: true }).click();
    await mario.getByText('Importazione riuscita: 3 iscritti registrati.').waitFor();
    await expect(tabella.count()).resolves.toBe(0);

    // The request for davide.greco's company.
    await mario.getByRole('link', { name: 'Collocamento mirato' }).first().click();
    await mario.getByRole('link', { name: 'Nuova richiesta di candidati' }).click();
    await controlla(mario, 'collocamento: nuova richiesta');
    await mario.getByLabel('Datore di lavoro (codice fiscale o partita IVA)').fill(SOGGETTO_C);
    await mario.getByLabel('Profilo professionale').fill(PROFILO);
    await mario.getByLabel('Mansioni').fill('videoterminale, archivio');
    await mario.getByLabel('Competenze richieste').fill('excel:2, contabilita');
    await mario.getByLabel('Luogo di lavoro').fill('Firenze, Via dei Servi 1');
    await mario.getByLabel('Territorio dell’elenco (provincia)').fill('FI');
    await mario.getByLabel('Ore settimanali').fill('30');
    await mario.getByLabel('Candidati per posto').fill('2');
    await mario.getByRole('button', { name: 'Registra la richiesta' }).click();
    await mario.waitForURL((url) => /\/collocamento\/offerte\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/nuova'));
    offertaId = mario.url().split('/').pop()!;
    await expect(stato(mario).textContent()).resolves.toBe('Richiesta ricevuta: da valutare la congruità');
    await controlla(mario, 'collocamento: richiesta (operatore)');

    // Who entered the request cannot judge it: the API's refusal is shown.
    await mario.getByLabel('Chiusura delle adesioni').fill(traSecondi(60));
    await mario.getByRole('button', { name: 'Registra la valutazione' }).click();
    await mario.getByRole('alert').filter({ hasText: 'Valutazione non registrata' }).waitFor();

    // The responsabile judges it congrua: applications open now, close in 40 s.
    const anna = await entra('anna.bianchi');
    await anna.goto(`${cs.baseUrl}/console/collocamento/offerte/${offertaId}`);
    await stato(anna).waitFor();
    await anna.getByLabel('Chiusura delle adesioni').fill(traSecondi(40));
    await anna.getByRole('button', { name: 'Registra la valutazione' }).click();
    await anna.getByTestId('stato-offerta').filter({ hasText: 'Pubblicata: adesioni aperte' }).waitFor();

    // The operatore registers the applications; someone not on the list is refused beside the field.
    await mario.reload();
    await stato(mario).filter({ hasText: 'Pubblicata: adesioni aperte' }).waitFor();
    const cf = mario.getByLabel('Codice fiscale della persona iscritta');
    for (const p of [a, b, occupato]) {
      await cf.fill(p.codice_fiscale);
      await mario.getByRole('button', { name: 'Registra l’adesione' }).click();
      await mario.getByText(`Adesione di ${p.codice_fiscale} registrata.`).waitFor();
    }
    await cf.fill(persona().codice_fiscale);
    await mario.getByRole('button', { name: 'Registra l’adesione' }).click();
    await expect(mario.locator('[data-campo="iscrittoId"]').textContent()).resolves.toMatch(/non è iscritto all'elenco L\. 68\/99/);
    await expect(cf.getAttribute('aria-invalid')).resolves.toBe('true');
    await mario.getByText('3 adesioni attive su 3').waitFor();
    await controlla(mario, 'collocamento: adesioni');

    // At the close the graduatoria is computed; the responsabile publishes it (her page follows the procedure by itself).
    await stato(anna).filter({ hasText: 'Adesioni chiuse: graduatoria calcolata, da pubblicare' }).waitFor({ timeout: 90_000 });
    await controlla(anna, 'collocamento: graduatoria da pubblicare');
    await anna.getByRole('button', { name: 'Pubblica la graduatoria' }).click();
    await stato(anna).filter({ hasText: 'Graduatoria pubblicata: rosa da inviare' }).waitFor({ timeout: 30_000 });
    const hash = (await anna.getByTestId('hash-pubblicato').textContent())!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    // The operatore reads it: points per criterion, the excluded with the reason, and the check of the hash.
    await mario.reload();
    await mario.getByRole('link', { name: 'Graduatoria e verifica' }).click();
    await mario.getByTestId('graduatoria').waitFor();
    const classificati = mario.getByTestId('graduatoria').locator('tbody tr');
    await expect(classificati.count()).resolves.toBe(2);
    await expect(classificati.nth(0).getByRole('rowheader').textContent()).resolves.toBe(a.codice_fiscale);
    await expect(classificati.nth(0).locator('[data-criterio="invalidita"]').textContent()).resolves.toMatch(/^90,00\s*90%$/);
    await expect(classificati.nth(1).getByRole('rowheader').textContent()).resolves.toBe(b.codice_fiscale);
    await expect(mario.getByTestId('esclusi').textContent()).resolves.toMatch(new RegExp(`${occupato.codice_fiscale}.*disoccupazione`));
    await mario.getByRole('button', { name: 'Verifica', exact: true }).click();
    const verifica = mario.getByTestId('esito-verifica');
    await verifica.waitFor();
    const testoVerifica = (await verifica.textContent())!;
    expect(testoVerifica).toMatch(/^Corrisponde/);
    expect(testoVerifica).toContain(`SHA-256 pubblicato: ${hash}`);
    expect(testoVerifica).toContain(`SHA-256 ricalcolato: ${hash}`);
    await controlla(mario, 'collocamento: graduatoria e verifica');
    await fotografa(mario, 'collocamento-graduatoria');

    // The rosa: the first two of the list.
    await mario.getByRole('link', { name: 'Richiesta', exact: true }).click();
    await mario.getByRole('button', { name: 'Invia la rosa al datore' }).click();
    await stato(mario).filter({ hasText: 'Rosa inviata: in attesa degli esiti' }).waitFor();
    await expect(mario.getByTestId('rosa').locator('tbody th').allInnerTexts()).resolves.toEqual([a.codice_fiscale, b.codice_fiscale]);
    await controlla(mario, 'collocamento: rosa (operatore)');
  });

  it('shows the employer its request and the rosa by reference only, and records its outcomes in words', async () => {
    const davide = await entra('davide.greco');
    await davide.getByRole('navigation', { name: 'Sezioni' }).getByRole('link', { name: 'Collocamento mirato' }).click();
    await davide.getByRole('heading', { name: /Quota d’obbligo/ }).waitFor();
    await controlla(davide, 'collocamento: elenco (datore)');
    await davide.getByRole('link', { name: PROFILO }).click();
    await stato(davide).filter({ hasText: 'Rosa inviata: in attesa degli esiti' }).waitFor();
    const rosa = davide.getByTestId('rosa');
    await rosa.waitFor();
    const riferimenti = await rosa.locator('tbody th').allInnerTexts();
    expect(riferimenti).toEqual([expect.stringMatching(/^C-[0-9A-F]{10}$/), expect.stringMatching(/^C-[0-9A-F]{10}$/)]);
    // No personal data: neither codici fiscali nor scores, invalidity or ISEE.
    const pagina = await davide.locator('main').innerText();
    for (const vietato of [a.codice_fiscale, b.codice_fiscale, 'Invalidità', 'ISEE', 'Punteggio']) expect(pagina).not.toContain(vietato);
    await controlla(davide, 'collocamento: rosa (datore)');
    await fotografa(davide, 'collocamento-rosa-datore');

    // "Non idoneo" needs a reason: refused beside the field, then recorded.
    const [primo, secondo] = riferimenti;
    const modulo = (rif: string) => davide.getByRole('form', { name: `Esito per ${rif}` });
    await modulo(primo).getByLabel(`Esito per ${primo}`).selectOption('non-idoneo');
    await modulo(primo).getByRole('button', { name: 'Registra l’esito' }).click();
    await modulo(primo).locator('[data-campo="motivo"]').waitFor();
    await modulo(primo).getByLabel('Motivo').fill('Non ha la patente richiesta per le consegne');
    await modulo(primo).getByRole('button', { name: 'Registra l’esito' }).click();
    await davide
      .getByTestId(`esito-${primo}`)
      .filter({ hasText: /^Non idoneo$/ })
      .waitFor();
    await modulo(secondo).getByLabel(`Esito per ${secondo}`).selectOption('assunto');
    await modulo(secondo).getByRole('button', { name: 'Registra l’esito' }).click();
    await davide
      .getByTestId(`esito-${secondo}`)
      .filter({ hasText: /^Assunto$/ })
      .waitFor();
    await stato(davide)
      .filter({ hasText: /^Conclusa$/ })
      .waitFor();
    await controlla(davide, 'collocamento: esiti (datore)');

    // Final state through the API: concluded, the second ranked hired, the employer's coverage one more.
    const responsabile = cs.stack.client(await cs.token('anna.bianchi'));
    const conId = { params: { path: { id: offertaId } } };
    const offerta = (await responsabile.GET('/api/v1/offerte/{id}', conId)).data!;
    expect(offerta.stato).toBe('conclusa');
    const rosaStaff = (await responsabile.GET('/api/v1/offerte/{id}/rosa', conId)).data!;
    expect(rosaStaff.candidati.map((c) => `${c.iscrittoId}:${c.esito}`)).toEqual([`${a.codice_fiscale}:non-idoneo`, `${b.codice_fiscale}:assunto`]);
    const iscrittoB = (await responsabile.GET('/api/v1/collocamento/iscritti/{id}', { params: { path: { id: b.codice_fiscale } } })).data!;
    expect(iscrittoB.statoOccupazionale).toBe('occupato');
    const datore = await waitFor('the coverage updated', async () => {
      const d = (await responsabile.GET('/api/v1/collocamento/datori/{id}', { params: { path: { id: SOGGETTO_C } } })).data!;
      return d.coperturaArt1 === coperturaPrima + 1 ? d : undefined;
    });
    expect(datore.coperturaArt1).toBe(coperturaPrima + 1);
  });

  it.each(['bruno.fontana', 'luca.verdi'])('shows %s (another employer, another office) none of these records', async (utente) => {
    const pagina = await entra(utente);
    await pagina.goto(`${cs.baseUrl}/console/collocamento`);
    await controlla(pagina, `collocamento: elenco (${utente})`);
    await pagina.getByTestId('nessuna-offerta').waitFor();
    await pagina.goto(`${cs.baseUrl}/console/collocamento/offerte/${offertaId}`);
    await pagina.getByRole('heading', { level: 1, name: 'Richiesta non trovata' }).waitFor();
    await expect(pagina.locator('main').innerText()).resolves.not.toContain(PROFILO);
    await controlla(pagina, `collocamento: richiesta altrui (${utente})`);
    // The API agrees: not in their list, and not found.
    const client = cs.stack.client(await cs.token(utente));
    expect((await client.GET('/api/v1/offerte')).data).toEqual([]);
    expect((await client.GET('/api/v1/offerte/{id}', { params: { path: { id: offertaId } } })).response.status).toBe(404);
  });

  it('has no serious or critical accessibility violation on any screen visited', () => {
    expect(violazioni).toEqual([]);
  });
});
