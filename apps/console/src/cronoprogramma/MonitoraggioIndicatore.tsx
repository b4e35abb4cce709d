import { useMutation } from '@tanstack/react-query';
import { FormEvent, useMemo, useState } from 'react';
import { ErroreApi, esito, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { useAggiornaPiano } from './dati';
import type { Piano } from './parole';

/** The API's errors about this indicator, whether named by the body (`indicatori[0].…`) or by the plan. */
function perQuestoIndicatore(errore: unknown, percorso?: string): unknown {
  if (!(errore instanceof ErroreApi) || !percorso) return errore;
  const errors = errore.problema.errors?.map((e) => (e.field.startsWith(percorso) ? { ...e, field: `indicatori[0]${e.field.slice(percorso.length)}` } : e));
  return new ErroreApi({ ...errore.problema, errors }, errore.riprovaTra);
}

/** Monitoring of a numeric indicator: the value achieved and a note (scored achieved × 100 / target). */
export function MonitoraggioIndicatore({ piano }: { piano: Piano }) {
  const api = useApi();
  const aggiorna = useAggiornaPiano();
  const voci = useMemo(
    () =>
      piano.documento.aree.flatMap((a, ia) =>
        a.obiettivi.flatMap((o, io) =>
          o.indicatori.flatMap((i, ii) => (i.tipo === 'numerico' ? [{ i, percorso: `aree[${ia}].obiettivi[${io}].indicatori[${ii}]` }] : [])),
        ),
      ),
    [piano],
  );
  const [codice, setCodice] = useState(voci[0]?.i.codice ?? '');
  const [raggiunto, setRaggiunto] = useState('');
  const [nota, setNota] = useState('');
  const voce = voci.find((v) => v.i.codice === codice);
  const registra = useMutation({
    mutationFn: async () =>
      esito(
        await api.POST('/api/v1/piani/{id}/monitoraggio', {
          params: { path: { id: piano.id } },
          body: {
            indicatori: [{ codice, ...(raggiunto !== '' ? { raggiunto: Number(raggiunto) } : {}), ...(nota.trim() ? { notaMonitoraggio: nota.trim() } : {}) }],
          },
        }),
      ),
    onSuccess: () => {
      setRaggiunto('');
      setNota('');
      return aggiorna(piano.id);
    },
  });
  if (!voci.length) return null;
  const errore = perQuestoIndicatore(registra.error, voce?.percorso);
  const invia = (e: FormEvent) => {
    e.preventDefault();
    registra.mutate();
  };
  return (
    <section aria-labelledby="monitoraggio-indicatore-titolo" className="card card-bg p-3 mb-4">
      <h2 id="monitoraggio-indicatore-titolo" className="h4">
        Monitoraggio di un indicatore numerico
      </h2>
      <form onSubmit={invia} noValidate>
        <Campo etichetta="Indicatore" nome="indicatori[0].codice" errore={errore}>
          {(p) => (
            <select {...p} className="form-select" value={codice} onChange={(e) => setCodice(e.target.value)}>
              {voci.map(({ i }) => (
                <option key={i.codice} value={i.codice}>
                  {`Indicatore ${i.codice}: ${i.descrizione} (target ${i.target ?? '—'})`}
                </option>
              ))}
            </select>
          )}
        </Campo>
        <Campo etichetta="Valore raggiunto" nome="indicatori[0].raggiunto" errore={errore}>
          {(p) => <input {...p} type="number" step="any" min={0} value={raggiunto} onChange={(e) => setRaggiunto(e.target.value)} />}
        </Campo>
        <Campo etichetta="Nota di monitoraggio dell’indicatore" nome="indicatori[0].notaMonitoraggio" errore={errore}>
          {(p) => <textarea {...p} rows={2} value={nota} onChange={(e) => setNota(e.target.value)} />}
        </Campo>
        <MostraErrore errore={registra.error} titolo="Il monitoraggio non è stato registrato" />
        {registra.isSuccess && (
          <p className="alert alert-success" role="status">
            Valore registrato.
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={registra.isPending}>
          Registra il valore
        </button>
      </form>
    </section>
  );
}
