/**
 * The console's session as a user lives it: login through the identity provider, the access token renewed before it
 * expires (a near expiry: the provider issues 70-second tokens here), an expired session that asks to log in again
 * and returns to the page, logout through the provider; and axe-core on every section each kind of user reaches.
 */
import type { Page } from 'playwright-core';
import { accedi, nuovaScheda, Violazione, violazioniAccessibilita } from '../support/browser';
import { ConsoleStack } from '../support/console-stack';

jest.setTimeout(300_000);

const cs = new ConsoleStack();

/** The page's window, as far as these tests read it (the test project has no DOM types). */
interface Finestra {
  sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
}

beforeAll(() => cs.start({}, { IDP_ACCESS_TOKEN_TTL: '70' }));
afterAll(() => cs.stop());

/** The session oidc-client-ts keeps in the tab. */
async function sessione(pagina: Page): Promise<{ access_token: string; expires_at: number } | null> {
  const chiave = `oidc.user:${cs.idp.issuer}:wfe-console`;
  const valore = await pagina.evaluate((k) => (globalThis as unknown as Finestra).sessionStorage.getItem(k), chiave);
  return valore ? JSON.parse(valore) : null;
}

async function attendi<T>(cosa: string, leggi: () => Promise<T | undefined | null | false>, entroMs = 60_000): Promise<T> {
  const fine = Date.now() + entroMs;
  for (;;) {
    const v = await leggi();
    if (v) return v;
    if (Date.now() > fine) throw new Error(`${cosa}: not within ${entroMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it('renews the access token before it expires, and the API takes the new one', async () => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, 'mario.rossi');
  const primo = (await sessione(pagina))!;
  expect(primo.access_token).toBeTruthy();
  // 70-second tokens, renewed 60 seconds before expiry: the refresh comes about 10 seconds after login.
  const secondo = await attendi('renewed token', async () => {
    const s = await sessione(pagina);
    return s && s.access_token !== primo.access_token ? s : undefined;
  });
  expect(secondo.expires_at).toBeGreaterThan(primo.expires_at);
  const risposta = pagina.waitForResponse((r) => r.url().includes('/api/v1/attivita'));
  await pagina.getByRole('link', { name: 'Le mie attività' }).click();
  await pagina.reload();
  const r = await risposta;
  expect(r.status()).toBe(200);
  expect(await r.request().headerValue('authorization')).toBe(`Bearer ${secondo.access_token}`);
  await pagina.getByRole('heading', { name: 'Le mie attività' }).waitFor();
  await contesto.close();
});

it('says the session expired, and after logging in again returns to the same page', async () => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, 'anna.bianchi', '/console/notifiche');
  await pagina.getByRole('heading', { name: 'Notifiche' }).waitFor();
  // The stored session has expired (as after a night with the tab open and the provider unreachable).
  await pagina.evaluate((k) => {
    const u = JSON.parse((globalThis as unknown as Finestra).sessionStorage.getItem(k)!);
    (globalThis as unknown as Finestra).sessionStorage.setItem(
      k,
      JSON.stringify({ ...u, expires_at: Math.floor(Date.now() / 1000) - 60, refresh_token: undefined }),
    );
  }, `oidc.user:${cs.idp.issuer}:wfe-console`);
  await pagina.reload();
  await pagina.getByRole('heading', { name: 'Sessione scaduta' }).waitFor();
  expect(await pagina.getByTestId('utente').count()).toBe(0);
  await pagina.getByRole('button', { name: 'Accedi', exact: true }).click();
  // The provider still holds the session: it may not show its page again.
  const pulsante = pagina.getByRole('button', { name: /\(anna\.bianchi\)/ });
  await Promise.race([pulsante.click().catch(() => undefined), pagina.waitForURL(/\/console\/notifiche$/)]);
  await pagina.waitForURL(/\/console\/notifiche$/);
  await pagina.getByRole('heading', { name: 'Notifiche' }).waitFor();
  expect(await pagina.getByTestId('utente').textContent()).toContain('Anna Bianchi');
  await contesto.close();
});

it('logs out through the provider, and the console then asks to log in', async () => {
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await accedi(pagina, cs.baseUrl, 'paolo.conti');
  await pagina.getByRole('button', { name: 'Esci' }).click();
  await pagina.getByRole('heading', { name: 'Vuoi uscire?' }).waitFor();
  await pagina.getByRole('button', { name: 'Esci', exact: true }).click();
  await pagina.waitForURL((u) => u.pathname === '/console/');
  await pagina.getByRole('heading', { name: 'Accesso alla console' }).waitFor();
  expect(await sessione(pagina)).toBeNull();
  // The provider's session is over too: logging in shows its page again.
  await pagina.getByRole('button', { name: 'Accedi', exact: true }).click();
  await pagina.getByRole('heading', { name: 'Accesso di sviluppo' }).waitFor();
  await contesto.close();
});

it('has no serious or critical accessibility violation on any section each kind of user reaches', async () => {
  const violazioni: Violazione[] = [];
  const visitate: string[] = [];
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  await pagina.goto(`${cs.baseUrl}/console/`);
  await pagina.getByRole('heading', { name: 'Accesso alla console' }).waitFor();
  violazioni.push(...(await violazioniAccessibilita(pagina, 'accesso')));
  await pagina.getByRole('button', { name: 'Accedi', exact: true }).click();
  await pagina.getByRole('heading', { name: 'Accesso di sviluppo' }).waitFor();
  violazioni.push(...(await violazioniAccessibilita(pagina, 'fornitore di identità')));
  await contesto.close();
  for (const utente of [
    'mario.rossi',
    'anna.bianchi',
    'giulia.neri',
    'paolo.conti',
    'franca.russo',
    'davide.greco',
    'laura.ricci',
    'elena.marino',
    'admin.regione',
  ]) {
    const { contesto, pagina } = await nuovaScheda(cs.browser);
    await accedi(pagina, cs.baseUrl, utente);
    const sezioni = await pagina
      .getByRole('navigation', { name: 'Sezioni' })
      .getByRole('link')
      .evaluateAll((a) => a.map((x) => (x as unknown as { pathname: string }).pathname));
    expect(sezioni).toContain('/console');
    for (const percorso of sezioni) {
      await pagina.goto(`${cs.baseUrl}${percorso}`);
      await pagina.getByRole('heading', { level: 1 }).first().waitFor();
      // Whatever the screen loads has arrived (no "Caricamento…" left).
      await attendi(`${percorso} loaded`, async () => (await pagina.getByText(/^Caricamento/).count()) === 0, 30_000);
      violazioni.push(...(await violazioniAccessibilita(pagina, `${utente} ${percorso}`)));
      visitate.push(`${utente} ${percorso}`);
    }
    await contesto.close();
  }
  expect(visitate.length).toBeGreaterThanOrEqual(9 * 3);
  expect(violazioni).toEqual([]);
});

it('shows each user the sections of their kind of office, and a deep link they may not open as not found', async () => {
  const sezioniDi = async (pagina: Page) =>
    pagina
      .getByRole('navigation', { name: 'Sezioni' })
      .getByRole('link')
      .evaluateAll((a) => a.map((x) => (x as unknown as { textContent: string }).textContent.trim()));
  const { contesto, pagina } = await nuovaScheda(cs.browser);
  // A CPI's operatore: employment procedures, not the inspectorates' (CPI-FI is no inspectorate).
  await accedi(pagina, cs.baseUrl, 'mario.rossi');
  await pagina.getByRole('link', { name: 'Collocamento mirato' }).waitFor();
  const diMario = await sezioniDi(pagina);
  expect(diMario).toEqual(expect.arrayContaining(['Le mie attività', 'Tirocini', 'Collocamento mirato']));
  expect(diMario).not.toContain('Ispezioni');
  // An address that names no record is a record not found, not a message about UUIDs.
  await pagina.goto(`${cs.baseUrl}/console/tirocini/abc`);
  await pagina.getByRole('heading', { name: 'Pratica non trovata' }).waitFor();
  expect(await pagina.getByText(/UUID/).count()).toBe(0);
  await contesto.close();

  const altra = await nuovaScheda(cs.browser);
  // An inspector: Ispezioni only.
  await accedi(altra.pagina, cs.baseUrl, 'laura.ricci');
  await altra.pagina.getByRole('link', { name: 'Ispezioni' }).waitFor();
  const diLaura = await sezioniDi(altra.pagina);
  expect(diLaura).not.toContain('Tirocini');
  expect(diLaura).not.toContain('Collocamento mirato');
  // A section her role does not work in (403 from the API) reads as not found, without the list of roles.
  await altra.pagina.goto(`${cs.baseUrl}/console/tirocini/00000000-0000-4000-8000-000000000000`);
  await altra.pagina.getByRole('heading', { name: 'Pratica non trovata' }).waitFor();
  expect(await altra.pagina.getByText(/serve uno dei ruoli/).count()).toBe(0);
  await altra.contesto.close();
});
