import { useQuery } from '@tanstack/react-query';
import { Caricamento } from '../comune/Caricamento';
import { data } from '../comune/formato';
import { useDownloadPiano } from './dati';
import { statoFase, type Piano } from './parole';

/**
 * The service's Gantt chart (planned and actual bars, today's line, overdue phases in red), shown as an image with a
 * short alternative text and, for whoever cannot see it, the same information as a list.
 */
export function Gantt({ piano }: { piano: Piano }) {
  const scarica = useDownloadPiano(piano.id);
  // A data: address, not a blob: one: the console's Content-Security-Policy allows images from itself and data: only.
  const query = useQuery({ queryKey: ['piano', piano.id, 'gantt', piano.versione], queryFn: async () => comeDataUrl(await scarica.gantt()) });
  const fasi = piano.documento.aree.flatMap((a) => a.obiettivi.flatMap((o) => o.indicatori.flatMap((i) => (i.fasi ?? []).map((f) => ({ i, f })))));
  const scadute = fasi.filter(({ f }) => statoFase(f).testo === 'Scaduta').length;
  return (
    <section aria-labelledby="gantt-titolo" className="mb-4">
      <h2 id="gantt-titolo" className="h3">
        Diagramma di Gantt
      </h2>
      <Caricamento query={query} cosa="il diagramma di Gantt">
        {(url) => (
          <figure className="figure w-100">
            <img
              src={url}
              className="img-fluid border"
              alt={`Diagramma di Gantt del piano: ${fasi.length} fasi con barre previste ed effettive e la linea di oggi; ${scadute} fasi scadute in rosso. Descrizione testuale sotto.`}
            />
            <figcaption className="figure-caption">
              <details>
                <summary>Descrizione testuale del diagramma</summary>
                <ul>
                  {fasi.map(({ i, f }) => (
                    <li key={`${i.codice}#${f.numero}`}>
                      Indicatore {i.codice}, fase {f.numero} «{f.descrizione}»: prevista dal {data(f.inizioPrevisto)} al {data(f.finePrevista)}
                      {f.fineEffettiva ? `, conclusa il ${data(f.fineEffettiva)}` : ''} — {statoFase(f).testo.toLowerCase()}.
                    </li>
                  ))}
                </ul>
              </details>
            </figcaption>
          </figure>
        )}
      </Caricamento>
    </section>
  );
}

function comeDataUrl(blob: Blob): Promise<string> {
  return new Promise((risolvi, rifiuta) => {
    const lettore = new FileReader();
    lettore.onload = () => risolvi(String(lettore.result));
    lettore.onerror = () => rifiuta(lettore.error);
    lettore.readAsDataURL(blob);
  });
}
