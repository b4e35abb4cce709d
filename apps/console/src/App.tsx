import { Button } from 'design-react-kit';
import type { UserManager } from 'oidc-client-ts';
import { ReactNode } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router-dom';
import { Attivita } from './attivita/Attivita';
import { Callback } from './auth/Callback';
import { useSessione } from './auth/sessione';
import { Cornice } from './comune/Cornice';
import { rotteCollocamento } from './collocamento/rotte';
import { rotteCronoprogramma } from './cronoprogramma/rotte';
import { rotteIspezioni } from './ispezioni/rotte';
import { Notifiche } from './notifiche/Notifiche';
import { rotteTirocini } from './tirocini/rotte';

/** Every screen but the callback needs a session: without one, the user is offered the login (or told it expired). */
function ConSessione({ children }: { children: ReactNode }) {
  const { utente, scaduta, accedi } = useSessione();
  if (utente) return <>{children}</>;
  return (
    <div className="row justify-content-center">
      <div className="col-md-8 col-lg-6">
        <h1>{scaduta ? 'Sessione scaduta' : 'Accesso alla console'}</h1>
        <p>
          {scaduta
            ? 'La sessione è scaduta o è stata chiusa. Accedere di nuovo per continuare: si tornerà alla pagina in cui si era.'
            : 'La console delle procedure è riservata al personale degli uffici e ai soggetti abilitati. Accedere con la propria identità digitale.'}
        </p>
        <Button color="primary" onClick={() => void accedi()}>
          Accedi
        </Button>
      </div>
    </div>
  );
}

function Pagina() {
  return (
    <Cornice>
      <ConSessione>
        <Outlet />
      </ConSessione>
    </Cornice>
  );
}

function NonTrovata() {
  return (
    <>
      <h1>Pagina non trovata</h1>
      <p>La pagina richiesta non esiste, oppure riguarda un record che non è accessibile con il proprio profilo.</p>
    </>
  );
}

export function App({ gestore }: { gestore: UserManager }) {
  const router = createBrowserRouter(
    [
      { path: '/callback', element: <Callback gestore={gestore} /> },
      {
        element: <Pagina />,
        children: [
          { index: true, element: <Attivita /> },
          { path: 'notifiche', element: <Notifiche /> },
          ...rotteTirocini,
          ...rotteCollocamento,
          ...rotteIspezioni,
          ...rotteCronoprogramma,
          { path: '*', element: <NonTrovata /> },
        ],
      },
    ],
    { basename: import.meta.env.BASE_URL.replace(/\/$/, '') },
  );
  return <RouterProvider router={router} />;
}
