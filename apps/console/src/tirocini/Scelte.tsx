import type { Schemi } from '@app/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErroreApi, esito, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { data } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';

export type Soggetto = Schemi['SoggettoView'];

interface Scelta<T> {
  /** The id chosen, if any (a draft being edited starts with its own). */
  valore?: string;
  onScelto: (x: T | undefined) => void;
  /** The field's path in the draft's body: the API's messages about it are shown here. */
  nome: string;
  errore?: unknown;
}

/** A promotore or ospitante of the regional registry, found by its codice fiscale or partita IVA. */
export function SceltaSoggetto({
  ruolo,
  etichetta,
  valore,
  onScelto,
  nome,
  errore,
  fisso,
}: Scelta<Soggetto> & { ruolo: 'promotore' | 'ospitante'; etichetta: string; fisso?: string }) {
  const api = useApi();
  const [codice, setCodice] = useState(fisso ?? '');
  const [cerca, setCerca] = useState(fisso ?? '');
  const scelto = useQuery({
    queryKey: ['soggetti', valore],
    enabled: !!valore,
    queryFn: async () => esito(await api.GET('/api/v1/soggetti-tirocinio/{id}', { params: { path: { id: valore! } } })),
  });
  const trovati = useQuery({
    queryKey: ['soggetti', ruolo, cerca],
    enabled: !valore && cerca.length > 0,
    queryFn: async () => esito(await api.GET('/api/v1/soggetti-tirocinio', { params: { query: { ruolo, codiceFiscale: cerca.trim().toUpperCase() } } })),
  });
  const unico = trovati.data?.length === 1 ? trovati.data[0] : undefined;
  useEffect(() => {
    if (unico && !valore) onScelto(unico);
  }, [unico, valore, onScelto]);
  if (valore && scelto.data) {
    return (
      <div className="mb-3">
        <p className="fw-semibold mb-1">{etichetta}</p>
        <p className="mb-1" data-testid={`scelto-${ruolo}`}>
          {scelto.data.denominazione} — codice fiscale {scelto.data.codiceFiscale}
        </p>
        {!fisso && (
          <button
            type="button"
            className="btn btn-link p-0"
            onClick={() => {
              setCerca('');
              onScelto(undefined);
            }}
          >
            Cambia {ruolo}
          </button>
        )}
        <MostraCampo errore={errore} nome={nome} />
      </div>
    );
  }
  return (
    <div>
      <Campo etichetta={`${etichetta}: codice fiscale o partita IVA`} nome={nome} errore={errore}>
        {(p) => (
          <div className="d-flex gap-2">
            <input {...p} type="text" value={codice} onChange={(e) => setCodice(e.target.value)} autoComplete="off" />
            <button type="button" className="btn btn-outline-primary" onClick={() => setCerca(codice)}>
              Cerca<span className="visually-hidden"> {ruolo}</span>
            </button>
          </div>
        )}
      </Campo>
      {trovati.isError && <MostraErrore errore={trovati.error} titolo={`Ricerca del ${ruolo} non riuscita`} />}
      {trovati.data && trovati.data.length === 0 && (
        <p className="text-danger" role="alert">
          Nessun {ruolo} registrato con il codice {cerca}.
        </p>
      )}
    </div>
  );
}

/** The API's messages about a field shown where no input is (a choice already made). */
function MostraCampo({ errore, nome }: { errore: unknown; nome: string }) {
  const messaggi = errore instanceof ErroreApi ? errore.campo(nome) : [];
  if (!messaggi.length) return null;
  return (
    <div className="invalid-feedback d-block" data-campo={nome}>
      {messaggi.join(' ')}
    </div>
  );
}

