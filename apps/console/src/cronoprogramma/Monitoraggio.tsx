import type { Schemi } from '@app/client';
import { useMutation } from '@tanstack/react-query';
import { FormEvent, useMemo, useState } from 'react';
import { ErroreApi, esito, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { useAggiornaPiano } from './dati';
import type { Piano } from './parole';

interface Voce {
  chiave: string;
  etichetta: string;
  indicatore: string;
  numero: number;
  /** The phase's path in the plan document: rules about the plan name it this way. */
  percorso: string;
}

/** Every phase of the plan, as the monitoring form offers them. */
function vociFasi(piano: Piano): Voce[] {
  return piano.documento.aree.flatMap((a, ia) =>
    a.obiettivi.flatMap((o, io) =>
      o.indicatori.flatMap((i, ii) =>
        (i.fasi ?? []).map((f, jf) => ({
          chiave: `${i.codice}#${f.numero}`,
          etichetta: `Indicatore ${i.codice}, fase ${f.numero}: ${f.descrizione}`,
          indicatore: i.codice,
          numero: f.numero,
          percorso: `aree[${ia}].obiettivi[${io}].indicatori[${ii}].fasi[${jf}]`,
        })),
      ),
    ),
  );
}

/** The API's errors about this phase, whether named by the body (`fasi[0].…`) or by the plan (`aree[…].fasi[…].…`). */
function perQuestaFase(errore: unknown, percorso?: string): unknown {
  if (!(errore instanceof ErroreApi) || !percorso) return errore;
  const errors = errore.problema.errors?.map((e) => (e.field.startsWith(percorso) ? { ...e, field: `fasi[0]${e.field.slice(percorso.length)}` } : e));
  return new ErroreApi({ ...errore.problema, errors }, errore.riprovaTra);
}

/** Monitoring of one phase: its actual end (never after today), a note, an estimated delay, a self-assessment. */
export function Monitoraggio({ piano }: { piano: Piano }) {
  const api = useApi();
  const aggiorna = useAggiornaPiano();
  const voci = useMemo(() => vociFasi(piano), [piano]);
  const [chiave, setChiave] = useState(voci[0]?.chiave ?? '');
  const [fine, setFine] = useState('');
  const [nota, setNota] = useState('');
  const [ritardo, setRitardo] = useState('');
  const [autovalutazione, setAutovalutazione] = useState('');
  const voce = voci.find((v) => v.chiave === chiave);
  const registra = useMutation({
    mutationFn: async (body: Schemi['MonitoraggioDto']) =>
      esito(await api.POST('/api/v1/piani/{id}/monitoraggio', { params: { path: { id: piano.id } }, body })),
    onSuccess: () => {
      setFine('');
      setNota('');
      setRitardo('');
      setAutovalutazione('');
      return aggiorna(piano.id);
    },
  });
  if (!voci.length) return null;
  const errore = perQuestaFase(registra.error, voce?.percorso);

  function invia(e: FormEvent) {
    e.preventDefault();
    if (!voce) return;
    registra.mutate({
      fasi: [
        {
          indicatore: voce.indicatore,
          numero: voce.numero,
          ...(fine ? { fineEffettiva: fine } : {}),
          ...(nota.trim() ? { notaMonitoraggio: nota.trim() } : {}),
          ...(ritardo !== '' ? { ritardoStimatoGiorni: Number(ritardo) } : {}),
          ...(autovalutazione !== '' ? { autovalutazionePct: Number(autovalutazione) } : {}),
        },
      ],
    });
  }

  return (
    <section aria-labelledby="monitoraggio-titolo" className="card card-bg p-3 mb-4">
      <h2 id="monitoraggio-titolo" className="h4">
        Monitoraggio di una fase
      </h2>
      <form onSubmit={invia} noValidate>
        <Campo etichetta="Fase" nome="fasi[0].numero" errore={errore}>
          {(p) => (
            <select {...p} className="form-select" value={chiave} onChange={(e) => setChiave(e.target.value)}>
              {voci.map((v) => (
                <option key={v.chiave} value={v.chiave}>
                  {v.etichetta}
                </option>
              ))}
            </select>
          )}
        </Campo>
        <div className="row">
          <div className="col-md-6">
            <Campo etichetta="Fine effettiva" nome="fasi[0].fineEffettiva" errore={errore} aiuto="La data in cui la fase si è conclusa, non oltre oggi.">
              {(p) => <input {...p} type="date" value={fine} onChange={(e) => setFine(e.target.value)} />}
            </Campo>
          </div>
          <div className="col-md-3">
            <Campo etichetta="Ritardo stimato (giorni)" nome="fasi[0].ritardoStimatoGiorni" errore={errore} aiuto="Per una fase non conclusa.">
              {(p) => <input {...p} type="number" min={0} step={1} value={ritardo} onChange={(e) => setRitardo(e.target.value)} />}
            </Campo>
          </div>
          <div className="col-md-3">
            <Campo etichetta="Autovalutazione (%)" nome="fasi[0].autovalutazionePct" errore={errore} aiuto="Vale se è più bassa del punteggio calcolato.">
              {(p) => <input {...p} type="number" min={0} max={100} step={0.01} value={autovalutazione} onChange={(e) => setAutovalutazione(e.target.value)} />}
            </Campo>
          </div>
        </div>
        <Campo etichetta="Nota di monitoraggio" nome="fasi[0].notaMonitoraggio" errore={errore}>
          {(p) => <textarea {...p} rows={2} value={nota} onChange={(e) => setNota(e.target.value)} />}
        </Campo>
        <MostraErrore errore={registra.error} titolo="Il monitoraggio non è stato registrato" />
        {registra.isSuccess && (
          <p className="alert alert-success" role="status">
            Monitoraggio registrato.
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={registra.isPending}>
          Registra il monitoraggio
        </button>
      </form>
    </section>
  );
}
