/**
 * Tirocini in the console, as its users drive it: a promotore drafts a traineeship, attaches the documents, submits
 * and sees every violation at once, fixes them and submits again; the office's responsabile finds it among the
 * practices waiting for a decision and approves it. Separation of duties, and other offices and organisations that
 * do not see the practice. axe-core checks every screen visited.
 */
import { createHash } from 'node:crypto';
import { comeModulo, type Schemi } from '@app/client';
import type { Locator, Page } from 'playwright-core';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { fineDopoMesi } from '../../libs/domain/src/tirocini/controlli';
import { accedi, fotografa, nuovaScheda, violazioniAccessibilita, type Violazione } from '../support/browser';
import { ConsoleStack } from '../support/console-stack';
import { lettere, persona } from '../support/identificativi';
import { dati, samples } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

const cs = new ConsoleStack();
const violazioni: Violazione[] = [];
const run = Date.now().toString(36);
const oggi = () => new Date().toISOString().slice(0, 10);

/** The claims of a dev user's token: their office and, for external users, the organisation they act for. */
function claims(token: string): { office: string; soggetto?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { office: string; soggetto?: string };
}

const api = async (utente: string) => cs.stack.client(await cs.token(utente));
const perId = (id: string) => ({ params: { path: { id } } });

interface Dati {
  promotore: Schemi['SoggettoView'];
  ospitante: Schemi['SoggettoView'];
  sedeId: string;
  convenzioneId: string;
  tutorOspitanteId: string;
  tirocinante: ReturnType<typeof persona> & { id: string };
}
let d: Dati;

const FIRENZE = { indirizzo: 'Via dei Servi 1', cap: '50122', comune: 'Firenze', codiceIstat: '048017', provincia: 'FI' };

/** A soggetto of the regional registry with the dev user's organisation code: registered once, found afterwards. */
async function soggetto(ruolo: 'promotore' | 'ospitante', codiceFiscale: string, ufficio: string): Promise<Schemi['SoggettoView']> {
  const op = await api('mario.rossi');
  const esistenti = dati(await op.GET('/api/v1/soggetti-tirocinio', { params: { query: { codiceFiscale, ruolo } } }));
  if (esistenti.length) return esistenti[0];
  return dati(
    await op.POST('/api/v1/soggetti-tirocinio', {
      body: {
        ruolo,
        denominazione: ruolo === 'promotore' ? 'Agenzia formativa Conti' : 'Tessitura Russo S.r.l.',
        codiceFiscale,
        regione: 'toscana',
        ...(ruolo === 'promotore' ? { tipologia: 'ente accreditato' } : {}),
        sedeLegale: FIRENZE,
        // Many permanent employees: each run's practices take a place at the site, and the places must not run out.
        sedi: [{ denominazione: 'Sede operativa', ...FIRENZE, regione: 'toscana', cpi: ufficio, dipendentiIndeterminato: ruolo === 'ospitante' ? 2000 : 5 }],
      },
    }),
  );
}

async function tutor(utente: string, soggettoId: string): Promise<string> {
  const { codiceFiscale, nome, cognome } = persona({ annoDa: 1970, anni: 20 });
  return dati(await (await api(utente)).POST('/api/v1/tutor', { body: { soggettoId, codiceFiscale, nome, cognome } })).id;
}

/** Seeded through the API: the two parties (the dev users' organisations), their convenzione, a tutor, the trainee. */
async function semina(): Promise<Dati> {
  const ufficio = claims(await cs.token('mario.rossi')).office;
  const promotore = await soggetto('promotore', claims(await cs.token('paolo.conti')).soggetto!, ufficio);
  const ospitante = await soggetto('ospitante', claims(await cs.token('franca.russo')).soggetto!, ufficio);
  const op = await api('mario.rossi');
  const convenzione = dati(
    await op.POST('/api/v1/convenzioni', { body: { promotoreId: promotore.id, ospitanteId: ospitante.id, validaDal: '2026-01-01', validaAl: '2035-12-31' } }),
  );
  // The promotore registers its trainee: an external user reads the trainees it registered.
  const p = persona({ annoDa: 1995, anni: 8 });
  const t = dati(await (await api('paolo.conti')).POST('/api/v1/tirocinanti', { body: p }));
  return {
    promotore,
    ospitante,
    sedeId: ospitante.sedi.find((s) => s.cpi === ufficio)!.id,
    convenzioneId: convenzione.id,
    tutorOspitanteId: await tutor('mario.rossi', ospitante.id),
    tirocinante: { ...p, id: t.id },
  };
}

