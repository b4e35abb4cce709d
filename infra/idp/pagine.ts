/**
 * The development identity provider's pages, in Italian: login (choose a user, no password), logout confirmation,
 * signed out, error. Plain HTML with no script, checked with axe-core by the console's browser tests (WCAG 2.1 AA):
 * one h1, headings per group, every control a button with a visible label, contrast of at least 4.5:1, a visible
 * focus ring.
 */
import { descrizioneUtente, nomeCompleto, UFFICI_SVILUPPO, UTENTI_SVILUPPO, type UtenteSviluppo } from './utenti';
import { isExternal } from '../../libs/domain/src/auth/roles';

/** Text for an HTML element or a double-quoted attribute. */
export const html = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STILE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Titillium Web",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
main{max-width:50rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.9rem;margin:.5rem 0 1rem;color:#17324d}
h2{font-size:1.3rem;margin:2rem 0 .5rem;color:#17324d}
.avviso{border-left:.4rem solid #995c00;background:#fff5e5;padding:.75rem 1rem;margin:1rem 0}
.errore{border-left:.4rem solid #b30000;background:#fdeaea;padding:.75rem 1rem;margin:1rem 0}
ul{list-style:none;margin:0;padding:0}
li{margin:.5rem 0}
button{font:inherit;width:100%;text-align:left;padding:.7rem 1rem;border:2px solid #0059b3;border-radius:.25rem;background:#fff;color:#003366;cursor:pointer}
button:hover{background:#e8f1fb}
button.principale{width:auto;background:#0059b3;color:#fff;text-align:center}
button.principale:hover{background:#004080}
button.secondario{width:auto;text-align:center}
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px}
.azioni{display:flex;gap:1rem;flex-wrap:wrap;margin-top:1.5rem}
.nota{color:#404040}
`;

function pagina(titolo: string, corpo: string): string {
  return `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(titolo)}</title>
<style>${STILE}</style>
</head>
<body>
<main>
${corpo}
</main>
</body>
</html>
`;
}

const AVVISO_SVILUPPO = `<div class="avviso" role="note">
<p><strong>Fornitore d’identità di sviluppo.</strong> Non ci sono password: chiunque raggiunga questa pagina può
entrare come uno qualsiasi degli utenti elencati. Serve solo per sviluppo e prove; in produzione il servizio si affida
al fornitore d’identità dell’ente (SPID, CIE o altro).</p>
</div>`;

/** The users in the order of the list, in groups: staff by office, external users by the office they work with. */
export function gruppiUtenti(utenti: readonly UtenteSviluppo[] = UTENTI_SVILUPPO): Array<{ id: string; titolo: string; utenti: UtenteSviluppo[] }> {
  const gruppi = new Map<string, { id: string; titolo: string; utenti: UtenteSviluppo[] }>();
  for (const u of utenti) {
    const esterno = isExternal({ roles: u.ruoli });
    const chiave = esterno ? `esterni-${u.ufficio}` : u.ufficio;
    const nomeUfficio = UFFICI_SVILUPPO[u.ufficio] ?? u.ufficio;
    const titolo = esterno ? `Organizzazioni esterne che lavorano con ${nomeUfficio} (${u.ufficio})` : `${nomeUfficio} (${u.ufficio})`;
    if (!gruppi.has(chiave)) gruppi.set(chiave, { id: `gruppo-${chiave.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, titolo, utenti: [] });
    gruppi.get(chiave)!.utenti.push(u);
  }
  return [...gruppi.values()];
}

/**
 * The login page: one button per user, whose label (its accessible name) names the user, the username, roles, office
 * and organisation. One POST of `utente` to `azione` logs in; `annulla` refuses the request.
 */
export function paginaAccesso(opts: { azione: string; annulla: string; applicazione: string; errore?: string }): string {
  const gruppi = gruppiUtenti()
    .map(
      (g) => `<section aria-labelledby="${g.id}">
<h2 id="${g.id}">${html(g.titolo)}</h2>
<ul>
${g.utenti
  .map(
    (u) =>
      `<li><button type="submit" name="utente" value="${html(u.sub)}"><strong>${html(nomeCompleto(u))}</strong>${html(descrizioneUtente(u).slice(nomeCompleto(u).length))}</button></li>`,
  )
  .join('\n')}
</ul>
</section>`,
    )
    .join('\n');
  return pagina(
    'Accesso di sviluppo',
    `<h1>Accesso di sviluppo</h1>
${AVVISO_SVILUPPO}
${opts.errore ? `<div class="errore" role="alert"><p>${html(opts.errore)}</p></div>` : ''}
<p>${html(opts.applicazione)} chiede di sapere chi sei. Scegli l’utente con cui entrare: ogni utente ha i ruoli e
l’ufficio indicati, e gli utenti esterni agiscono per l’organizzazione indicata.</p>
<form method="post" action="${html(opts.azione)}">
${gruppi}
</form>
<form method="post" action="${html(opts.annulla)}" class="azioni">
<button type="submit" class="secondario">Annulla e torna all’applicazione</button>
</form>`,
  );
}

/**
 * The logout confirmation. `form` is oidc-provider's hidden form (id "op.logoutForm", with its anti-forgery field);
 * the buttons submit it: "logout=yes" ends the session, without it the session stays.
 */
export function paginaUscita(form: string, applicazione?: string): string {
  return pagina(
    'Uscita',
    `<h1>Vuoi uscire?</h1>
<p>${applicazione ? `L’applicazione «${html(applicazione)}» chiede di chiudere la sessione. ` : ''}Uscendo chiudi la sessione del fornitore
d’identità di sviluppo: per rientrare dovrai scegliere di nuovo un utente.</p>
${form}
<div class="azioni">
<button type="submit" form="op.logoutForm" name="logout" value="yes" class="principale">Esci</button>
<button type="submit" form="op.logoutForm" class="secondario">Rimani collegato</button>
</div>`,
  );
}

/** After a logout requested without a post_logout_redirect_uri. */
export function paginaUscitaAvvenuta(applicazione?: string): string {
  return pagina(
    'Uscita avvenuta',
    `<h1>Uscita avvenuta</h1>
<p>Hai chiuso la sessione${applicazione ? ` con «${html(applicazione)}»` : ''}. Puoi chiudere questa pagina.</p>`,
  );
}

/** An error of the provider (an unknown client, a wrong redirect URI, an expired login…), with its OAuth code. */
export function paginaErrore(dettagli: { error?: string; error_description?: string }): string {
  return pagina(
    'Errore di accesso',
    `<h1>Errore di accesso</h1>
<div class="errore" role="alert">
<p>La richiesta di accesso non è valida o è scaduta. Torna all’applicazione e riprova.</p>
</div>
<p class="nota">Dettagli tecnici: <code>${html(dettagli.error ?? 'errore')}</code>${dettagli.error_description ? ` — ${html(dettagli.error_description)}` : ''}</p>`,
  );
}
