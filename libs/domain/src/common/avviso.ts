/**
 * A notice a step of a procedure sends: to a user, to everyone holding a role in the case's office, or to the users of
 * an organisation (by its codice fiscale); the activity that saves the step stores it with the step, once.
 */
export interface Avviso {
  destinatario: { tipo: 'utente' | 'ruolo' | 'soggetto'; nome: string };
  tipo: string;
  titolo: string;
  testo: string;
}
