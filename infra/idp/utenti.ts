/**
 * The users of the development identity provider (infra/idp): one per role and office, and external users of two
 * organisations of each kind, so that "another office" and "another organisation sees nothing" can be tried by hand
 * and by the console's browser tests, which log in as them by username.
 *
 * Plain data and types only (no oidc-provider here): CommonJS tests and scripts import it too.
 */
import type { Role } from '../../libs/domain/src/auth/roles';

export interface UtenteSviluppo {
  /** The subject (`sub`) of the tokens, and the username shown on the login page. */
  sub: string;
  nome: string;
  cognome: string;
  ruoli: Role[];
  /** The office (CPI, inspectorate, region) whose records the user reaches: the `office` claim. */
  ufficio: string;
  /** External users only: the partita IVA of the organisation they act for (the `soggetto` claim). */
  soggetto?: string;
  /** External users only: the organisation's name, as the login page shows it. */
  organizzazione?: string;
}

/** The offices of the development users, by code, with the name the login page groups them under. */
export const UFFICI_SVILUPPO: Readonly<Record<string, string>> = {
  'CPI-FI': 'Centro per l’impiego di Firenze',
  'CPI-PO': 'Centro per l’impiego di Prato',
  'ITL-FI': 'Ispettorato territoriale del lavoro di Firenze',
  'ITL-PO': 'Ispettorato territoriale del lavoro di Prato',
  REGIONE: 'Regione Toscana',
};

/**
 * The organisations external users act for: partite IVA with a valid check digit (office code 048, Firenze), as
 * `verificaPartitaIva` in libs/domain requires. A and B are a promotore's and an ospitante's, C an employer's; D and
 * E are another promotore's and another employer's, for "another organisation sees nothing".
 */
export const SOGGETTI_SVILUPPO = {
  A: { partitaIva: '06111110489', nome: 'Formazione Toscana Soc. Coop.' },
  B: { partitaIva: '06222220482', nome: 'Officine Fiorentine S.r.l.' },
  C: { partitaIva: '06333330485', nome: 'Costruzioni Arno S.p.A.' },
  D: { partitaIva: '06444440488', nome: 'Centro Studi Lavoro S.r.l.' },
  E: { partitaIva: '06555550489', nome: 'Tessiture del Bisenzio S.r.l.' },
} as const;

const esterno = (sub: string, nome: string, cognome: string, ruolo: Role, s: keyof typeof SOGGETTI_SVILUPPO): UtenteSviluppo => ({
  sub,
  nome,
  cognome,
  ruoli: [ruolo],
  ufficio: 'CPI-FI',
  soggetto: SOGGETTI_SVILUPPO[s].partitaIva,
  organizzazione: SOGGETTI_SVILUPPO[s].nome,
});

export const UTENTI_SVILUPPO: readonly UtenteSviluppo[] = [
  { sub: 'mario.rossi', nome: 'Mario', cognome: 'Rossi', ruoli: ['operatore'], ufficio: 'CPI-FI' },
  { sub: 'anna.bianchi', nome: 'Anna', cognome: 'Bianchi', ruoli: ['responsabile'], ufficio: 'CPI-FI' },
  { sub: 'giulia.neri', nome: 'Giulia', cognome: 'Neri', ruoli: ['dirigente'], ufficio: 'CPI-FI' },
  // A second dirigente of the office: whoever enters a plan cannot approve it.
  { sub: 'carla.moretti', nome: 'Carla', cognome: 'Moretti', ruoli: ['dirigente'], ufficio: 'CPI-FI' },
  { sub: 'luca.verdi', nome: 'Luca', cognome: 'Verdi', ruoli: ['operatore'], ufficio: 'CPI-PO' },
  { sub: 'sara.gallo', nome: 'Sara', cognome: 'Gallo', ruoli: ['responsabile'], ufficio: 'CPI-PO' },
  { sub: 'piero.gialli', nome: 'Piero', cognome: 'Gialli', ruoli: ['dirigente'], ufficio: 'CPI-PO' },
  esterno('paolo.conti', 'Paolo', 'Conti', 'promotore', 'A'),
  esterno('franca.russo', 'Franca', 'Russo', 'ospitante', 'B'),
  esterno('davide.greco', 'Davide', 'Greco', 'datore', 'C'),
  esterno('irene.costa', 'Irene', 'Costa', 'promotore', 'D'),
  esterno('bruno.fontana', 'Bruno', 'Fontana', 'datore', 'E'),
  { sub: 'laura.ricci', nome: 'Laura', cognome: 'Ricci', ruoli: ['ispettore'], ufficio: 'ITL-FI' },
  { sub: 'marco.galli', nome: 'Marco', cognome: 'Galli', ruoli: ['ispettore'], ufficio: 'ITL-FI' },
  { sub: 'elena.marino', nome: 'Elena', cognome: 'Marino', ruoli: ['dirigente'], ufficio: 'ITL-FI' },
  { sub: 'fabio.lombardi', nome: 'Fabio', cognome: 'Lombardi', ruoli: ['dirigente'], ufficio: 'ITL-PO' },
  { sub: 'admin.regione', nome: 'Amministratore', cognome: 'Regione', ruoli: ['amministratore'], ufficio: 'REGIONE' },
];

const PER_SUB = new Map(UTENTI_SVILUPPO.map((u) => [u.sub, u]));

/** The development user with this subject (username), if any. */
export function utenteSviluppo(sub: string): UtenteSviluppo | undefined {
  return PER_SUB.get(sub);
}

/** "Mario Rossi". */
export const nomeCompleto = (u: UtenteSviluppo): string => `${u.nome} ${u.cognome}`;

/**
 * What the login page's control for the user says, and so its accessible name: name, username, roles, office and,
 * for external users, the organisation — "Mario Rossi (mario.rossi) — operatore, CPI-FI".
 */
export function descrizioneUtente(u: UtenteSviluppo): string {
  const org = u.organizzazione ? `, per ${u.organizzazione} (P.IVA ${u.soggetto})` : '';
  return `${nomeCompleto(u)} (${u.sub}) — ${u.ruoli.join(', ')}, ${u.ufficio}${org}`;
}
