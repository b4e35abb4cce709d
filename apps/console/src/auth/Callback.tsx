import type { UserManager } from 'oidc-client-ts';
import { useEffect, useRef, useState } from 'react';

/** Where the identity provider sends the user back: the code is exchanged (PKCE), then back to where they were. */
export function Callback({ gestore }: { gestore: UserManager }) {
  const [errore, setErrore] = useState<string>();
  const fatto = useRef(false);
  useEffect(() => {
    if (fatto.current) return;
    fatto.current = true;
    gestore
      .signinRedirectCallback()
      .then((u) => {
        const ritorno = (u.state as { ritorno?: string } | undefined)?.ritorno ?? '/';
        const base = import.meta.env.BASE_URL.replace(/\/$/, '');
        const percorso = ritorno.startsWith(base) ? ritorno.slice(base.length) || '/' : '/';
        // The whole page reloads its session from storage, as after any visit.
        window.location.replace(`${base}${percorso === '/callback' ? '/' : percorso}`);
      })
      .catch((e: Error) => setErrore(e.message));
  }, [gestore]);
  return (
    <div className="container my-5">
      {errore ? (
        <div className="alert alert-danger" role="alert">
          <h1 className="h4">Accesso non riuscito</h1>
          <p>{errore}</p>
          <a href={import.meta.env.BASE_URL}>Torna alla pagina iniziale</a>
        </div>
      ) : (
        <p role="status">Accesso in corso…</p>
      )}
    </div>
  );
}
