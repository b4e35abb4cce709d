import { FormEvent, useState } from 'react';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import { useCongruita } from './dati';

/** A datetime-local value (the user's clock) as the instant the API takes; left as typed if it is not a date. */
const istante = (v: string) => {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
};

/**
 * The congruità of a request: congrua opens the candidature window now until the chosen close; non congrua ends it,
 * with the reason. Whoever entered the request cannot judge it (the API says so beside the form).
 */
export function Congruita({ id }: { id: string }) {
  const congruita = useCongruita(id);
  const [esito, setEsito] = useState<'congrua' | 'non-congrua'>('congrua');
  const [chiusura, setChiusura] = useState('');
  const [motivoOltreSla, setMotivoOltreSla] = useState('');
  const [motivo, setMotivo] = useState('');
  const e = congruita.error;
  const invia = (ev: FormEvent) => {
    ev.preventDefault();
    congruita.mutate(
      esito === 'congrua'
        ? { esito, chiusuraAdesioni: chiusura ? istante(chiusura) : undefined, motivoOltreSla: motivoOltreSla.trim() || undefined }
        : { esito, motivo: motivo.trim() },
    );
  };
  return (
    <section aria-labelledby="congruita-titolo" className="card card-body mb-4">
      <h2 id="congruita-titolo" className="h4">
        Valutazione di congruità
      </h2>
      <form onSubmit={invia} noValidate>
        <Campo selezione etichetta="Esito della valutazione" nome="esito" errore={e}>
          {(p) => (
            <select {...p} value={esito} onChange={(x) => setEsito(x.target.value as typeof esito)}>
              <option value="congrua">Congrua: si pubblica e si aprono le adesioni</option>
              <option value="non-congrua">Non congrua</option>
            </select>
          )}
        </Campo>
        {esito === 'congrua' ? (
          <>
            <Campo etichetta="Chiusura delle adesioni" nome="chiusuraAdesioni" errore={e} aiuto="Le adesioni si aprono subito e si chiudono in questo momento.">
              {(p) => <input {...p} type="datetime-local" step={1} value={chiusura} onChange={(x) => setChiusura(x.target.value)} />}
            </Campo>
            <Campo
              etichetta="Motivo di una chiusura oltre il termine per la rosa"
              nome="motivoOltreSla"
              errore={e}
              aiuto="Solo se le adesioni si chiudono dopo il termine di 5 giorni lavorativi: la rosa sarà in ritardo (almeno 10 caratteri)."
            >
              {(p) => <textarea {...p} rows={2} value={motivoOltreSla} onChange={(x) => setMotivoOltreSla(x.target.value)} />}
            </Campo>
          </>
        ) : (
          <Campo etichetta="Motivo della non congruità" nome="motivo" errore={e} aiuto="Almeno 10 caratteri: il datore lo leggerà.">
            {(p) => <textarea {...p} rows={3} value={motivo} onChange={(x) => setMotivo(x.target.value)} />}
          </Campo>
        )}
        <MostraErrore errore={e} titolo="Valutazione non registrata" />
        <button type="submit" className="btn btn-primary" disabled={congruita.isPending}>
          Registra la valutazione
        </button>
      </form>
    </section>
  );
}
