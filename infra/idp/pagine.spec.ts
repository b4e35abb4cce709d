import { gruppiUtenti, html, paginaAccesso, paginaErrore } from './pagine';
import { descrizioneUtente, UTENTI_SVILUPPO } from './utenti';

describe('development login page', () => {
  const pagina = paginaAccesso({ azione: '/interaction/abc/login', annulla: '/interaction/abc/annulla', applicazione: 'L’applicazione «Console»' });

  it('is Italian, titled "Accesso di sviluppo", warns that there are no passwords, and runs no script', () => {
    expect(pagina).toMatch(/^<!DOCTYPE html>\n<html lang="it">/);
    expect(pagina).toContain('<title>Accesso di sviluppo</title>');
    expect(pagina).toContain('<h1>Accesso di sviluppo</h1>');
    expect(pagina).toMatch(/Non ci sono password/);
    expect(pagina).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('has one submit button per user, named by its description, that posts the username', () => {
    const bottoni = [...pagina.matchAll(/<button type="submit" name="utente" value="([^"]+)">(.*?)<\/button>/g)];
    expect(bottoni.map((b) => b[1])).toEqual(UTENTI_SVILUPPO.map((u) => u.sub));
    for (const [, sub, etichetta] of bottoni) {
      const u = UTENTI_SVILUPPO.find((x) => x.sub === sub)!;
      expect(etichetta.replace(/<\/?strong>/g, '')).toBe(html(descrizioneUtente(u)));
    }
    expect(pagina).toContain('<form method="post" action="/interaction/abc/login">');
    expect(pagina).toContain('<form method="post" action="/interaction/abc/annulla"');
  });

  it('groups users under a heading per office, external users apart', () => {
    const gruppi = gruppiUtenti();
    expect(gruppi.map((g) => g.titolo)).toEqual([
      'Centro per l’impiego di Firenze (CPI-FI)',
      'Centro per l’impiego di Prato (CPI-PO)',
      'Organizzazioni esterne che lavorano con Centro per l’impiego di Firenze (CPI-FI)',
      'Ispettorato territoriale del lavoro di Firenze (ITL-FI)',
      'Ispettorato territoriale del lavoro di Prato (ITL-PO)',
      'Regione Toscana (REGIONE)',
    ]);
    expect(gruppi.flatMap((g) => g.utenti)).toHaveLength(UTENTI_SVILUPPO.length);
    for (const g of gruppi) expect(pagina).toContain(`<section aria-labelledby="${g.id}">\n<h2 id="${g.id}">${html(g.titolo)}</h2>`);
  });

  it('escapes what it shows', () => {
    expect(paginaErrore({ error: '<x>', error_description: '"a" & b' })).toContain('<code>&lt;x&gt;</code> — &quot;a&quot; &amp; b');
    expect(paginaAccesso({ azione: '/a', annulla: '/b', applicazione: '<i>', errore: '<b>' })).toContain('<p>&lt;b&gt;</p>');
  });
});
