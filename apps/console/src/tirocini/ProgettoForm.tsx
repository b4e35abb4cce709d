import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { esito, useApi } from '../comune/api';
import { useSessione } from '../auth/sessione';
import { Campo } from '../comune/Campo';
import { MostraErrore } from '../comune/Problema';
import type { Progetto } from './dati';
import { SceltaConvenzione, SceltaSoggetto, SceltaTirocinante, SceltaTutor } from './Scelte';

const CAMPI: (keyof Progetto)[] = [
  'promotoreId',
  'ospitanteId',
  'sedeId',
  'tirocinanteId',
  'tutorOspitanteId',
  'tutorPromotoreId',
  'convenzioneId',
  'dataInizio',
  'dataFine',
  'oreSettimanali',
  'obiettivi',
  'attivita',
  'indennitaMensileCent',
  'dichiarazioni',
];

type Bozza = Partial<Omit<Progetto, 'dichiarazioni'>> & { dichiarazioni: Progetto['dichiarazioni'] };

interface Props {
  iniziale?: Partial<Progetto>;
  /** Parties, site, tutors, dates and hours are fixed once integrations are requested. */
  soloContenuti?: boolean;
  etichettaInvio: string;
  inCorso: boolean;
  /** The last refusal: of the save, or of the submission (its violations name the same body paths). */
  errore?: unknown;
  /** The refusal to list above the button (the submission's is listed where the submission is). */
  elenco?: unknown;
  onSalva: (p: Progetto) => void;
}

