import type { Schemi } from '@app/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { Campo } from '../comune/Campo';
import { esito, useApi } from '../comune/api';
import { MostraErrore } from '../comune/Problema';
import { CATEGORIE, CONTRATTI } from './testi';

type Dto = Schemi['OffertaDto'];

const elenco = (v: string) =>
  v
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
const numero = (v: string) => (v.trim() === '' ? undefined : Number(v.replace(',', '.')));

/** "excel:2, contabilita" → the required skills with their weights (1 when not given). */
function competenze(v: string): Dto['competenzeRichieste'] {
  return elenco(v).map((c) => {
    const [codice, peso] = c.split(':').map((x) => x.trim());
    return peso ? { codice, peso: Number(peso) } : { codice };
  });
}

/** A request for candidates: entered by CPI staff for an employer, or by the employer's own user. */
export function Component() {
  const { utente } = useSessione();
  const datore = haRuolo(utente, 'datore') ? utente?.soggetto : undefined;
  const api = useApi();
  const qc = useQueryClient();
  const naviga = useNavigate();
  const [v, setV] = useState({
    datoreId: datore ?? '',
    territorio: '',
    profilo: '',
    mansioni: '',
    luogo: '',
    contratto: 'tempo-indeterminato',
    durataMesi: '',
    oreSettimanali: '',
    posti: '1',
    competenze: '',
    categoria: 'art1',
    dimensioneRosa: '',
  });
  const crea = useMutation({
    mutationFn: async (body: Dto) => esito(await api.POST('/api/v1/offerte', { body })),
    onSuccess: async (o) => {
      await qc.invalidateQueries({ queryKey: ['offerte'] });
      void naviga(`/collocamento/offerte/${o.id}`);
    },
  });
  const cambia = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const invia = (e: FormEvent) => {
    e.preventDefault();
    crea.mutate({
      datoreId: v.datoreId.trim(),
      territorio: v.territorio.trim(),
      profilo: v.profilo.trim(),
      mansioni: elenco(v.mansioni),
      luogo: v.luogo.trim(),
      contratto: v.contratto as Dto['contratto'],
      durataMesi: numero(v.durataMesi),
      oreSettimanali: numero(v.oreSettimanali) as number,
      posti: numero(v.posti) as number,
      competenzeRichieste: competenze(v.competenze),
      categoria: v.categoria as Dto['categoria'],
      dimensioneRosa: numero(v.dimensioneRosa),
    });
  };
  const e = crea.error;
  return (
    <>
      <nav aria-label="Percorso" className="mb-2">
        <Link to="/collocamento">Collocamento mirato</Link>
      </nav>
      <h1>Nuova richiesta di candidati</h1>
      <form onSubmit={invia} noValidate className="row">
        <div className="col-lg-8">
          <Campo
            etichetta="Datore di lavoro (codice fiscale o partita IVA)"
            nome="datoreId"
            errore={e}
            aiuto={datore ? 'La propria azienda.' : 'Deve essere nel registro regionale dei datori.'}
          >
            {(p) => <input {...p} type="text" value={v.datoreId} onChange={cambia('datoreId')} readOnly={!!datore} autoComplete="off" />}
          </Campo>
          <Campo etichetta="Profilo professionale" nome="profilo" errore={e}>
            {(p) => <input {...p} type="text" value={v.profilo} onChange={cambia('profilo')} />}
          </Campo>
          <Campo etichetta="Mansioni" nome="mansioni" errore={e} aiuto="Codici separati da virgola, es. videoterminale, archivio.">
            {(p) => <input {...p} type="text" value={v.mansioni} onChange={cambia('mansioni')} />}
          </Campo>
          <Campo
            etichetta="Competenze richieste"
            nome="competenzeRichieste"
            errore={e}
            aiuto="Codici separati da virgola, con il peso dopo i due punti se diverso da 1: excel:2, contabilita."
          >
            {(p) => <input {...p} type="text" value={v.competenze} onChange={cambia('competenze')} />}
          </Campo>
          <Campo etichetta="Luogo di lavoro" nome="luogo" errore={e}>
            {(p) => <input {...p} type="text" value={v.luogo} onChange={cambia('luogo')} />}
          </Campo>
          <Campo
            etichetta="Territorio dell’elenco (provincia)"
            nome="territorio"
            errore={e}
            aiuto="I candidati devono essere iscritti nell’elenco di questo territorio, es. FI."
          >
            {(p) => <input {...p} type="text" value={v.territorio} onChange={cambia('territorio')} />}
          </Campo>
          <Campo selezione etichetta="Categoria" nome="categoria" errore={e}>
            {(p) => (
              <select {...p} value={v.categoria} onChange={cambia('categoria')}>
                {CATEGORIE.map(([k, t]) => (
                  <option key={k} value={k}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          </Campo>
          <Campo selezione etichetta="Contratto" nome="contratto" errore={e}>
            {(p) => (
              <select {...p} value={v.contratto} onChange={cambia('contratto')}>
                {CONTRATTI.map(([k, t]) => (
                  <option key={k} value={k}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          </Campo>
          <div className="row">
            <div className="col-md-3">
              <Campo etichetta="Durata (mesi)" nome="durataMesi" errore={e} aiuto="Se a termine.">
                {(p) => <input {...p} type="text" inputMode="numeric" value={v.durataMesi} onChange={cambia('durataMesi')} />}
              </Campo>
            </div>
            <div className="col-md-3">
              <Campo etichetta="Ore settimanali" nome="oreSettimanali" errore={e}>
                {(p) => <input {...p} type="text" inputMode="numeric" value={v.oreSettimanali} onChange={cambia('oreSettimanali')} />}
              </Campo>
            </div>
            <div className="col-md-3">
              <Campo etichetta="Posti" nome="posti" errore={e}>
                {(p) => <input {...p} type="text" inputMode="numeric" value={v.posti} onChange={cambia('posti')} />}
              </Campo>
            </div>
            <div className="col-md-3">
              <Campo etichetta="Candidati per posto" nome="dimensioneRosa" errore={e} aiuto="Predefiniti 3.">
                {(p) => <input {...p} type="text" inputMode="numeric" value={v.dimensioneRosa} onChange={cambia('dimensioneRosa')} />}
              </Campo>
            </div>
          </div>
          <MostraErrore errore={e} titolo="La richiesta non è stata registrata" />
          <button type="submit" className="btn btn-primary" disabled={crea.isPending}>
            {crea.isPending ? 'Registrazione…' : 'Registra la richiesta'}
          </button>
        </div>
      </form>
    </>
  );
}