async function axe(pagina: Page, schermata: string) {
  violazioni.push(...(await violazioniAccessibilita(pagina, schermata)));
}

async function caricaDocumento(pagina: Page, tipo: string, nome: string, bytes: Buffer, versione: number) {
  const modulo = pagina.getByRole('form', { name: 'Carica un documento' });
  await modulo.getByLabel('Tipo di documento').selectOption(tipo);
  await modulo.getByLabel('File (PDF, PNG o JPEG)').setInputFiles({ name: nome, mimeType: 'application/pdf', buffer: bytes });
  await modulo.getByRole('button', { name: 'Carica' }).click();
  await modulo
    .getByRole('status')
    .filter({ hasText: `versione ${versione}` })
    .waitFor();
}

/**
 * What the user sees, waited for (playwright-core has no web-first assertions): each fails, naming what it waited
 * for, if the screen does not come to show it.
 */
async function attendi(cosa: string, prova: () => Promise<boolean>) {
  await waitFor(cosa, async () => ((await prova()) ? true : undefined), 20_000);
}
const testo = (l: Locator, atteso: string) => attendi(`«${atteso}» in ${l.toString()}`, async () => (await l.allInnerTexts()).some((t) => t.includes(atteso)));
const esatto = (l: Locator, atteso: string) =>
  attendi(`«${atteso}» come ${l.toString()}`, async () => (await l.allInnerTexts()).some((t) => t.trim() === atteso));
const conteggio = (l: Locator, n: number) => attendi(`${n} × ${l.toString()}`, async () => (await l.count()) === n);
const attributo = (l: Locator, nome: string, valore: string) =>
  attendi(`${nome}=${valore} su ${l.toString()}`, async () => (await l.getAttribute(nome)) === valore);
const conValore = (l: Locator) => attendi(`un valore in ${l.toString()}`, async () => (await l.inputValue()) !== '');

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  await cs.start();
  d = await semina();
});

afterAll(() => cs.stop());

let tirocinioId: string;
const motivoApprovazione = `Progetto completo e coerente con le regole (${run})`;