/** The progetto formativo individuale: parties, site, trainee, tutors, convenzione, dates, hours, contents, indemnity. */
export function ProgettoForm({ iniziale, soloContenuti, etichettaInvio, inCorso, errore, elenco, onSalva }: Props) {
  const { utente } = useSessione();
  const [p, setP] = useState<Bozza>({
    ...iniziale,
    dichiarazioni: iniziale?.dichiarazioni ?? { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
  });
  const [euro, setEuro] = useState(iniziale?.indennitaMensileCent !== undefined ? (iniziale.indennitaMensileCent / 100).toFixed(2).replace('.', ',') : '');
  const api = useApi();
  // The host's sites, from the registry (the same query the host's choice made: cached).
  const ospitante = useQuery({
    queryKey: ['soggetti', p.ospitanteId],
    enabled: !!p.ospitanteId,
    queryFn: async () => esito(await api.GET('/api/v1/soggetti-tirocinio/{id}', { params: { path: { id: p.ospitanteId! } } })),
  });
  const sedi = ospitante.data?.sedi ?? [];
  const imposta = <K extends keyof Bozza>(k: K, v: Bozza[K]) => setP((x) => ({ ...x, [k]: v }));
  const promotoreEsterno = utente?.ruoli.includes('promotore') ? utente.soggetto : undefined;

  const invia = (e: FormEvent) => {
    e.preventDefault();
    const cent = euro.trim() === '' ? undefined : Math.round(Number(euro.replace(/\./g, '').replace(',', '.')) * 100);
    // Only the project's own fields: the practice as read carries more (svantaggiato), which the API does not take back.
    const valori: Record<string, unknown> = { ...p, indennitaMensileCent: cent };
    const progetto = Object.fromEntries(CAMPI.map((k) => [k, valori[k]]).filter(([, v]) => v !== undefined && v !== ''));
    onSalva(progetto as unknown as Progetto);
  };
  const testo = (k: 'obiettivi' | 'attivita', etichetta: string) => (
    <Campo etichetta={etichetta} nome={`progetto.${k}`} errore={errore}>
      {(a) => <textarea {...a} rows={3} value={p[k] ?? ''} onChange={(e) => imposta(k, e.target.value)} />}
    </Campo>
  );
  const dichiarazione = (k: keyof Progetto['dichiarazioni'], etichetta: string) => (
    <Campo etichetta={etichetta} nome={`progetto.dichiarazioni.${k}`} errore={errore}>
      {(a) => (
        <select
          {...a}
          className="form-select"
          value={p.dichiarazioni[k] ? 'si' : 'no'}
          onChange={(e) => imposta('dichiarazioni', { ...p.dichiarazioni, [k]: e.target.value === 'si' })}
        >
          <option value="no">No</option>
          <option value="si">Sì</option>
        </select>
      )}
    </Campo>
  );

  return (
    <form onSubmit={invia} noValidate aria-label="Progetto formativo">
      <fieldset disabled={soloContenuti} className="mb-3">
        <legend className="h4">Le parti</legend>
        <div className="row">
          <div className="col-lg-6">
            <SceltaSoggetto
              ruolo="promotore"
              etichetta="Soggetto promotore"
              fisso={promotoreEsterno}
              valore={p.promotoreId}
              onScelto={(s) => imposta('promotoreId', s?.id)}
              nome="progetto.promotoreId"
              errore={errore}
            />
          </div>
          <div className="col-lg-6">
            <SceltaSoggetto
              ruolo="ospitante"
              etichetta="Soggetto ospitante"
              valore={p.ospitanteId}
              onScelto={(s) => {
                imposta('ospitanteId', s?.id);
                if (s?.sedi.length === 1) imposta('sedeId', s.sedi[0].id);
              }}
              nome="progetto.ospitanteId"
              errore={errore}
            />
            <Campo etichetta="Sede del tirocinio" nome="progetto.sedeId" errore={errore}>
              {(a) => (
                <select {...a} className="form-select" value={p.sedeId ?? ''} onChange={(e) => imposta('sedeId', e.target.value || undefined)}>
                  <option value="">{sedi.length ? 'Scegliere la sede' : p.sedeId ? 'Sede già scelta' : "Scegliere prima l'ospitante"}</option>
                  {p.sedeId && !sedi.some((s) => s.id === p.sedeId) && <option value={p.sedeId}>Sede scelta</option>}
                  {sedi.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.denominazione} — {s.indirizzo}, {s.comune} (CPI {s.cpi})
                    </option>
                  ))}
                </select>
              )}
            </Campo>
          </div>
        </div>
        <SceltaTirocinante valore={p.tirocinanteId} onScelto={(t) => imposta('tirocinanteId', t?.id)} nome="progetto.tirocinanteId" errore={errore} />
        <div className="row">
          <div className="col-lg-6">
            <SceltaTutor
              etichetta="Tutor dell'ospitante"
              soggettoId={p.ospitanteId}
              valore={p.tutorOspitanteId}
              onScelto={(v) => imposta('tutorOspitanteId', v)}
              nome="progetto.tutorOspitanteId"
              errore={errore}
            />
          </div>
          <div className="col-lg-6">
            <SceltaTutor
              etichetta="Tutor del promotore"
              soggettoId={p.promotoreId}
              valore={p.tutorPromotoreId}
              onScelto={(v) => imposta('tutorPromotoreId', v)}
              nome="progetto.tutorPromotoreId"
              errore={errore}
            />
          </div>
        </div>
        <SceltaConvenzione valore={p.convenzioneId} onScelto={(v) => imposta('convenzioneId', v)} nome="progetto.convenzioneId" errore={errore} />
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h4">Periodo, orario e indennità</legend>
        <div className="row">
          <div className="col-md-3">
            <Campo etichetta="Data di inizio" nome="progetto.dataInizio" errore={errore}>
              {(a) => <input {...a} type="date" disabled={soloContenuti} value={p.dataInizio ?? ''} onChange={(e) => imposta('dataInizio', e.target.value)} />}
            </Campo>
          </div>
          <div className="col-md-3">
            <Campo etichetta="Data di fine" nome="progetto.dataFine" errore={errore}>
              {(a) => <input {...a} type="date" disabled={soloContenuti} value={p.dataFine ?? ''} onChange={(e) => imposta('dataFine', e.target.value)} />}
            </Campo>
          </div>
          <div className="col-md-3">
            <Campo etichetta="Ore settimanali" nome="progetto.oreSettimanali" errore={errore}>
              {(a) => (
                <input
                  {...a}
                  type="number"
                  min={1}
                  disabled={soloContenuti}
                  value={p.oreSettimanali ?? ''}
                  onChange={(e) => imposta('oreSettimanali', e.target.value === '' ? undefined : Number(e.target.value))}
                />
              )}
            </Campo>
          </div>
          <div className="col-md-3">
            <Campo etichetta="Indennità mensile lorda (euro)" nome="progetto.indennitaMensileCent" errore={errore} aiuto="Ad esempio 600,00">
              {(a) => <input {...a} type="text" inputMode="decimal" value={euro} onChange={(e) => setEuro(e.target.value)} />}
            </Campo>
          </div>
        </div>
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h4">Contenuti</legend>
        {testo('obiettivi', 'Obiettivi formativi')}
        {testo('attivita', 'Attività previste')}
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h4">Dichiarazioni dell’ospitante</legend>
        {dichiarazione('licenziamentiStessaMansione', 'Licenziamenti per la stessa mansione nella stessa sede negli ultimi 12 mesi')}
        {dichiarazione('rapportoPrecedenteConTirocinante', 'Il tirocinante è stato dipendente dell’ospitante negli ultimi 2 anni')}
      </fieldset>
      <MostraErrore errore={elenco} titolo="Progetto non salvato" />
      <button type="submit" className="btn btn-primary" disabled={inCorso}>
        {etichettaInvio}
      </button>
    </form>
  );
}
