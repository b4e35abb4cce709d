import { useQuery } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { Badge, Button } from 'design-react-kit';
import { Link, NavLink } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { esito, useApi } from './api';

/** A section of the console, shown in the navigation to the roles that work in it. */
export interface Sezione {
  percorso: string;
  titolo: string;
  ruoli: string[];
  /** The kind of office whose staff work in it: employment offices (CPI) or inspectorates. */
  uffici: TipoUfficio[];
}

type TipoUfficio = 'cpi' | 'ispettorato';

export const SEZIONI: Sezione[] = [
  { percorso: '/tirocini', titolo: 'Tirocini', ruoli: ['operatore', 'responsabile', 'promotore', 'ospitante', 'dirigente', 'amministratore'], uffici: ['cpi'] },
  { percorso: '/collocamento', titolo: 'Collocamento mirato', ruoli: ['operatore', 'responsabile', 'datore', 'dirigente', 'amministratore'], uffici: ['cpi'] },
  { percorso: '/ispezioni', titolo: 'Ispezioni', ruoli: ['ispettore', 'dirigente', 'responsabile', 'operatore', 'amministratore'], uffici: ['ispettorato'] },
  { percorso: '/cronoprogramma', titolo: 'Cronoprogramma', ruoli: ['dirigente', 'responsabile', 'amministratore'], uffici: ['cpi', 'ispettorato'] },
];

/**
 * The sections the user works in: by role, and for office staff by the kind of office — an inspectorate's staff work
 * in Ispezioni, a CPI's in Tirocini and Collocamento. An office is an inspectorate when it is registered as one (its
 * policy answers). External users and administrators: by role alone.
 */
function useSezioni(): Sezione[] {
  const api = useApi();
  const { utente } = useSessione();
  const personale = !!utente && !utente.soggetto && !haRuolo(utente, 'amministratore');
  const ispettorato = useQuery({
    queryKey: ['ispettorato', utente?.ufficio],
    enabled: personale && !haRuolo(utente, 'ispettore'),
    staleTime: Infinity,
    queryFn: async () => (await api.GET('/api/v1/ispettorati/{codice}/politica', { params: { path: { codice: utente!.ufficio } } })).response.ok,
  });
  const per = SEZIONI.filter((s) => haRuolo(utente, ...s.ruoli));
  if (!personale) return per;
  const tipo: TipoUfficio | undefined =
    haRuolo(utente, 'ispettore') || ispettorato.data === true ? 'ispettorato' : ispettorato.data === false ? 'cpi' : undefined;
  return per.filter((s) => (tipo ? s.uffici.includes(tipo) : s.uffici.length > 1));
}

function NonLette() {
  const api = useApi();
  const { data } = useQuery({
    queryKey: ['notifiche'],
    queryFn: async () => esito(await api.GET('/api/v1/notifiche')),
    refetchInterval: 60_000,
  });
  const n = (data ?? []).filter((x) => !x.lettaIl).length;
  return (
    <NavLink to="/notifiche" className="nav-link text-white">
      Notifiche{' '}
      <Badge color="white" className="text-primary" aria-label={`${n} non lette`} data-testid="notifiche-non-lette">
        {n}
      </Badge>
    </NavLink>
  );
}

/** The page's frame: skip link, the PA header (bootstrap-italia), the sections the user's roles work in, the footer. */
export function Cornice({ children }: { children: ReactNode }) {
  const { utente, esci } = useSessione();
  const sezioni = useSezioni();
  return (
    <>
      <a className="visually-hidden-focusable skiplink-item" href="#contenuto">
        Vai al contenuto principale
      </a>
      <header>
        <div className="it-header-slim-wrapper bg-primary-dark">
          <div className="container d-flex justify-content-between align-items-center py-2 text-white">
            <span>Regione — Servizi per il lavoro e vigilanza</span>
            {utente && (
              <div className="d-flex align-items-center gap-3">
                <span data-testid="utente">
                  {utente.nome} · {utente.ruoli.join(', ')} · {utente.ufficio}
                  {utente.soggetto ? ` · ${utente.organizzazione ?? utente.soggetto}` : ''}
                </span>
                <Button size="sm" color="light" outline onClick={() => void esci()}>
                  Esci
                </Button>
              </div>
            )}
          </div>
        </div>
        <div className="bg-primary py-3">
          <div className="container">
            <Link to="/" className="text-white text-decoration-none">
              <span className="h3 mb-0 d-block">Procedure lavoro</span>
              <span className="small">Console degli uffici</span>
            </Link>
          </div>
        </div>
        {utente && (
          <nav className="bg-primary border-top border-light" aria-label="Sezioni">
            <ul className="container nav">
              <li className="nav-item">
                <NavLink to="/" end className="nav-link text-white">
                  Le mie attività
                </NavLink>
              </li>
              {sezioni.map((s) => (
                <li className="nav-item" key={s.percorso}>
                  <NavLink to={s.percorso} className="nav-link text-white">
                    {s.titolo}
                  </NavLink>
                </li>
              ))}
              <li className="nav-item ms-auto">
                <NonLette />
              </li>
            </ul>
          </nav>
        )}
      </header>
      <main id="contenuto" className="container my-4" tabIndex={-1}>
        {children}
      </main>
      <footer className="bg-dark text-white py-3 mt-5">
        <div className="container small">Servizio delle procedure per i centri per l’impiego e gli ispettorati del lavoro.</div>
      </footer>
    </>
  );
}