test('il promotore compila la bozza, carica i documenti, vede tutte le violazioni insieme, corregge e invia', async () => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  // The login through the identity provider's page, which axe checks too.
  await pagina.goto(`${cs.baseUrl}/console/tirocini`);
  await pagina.getByRole('button', { name: 'Accedi', exact: true }).click();
  const utente = pagina.getByRole('button', { name: /\(paolo\.conti\)/ });
  await utente.waitFor();
  await axe(pagina, 'accesso (fornitore di identità)');
  await utente.click();
  await pagina.getByTestId('utente').waitFor();
  await pagina.getByRole('heading', { level: 1, name: 'Tirocini' }).waitFor();
  await axe(pagina, 'elenco tirocini (promotore)');

  await pagina.getByRole('link', { name: 'Nuovo progetto formativo' }).click();
  await pagina.getByRole('heading', { level: 1, name: 'Nuovo progetto formativo' }).waitFor();
  // The promotore is the user's own organisation, chosen for them.
  await testo(pagina.getByTestId('scelto-promotore'), d.promotore.codiceFiscale);
  await pagina.getByLabel('Soggetto ospitante: codice fiscale o partita IVA').fill(d.ospitante.codiceFiscale);
  await pagina.getByRole('button', { name: 'Cerca ospitante' }).click();
  await testo(pagina.getByTestId('scelto-ospitante'), d.ospitante.denominazione);
  await pagina.getByLabel('Sede del tirocinio').selectOption(d.sedeId);
  await pagina.getByLabel('Tirocinante: codice fiscale, oppure cognome e nome').fill(d.tirocinante.codiceFiscale);
  await pagina.getByRole('button', { name: 'Cerca tirocinante' }).click();
  await pagina.getByRole('button', { name: `Scegli ${d.tirocinante.cognome} ${d.tirocinante.nome} (${d.tirocinante.codiceFiscale})` }).click();
  await testo(pagina.getByTestId('scelto-tirocinante'), d.tirocinante.codiceFiscale);
  // The host's tutor by the code the host gave; the promotore's own tutor registered here.
  await pagina.getByRole('group', { name: "Tutor dell'ospitante" }).getByLabel('Codice del tutor registrato').fill(d.tutorOspitanteId);
  const tutorPromotore = pagina.getByRole('group', { name: 'Tutor del promotore' });
  await tutorPromotore.getByText('Registra un nuovo tutor').click();
  const nuovoTutor = persona({ annoDa: 1970, anni: 20 });
  await tutorPromotore.getByLabel('Codice fiscale del tutor').fill(nuovoTutor.codiceFiscale);
  await tutorPromotore.getByLabel('Cognome del tutor').fill(nuovoTutor.cognome);
  await tutorPromotore.getByLabel('Nome del tutor', { exact: true }).fill(nuovoTutor.nome);
  await tutorPromotore.getByRole('button', { name: 'Registra il tutor' }).click();
  await tutorPromotore
    .getByRole('status')
    .filter({ hasText: `Tutor ${nuovoTutor.cognome} ${nuovoTutor.nome} registrato` })
    .waitFor();
  await conValore(tutorPromotore.getByLabel('Codice del tutor registrato'));
  await pagina.getByLabel('Codice della convenzione registrata (facoltativo)').fill(d.convenzioneId);
  await testo(pagina.getByTestId('convenzione-trovata'), 'valida dal 01/01/2026 al 31/12/2035');
  const inizio = addDays(oggi(), 25);
  await pagina.getByLabel('Data di inizio').fill(inizio);
  await pagina.getByLabel('Data di fine').fill(fineDopoMesi(inizio, 2));
  await pagina.getByLabel('Ore settimanali').fill('30');
  // Below Toscana's minimum (500 €): the checks will say so, beside this field.
  await pagina.getByLabel('Indennità mensile lorda (euro)').fill('300,00');
  await pagina.getByLabel('Obiettivi formativi').fill('Acquisire competenze di base nella tessitura industriale');
  await pagina.getByLabel('Attività previste').fill('Affiancamento al reparto orditura e controllo qualità');
  await axe(pagina, 'nuovo progetto formativo');
  await pagina.getByRole('button', { name: 'Salva la bozza' }).click();

  await pagina.getByRole('heading', { level: 1, name: 'Bozza di progetto formativo' }).waitFor();
  tirocinioId = pagina.url().split('/tirocini/')[1];
  await esatto(pagina.getByTestId('stato'), 'Bozza (non ancora inviata)');

  // Three of the four documents (the identity document is missing), the PFI twice: two versions, each with its hash.
  await caricaDocumento(pagina, 'progetto-formativo', 'pfi.pdf', samples.pdf, 1);
  const pfi2 = Buffer.concat([samples.pdf, Buffer.from(`%${run}\n`)]);
  await caricaDocumento(pagina, 'progetto-formativo', 'pfi-firmato.pdf', pfi2, 2);
  await caricaDocumento(pagina, 'autocertificazione-ospitante', 'autocertificazione.pdf', samples.pdf, 1);
  await caricaDocumento(pagina, 'dichiarazione-selezione', 'selezione.pdf', samples.pdf, 1);
  const righePfi = pagina.locator('tr[data-tipo="progetto-formativo"]');
  await conteggio(righePfi, 2);
  await testo(righePfi.first(), 'v2');
  await testo(righePfi.first(), sha256(pfi2));
  await testo(righePfi.nth(1), sha256(samples.pdf));
  await testo(pagina.locator('[data-richiesto="documento-identita"]'), 'mancante');
  await axe(pagina, 'bozza con i documenti');
  await fotografa(pagina, 'tirocini-bozza');

  // First submission: every violation at once, each beside what it is about.
  await pagina.getByRole('button', { name: 'Invia la richiesta al CPI' }).click();
  const esito = pagina.getByTestId('esito-invio').getByRole('alert');
  await esito.waitFor();
  await testo(esito, 'La richiesta non è stata inviata');
  await conteggio(esito.locator('li'), 2);
  await testo(esito, 'inferiore al minimo di 500,00 EUR');
  await testo(esito, 'manca il documento documento-identita');
  await testo(pagina.locator('[data-campo="progetto.indennitaMensileCent"]'), 'inferiore al minimo di 500,00 EUR');
  await attributo(pagina.getByLabel('Indennità mensile lorda (euro)'), 'aria-invalid', 'true');
  await testo(pagina.locator('[data-campo="documenti.documento-identita"]'), 'manca il documento documento-identita');
  await esatto(pagina.getByTestId('stato'), 'Bozza (non ancora inviata)');
  await axe(pagina, 'bozza con le violazioni');
  await fotografa(pagina, 'tirocini-violazioni');

  // Fixed: the indemnity (saved with PUT), the missing document; then submitted again.
  await pagina.getByLabel('Indennità mensile lorda (euro)').fill('600,00');
  await pagina.getByRole('button', { name: 'Salva le modifiche' }).click();
  await pagina.getByRole('status').filter({ hasText: 'Modifiche salvate' }).waitFor();
  await conteggio(pagina.locator('[data-campo="progetto.indennitaMensileCent"]'), 0);
  await caricaDocumento(pagina, 'documento-identita', 'documento.pdf', samples.pdf, 1);
  await pagina.getByRole('button', { name: 'Invia la richiesta al CPI' }).click();
  await esatto(pagina.getByTestId('stato'), 'Inviata, in revisione presso il CPI');
  await esatto(pagina.getByRole('heading', { level: 1 }), 'Pratica di tirocinio');
  await testo(pagina.getByTestId('prossima-azione'), 'decisione del responsabile, a cura del responsabile del CPI, entro il');
  // The promotore does not decide, and is told who does.
  await testo(pagina.getByRole('region', { name: 'Decisione' }), 'la decide il responsabile del CPI');
  await testo(pagina.getByTestId('cronologia'), 'Richiesta inviata');
  await axe(pagina, 'pratica inviata (promotore)');
  await contesto.close();
});

