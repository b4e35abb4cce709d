import { useQuery } from '@tanstack/react-query';
import { esito, useApi } from './api';
import { Caricamento } from './Caricamento';
import { dataOra } from './formato';

/**
 * The audit timeline of one record: who (with role) did what, when and why. Read by the roles the audit trail is open
 * to (responsabile, dirigente, amministratore); to the others it says so instead of failing.
 */
export function Cronologia({ entita }: { entita: string }) {
  const api = useApi();
  const query = useQuery({
    queryKey: ['audit', entita],
    queryFn: async () => esito(await api.GET('/api/v1/audit', { params: { query: { entity: entita } } })),
  });
  return (
    <section aria-labelledby="cronologia-titolo" className="mt-4">
      <h2 id="cronologia-titolo" className="h4">
        Cronologia
      </h2>
      <Caricamento query={query} cosa="la cronologia">
        {(righe) =>
          righe.length === 0 ? (
            <p>Nessuna operazione registrata.</p>
          ) : (
            <ol className="list-unstyled border-start ps-3">
              {righe.map((r) => (
                <li key={r.id} className="mb-2">
                  <span className="fw-semibold">{r.azione}</span> — {r.attore} ({r.ruoli}), {dataOra(r.registratoIl)}
                  {r.motivazione && <div className="small">Motivazione: {r.motivazione}</div>}
                </li>
              ))}
            </ol>
          )
        }
      </Caricamento>
    </section>
  );
}
