import { useMutation, useQueryClient } from '@tanstack/react-query';
import { comeModulo, type Schemi } from '@app/client';
import { FormEvent, ReactNode, useState } from 'react';
import { esito as esitoApi, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { chiavi, type Richiesta } from './hooks';
import { ESITI_SCELTE } from './testi';

const oggi = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());

/** A step of the inspection as a small form: its own button, its own errors beside its fields. */
function Passo({
  titolo,
  pulsante,
  azione,
  children,
}: {
  titolo: string;
  pulsante: string;
  azione: () => Promise<unknown>;
  children?: (errore: unknown) => ReactNode;
}) {
  const qc = useQueryClient();
  const m = useMutation({ mutationFn: azione, onSuccess: () => qc.invalidateQueries({ queryKey: chiavi.richieste }) });
  const invio = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={invio} noValidate className="card card-body mb-3 shadow-sm" aria-label={titolo}>
      <h3 className="h5">{titolo}</h3>
      {children?.(m.error)}
      <MostraErrore errore={m.error} />
      <div>
        <button type="submit" className="btn btn-primary" disabled={m.isPending}>
          {m.isPending ? 'Invio…' : pulsante}
        </button>
      </div>
    </form>
  );
}

/** The steps the assigned inspector takes, according to the case's state. */
export function AzioniIspettore({ richiesta: r }: { richiesta: Richiesta }) {
  const api = useApi();
  const path = { params: { path: { id: r.id } } };
  const [motivo, setMotivo] = useState('');
  const [dataPasso, setDataPasso] = useState(oggi());
  const [file, setFile] = useState<File | null>(null);
  const [esitoChiusura, setEsitoChiusura] = useState<Schemi['ChiusuraDto']['esito']>('regolare');

  const carica = async (tipo: string) => {
    if (!file) throw new Error('scegliere il file del verbale');
    const d = esitoApi(await api.POST('/api/v1/richieste-intervento/{id}/documenti', { ...path, body: { tipo, file }, bodySerializer: comeModulo }));
    return { documentoId: d.id, sha256: d.sha256 };
  };
  const campoData = (etichetta: string, nome: string) => (errore: unknown) => (
    <Campo etichetta={etichetta} nome={nome} errore={errore}>
      {(p) => <input {...p} type="date" value={dataPasso} onChange={(e) => setDataPasso(e.target.value)} />}
    </Campo>
  );
  const campoFile = (etichetta: string, nome: string) => (errore: unknown) => (
    <Campo etichetta={etichetta} nome={nome} errore={errore} aiuto="PDF, PNG, JPEG o TIFF.">
      {(p) => <input {...p} type="file" accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
    </Campo>
  );

  return (
    <section aria-labelledby="azioni-titolo" className="mt-4">
      <h2 id="azioni-titolo" className="h4">
        Le mie azioni
      </h2>
      {r.stato === 'assegnata' && (
        <>
          <Passo
            titolo="Accetta l’incarico"
            pulsante="Accetta l’incarico"
            azione={async () => esitoApi(await api.POST('/api/v1/richieste-intervento/{id}/accettazione', path))}
          />
          <Passo
            titolo="Astensione per conflitto di interessi"
            pulsante="Mi astengo"
            azione={async () => esitoApi(await api.POST('/api/v1/richieste-intervento/{id}/astensione', { ...path, body: { motivo } }))}
          >
            {(errore) => (
              <Campo
                etichetta="Motivo dell’astensione"
                nome="motivo"
                errore={errore}
                aiuto="Almeno 10 caratteri. La richiesta sarà sorteggiata di nuovo senza di sé."
              >
                {(p) => <textarea {...p} rows={3} value={motivo} onChange={(e) => setMotivo(e.target.value)} />}
              </Campo>
            )}
          </Passo>
        </>
      )}
      {r.stato === 'accettata' && (
        <Passo
          titolo="Primo accesso"
          pulsante="Registra il primo accesso"
          azione={async () =>
            esitoApi(
              await api.POST('/api/v1/richieste-intervento/{id}/primo-accesso', {
                ...path,
                body: { data: dataPasso, verbale: await carica('verbale-primo-accesso') },
              }),
            )
          }
        >
          {(errore) => (
            <>
              {campoData('Data del primo accesso', 'data')(errore)}
              {campoFile('Verbale di primo accesso', 'verbale')(errore)}
            </>
          )}
        </Passo>
      )}
      {r.stato === 'in-corso' && (
        <Passo
          titolo="Diffida"
          pulsante="Registra la notifica della diffida"
          azione={async () => esitoApi(await api.POST('/api/v1/richieste-intervento/{id}/diffida', { ...path, body: { notificataIl: dataPasso } }))}
        >
          {campoData('Diffida notificata il', 'notificataIl')}
        </Passo>
      )}
      {(r.stato === 'in-corso' || r.stato === 'diffida') && (
        <Passo
          titolo="Fine degli accertamenti"
          pulsante="Registra la fine degli accertamenti"
          azione={async () => esitoApi(await api.POST('/api/v1/richieste-intervento/{id}/fine-accertamenti', { ...path, body: { data: dataPasso } }))}
        >
          {campoData('Accertamenti conclusi il', 'data')}
        </Passo>
      )}
      {r.stato === 'accertamenti-conclusi' && (
        <Passo
          titolo="Verbale unico e chiusura"
          pulsante="Chiudi l’ispezione"
          azione={async () =>
            esitoApi(
              await api.POST('/api/v1/richieste-intervento/{id}/chiusura', {
                ...path,
                body: { esito: esitoChiusura, verbaleUnico: await carica('verbale-unico') },
              }),
            )
          }
        >
          {(errore) => (
            <>
              <Campo etichetta="Esito" nome="esito" errore={errore}>
                {(p) => (
                  <select {...p} className="form-select" value={esitoChiusura} onChange={(e) => setEsitoChiusura(e.target.value as typeof esitoChiusura)}>
                    {ESITI_SCELTE.map(([v, t]) => (
                      <option key={v} value={v}>
                        {t}
                      </option>
                    ))}
                  </select>
                )}
              </Campo>
              {campoFile('Verbale unico', 'verbaleUnico')(errore)}
            </>
          )}
        </Passo>
      )}
      {r.stato === 'chiusa' && <p>L’ispezione è chiusa: nessuna azione da fare.</p>}
    </section>
  );
}
