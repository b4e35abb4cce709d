import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Schemi } from '@app/client';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { esito, useApi } from '../comune/api';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { chiavi } from './hooks';
import { FONTI_SCELTE, PRIORITA_SCELTE } from './testi';

type Corpo = Schemi['RichiestaInterventoDto'];

/**
 * Registers an intervention request: the company first (registered once in the region; one already registered is
 * named by its identifier), then the request, whose procedure draws the inspector.
 */
export function NuovaRichiesta() {
  const api = useApi();
  const qc = useQueryClient();
  const vai = useNavigate();
  const [nuovaAzienda, setNuovaAzienda] = useState(true);
  const [azienda, setAzienda] = useState({ codiceFiscale: '', ragioneSociale: '', id: '' });
  // The company registered by this form, so that correcting the request does not register it twice.
  const [registrata, setRegistrata] = useState<string>();
  const [corpo, setCorpo] = useState<Omit<Corpo, 'aziendaId'>>({
    fonte: 'esposto',
    sede: '',
    territorio: '',
    tipoPratica: 'lavoro-nero',
    priorita: 'media',
    descrizione: '',
  });
  const invia = useMutation({
    mutationFn: async () => {
      let aziendaId = nuovaAzienda ? registrata : azienda.id.trim();
      if (!aziendaId) {
        const a = esito(
          await api.POST('/api/v1/aziende', {
            body: { codiceFiscale: azienda.codiceFiscale.trim(), ragioneSociale: azienda.ragioneSociale.trim(), territorio: corpo.territorio.trim() },
          }),
        );
        aziendaId = a.id;
        setRegistrata(a.id);
      }
      return esito(await api.POST('/api/v1/richieste-intervento', { body: { ...corpo, aziendaId } }));
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: chiavi.richieste });
      vai(`/ispezioni/richieste/${r.id}`);
    },
  });
  const errore = invia.error;
  const invio = (e: FormEvent) => {
    e.preventDefault();
    invia.mutate();
  };
  const imposta = (k: keyof typeof corpo) => (e: { target: { value: string } }) => setCorpo({ ...corpo, [k]: e.target.value });

  return (
    <>
      <p>
        <Link to="/ispezioni">Torna alle ispezioni</Link>
      </p>
      <h1>Registra una richiesta di intervento</h1>
      <p>Registrata la richiesta, il servizio sorteggia l’ispettore tra quelli idonei: nessuno sceglie chi riceve il caso.</p>
      <form onSubmit={invio} noValidate>
        <fieldset className="mb-4">
          <legend className="h5">Azienda</legend>
          <div className="form-check">
            <input className="form-check-input" type="radio" id="az-nuova" name="tipo-azienda" checked={nuovaAzienda} onChange={() => setNuovaAzienda(true)} />
            <label className="form-check-label" htmlFor="az-nuova">
              Azienda da registrare
            </label>
          </div>
          <div className="form-check mb-3">
            <input className="form-check-input" type="radio" id="az-nota" name="tipo-azienda" checked={!nuovaAzienda} onChange={() => setNuovaAzienda(false)} />
            <label className="form-check-label" htmlFor="az-nota">
              Azienda già registrata
            </label>
          </div>
          {nuovaAzienda ? (
            <>
              <Campo
                etichetta="Codice fiscale o partita IVA"
                nome="codiceFiscale"
                errore={errore}
                aiuto="Una partita IVA di 11 cifre o un codice fiscale di 16 caratteri."
              >
                {(p) => (
                  <input
                    {...p}
                    value={azienda.codiceFiscale}
                    disabled={!!registrata}
                    onChange={(e) => setAzienda({ ...azienda, codiceFiscale: e.target.value })}
                  />
                )}
              </Campo>
              <Campo etichetta="Ragione sociale" nome="ragioneSociale" errore={errore}>
                {(p) => (
                  <input
                    {...p}
                    value={azienda.ragioneSociale}
                    disabled={!!registrata}
                    onChange={(e) => setAzienda({ ...azienda, ragioneSociale: e.target.value })}
                  />
                )}
              </Campo>
              {registrata && <p className="alert alert-info">Azienda registrata (identificativo {registrata}).</p>}
            </>
          ) : (
            <Campo etichetta="Identificativo dell’azienda" nome="aziendaId" errore={errore} aiuto="L’identificativo ricevuto alla sua registrazione.">
              {(p) => <input {...p} value={azienda.id} onChange={(e) => setAzienda({ ...azienda, id: e.target.value })} />}
            </Campo>
          )}
        </fieldset>
        <fieldset className="mb-4">
          <legend className="h5">Richiesta</legend>
          <Campo etichetta="Fonte" nome="fonte" errore={errore}>
            {(p) => (
              <select {...p} className="form-select" value={corpo.fonte} onChange={imposta('fonte')}>
                {FONTI_SCELTE.map(([v, t]) => (
                  <option key={v} value={v}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          </Campo>
          <Campo etichetta="Sede dell’ispezione" nome="sede" errore={errore} aiuto="Indirizzo del luogo di lavoro.">
            {(p) => <input {...p} value={corpo.sede} onChange={imposta('sede')} />}
          </Campo>
          <Campo etichetta="Territorio" nome="territorio" errore={errore} aiuto="La sigla del territorio di competenza, ad esempio FI.">
            {(p) => <input {...p} value={corpo.territorio} onChange={imposta('territorio')} />}
          </Campo>
          <Campo
            etichetta="Tipo di pratica"
            nome="tipoPratica"
            errore={errore}
            aiuto="La qualifica richiesta all’ispettore, ad esempio lavoro-nero o sicurezza."
          >
            {(p) => <input {...p} value={corpo.tipoPratica} onChange={imposta('tipoPratica')} />}
          </Campo>
          <Campo etichetta="Priorità" nome="priorita" errore={errore}>
            {(p) => (
              <select {...p} className="form-select" value={corpo.priorita} onChange={imposta('priorita')}>
                {PRIORITA_SCELTE.map(([v, t]) => (
                  <option key={v} value={v}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          </Campo>
          <Campo etichetta="Descrizione" nome="descrizione" errore={errore} aiuto="Almeno 10 caratteri: che cosa è segnalato.">
            {(p) => <textarea {...p} rows={4} value={corpo.descrizione} onChange={imposta('descrizione')} />}
          </Campo>
        </fieldset>
        <MostraErrore errore={errore} titolo="La richiesta non è stata registrata" />
        <button type="submit" className="btn btn-primary" disabled={invia.isPending}>
          {invia.isPending ? 'Registrazione…' : 'Registra la richiesta'}
        </button>
      </form>
    </>
  );
}
