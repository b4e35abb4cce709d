/**
 * The ispezioni console, driven as its users drive it: a dirigente of ITL-FI publishes a draw period's commitment and
 * registers a request; the service draws its inspector; the drawn inspector finds it among their assignments and
 * accepts it (the other inspector never sees it); once the period has ended the dirigente reveals its secret and the
 * transcript's "Verifica" recomputes the draw and says it holds. A dirigente of another inspectorate sees none of it.
 */
import type { Schemi } from '@app/client';
import type { Page } from 'playwright-core';
import { accedi, fotografa, nuovaScheda, violazioniAccessibilita, type Violazione } from '../support/browser';
import { ConsoleStack } from '../support/console-stack';
import { dati } from '../support/stack';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

const cs = new ConsoleStack();
const violazioni: Violazione[] = [];
const SUFFIX = Date.now().toString(36);
const ISP = 'ITL-FI';
const SEDE = `Via dei Servi ${SUFFIX}, Firenze`;
/** Short draw periods, so that the journey's own period ends and can be revealed within the test. */
const POLITICA: Schemi['ImpostazioniIspettoratoDto'] = { periodoSorteggio: 'PT40S', anticipoPubblicazione: 'PT1M' };

const api = async (utente: string) => cs.stack.client(await cs.token(utente));
const conId = (id: string) => ({ params: { path: { id } } });
/** The `sub` of a dev user's token: an inspector's id is their login (the token's subject). */
const sub = async (utente: string) => JSON.parse(Buffer.from((await cs.token(utente)).split('.')[1], 'base64url').toString()).sub as string;

/** Registered once: a second run finds it there (409), which is as good. */
async function registraUnaVolta(r: Promise<{ response: Response }>) {
  const { response } = await r;
  expect([201, 409]).toContain(response.status);
}

async function schermata(pagina: Page, nome: string) {
  violazioni.push(...(await violazioniAccessibilita(pagina, nome)));
}

async function accesso(utente: string) {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, utente);
  return { contesto, pagina };
}

beforeAll(async () => {
  await cs.start();
  const admin = await api('admin.regione');
  for (const [codice, nome, territori] of [
    [ISP, 'Ispettorato territoriale del lavoro di Firenze', ['FI']],
    ['ITL-PO', 'Ispettorato territoriale del lavoro di Prato', ['PO']],
  ] as const) {
    await registraUnaVolta(admin.POST('/api/v1/ispettorati', { body: { codice, nome, territori: [...territori], politica: POLITICA } }));
  }
  // The policy in force must be the short one (an inspectorate registered earlier with longer periods would make the
  // journey wait for its month to end).
  const politica = dati(await (await api('elena.marino')).GET('/api/v1/ispettorati/{codice}/politica', { params: { path: { codice: ISP } } }));
  expect(politica.politica.periodi.durata).toBe(POLITICA.periodoSorteggio);
  const elena = await api('elena.marino');
  for (const [utente, nome] of [
    ['laura.ricci', 'Laura Ricci'],
    ['marco.galli', 'Marco Galli'],
  ]) {
    await registraUnaVolta(
      elena.POST('/api/v1/ispettorati/{codice}/ispettori', {
        params: { path: { codice: ISP } },
        body: { nome, id: await sub(utente), territori: ['FI'], qualifiche: ['lavoro-nero'] },
      }),
    );
  }
});

afterAll(async () => {
  await cs.stop();
});