test('il responsabile trova la pratica tra quelle da decidere e la approva con una motivazione', async () => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, 'anna.bianchi');
  // "Le mie attività" lists the decision waiting for her; the Tirocini list has it among those to decide.
  await pagina.getByTestId('attivita-pronta').waitFor();
  const daAttivita = pagina.locator(`a[href="/console/tirocini/${tirocinioId}"]`);
  await testo(daAttivita, `${d.tirocinante.cognome} ${d.tirocinante.nome}`);
  await axe(pagina, 'le mie attività (responsabile)');
  await fotografa(pagina, 'le-mie-attivita');
  const sezioni = pagina.getByRole('navigation', { name: 'Sezioni' });
  await sezioni.getByRole('link', { name: 'Tirocini' }).click();
  const daDecidere = pagina.getByRole('region', { name: 'Da decidere' });
  await daDecidere.getByRole('link', { name: `${d.tirocinante.cognome} ${d.tirocinante.nome}` }).waitFor();
  await testo(daDecidere, 'Inviata, in revisione presso il CPI');
  await axe(pagina, 'elenco tirocini (responsabile)');
  await sezioni.getByRole('link', { name: 'Le mie attività' }).click();
  await daAttivita.click();

  await esatto(pagina.getByTestId('stato'), 'Inviata, in revisione presso il CPI');
  await conteggio(pagina.locator('tr[data-tipo="progetto-formativo"]'), 2);
  // She took no part in the practice: no warning about separation of duties.
  await conteggio(pagina.getByTestId('separazione'), 0);
  const decisione = pagina.getByRole('form', { name: 'Decisione sulla pratica' });
  await decisione.getByLabel('Approvare').check();
  await decisione.getByLabel('Motivazione').fill(motivoApprovazione);
  await axe(pagina, 'decisione (responsabile)');
  await fotografa(pagina, 'tirocini-decisione');
  await decisione.getByRole('button', { name: 'Registra la decisione' }).click();
  await esatto(pagina.getByTestId('stato'), 'Approvata, in attesa della comunicazione obbligatoria');
  await testo(pagina.getByTestId('prossima-azione'), 'comunicazione obbligatoria (UNILAV), a cura del soggetto ospitante');
  await testo(pagina.getByTestId('cronologia'), `Motivazione: ${motivoApprovazione}`);
  await axe(pagina, 'pratica approvata (responsabile)');

  // The final state, through the API.
  const t = dati(await (await api('anna.bianchi')).GET('/api/v1/tirocini/{id}', perId(tirocinioId)));
  expect(t.stato).toBe('attesa-comunicazione');
  expect(t.versioneRegole).toMatch(/^toscana-/);
  expect((t.procedura as { decisione?: { esito: string; da?: string } }).decisione).toMatchObject({ esito: 'approvata' });
  const passoDecisione = t.timeline.find((x) => x.cosa === 'decisione');
  expect(passoDecisione).toMatchObject({ chi: 'anna.bianchi', perche: motivoApprovazione });
  expect(
    t.documenti
      .filter((x) => x.tipo === 'progetto-formativo')
      .map((x) => x.versione)
      .sort(),
  ).toEqual([1, 2]);
  expect((t.progetto as { indennitaMensileCent: number }).indennitaMensileCent).toBe(60_000);
  await contesto.close();
});

