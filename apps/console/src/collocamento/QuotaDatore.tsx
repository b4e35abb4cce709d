import { ErroreApi } from '../comune/api';
import { MostraErrore } from '../comune/Problema';
import { useDatore } from './dati';

/** The employer's obligation (L. 68/99 art. 3) and what is still uncovered, per list. */
export function QuotaDatore({ datoreId }: { datoreId: string }) {
  const q = useDatore(datoreId);
  if (q.isPending) return null;
  // An employer not yet in the regional registry has no quota to show.
  if (q.isError) return q.error instanceof ErroreApi && q.error.nonTrovato ? null : <MostraErrore errore={q.error} />;
  const d = q.data;
  return (
    <section className="card card-body mb-4" aria-labelledby="quota-titolo">
      <h2 id="quota-titolo" className="h5">
        Quota d’obbligo di {d.denominazione ?? d.codiceFiscale}
      </h2>
      <table className="table table-sm mb-0">
        <caption className="visually-hidden">Quota, posti coperti e scopertura per elenco</caption>
        <thead>
          <tr>
            <th scope="col">Elenco</th>
            <th scope="col">Quota</th>
            <th scope="col">Coperti</th>
            <th scope="col">Scopertura</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Art. 1</th>
            <td>{d.quota.art1}</td>
            <td>{d.coperturaArt1}</td>
            <td data-testid="scopertura-art1">{d.scopertura.art1}</td>
          </tr>
          <tr>
            <th scope="row">Art. 18</th>
            <td>{d.quota.art18}</td>
            <td>{d.coperturaArt18}</td>
            <td>{d.scopertura.art18}</td>
          </tr>
        </tbody>
      </table>
      <p className="small mb-0 mt-2">Dipendenti computabili: {d.dipendentiComputabili}.</p>
    </section>
  );
}
