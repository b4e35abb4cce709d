import { FormEvent, useState } from 'react';
import { Campo } from '../comune/Campo';
import { Caricamento } from '../comune/Caricamento';
import { dataOra } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { useAderisci, useAdesioni } from './dati';

/** The applications of an offer (CPI staff): who applied and when, and the form to register one while the window is open. */
export function Adesioni({ id, aperta, puoRegistrare }: { id: string; aperta: boolean; puoRegistrare: boolean }) {
  const adesioni = useAdesioni(id, true);
  const aderisci = useAderisci(id);
  const [iscrittoId, setIscrittoId] = useState('');
  const invia = (e: FormEvent) => {
    e.preventDefault();
    aderisci.mutate(iscrittoId.trim(), { onSuccess: () => setIscrittoId('') });
  };
  return (
    <section aria-labelledby="adesioni-titolo" className="mb-4">
      <h2 id="adesioni-titolo" className="h4">
        Adesioni
      </h2>
      {aperta && puoRegistrare && (
        <form onSubmit={invia} noValidate className="card card-body mb-3">
          <Campo
            etichetta="Codice fiscale della persona iscritta"
            nome="iscrittoId"
            errore={aderisci.error}
            aiuto="Deve essere iscritta all’elenco L. 68/99 dell’ufficio."
          >
            {(p) => <input {...p} type="text" value={iscrittoId} onChange={(e) => setIscrittoId(e.target.value)} autoComplete="off" />}
          </Campo>
          <MostraErrore errore={aderisci.error} titolo="Adesione non registrata" />
          <div>
            <button type="submit" className="btn btn-primary" disabled={!iscrittoId.trim() || aderisci.isPending}>
              Registra l’adesione
            </button>
          </div>
          {aderisci.isSuccess && (
            <p role="status" className="mt-2 mb-0">
              Adesione di {aderisci.data.iscrittoId} registrata.
            </p>
          )}
        </form>
      )}
      <Caricamento query={adesioni} cosa="le adesioni">
        {(a) =>
          a.totale === 0 ? (
            <p>Nessuna adesione.</p>
          ) : (
            <table className="table table-sm" data-testid="adesioni">
              <caption>
                {a.attive} adesioni attive su {a.totale}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Persona</th>
                  <th scope="col">Territorio</th>
                  <th scope="col">Registrata il</th>
                  <th scope="col">Stato</th>
                </tr>
              </thead>
              <tbody>
                {a.elementi.map((x) => (
                  <tr key={x.iscrittoId}>
                    <th scope="row">{x.codiceFiscale ?? x.iscrittoId}</th>
                    <td>{x.territorio ?? '—'}</td>
                    <td>{dataOra(x.aderitoIl)}</td>
                    <td>{x.ritirataIl ? `Ritirata il ${dataOra(x.ritirataIl)}` : 'Attiva'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Caricamento>
    </section>
  );
}
