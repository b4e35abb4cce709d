import { Route, Routes } from 'react-router-dom';
import { Assegnazione } from './Assegnazione';
import { Coda } from './Coda';
import { Ispezioni } from './Ispezioni';
import { NuovaRichiesta } from './NuovaRichiesta';
import { Periodi } from './Periodi';
import { Richiesta } from './Richiesta';
import { Statistiche } from './Statistiche';

/** The section's screens, loaded lazily by rotte.tsx. */
export default function Schermate() {
  return (
    <Routes>
      <Route index element={<Ispezioni />} />
      <Route path="richieste" element={<Ispezioni />} />
      <Route path="richieste/nuova" element={<NuovaRichiesta />} />
      <Route path="richieste/:id" element={<Richiesta />} />
      <Route path="assegnazioni/:id" element={<Assegnazione />} />
      <Route path="periodi" element={<Periodi />} />
      <Route path="coda" element={<Coda />} />
      <Route path="statistiche" element={<Statistiche />} />
      <Route path="*" element={<NonTrovata />} />
    </Routes>
  );
}

function NonTrovata() {
  return (
    <>
      <h1>Pagina non trovata</h1>
      <p>La pagina richiesta non esiste nella sezione Ispezioni.</p>
    </>
  );
}
