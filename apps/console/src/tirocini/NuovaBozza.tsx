import { Link, useNavigate } from 'react-router-dom';
import { haRuolo, useSessione } from '../auth/sessione';
import { useCreaBozza } from './dati';
import { ProgettoForm } from './ProgettoForm';

/** A new draft: the progetto formativo; documents are attached on the draft's page once it is saved. */
export default function NuovaBozza() {
  const { utente } = useSessione();
  const crea = useCreaBozza();
  const naviga = useNavigate();
  if (!haRuolo(utente, 'operatore', 'promotore')) {
    return (
      <>
        <h1>Nuovo progetto formativo</h1>
        <p>Solo gli operatori del CPI e i soggetti promotori compilano un progetto formativo.</p>
        <Link to="/tirocini">Torna ai tirocini</Link>
      </>
    );
  }
  return (
    <>
      <h1>Nuovo progetto formativo</h1>
      <p>Compilare il progetto formativo individuale e salvarlo come bozza: nella pagina della bozza si allegano i documenti e si invia la richiesta al CPI.</p>
      <ProgettoForm
        etichettaInvio="Salva la bozza"
        inCorso={crea.isPending}
        errore={crea.error}
        elenco={crea.error}
        onSalva={(p) => crea.mutate(p, { onSuccess: (t) => naviga(`/tirocini/${t.id}`) })}
      />
    </>
  );
}
