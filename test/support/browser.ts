/**
 * The console driven as its users drive it: Debian's Chromium (installed by `npm test` when missing) through
 * playwright-core, with axe-core checking each screen against WCAG 2.1 AA.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function apriBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: Chromium's own background calls would only fail, many at a time.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=it-IT',
    ],
  });
}

export async function nuovaScheda(browser: Browser): Promise<{ contesto: BrowserContext; pagina: Page }> {
  const contesto = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contesto.setDefaultTimeout(20_000);
  return { contesto, pagina: await contesto.newPage() };
}

/**
 * Logs in as `utente` through the development identity provider: the console's "Accedi", the provider's page, the
 * user's button, back in the console with their name in the header.
 */
export async function accedi(pagina: Page, baseUrl: string, utente: string, percorso = '/console/'): Promise<void> {
  await pagina.goto(`${baseUrl}${percorso}`);
  await pagina.getByRole('button', { name: 'Accedi', exact: true }).click();
  await pagina.getByRole('button', { name: new RegExp(`\\(${utente.replace('.', '\\.')}\\)`) }).click();
  await pagina.waitForURL((url) => url.pathname.startsWith('/console') && !url.pathname.endsWith('/callback'));
  await pagina.getByTestId('utente').waitFor();
}

export interface Violazione {
  schermata: string;
  regola: string;
  impatto: string;
  descrizione: string;
  nodi: string[];
}

/**
 * axe-core on the page as it is now: the serious and critical violations of WCAG 2.1 A/AA. Each journey calls it on
 * every screen it visits and expects none.
 */
export async function violazioniAccessibilita(pagina: Page, schermata: string): Promise<Violazione[]> {
  const { violations } = await new AxeBuilder({ page: pagina }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ schermata, regola: v.id, impatto: v.impact!, descrizione: v.help, nodi: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** With CONSOLE_SCREENSHOTS=1, the screen is saved as docs/console/<nome>.png (the README's pictures). */
export async function fotografa(pagina: Page, nome: string): Promise<void> {
  if (process.env.CONSOLE_SCREENSHOTS !== '1') return;
  const dir = join(__dirname, '../../docs/console');
  mkdirSync(dir, { recursive: true });
  await pagina.screenshot({ path: join(dir, `${nome}.png`), fullPage: true });
}