test("l'ospitante registra la comunicazione obbligatoria: l'avvio resta al sistema, alla data di inizio", async () => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, 'franca.russo', `/console/tirocini/${tirocinioId}`);
  await esatto(pagina.getByTestId('stato'), 'Approvata, in attesa della comunicazione obbligatoria');
  const co = pagina.getByRole('form', { name: 'Comunicazione obbligatoria (UNILAV)' });
  const codice = `UNILAV-${run}`;
  await co.getByLabel('Codice della comunicazione').fill(codice);
  await co.getByLabel('Data della comunicazione').fill(oggi());
  await axe(pagina, 'comunicazione obbligatoria (ospitante)');
  await co.getByRole('button', { name: 'Registra la comunicazione' }).click();
  await testo(pagina.getByTestId('prossima-azione'), 'avvio automatico alla data di inizio (automatico)');
  await testo(pagina.getByTestId('cronologia'), 'Comunicazione obbligatoria registrata');
  await conteggio(pagina.getByRole('form', { name: 'Comunicazione obbligatoria (UNILAV)' }), 0);
  const t = dati(await (await api('anna.bianchi')).GET('/api/v1/tirocini/{id}', perId(tirocinioId)));
  expect(t.stato).toBe('attesa-comunicazione');
  expect((t.procedura as { comunicazione?: { codice: string; data: string } }).comunicazione).toMatchObject({ codice, data: oggi() });
  await contesto.close();
});

