import { ReactNode } from 'react';
import { Link, NavLink, useParams } from 'react-router-dom';
import { ErroreApi } from '../comune/api';
import { MostraErrore } from '../comune/Problema';
import { usePiano } from './dati';
import { statoPiano, type Piano } from './parole';

/**
 * The frame of a plan's screens: breadcrumb, the plan's title as the one h1 (with what the screen shows), its state,
 * and the links between its screens. A plan of another office answers as a missing one, and is said so.
 */
export function ConPiano({ schermata, children }: { schermata?: string; children: (piano: Piano) => ReactNode }) {
  const { id = '' } = useParams();
  const query = usePiano(id);
  const briciole = (
    <nav aria-label="Percorso" className="mb-2">
      <Link to="/cronoprogramma">Cronoprogramma</Link>
    </nav>
  );
  if (query.isPending)
    return (
      <>
        {briciole}
        <h1>Piano</h1>
        <p role="status">Caricamento del piano…</p>
      </>
    );
  if (query.isError) {
    const nonTrovato = query.error instanceof ErroreApi && query.error.nonTrovato;
    return (
      <>
        {briciole}
        <h1>{nonTrovato ? 'Piano non trovato' : 'Piano non disponibile'}</h1>
        {nonTrovato ? (
          <p>Il piano richiesto non esiste, oppure appartiene a un altro ufficio e non è accessibile con il proprio profilo.</p>
        ) : (
          <MostraErrore errore={query.error} titolo="Impossibile leggere il piano" />
        )}
      </>
    );
  }
  const p = query.data;
  const voce = ({ isActive }: { isActive: boolean }) => `nav-link${isActive ? ' active' : ''}`;
  return (
    <>
      {briciole}
      <h1>
        {schermata ? `${schermata}: ` : ''}
        {p.titolo}
      </h1>
      <p>
        Ufficio {p.ufficio}, anno {p.anno} ·{' '}
        <span className="badge bg-primary" data-testid="stato-piano">
          {statoPiano(p.stato)}
        </span>{' '}
        · {p.baseline === 0 ? 'nessuna baseline approvata' : `baseline ${p.baseline}`}
      </p>
      <nav aria-label="Schermate del piano" className="mb-3">
        <ul className="nav nav-tabs">
          <li className="nav-item">
            <NavLink end to={`/cronoprogramma/piani/${p.id}`} className={voce}>
              Fasi e scadenze
            </NavLink>
          </li>
          <li className="nav-item">
            <NavLink to={`/cronoprogramma/piani/${p.id}/valutazione`} className={voce}>
              Valutazione e Gantt
            </NavLink>
          </li>
          <li className="nav-item">
            <NavLink to={`/cronoprogramma/piani/${p.id}/revisioni`} className={voce}>
              Revisioni
            </NavLink>
          </li>
        </ul>
      </nav>
      {children(p)}
    </>
  );
}
