import type { Schemi } from '@app/client';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';
import { ConPiano } from './ConPiano';
import { useValutazione } from './dati';
import { Documenti } from './DettaglioPiano';
import { Gantt } from './Gantt';
import { nomeCalcolo, percentuale, regola, type Piano } from './parole';

type Voce = Omit<Schemi['ValutazioneFaseView'], 'numero'>;

/** The numbers a score was computed from, named, so it can be checked by hand. */
function Calcolo({ calcolo }: { calcolo: Voce['calcolo'] }) {
  const voci = Object.entries(calcolo);
  if (!voci.length) return <>—</>;
  return (
    <ul className="list-unstyled mb-0 small">
      {voci.map(([k, v]) => (
        <li key={k}>
          {nomeCalcolo(k)}: {v === null ? '—' : String(v)}
        </li>
      ))}
    </ul>
  );
}

function Riga({ nome, voce, livello }: { nome: string; voce: Voce; livello: number }) {
  return (
    <tr data-voce={nome} className={livello === 0 ? 'table-light' : undefined}>
      <th scope="row" className={livello ? 'fw-normal' : undefined} style={{ paddingLeft: `${0.5 + livello * 1.25}rem` }}>
        {nome}
      </th>
      <td>{voce.peso}%</td>
      <td>{voce.pesoEffettivo === null ? 'escluso' : `${voce.pesoEffettivo}%`}</td>
      <td className="fw-semibold">{percentuale(voce.punteggio)}</td>
      <td>{regola(voce.regola)}</td>
      <td>
        <Calcolo calcolo={voce.calcolo} />
      </td>
      <td>{voce.spiegazione}</td>
    </tr>
  );
}

function Tabella({ piano, v }: { piano: Piano; v: Schemi['ValutazionePianoView'] }) {
  return (
    <section aria-labelledby="punteggi-titolo" className="mb-4">
      <h2 id="punteggi-titolo" className="h3">
        Punteggi
      </h2>
      <p className="lead" data-testid="punteggio-piano">
        Punteggio del piano al {data(v.alla)}: <strong>{percentuale(v.punteggio)}</strong> — {v.spiegazione}
      </p>
      <div className="table-responsive">
        <table className="table table-sm align-top">
          <caption>Ogni obiettivo, indicatore e fase con la regola applicata e i numeri usati ({piano.titolo})</caption>
          <thead>
            <tr>
              <th scope="col">Voce</th>
              <th scope="col">Peso</th>
              <th scope="col">Peso effettivo</th>
              <th scope="col">Punteggio</th>
              <th scope="col">Regola</th>
              <th scope="col">Numeri usati</th>
              <th scope="col">Conto</th>
            </tr>
          </thead>
          <tbody>
            {v.obiettivi.flatMap((o) => [
              <Riga key={`o${o.numero}`} nome={`Obiettivo ${o.numero}`} voce={o} livello={0} />,
              ...o.indicatori.flatMap((i) => [
                <Riga key={`i${i.codice}`} nome={`Indicatore ${i.codice}`} voce={i} livello={1} />,
                ...(i.fasi ?? []).map((f) => <Riga key={`f${i.codice}#${f.numero}`} nome={`Fase ${i.codice}#${f.numero}`} voce={f} livello={2} />),
              ]),
            ])}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The valuation by the published rules, the Gantt chart and the monitoring sheets. */
export function Valutazione() {
  return <ConPiano schermata="Valutazione">{(piano) => <ContenutoValutazione piano={piano} />}</ConPiano>;
}

function ContenutoValutazione({ piano }: { piano: Piano }) {
  const query = useValutazione(piano.id);
  return (
    <>
      <Caricamento query={query} cosa="la valutazione">
        {(v) => <Tabella piano={piano} v={v} />}
      </Caricamento>
      <Gantt piano={piano} />
      <Documenti piano={piano} />
    </>
  );
}