/** A trainee of the registry, found by codice fiscale (exact) or by surname and name. */
export function SceltaTirocinante({ valore, onScelto, nome, errore }: Scelta<Schemi['TirocinanteView']>) {
  const api = useApi();
  const [testo, setTesto] = useState('');
  const [cerca, setCerca] = useState('');
  const scelto = useQuery({
    queryKey: ['tirocinanti', valore],
    enabled: !!valore,
    queryFn: async () => esito(await api.GET('/api/v1/tirocinanti/{id}', { params: { path: { id: valore! } } })),
  });
  const trovati = useQuery({
    queryKey: ['tirocinanti', 'cerca', cerca],
    enabled: !valore && cerca.length > 0,
    queryFn: async () => esito(await api.GET('/api/v1/tirocinanti', { params: { query: { cerca: cerca.trim() } } })),
  });
  if (valore && scelto.data) {
    const t = scelto.data;
    return (
      <div className="mb-3">
        <p className="fw-semibold mb-1">Tirocinante</p>
        <p className="mb-1" data-testid="scelto-tirocinante">
          {t.cognome} {t.nome} — codice fiscale {t.codiceFiscale}, nato/a il {data(t.dataNascita)}
        </p>
        <button type="button" className="btn btn-link p-0" onClick={() => onScelto(undefined)}>
          Cambia tirocinante
        </button>
        <MostraCampo errore={errore} nome={nome} />
      </div>
    );
  }
  return (
    <div>
      <Campo etichetta="Tirocinante: codice fiscale, oppure cognome e nome" nome={nome} errore={errore}>
        {(p) => (
          <div className="d-flex gap-2">
            <input {...p} type="text" value={testo} onChange={(e) => setTesto(e.target.value)} autoComplete="off" />
            <button type="button" className="btn btn-outline-primary" onClick={() => setCerca(testo)}>
              Cerca<span className="visually-hidden"> tirocinante</span>
            </button>
          </div>
        )}
      </Campo>
      {trovati.isError && <MostraErrore errore={trovati.error} titolo="Ricerca del tirocinante non riuscita" />}
      {trovati.data &&
        (trovati.data.length === 0 ? (
          <p className="text-danger" role="alert">
            Nessun tirocinante trovato per «{cerca}».
          </p>
        ) : (
          <ul className="list-unstyled mb-3">
            {trovati.data.map((t) => (
              <li key={t.id}>
                <button type="button" className="btn btn-link p-0" onClick={() => onScelto(t)}>
                  Scegli {t.cognome} {t.nome} ({t.codiceFiscale})
                </button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}

/** A tutor: the code of one already registered, or a new one registered here for the soggetto it belongs to. */
export function SceltaTutor({ etichetta, soggettoId, valore, onScelto, nome, errore }: Scelta<string> & { etichetta: string; soggettoId?: string }) {
  const api = useApi();
  const [nuovo, setNuovo] = useState({ codiceFiscale: '', nome: '', cognome: '' });
  const registra = useMutation({
    mutationFn: async () =>
      esito(await api.POST('/api/v1/tutor', { body: { soggettoId: soggettoId ?? '', ...nuovo, codiceFiscale: nuovo.codiceFiscale.trim().toUpperCase() } })),
    onSuccess: (t) => onScelto(t.id),
  });
  return (
    <fieldset className="border rounded p-3 mb-3">
      <legend className="h6 float-none w-auto px-1">{etichetta}</legend>
      <Campo etichetta="Codice del tutor registrato" nome={nome} errore={errore} aiuto="Il codice assegnato al tutor quando è stato registrato.">
        {(p) => <input {...p} type="text" value={valore ?? ''} onChange={(e) => onScelto(e.target.value.trim() || undefined)} autoComplete="off" />}
      </Campo>
      <details>
        <summary>Registra un nuovo tutor</summary>
        <div className="row mt-2">
          {(['codiceFiscale', 'cognome', 'nome'] as const).map((k) => (
            <div className="col-md-4" key={k}>
              <Campo
                etichetta={k === 'codiceFiscale' ? 'Codice fiscale del tutor' : k === 'nome' ? 'Nome del tutor' : 'Cognome del tutor'}
                nome={k}
                errore={registra.error}
              >
                {(p) => <input {...p} type="text" value={nuovo[k]} onChange={(e) => setNuovo({ ...nuovo, [k]: e.target.value })} autoComplete="off" />}
              </Campo>
            </div>
          ))}
        </div>
        <button type="button" className="btn btn-outline-primary" disabled={!soggettoId || registra.isPending} onClick={() => registra.mutate()}>
          Registra il tutor
        </button>
        {!soggettoId && <p className="small mt-1">Scegliere prima il soggetto a cui appartiene.</p>}
        <MostraErrore errore={registra.error} titolo="Tutor non registrato" />
        {registra.isSuccess && (
          <p role="status" className="text-success mt-1">
            Tutor {registra.data.cognome} {registra.data.nome} registrato.
          </p>
        )}
      </details>
    </fieldset>
  );
}

/** A convenzione registered between the two parties, by its code, shown with its validity once found. */
export function SceltaConvenzione({ valore, onScelto, nome, errore }: Scelta<string>) {
  const api = useApi();
  const trovata = useQuery({
    queryKey: ['convenzioni', valore],
    enabled: !!valore && /^[0-9a-f-]{36}$/i.test(valore),
    queryFn: async () => esito(await api.GET('/api/v1/convenzioni/{id}', { params: { path: { id: valore! } } })),
  });
  return (
    <div>
      <Campo
        etichetta="Codice della convenzione registrata (facoltativo)"
        nome={nome}
        errore={errore}
        aiuto="Senza una convenzione registrata, si allega il documento della convenzione firmata."
      >
        {(p) => <input {...p} type="text" value={valore ?? ''} onChange={(e) => onScelto(e.target.value.trim() || undefined)} autoComplete="off" />}
      </Campo>
      {trovata.data && (
        <p className="small" data-testid="convenzione-trovata">
          Convenzione valida dal {data(trovata.data.validaDal)} al {data(trovata.data.validaAl)}
          {trovata.data.documentoId ? ', con il documento firmato' : ''}.
        </p>
      )}
      {trovata.isError && <MostraErrore errore={trovata.error} titolo="Convenzione non trovata" />}
    </div>
  );
}