test('separazione delle funzioni: chi ha rettificato il tirocinante non decide, e il rifiuto è accanto al campo', async () => {
  // Seeded: an operatore's practice, submitted; the responsabile corrected its trainee's record.
  const op = await api('mario.rossi');
  const p = persona({ annoDa: 1995, anni: 8 });
  const tirocinante = dati(await op.POST('/api/v1/tirocinanti', { body: p }));
  const inizio = addDays(oggi(), 30);
  const bozza = dati(
    await op.POST('/api/v1/tirocini', {
      body: {
        progetto: {
          promotoreId: d.promotore.id,
          ospitanteId: d.ospitante.id,
          sedeId: d.sedeId,
          tirocinanteId: tirocinante.id,
          tutorOspitanteId: await tutor('mario.rossi', d.ospitante.id),
          tutorPromotoreId: await tutor('mario.rossi', d.promotore.id),
          convenzioneId: d.convenzioneId,
          dataInizio: inizio,
          dataFine: fineDopoMesi(inizio, 3),
          oreSettimanali: 25,
          obiettivi: `Obiettivi ${lettere(4)}`,
          attivita: `Attività ${lettere(4)}`,
          indennitaMensileCent: 55_000,
          dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
        },
      },
    }),
  );
  for (const tipo of ['progetto-formativo', 'autocertificazione-ospitante', 'dichiarazione-selezione', 'documento-identita'])
    dati(
      await op.POST('/api/v1/tirocini/{id}/documenti', {
        params: { path: { id: bozza.id }, query: { firmato: true } },
        body: { tipo, file: new File([new Uint8Array(samples.pdf)], `${tipo}.pdf`) },
        bodySerializer: comeModulo,
      }),
    );
  dati(await op.POST('/api/v1/tirocini/{id}/invio', perId(bozza.id)));
  dati(
    await (
      await api('anna.bianchi')
    ).POST('/api/v1/tirocinanti/{id}/rettifica', {
      ...perId(tirocinante.id),
      body: { nome: p.nome.toUpperCase(), motivo: 'Nome trascritto in maiuscolo come sul documento' },
    }),
  );

  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, 'anna.bianchi', `/console/tirocini/${bozza.id}`);
  const decisione = pagina.getByRole('form', { name: 'Decisione sulla pratica' });
  await decisione.getByLabel('Motivazione').fill('Approvazione tentata da chi ha rettificato il tirocinante');
  await decisione.getByRole('button', { name: 'Registra la decisione' }).click();
  const accanto = decisione.locator('[data-campo="actor"]');
  await testo(accanto, 'chi ha rettificato i dati del tirocinante non può decidere le sue pratiche');
  await attributo(decisione.getByLabel('Chi decide'), 'aria-invalid', 'true');
  await testo(decisione.getByRole('alert'), 'Decisione non registrata');
  await esatto(pagina.getByTestId('stato'), 'Inviata, in revisione presso il CPI');
  await axe(pagina, 'decisione rifiutata (separazione delle funzioni)');
  expect(dati(await (await api('anna.bianchi')).GET('/api/v1/tirocini/{id}', perId(bozza.id))).stato).toBe('inviata');
  await contesto.close();
});

test.each(['luca.verdi', 'irene.costa'])('%s (altro ufficio o altra organizzazione) non trova la pratica e ha un elenco vuoto', async (utente) => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, utente, `/console/tirocini/${tirocinioId}`);
  await esatto(pagina.getByRole('heading', { level: 1 }), 'Pratica non trovata');
  await conteggio(pagina.getByText(d.tirocinante.codiceFiscale), 0);
  await axe(pagina, `pratica non trovata (${utente})`);
  await pagina.getByRole('link', { name: 'Torna ai tirocini' }).click();
  await esatto(pagina.getByTestId('elenco-vuoto'), 'Nessuna pratica visibile con il proprio profilo.');
  await conteggio(pagina.getByRole('link', { name: `${d.tirocinante.cognome} ${d.tirocinante.nome}` }), 0);
  const elenco = dati(await (await api(utente)).GET('/api/v1/tirocini'));
  expect(elenco.elementi.map((x) => x.id)).not.toContain(tirocinioId);
  await contesto.close();
});

test('nessuna violazione grave o critica di accessibilità nelle schermate visitate', () => {
  expect(violazioni).toEqual([]);
});
