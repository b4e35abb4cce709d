import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { esito, useApi } from '../comune/api';
import { data } from '../comune/formato';
import { MostraErrore } from '../comune/Problema';
import { type Progetto, type Tirocinio, useScaricaDocumento } from './dati';
import { euro } from './testi';

/** A soggetto's name from its id (the registry is readable by every role that sees the practice). */
export function NomeSoggetto({ id }: { id?: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['soggetti', id],
    enabled: !!id,
    queryFn: async () => esito(await api.GET('/api/v1/soggetti-tirocinio/{id}', { params: { path: { id: id! } } })),
  });
  return <>{q.data ? `${q.data.denominazione} (${q.data.codiceFiscale})` : '—'}</>;
}

export function NomeTirocinante({ id }: { id?: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['tirocinanti', id],
    enabled: !!id,
    queryFn: async () => esito(await api.GET('/api/v1/tirocinanti/{id}', { params: { path: { id: id! } } })),
  });
  return <>{q.data ? `${q.data.cognome} ${q.data.nome} (${q.data.codiceFiscale})` : '—'}</>;
}

/** The progetto formativo as submitted, to read. */
export function Riepilogo({ t }: { t: Tirocinio }) {
  const p = t.progetto as Partial<Progetto>;
  const righe: [string, React.ReactNode][] = [
    ['Soggetto promotore', <NomeSoggetto key="p" id={p.promotoreId} />],
    ['Soggetto ospitante', <NomeSoggetto key="o" id={p.ospitanteId} />],
    ['Tirocinante', <NomeTirocinante key="t" id={p.tirocinanteId} />],
    ['Periodo', `dal ${data(p.dataInizio)} al ${data(p.dataFine)}`],
    ['Ore settimanali', p.oreSettimanali ?? '—'],
    ['Indennità mensile lorda', euro(p.indennitaMensileCent)],
    ['Obiettivi formativi', p.obiettivi ?? '—'],
    ['Attività previste', p.attivita ?? '—'],
    ['Convenzione', p.convenzioneId ?? 'allegata come documento'],
    [
      'Dichiarazioni dell’ospitante',
      `licenziamenti negli ultimi 12 mesi: ${p.dichiarazioni?.licenziamentiStessaMansione ? 'sì' : 'no'}; rapporto di lavoro precedente con il tirocinante: ${p.dichiarazioni?.rapportoPrecedenteConTirocinante ? 'sì' : 'no'}`,
    ],
  ];
  return (
    <section aria-labelledby="progetto" className="mt-4">
      <h2 id="progetto" className="h4">
        Progetto formativo
      </h2>
      <dl className="row mb-0">
        {righe.map(([k, v]) => (
          <div className="col-md-6 mb-2" key={k}>
            <dt>{k}</dt>
            <dd className="mb-0">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

type Attestazione = { emessa: true; documentoId: string; sha256: string; il: string } | { emessa: false; motivo: string; il: string };

/** The attestazione finale once the system has decided it: the PDF to download, or why it was not issued. */
export function Attestazione({ t }: { t: Tirocinio }) {
  const scarica = useScaricaDocumento();
  const [url, setUrl] = useState<string>();
  const a = (t.procedura as { attestazione?: Attestazione } | null)?.attestazione;
  if (!a) return null;
  return (
    <section aria-labelledby="attestazione" className="mt-4">
      <h2 id="attestazione" className="h4">
        Attestazione finale
      </h2>
      {a.emessa ? (
        <>
          <p>
            Emessa il {data(a.il)}. Impronta SHA-256: <code className="text-break">{a.sha256}</code>
          </p>
          {url ? (
            <a className="btn btn-primary" href={url} download={`attestazione-${t.id}.pdf`}>
              Salva l’attestazione (PDF)
            </a>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => scarica.mutate(a.documentoId, { onSuccess: setUrl })}>
              Scarica l’attestazione (PDF)
            </button>
          )}
          <MostraErrore errore={scarica.error} titolo="Attestazione non scaricata" />
        </>
      ) : (
        <p>Non emessa: {a.motivo}.</p>
      )}
    </section>
  );
}