describe('ispezioni in the console', () => {
  it('publishes a period, registers a request that is drawn, the drawn inspector accepts it, the draw is verified; another inspectorate sees nothing', async () => {
    // The dirigente publishes the next period's commitment.
    const dir = await accesso('elena.marino');
    const p = dir.pagina;
    await p.goto(`${cs.baseUrl}/console/ispezioni`);
    await p.getByRole('heading', { level: 1, name: 'Ispezioni' }).waitFor();
    await schermata(p, 'ispezioni: elenco del dirigente');
    await p.getByRole('link', { name: 'Periodi di sorteggio' }).click();
    await p.getByRole('heading', { level: 1, name: 'Periodi di sorteggio' }).waitFor();
    const [risposta] = await Promise.all([
      p.waitForResponse((r) => r.url().endsWith(`/ispettorati/${ISP}/periodi-sorteggio`) && r.request().method() === 'POST'),
      p.getByRole('button', { name: 'Pubblica il prossimo periodo' }).click(),
    ]);
    expect(risposta.status()).toBe(201);
    const pubblicato = (await risposta.json()) as Schemi['PeriodoSorteggioView'];
    await p.getByTestId('periodo-pubblicato').getByText(`Impegno del periodo ${pubblicato.periodo} pubblicato`).waitFor();
    const riga = p.locator(`tr[data-periodo="${pubblicato.periodo}"]`);
    await riga.getByText(pubblicato.impegno).waitFor();
    expect(await riga.textContent()).toMatch(/Impegno pubblicato, periodo non ancora iniziato|In corso/);
    await schermata(p, 'ispezioni: periodi di sorteggio');
    await fotografa(p, 'ispezioni-periodo');

    // A request: the API's complaint about a too short description is shown beside the field; corrected, it is registered.
    await p.getByRole('link', { name: 'Torna alle ispezioni' }).click();
    await p.getByRole('link', { name: 'Registra una richiesta' }).click();
    await p.getByRole('heading', { level: 1, name: 'Registra una richiesta di intervento' }).waitFor();
    const cf = String(Date.now()).slice(-11).padStart(11, '3');
    await p.getByLabel('Codice fiscale o partita IVA').fill(cf);
    await p.getByLabel('Ragione sociale').fill(`Cantieri ${SUFFIX} S.r.l.`);
    await p.getByLabel('Sede dell’ispezione').fill(SEDE);
    await p.getByLabel('Territorio').fill('FI');
    await p.getByLabel('Tipo di pratica').fill('lavoro-nero');
    await p.getByLabel('Priorità').selectOption('alta');
    await p.getByLabel('Descrizione').fill('breve');
    await p.getByRole('button', { name: 'Registra la richiesta' }).click();
    const erroreDescrizione = p.locator('[data-campo="descrizione"]');
    await erroreDescrizione.waitFor();
    expect(await p.getByLabel('Descrizione').getAttribute('aria-invalid')).toBe('true');
    await p.getByText(/Azienda registrata/).waitFor();
    await schermata(p, 'ispezioni: nuova richiesta con errore');
    await p.getByLabel('Descrizione').fill('Esposto: lavoratori non regolarizzati nel cantiere di via dei Servi');
    await p.getByRole('button', { name: 'Registra la richiesta' }).click();
    await p.waitForURL(/\/console\/ispezioni\/richieste\/[0-9a-f-]{36}$/);
    const id = p.url().split('/').pop()!;
    await p.getByRole('heading', { level: 1, name: `Richiesta di intervento: ${SEDE}` }).waitFor();

    // The service draws; the screen shows the assignment by itself, naming who was drawn.
    const elena = await api('elena.marino');
    const scelto = await waitFor('the draw', async () => {
      const r = dati(await elena.GET('/api/v1/richieste-intervento/{id}', conId(id)));
      return r.stato === 'assegnata' ? (r.ispettoreId as string) : undefined;
    });
    const [laura, marco] = [await sub('laura.ricci'), await sub('marco.galli')];
    expect([laura, marco]).toContain(scelto);
    const estratto = scelto === laura ? 'laura.ricci' : 'marco.galli';
    const altro = scelto === laura ? 'marco.galli' : 'laura.ricci';
    await p.getByTestId('stato-richiesta').getByText('Assegnata, in attesa di accettazione').waitFor({ timeout: 30_000 });
    expect(await p.getByTestId('ispettore-assegnato').textContent()).toBe(scelto);
    await p.getByRole('link', { name: 'trascrizione del tentativo 1' }).waitFor();
    await schermata(p, 'ispezioni: richiesta (dirigente)');

    // The drawn inspector finds it among their assignments and accepts it.
    const ins = await accesso(estratto);
    const q = ins.pagina;
    await q.goto(`${cs.baseUrl}/console/ispezioni`);
    await q.getByRole('heading', { level: 1, name: 'I miei incarichi' }).waitFor();
    await schermata(q, 'ispezioni: i miei incarichi');
    await q.getByRole('link', { name: SEDE }).click();
    await q.getByTestId('stato-richiesta').getByText('Assegnata, in attesa di accettazione').waitFor();
    await q.getByRole('button', { name: 'Accetta l’incarico' }).click();
    await q.getByTestId('stato-richiesta').getByText('Accettata dall’ispettore').waitFor();
    await q.getByRole('form', { name: 'Primo accesso' }).waitFor();
    await schermata(q, 'ispezioni: incarico accettato');
    await fotografa(q, 'ispezioni-assegnazione');
    await ins.contesto.close();

    // The other inspector: not among their assignments, and not found by its address.
    const oth = await accesso(altro);
    const o = oth.pagina;
    await o.goto(`${cs.baseUrl}/console/ispezioni`);
    await o.getByRole('heading', { level: 1, name: 'I miei incarichi' }).waitFor();
    await o.getByRole('heading', { level: 2, name: 'Incarichi' }).waitFor();
    await o.locator('table, [data-testid="nessuna-richiesta"]').first().waitFor();
    expect(await o.getByRole('link', { name: SEDE }).count()).toBe(0);
    await o.goto(`${cs.baseUrl}/console/ispezioni/richieste/${id}`);
    await o.getByRole('heading', { level: 1, name: 'Richiesta non trovata' }).waitFor();
    await schermata(o, 'ispezioni: richiesta non trovata (altro ispettore)');
    await oth.contesto.close();

    // The draw's period ends; the dirigente reveals its secret (unless the service's schedule has just done it).
    const [assegnazione] = dati(await elena.GET('/api/v1/assegnazioni', { params: { query: { richiesta: id } } }));
    const periodo = assegnazione.periodo!;
    await waitFor('the period of the draw to end', async () => (Date.now() > Date.parse(periodo.fine) + 500 ? true : undefined), 90_000, 250);
    await p.goto(`${cs.baseUrl}/console/ispezioni/periodi`);
    const rigaDelSorteggio = p.locator(`tr[data-periodo="${periodo.periodo}"]`);
    await rigaDelSorteggio.waitFor();
    const periodiOra = dati(await elena.GET('/api/v1/ispettorati/{codice}/periodi-sorteggio', { params: { path: { codice: ISP } } }));
    if (!periodiOra.find((x) => x.periodo === periodo.periodo)?.rivelatoIl) {
      await rigaDelSorteggio.getByRole('button', { name: `Rivela il segreto di ${periodo.periodo}` }).click();
    }
    await rigaDelSorteggio.getByText(/Segreto rivelato il/).waitFor();
    await rigaDelSorteggio.getByText(/Segreto: [0-9a-f]{64}/).waitFor();

    // The transcript, and its verification: recomputed with the revealed secret, it holds.
    await p.goto(`${cs.baseUrl}/console/ispezioni/richieste/${id}`);
    await p.getByRole('link', { name: 'trascrizione del tentativo 1' }).click();
    await p.getByRole('heading', { level: 1, name: 'Trascrizione del tentativo 1: sorteggio' }).waitFor();
    const candidati = p.getByRole('table', { name: 'Candidati del sorteggio' });
    await candidati.getByRole('rowheader', { name: laura }).waitFor();
    await candidati.getByRole('rowheader', { name: marco }).waitFor();
    await p.getByRole('button', { name: 'Verifica', exact: true }).click();
    const esitoVerifica = p.getByTestId('esito-verifica');
    await esitoVerifica.getByText('Valida: il ricalcolo conferma l’assegnazione').waitFor();
    expect(await esitoVerifica.textContent()).toContain(`scelto ${scelto}`);
    await schermata(p, 'ispezioni: trascrizione e verifica');
    await fotografa(p, 'ispezioni-verifica');
    await dir.contesto.close();

    // A dirigente of another inspectorate: none of these records.
    const po = await accesso('fabio.lombardi');
    const f = po.pagina;
    await f.goto(`${cs.baseUrl}/console/ispezioni`);
    await f.getByRole('heading', { level: 1, name: 'Ispezioni' }).waitFor();
    await f.locator('table, [data-testid="nessuna-richiesta"]').first().waitFor();
    expect(await f.getByRole('link', { name: SEDE }).count()).toBe(0);
    await f.goto(`${cs.baseUrl}/console/ispezioni/richieste/${id}`);
    await f.getByRole('heading', { level: 1, name: 'Richiesta non trovata' }).waitFor();
    await schermata(f, 'ispezioni: richiesta di un altro ispettorato');
    await f.goto(`${cs.baseUrl}/console/ispezioni/assegnazioni/${assegnazione.id}`);
    await f.getByRole('heading', { level: 1, name: 'Assegnazione non trovata' }).waitFor();
    await f.goto(`${cs.baseUrl}/console/ispezioni/periodi`);
    await f.getByRole('heading', { level: 1, name: 'Periodi di sorteggio' }).waitFor();
    await f.locator('table, [data-testid="nessun-periodo"]').first().waitFor();
    // Its own periods may share labels (same policy, same instants), never ITL-FI's commitment.
    expect(await f.getByText(periodo.impegno).count()).toBe(0);
    expect(await f.getByText(pubblicato.impegno).count()).toBe(0);
    await schermata(f, 'ispezioni: periodi di un altro ispettorato');
    await po.contesto.close();

    // The final state, through the API.
    const finale = dati(await elena.GET('/api/v1/richieste-intervento/{id}', conId(id)));
    expect(finale).toMatchObject({ stato: 'accettata', ispettoreId: scelto, tentativo: 1, ispettorato: ISP });
    const verifica = dati(await elena.GET('/api/v1/assegnazioni/{id}/verifica', conId(assegnazione.id)));
    expect(verifica).toMatchObject({ verificabile: true, valido: true, ricalcolo: { scelto } });
    const dellAltro = dati(await (await api(altro)).GET('/api/v1/richieste-intervento'));
    expect(dellAltro.map((r) => r.id)).not.toContain(id);
    expect((await (await api(altro)).GET('/api/v1/richieste-intervento/{id}', conId(id))).response.status).toBe(404);
    const fabio = await api('fabio.lombardi');
    expect(dati(await fabio.GET('/api/v1/richieste-intervento')).map((r) => r.id)).not.toContain(id);
    expect((await fabio.GET('/api/v1/richieste-intervento/{id}', conId(id))).response.status).toBe(404);
    expect((await fabio.GET('/api/v1/assegnazioni/{id}', conId(assegnazione.id))).response.status).toBe(404);

    expect(violazioni).toEqual([]);
  });
});
