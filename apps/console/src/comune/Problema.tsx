import { Alert } from 'design-react-kit';
import { ErroreApi } from './api';

/**
 * An API error as a user reads it: the title, what happened, and every rule broken. Errors about a field the form
 * shows are placed beside that field (see Campo); the list here repeats them so that none is missed.
 */
export function MostraErrore({ errore, titolo }: { errore: unknown; titolo?: string }) {
  if (!errore) return null;
  if (!(errore instanceof ErroreApi)) {
    return (
      <Alert color="danger" fade={false}>
        {titolo ?? 'Si è verificato un errore'}: {(errore as Error).message ?? String(errore)}
      </Alert>
    );
  }
  const p = errore.problema;
  return (
    <Alert color="danger" fade={false} data-problema={p.type}>
      <p className="fw-bold mb-1">{titolo ?? p.title}</p>
      {p.detail && <p className="mb-1">{p.detail}</p>}
      {errore.riprovaTra !== undefined && <p className="mb-1">Riprovare tra {errore.riprovaTra} secondi.</p>}
      {p.errors && p.errors.length > 0 && (
        <ul className="mb-0">
          {p.errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      {p.requestId && <p className="small mb-0 mt-1">Codice da citare in una segnalazione: {p.requestId}</p>}
    </Alert>
  );
}
