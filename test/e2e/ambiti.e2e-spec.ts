/**
 * Who may see what (apps/api/src/auth/auth.decorators.ts, the scope table in apps/api/src/auth/routes.spec.ts), tried
 * on every route of the OpenAPI document: the legitimate users of office A create one record of every kind, then
 * every role of office B, and every external role of office A acting for another organisation, call every route on
 * those records. A record of another office or organisation must be answered exactly like a missing one (same status
 * and problem type), never 2xx; lists must not show it; creates naming it must not succeed. Only the regional
 * registries and the amministratore (who sees every office) may answer 2xx across offices, and are counted apart.
 */
import { randomUUID } from 'node:crypto';
import { addDays } from '../../libs/domain/src/calendar/calendario';
import { fineDopoMesi } from '../../libs/domain/src/tirocini/controlli';
import { waitFor } from '../support/wait';
import { lettere, partitaIva, persona as personaCasuale } from '../support/identificativi';
import { comeModulo, type Schemi } from '@app/client';
import { pianoDocumento } from '../support/piani';
import { dati, form, samples, Stack } from '../support/stack';

jest.setTimeout(600_000);

const stack = new Stack();
const SUFFISSO = Date.now().toString(36);
const A = `CPI-A-${SUFFISSO}`;
const B = `CPI-B-${SUFFISSO}`;
/** What a missing record is called by: a well-formed id (UUID v4), an office code, a login nobody has. */
const MANCANTE = '00000000-0000-4000-8000-000000000000';
const UFFICIO_MANCANTE = `NESSUNO-${SUFFISSO}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GIORNO = 86_400_000;
const giorno = (offset: number) => new Date(Date.now() + offset * GIORNO).toISOString().slice(0, 10);
const ANNO = new Date().getUTCFullYear();

/** An address as the registry takes it (CAP, ISTAT code of the comune, sigla of the provincia). */
const PRATO = { indirizzo: 'Via Roma 10', cap: '59100', comune: 'Prato', codiceIstat: '100005', provincia: 'PO' };

const persona = (luogo?: { birthplace: string; birthplaceProvincia: string }) => personaCasuale({ luogo });

/**
 * Office A's records are made, and their documents uploaded, through the typed client (checked against openapi.json);
 * the matrix below walks every route generically, with raw calls (its uploads built by `pdf`).
 */
const api = (token: string) => stack.client(token);

const pdf = (tipo: string) => form({ tipo }, { name: `${tipo}.pdf`, bytes: samples.pdf });

/** The routes that take a record's document, the record named by `{id}`. */
type Caricamento =
  | '/api/v1/pratiche/{id}/documenti'
  | '/api/v1/richieste-intervento/{id}/documenti'
  | '/api/v1/convenzioni/{id}/documento'
  | '/api/v1/tirocini/{id}/documenti'
  | '/api/v1/collocamento/iscritti/{id}/relazione';

/**
 * Uploads a PDF of `tipo` to record `id` through `rotta`, as a form (the type, then the file); the answer is the stored
 * document. `firmato` (a traineeship's documents only): declared signed by the parties that must sign it.
 */
async function carica(rotta: Caricamento, id: string, token: string, tipo: string, firmato?: boolean): Promise<Schemi['DocumentoView']> {
  const corpo = { body: { tipo, file: new File([new Uint8Array(samples.pdf)], `${tipo}.pdf`) }, bodySerializer: comeModulo };
  if (rotta === '/api/v1/tirocini/{id}/documenti') return dati(await api(token).POST(rotta, { params: { path: { id }, query: { firmato } }, ...corpo }));
  if (firmato !== undefined) throw new Error(`${rotta}: only a traineeship's document is declared signed`);
  return dati(await api(token).POST(rotta, { params: { path: { id } }, ...corpo }));
}

/** A cronoprogramma plan of office A whose phases end around today, so its deadlines (and notices) come at once. */
function piano(): Schemi['PianoDocumentoDto'] {
  return pianoDocumento({
    ufficio: A,
    titolo: 'Piano della performance: ambiti',
    giorno,
    scadenze: { preavvisoGiorniLavorativi: 1, tolleranzaEscalation: 'PT1S', digestSettimanale: false },
  });
}

/** Office A's records, and the organisations acting in it. */
const r = {} as Record<string, string>;
/** Office A's progetto formativo (the draft's, valid for its PUT). */
let progetto: Schemi['BozzaDto']['progetto'];
/** Office A's plan document, and a revision of it. */
let documentoPiano: Schemi['PianoDocumentoDto'];
let pianoRivisto: Schemi['PianoDocumentoDto'];
/** The L. 68/99 enrolment of office A: as a CSV row (the import) and as the JSON body it was entered with. */
let iscrittoA: Record<string, string>;
let iscrizioneA: Schemi['IscrizioneDto'];

interface Chiamante {
  nome: string;
  token: string;
  ufficio: string;
  ruolo: string;
  /** The organisation an external user acts for (its codice fiscale / partita IVA). */
  soggetto?: string;
  esterno: boolean;
  /** The amministratore sees every office by design: its 2xx are counted apart. */
  amministratore?: boolean;
}
const chiamanti: Chiamante[] = [];

beforeAll(async () => {
  // The draw periods' schedule runs hourly, not every 2 s: this suite publishes its period by hand, and does not
  // change the pace of suites that drive the schedule themselves. Thousands of calls: no rate limit in the way.
  await stack.start({ env: { SORTEGGIO_CONTROLLO_PERIODI: 'PT1H', RATE_LIMIT_UTENTE_AL_MINUTO: '1000000', RATE_LIMIT_IP_AL_MINUTO: '1000000' } });
  const tok = (sub: string, ruolo: string, ufficio = A, soggetto?: string) => stack.idp.token(sub, [ruolo], ufficio, { soggetto });
  const operatore = await tok('op.alfa', 'operatore');
  const responsabile = await tok('resp.alfa', 'responsabile');
  const dirigente = await tok('dir.alfa', 'dirigente');
  const amministratore = await tok('amm.alfa', 'amministratore');

  // ---- pratica, with a document ----
  r.protocollo = `AMB/${SUFFISSO}/1`;
  r.pratica = dati(
    await api(operatore).POST('/api/v1/pratiche', { body: { protocollo: r.protocollo, oggetto: 'Richiesta di contributo per adeguamento postazione' } }),
  ).id;
  r.docPratica = (await carica('/api/v1/pratiche/{id}/documenti', r.pratica, operatore, 'istanza')).id;

  // ---- the directory: the mailbox of A's structure, and a user's own address ----
  r.emailRubrica = `sistemi.${SUFFISSO}@a.example.it`;
  dati(
    await api(dirigente).PUT('/api/v1/rubrica/{tipo}/{nome}', {
      params: { path: { tipo: 'struttura', nome: 'Settore Sistemi' } },
      body: { email: r.emailRubrica, utenti: ['resp.alfa'], motivazione: 'Casella del settore' },
    }),
  );
  r.emailUtente = `resp.alfa.${SUFFISSO}@a.example.it`;
  dati(await api(responsabile).PUT('/api/v1/rubrica/mia', { body: { email: r.emailUtente } }));

  // ---- cronoprogramma: a plan approved (baseline 1), a revision proposed (2), a notice of its deadlines ----
  documentoPiano = piano();
  r.piano = dati(await api(responsabile).POST('/api/v1/piani', { body: documentoPiano })).id;
  const delPiano = { params: { path: { id: r.piano } } };
  dati(await api(dirigente).POST('/api/v1/piani/{id}/approvazione', { ...delPiano, body: { nota: 'Approvato in comitato' } }));
  pianoRivisto = structuredClone(documentoPiano);
  pianoRivisto.aree[0].obiettivi[0].indicatori[0].fasi![2].finePrevista = giorno(60);
  dati(
    await api(responsabile).POST('/api/v1/piani/{id}/revisioni', {
      ...delPiano,
      body: { documento: pianoRivisto, motivo: 'Rimodulazione dopo il ritardo del fornitore' },
    }),
  );
  r.notifica = (
    await waitFor('a notice of the plan', async () => dati(await api(dirigente).GET('/api/v1/notifiche', { params: { query: { entita: r.piano } } }))[0])
  ).id;

  // ---- inspections: the inspectorate is office A; an inspector, a company, a period, a request drawn, its document ----
  dati(
    await api(amministratore).POST('/api/v1/ispettorati', {
      body: { codice: A, nome: `Ispettorato di prova ${A}`, territori: ['PA'], politica: { periodoSorteggio: 'PT7200S' } },
    }),
  );
  r.ispettore = `isp-a-${SUFFISSO}`;
  const ispettoratoA = { params: { path: { codice: A } } };
  dati(
    await api(dirigente).POST('/api/v1/ispettorati/{codice}/ispettori', {
      ...ispettoratoA,
      body: { nome: 'Rosa Ferrara', id: r.ispettore, territori: ['PA'], qualifiche: ['lavoro-nero'] },
    }),
  );
  r.cfAzienda = partitaIva();
  r.azienda = dati(
    await api(dirigente).POST('/api/v1/aziende', { body: { codiceFiscale: r.cfAzienda, ragioneSociale: `Edilizia ${lettere(5)} S.r.l.`, territorio: 'PA' } }),
  ).id;
  r.periodo = dati(await api(dirigente).POST('/api/v1/ispettorati/{codice}/periodi-sorteggio', { ...ispettoratoA, body: {} })).periodo;
  await new Promise((res) => setTimeout(res, 1500)); // the period begins the second after it is published
  r.richiesta = dati(
    await api(operatore).POST('/api/v1/richieste-intervento', {
      body: {
        fonte: 'esposto',
        aziendaId: r.azienda,
        sede: 'Via Maqueda 100, Palermo',
        territorio: 'PA',
        tipoPratica: 'lavoro-nero',
        priorita: 'alta',
        descrizione: 'Esposto anonimo: lavoratori non regolarizzati nel cantiere',
      },
    }),
  ).id;
  await waitFor('the draw', async () =>
    dati(await api(dirigente).GET('/api/v1/richieste-intervento/{id}', { params: { path: { id: r.richiesta } } })).stato === 'assegnata' ? true : undefined,
  );
  r.sorteggio = dati(await api(dirigente).GET('/api/v1/assegnazioni', { params: { query: { richiesta: r.richiesta } } }))[0].id;
  const verbale = await carica('/api/v1/richieste-intervento/{id}/documenti', r.richiesta, operatore, 'verbale');
  [r.docRichiesta, r.shaRichiesta] = [verbale.id, verbale.sha256];
  r.conflitto = dati(
    await api(dirigente).POST('/api/v1/conflitti-interesse', {
      body: {
        ispettoreId: r.ispettore,
        aziendaId: r.azienda,
        motivo: "Coniuge socio dell'azienda",
        fonte: 'Dichiarazione del legale rappresentante, prot. 1234',
        dal: '2020-01-01',
      },
    }),
  ).id;
  r.assenza = dati(
    await api(dirigente).POST('/api/v1/ispettori/{id}/assenze', {
      params: { path: { id: r.ispettore } },
      body: { dal: giorno(30), al: giorno(31), motivo: 'ferie' },
    }),
  ).id;
  r.pianoVigilanza = dati(
    await api(dirigente).POST('/api/v1/ispettorati/{codice}/piani-vigilanza', {
      ...ispettoratoA,
      body: {
        anno: ANNO + 1,
        descrizione: 'Vigilanza in edilizia',
        voci: [
          {
            data: `${ANNO + 1}-06-01`,
            aziendaId: r.azienda,
            sede: 'Via Roma 1, Palermo',
            territorio: 'PA',
            tipoPratica: 'lavoro-nero',
            priorita: 'media',
            descrizione: 'Controllo programmato del cantiere',
          },
        ],
      },
    }),
  ).id;

  // ---- tirocini: P1 and H1 with a site in A, their tutors and convenzione (with its document); P2, H2 of A too ----
  const soggetto = async (ruolo: 'promotore' | 'ospitante') => {
    const cf = partitaIva();
    const s = dati(
      await api(operatore).POST('/api/v1/soggetti-tirocinio', {
        body: {
          ruolo,
          denominazione: `${ruolo === 'promotore' ? 'Agenzia formativa' : 'Tessitura'} ${lettere(5)}`,
          codiceFiscale: cf,
          regione: 'toscana',
          ...(ruolo === 'promotore' ? { tipologia: 'ente accreditato' } : {}),
          sedeLegale: PRATO,
          sedi: [{ denominazione: 'Sede', ...PRATO, regione: 'toscana', cpi: A, dipendentiIndeterminato: 30 }],
        },
      }),
    );
    return { id: s.id, cf, sede: s.sedi[0].id };
  };
  const [p1, h1, p2, h2] = [await soggetto('promotore'), await soggetto('ospitante'), await soggetto('promotore'), await soggetto('ospitante')];
  Object.assign(r, { p1: p1.id, cfP1: p1.cf, h1: h1.id, cfH1: h1.cf, sedeH1: h1.sede, p2: p2.id, cfP2: p2.cf, h2: h2.id, cfH2: h2.cf });
  const tutor = async (soggettoId: string) => {
    const { codiceFiscale, nome, cognome } = persona();
    return [dati(await api(operatore).POST('/api/v1/tutor', { body: { soggettoId, codiceFiscale, nome, cognome } })).id, codiceFiscale];
  };
  [r.tutorP1, r.cfTutorP1] = await tutor(r.p1);
  [r.tutorH1, r.cfTutorH1] = await tutor(r.h1);
  r.convenzione = dati(
    await api(operatore).POST('/api/v1/convenzioni', { body: { promotoreId: r.p1, ospitanteId: r.h1, validaDal: '2026-01-01', validaAl: '2030-12-31' } }),
  ).id;
  r.docConvenzione = (await carica('/api/v1/convenzioni/{id}/documento', r.convenzione, operatore, 'convenzione')).id;
  // P1's own user registers the trainee and drafts the practice, with its project document.
  const promotoreP1 = await tok('pro.p1', 'promotore', A, r.cfP1);
  const trainee = persona();
  [r.cfTirocinante, r.nascitaTirocinante, r.sessoTirocinante, r.nomeTirocinante, r.cognomeTirocinante] = [
    trainee.codiceFiscale,
    trainee.dataNascita,
    trainee.sesso,
    trainee.nome,
    trainee.cognome,
  ];
  r.tirocinante = dati(await api(promotoreP1).POST('/api/v1/tirocinanti', { body: trainee })).id;
  const dataInizio = addDays(giorno(0), 25);
  progetto = {
    promotoreId: r.p1,
    ospitanteId: r.h1,
    sedeId: r.sedeH1,
    tirocinanteId: r.tirocinante,
    tutorOspitanteId: r.tutorH1,
    tutorPromotoreId: r.tutorP1,
    convenzioneId: r.convenzione,
    dataInizio,
    dataFine: fineDopoMesi(dataInizio, 2),
    oreSettimanali: 30,
    obiettivi: 'Acquisire competenze di base nella tessitura industriale',
    attivita: 'Affiancamento al reparto orditura e controllo qualità',
    indennitaMensileCent: 60_000,
    dichiarazioni: { licenziamentiStessaMansione: false, rapportoPrecedenteConTirocinante: false },
  };
  r.tirocinio = dati(await api(promotoreP1).POST('/api/v1/tirocini', { body: { progetto } })).id;
  r.docTirocinio = (await carica('/api/v1/tirocini/{id}/documenti', r.tirocinio, promotoreP1, 'progetto-formativo', true)).id;

  // ---- collocamento mirato: an enrolment with its relazione (health data), employers D1 and D2, D1's offer ----
  const p = persona({ birthplace: 'Torino', birthplaceProvincia: 'TO' });
  // Registry id a UUID: with the default (the codice fiscale) the relazione's upload fails, its documents being keyed by UUID.
  iscrittoA = {
    id: randomUUID(),
    codice_fiscale: p.codiceFiscale,
    ufficio: A,
    territorio: 'TO',
    categoria: 'art1',
    percentuale_invalidita: '67',
    data_iscrizione: '2024-01-15',
    stato_occupazionale: 'disoccupato',
    isee: '9000',
    familiari_a_carico: '1',
    competenze: 'excel|contabilita',
    mansioni_compatibili: 'videoterminale|archivio',
    mansioni_incompatibili: 'carichi-pesanti',
    note_compatibilita: 'evitare sollevamento carichi',
    sesso: p.sesso,
    data_nascita: p.dataNascita,
  };
  iscrizioneA = {
    id: iscrittoA.id,
    codiceFiscale: p.codiceFiscale,
    ufficio: A,
    territorio: 'TO',
    categoria: 'art1',
    percentualeInvalidita: 67,
    dataIscrizione: '2024-01-15',
    statoOccupazionale: 'disoccupato',
    isee: 9000,
    familiariACarico: 1,
    competenze: ['excel', 'contabilita'],
    mansioniCompatibili: ['videoterminale', 'archivio'],
    mansioniIncompatibili: ['carichi-pesanti'],
    noteCompatibilita: 'evitare sollevamento carichi',
    sesso: p.sesso,
    dataNascita: p.dataNascita,
  };
  r.iscritto = dati(await api(operatore).POST('/api/v1/collocamento/iscritti', { body: iscrizioneA })).ids[0];
  r.cfIscritto = p.codiceFiscale;
  r.docRelazione = (await carica('/api/v1/collocamento/iscritti/{id}/relazione', r.iscritto, operatore, 'relazione-conclusiva')).id;
  const datore = async () => {
    const cf = partitaIva();
    return dati(
      await api(operatore).POST('/api/v1/collocamento/datori', {
        body: { codiceFiscale: cf, denominazione: `Alfa ${lettere(4)} S.p.A.`, dipendentiComputabili: 60 },
      }),
    ).ids[0];
  };
  [r.d1, r.d2] = [await datore(), await datore()];
  const datoreD1 = await tok('ref.d1', 'datore', A, r.d1);
  r.offerta = dati(await api(datoreD1).POST('/api/v1/offerte', { body: offerta() })).id;
  const dellOfferta = { params: { path: { id: r.offerta } } };
  dati(
    await api(operatore).POST('/api/v1/offerte/{id}/congruita', {
      ...dellOfferta,
      body: {
        esito: 'congrua',
        chiusuraAdesioni: new Date(Date.now() + 30 * GIORNO).toISOString(),
        motivoOltreSla: 'Finestra lunga per la prova di ambito',
      },
    }),
  );
  dati(await api(operatore).POST('/api/v1/offerte/{id}/adesioni', { ...dellOfferta, body: { iscrittoId: r.iscritto } }));

  // ---- the outsiders: every role of office B (externals acting for A's own organisations), and every external role
  // of office A acting for another organisation; the amministratore of B last, its 2xx apart. Office B is a CPI with
  // no inspectorate of its own: its requests for intervention are refused whatever company they name. ----
  const di = async (nome: string, ruolo: string, ufficio: string, soggetto?: string): Promise<Chiamante> => ({
    nome,
    ruolo,
    ufficio,
    soggetto,
    esterno: !!soggetto,
    token: await tok(`${nome.replace(/[^a-z0-9]/gi, '.')}`, ruolo, ufficio, soggetto),
  });
  chiamanti.push(
    await di('B:operatore', 'operatore', B),
    await di('B:responsabile', 'responsabile', B),
    await di('B:ispettore', 'ispettore', B),
    await di('B:dirigente', 'dirigente', B),
    await di('B:promotore(P1)', 'promotore', B, r.cfP1),
    await di('B:ospitante(H1)', 'ospitante', B, r.cfH1),
    await di('B:datore(D1)', 'datore', B, r.d1),
    await di('A:promotore(P2)', 'promotore', A, r.cfP2),
    await di('A:ospitante(H2)', 'ospitante', A, r.cfH2),
    await di('A:datore(D2)', 'datore', A, r.d2),
    { ...(await di('B:amministratore', 'amministratore', B)), amministratore: true },
  );
});

afterAll(() => stack.stop());

const offerta = (): Schemi['OffertaDto'] => ({
  datoreId: r.d1,
  territorio: 'TO',
  profilo: 'Impiegato amministrativo',
  mansioni: ['videoterminale', 'archivio'],
  luogo: 'Torino, Via Roma 1',
  contratto: 'tempo-indeterminato',
  oreSettimanali: 30,
  posti: 1,
  competenzeRichieste: [{ codice: 'excel', peso: 2 }, { codice: 'contabilita' }],
  categoria: 'art1',
  dimensioneRosa: 2,
});

/** How a route is tried: its path parameters filled with A's record, the body a legitimate user would send. */
interface Voce {
  /** Path parameters → A's record; several variants (e.g. one per kind of document) as [name, params] pairs. */
  params?: Record<string, string> | Array<[string, Record<string, string>]>;
  /** The same call on a missing record: a value for every parameter that is not a UUID (UUIDs become MANCANTE). */
  mancante?: Record<string, string>;
  query?: string;
  /** A valid body (JSON, or multipart as FormData): built per call, so a repeated create does not collide with itself. */
  corpo?: (c: Chiamante) => unknown;
  /** 2xx by design for this caller (regional registries, read and named across offices). */
  regionale?: (c: Chiamante) => boolean;
  /** A create of the caller's own record that names A's only by value (a protocol number, a codice fiscale): 2xx is its own. */
  propria?: boolean;
  /** Unauthenticated (health): nothing to scope. */
  pubblica?: boolean;
}

const staffOvunque = (c: Chiamante) => !c.esterno;
/**
 * Soggetti are a regional registry (docs/tirocini.md): staff of every office read it; an external user reads the
 * organisation it acts for and its counterparts from any office, and no other (P2 and H2 must not see P1 and H1).
 */
const registroSoggetti = (c: Chiamante) => !c.esterno || [r.cfP1, r.cfH1].includes(c.soggetto ?? '');
/**
 * Employers too (docs/collocamento.md): staff of any office name one in a new offer; the employer reads its own
 * entry and asks any office for candidates (the offer is that office's).
 */
const datoreStesso = (c: Chiamante) => c.soggetto === r.d1;

/**
 * Every operation of the API. A new route must be added here on purpose (the first test fails otherwise), with its
 * parameters and a body valid enough that the answer is about scope, not validation.
 */
function tabella(): Record<string, Voce> {
  const id = (x: string) => ({ id: x });
  const codice = { params: { codice: A }, mancante: { codice: UFFICIO_MANCANTE } };
  const documenti: Array<[string, Record<string, string>]> = [
    ['pratica', id(r.docPratica)],
    ['richiesta', id(r.docRichiesta)],
    ['convenzione', id(r.docConvenzione)],
    ['tirocinio', id(r.docTirocinio)],
    ['relazione', id(r.docRelazione)],
  ];
  const riferimento = { documentoId: r.docRichiesta, sha256: r.shaRichiesta };
  const perConto = (c: Chiamante) => ({ [r.cfP1]: r.p1, [r.cfH1]: r.h1 })[c.soggetto ?? ''] ?? r.h1;
  return {
    'GET /health/live': { pubblica: true },
    'GET /health/ready': { pubblica: true },

    'POST /api/v1/pratiche': { corpo: () => ({ protocollo: r.protocollo, oggetto: 'Richiesta di contributo per adeguamento postazione' }), propria: true },
    'GET /api/v1/pratiche': {},
    'GET /api/v1/pratiche/{id}': { params: id(r.pratica) },
    'POST /api/v1/pratiche/{id}/documenti': { params: id(r.pratica), corpo: () => pdf('istanza') },
    'GET /api/v1/pratiche/{id}/documenti': { params: id(r.pratica) },
    'POST /api/v1/pratiche/{id}/invio': { params: id(r.pratica), corpo: () => ({ nota: 'Documentazione completa' }) },
    'POST /api/v1/pratiche/{id}/decisione': {
      params: id(r.pratica),
      corpo: () => ({ esito: 'approvata', motivazione: 'Requisiti verificati sui documenti allegati' }),
    },

    'GET /api/v1/documenti/{id}': { params: documenti },
    'GET /api/v1/documenti/{id}/link': { params: documenti },

    'GET /api/v1/audit': { query: `?entity=pratica:${r.pratica}` },
    'GET /api/v1/audit/verifica': {},

    'POST /api/v1/piani': { corpo: () => documentoPiano },
    'GET /api/v1/piani': {},
    'GET /api/v1/piani/{id}': { params: id(r.piano) },
    'PUT /api/v1/piani/{id}': { params: id(r.piano), corpo: () => documentoPiano },
    'GET /api/v1/piani/{id}/documento': { params: id(r.piano) },
    'POST /api/v1/piani/{id}/approvazione': { params: id(r.piano), corpo: () => ({ nota: 'Approvato' }) },
    'POST /api/v1/piani/{id}/monitoraggio': {
      params: id(r.piano),
      corpo: () => ({ fasi: [{ indicatore: '1.a', numero: 3, fineEffettiva: giorno(0), notaMonitoraggio: 'Collaudo concluso' }] }),
    },
    'POST /api/v1/piani/{id}/revisioni': {
      params: id(r.piano),
      corpo: () => ({ documento: pianoRivisto, motivo: 'Rimodulazione dopo il ritardo del fornitore' }),
    },
    'POST /api/v1/piani/{id}/copia': { params: id(r.piano), corpo: () => ({ anno: 2099 }) },
    'GET /api/v1/piani/{id}/revisioni': { params: id(r.piano) },
    'GET /api/v1/piani/{id}/revisioni/{numero}': { params: { id: r.piano, numero: '1' }, mancante: { numero: '1' } },
    'POST /api/v1/piani/{id}/revisioni/{numero}/decisione': {
      params: { id: r.piano, numero: '2' },
      mancante: { numero: '2' },
      corpo: () => ({ esito: 'approvata', motivazione: 'Rimodulazione motivata e approvata' }),
    },
    'GET /api/v1/piani/{id}/prossima-scadenza': { params: id(r.piano) },
    'GET /api/v1/piani/{id}/valutazione': { params: id(r.piano) },
    'GET /api/v1/piani/{id}/gantt.svg': { params: id(r.piano) },
    'GET /api/v1/piani/{id}/scheda.xlsx': { params: id(r.piano) },
    'GET /api/v1/piani/{id}/scheda.pdf': { params: id(r.piano) },

    // Each caller's own list: another office's or organisation's callers must find none of A's records in it.
    'GET /api/v1/attivita': {},
    'GET /api/v1/notifiche': { query: `?entita=${r.piano}` },
    'POST /api/v1/notifiche/{id}/letta': { params: id(r.notifica) },
    // The directory is per office: another office's dirigente writes (and reads) its own entry of the same name.
    'GET /api/v1/rubrica': {},
    'GET /api/v1/rubrica/mia': {},
    'PUT /api/v1/rubrica/mia': { corpo: (c) => ({ email: `${c.nome.replace(/\W/g, '')}.${SUFFISSO}@b.example.it` }), propria: true },
    'PUT /api/v1/rubrica/organizzazione': { corpo: () => ({ email: `org.${SUFFISSO}@b.example.it` }), propria: true },
    'PUT /api/v1/rubrica/{tipo}/{nome}': {
      params: { tipo: 'struttura', nome: 'Settore Sistemi' },
      mancante: { tipo: 'struttura', nome: `Nessuna ${SUFFISSO}` },
      corpo: () => ({ email: `altra.${SUFFISSO}@b.example.it`, motivazione: 'Casella di prova' }),
      propria: true,
    },

    'POST /api/v1/ispettorati': { corpo: () => ({ codice: A, nome: `Ispettorato di prova ${A}`, territori: ['PA'] }) },
    'GET /api/v1/ispettorati/{codice}/politica': codice,
    'POST /api/v1/ispettorati/{codice}/ispettori': {
      ...codice,
      corpo: () => ({ nome: 'Ispettore Estraneo', id: `estraneo-${lettere(8).toLowerCase()}`, territori: ['PA'], qualifiche: ['lavoro-nero'] }),
    },
    'GET /api/v1/ispettorati/{codice}/ispettori': codice,
    'POST /api/v1/ispettori/{id}/assenze': {
      params: id(r.ispettore),
      mancante: { id: `nessuno-${SUFFISSO}` },
      corpo: () => ({ dal: giorno(40), al: giorno(41), motivo: 'ferie' }),
    },
    'GET /api/v1/ispettorati/{codice}/assenze': { ...codice, query: '?stato=da-confermare' },
    'POST /api/v1/ispettori/{id}/assenze/{assenzaId}/decisione': {
      params: { id: r.ispettore, assenzaId: r.assenza },
      mancante: { id: `nessuno-${SUFFISSO}` },
      corpo: () => ({ esito: 'confermata' }),
    },
    'POST /api/v1/aziende': { corpo: () => ({ codiceFiscale: r.cfAzienda, ragioneSociale: 'Edilizia di prova S.r.l.', territorio: 'PA' }) },
    'POST /api/v1/conflitti-interesse': {
      corpo: () => ({
        ispettoreId: r.ispettore,
        aziendaId: r.azienda,
        motivo: 'Parente del legale rappresentante',
        fonte: 'Segnalazione, prot. 99',
        dal: '2021-01-01',
      }),
    },
    'GET /api/v1/conflitti-interesse': { query: `?ispettorato=${A}` },
    'POST /api/v1/conflitti-interesse/{id}/decisione': { params: id(r.conflitto), corpo: () => ({ esito: 'confermata' }) },
    'POST /api/v1/conflitti-interesse/{id}/revoca': { params: id(r.conflitto), corpo: () => ({ motivo: "Il coniuge non è più socio dell'azienda" }) },
    'POST /api/v1/ispettorati/{codice}/periodi-sorteggio': { ...codice, corpo: () => ({}) },
    'GET /api/v1/ispettorati/{codice}/periodi-sorteggio': codice,
    'POST /api/v1/ispettorati/{codice}/periodi-sorteggio/{periodo}/rivelazione': {
      params: { codice: A, periodo: r.periodo },
      mancante: { codice: UFFICIO_MANCANTE, periodo: r.periodo },
    },
    'GET /api/v1/ispettorati/{codice}/coda': codice,

    // Companies have no office (one registry, unique codice fiscale): A's is named to try the intake all the same.
    'POST /api/v1/richieste-intervento': {
      corpo: () => ({
        fonte: 'esposto',
        aziendaId: r.azienda,
        sede: 'Via Maqueda 100, Palermo',
        territorio: 'PA',
        tipoPratica: 'lavoro-nero',
        priorita: 'alta',
        descrizione: 'Esposto: lavoratori non regolarizzati',
      }),
    },
    'GET /api/v1/richieste-intervento': {},
    'GET /api/v1/richieste-intervento/{id}': { params: id(r.richiesta) },
    'POST /api/v1/richieste-intervento/{id}/documenti': { params: id(r.richiesta), corpo: () => pdf('verbale') },
    'POST /api/v1/richieste-intervento/{id}/accettazione': { params: id(r.richiesta) },
    'POST /api/v1/richieste-intervento/{id}/astensione': { params: id(r.richiesta), corpo: () => ({ motivo: 'Parente entro il secondo grado del titolare' }) },
    'POST /api/v1/richieste-intervento/{id}/riassegnazione': {
      params: id(r.richiesta),
      corpo: () => ({ ispettoreId: r.ispettore, motivo: 'Carico di lavoro da riequilibrare' }),
    },
    'POST /api/v1/richieste-intervento/{id}/riassegnazione/decisione': { params: id(r.richiesta), corpo: () => ({ esito: 'approvata' }) },
    'POST /api/v1/richieste-intervento/{id}/sorteggi': { params: id(r.richiesta), corpo: () => ({ tentativo: 2 }) },
    'POST /api/v1/richieste-intervento/{id}/primo-accesso': { params: id(r.richiesta), corpo: () => ({ data: giorno(0), verbale: riferimento }) },
    'POST /api/v1/richieste-intervento/{id}/diffida': { params: id(r.richiesta), corpo: () => ({ notificataIl: giorno(0) }) },
    'POST /api/v1/richieste-intervento/{id}/fine-accertamenti': { params: id(r.richiesta), corpo: () => ({ data: giorno(0) }) },
    'POST /api/v1/richieste-intervento/{id}/chiusura': { params: id(r.richiesta), corpo: () => ({ esito: 'regolare', verbaleUnico: riferimento }) },

    'GET /api/v1/assegnazioni/statistiche': { query: `?ispettorato=${A}` },
    'GET /api/v1/assegnazioni/verifica': { query: `?ispettorato=${A}` },
    'GET /api/v1/assegnazioni': { query: `?richiesta=${r.richiesta}` },
    'GET /api/v1/assegnazioni/{id}': { params: id(r.sorteggio) },
    'GET /api/v1/assegnazioni/{id}/verifica': { params: id(r.sorteggio) },

    'POST /api/v1/ispettorati/{codice}/piani-vigilanza': {
      ...codice,
      corpo: () => ({
        anno: ANNO + 1,
        descrizione: 'Vigilanza in edilizia',
        voci: [
          {
            data: `${ANNO + 1}-07-01`,
            aziendaId: r.azienda,
            sede: 'Via Roma 1, Palermo',
            territorio: 'PA',
            tipoPratica: 'lavoro-nero',
            priorita: 'media',
            descrizione: 'Controllo programmato del cantiere',
          },
        ],
      }),
    },
    'GET /api/v1/ispettorati/{codice}/piani-vigilanza/{id}': { params: { codice: A, id: r.pianoVigilanza }, mancante: { codice: UFFICIO_MANCANTE } },

    'POST /api/v1/soggetti-tirocinio': {
      corpo: () => ({
        ruolo: 'promotore',
        denominazione: 'Agenzia formativa',
        codiceFiscale: r.cfP1,
        regione: 'toscana',
        tipologia: 'ente accreditato',
        sedeLegale: PRATO,
        sedi: [{ denominazione: 'Sede', ...PRATO, regione: 'toscana', cpi: A, dipendentiIndeterminato: 5 }],
      }),
    },
    'GET /api/v1/soggetti-tirocinio': { regionale: registroSoggetti },
    'GET /api/v1/soggetti-tirocinio/{id}': {
      params: [
        ['P1', id(r.p1)],
        ['H1', id(r.h1)],
      ],
      regionale: registroSoggetti,
    },
    // Read across offices, kept only by the office that registered it: another office's staff as for a missing one.
    'POST /api/v1/soggetti-tirocinio/{id}/sedi': {
      params: id(r.h1),
      corpo: () => ({
        denominazione: 'Magazzino',
        ...PRATO,
        regione: 'toscana',
        cpi: A,
        dipendentiIndeterminato: 3,
        motivo: 'Apertura del magazzino di Prato',
      }),
    },
    'POST /api/v1/soggetti-tirocinio/{id}/sedi/{sedeId}/dipendenti': {
      params: { id: r.h1, sedeId: r.sedeH1 },
      corpo: () => ({ dipendentiIndeterminato: 31, dal: giorno(0), motivo: 'Assunzione a tempo indeterminato' }),
    },
    'POST /api/v1/tirocinanti': {
      corpo: () => ({
        codiceFiscale: r.cfTirocinante,
        nome: r.nomeTirocinante,
        cognome: r.cognomeTirocinante,
        dataNascita: r.nascitaTirocinante,
        sesso: r.sessoTirocinante,
      }),
      propria: true,
    },
    'GET /api/v1/tirocinanti': { query: `?cerca=${r.cfTirocinante}` },
    'GET /api/v1/tirocinanti/{id}': { params: id(r.tirocinante) },
    'POST /api/v1/tirocinanti/{id}/rettifica': {
      params: id(r.tirocinante),
      corpo: () => ({ nome: r.nomeTirocinante, motivo: 'Nome trascritto male all’iscrizione' }),
    },
    'POST /api/v1/tutor': {
      corpo: (c) => ({ soggettoId: perConto(c), ...(({ codiceFiscale, nome, cognome }) => ({ codiceFiscale, nome, cognome }))(persona()) }),
    },
    'POST /api/v1/convenzioni': { corpo: () => ({ promotoreId: r.p1, ospitanteId: r.h1, validaDal: '2026-01-01', validaAl: '2030-12-31' }) },
    'GET /api/v1/convenzioni/{id}': { params: id(r.convenzione) },
    'POST /api/v1/convenzioni/{id}/documento': { params: id(r.convenzione), corpo: () => pdf('convenzione') },

    'POST /api/v1/tirocini': { corpo: () => ({ progetto }) },
    // An import onto A's registry: B's staff find none of its records usable, as for missing ones.
    'POST /api/v1/tirocini/migrazione': {
      corpo: () => ({
        tirocini: [
          {
            codiceOrigine: `AMB/${randomUUID().slice(0, 8)}`,
            progetto,
            inviataIl: new Date(Date.now() - 60_000).toISOString(),
            inviataDa: 'sil.operatore',
            approvataIl: new Date(Date.now() - 30_000).toISOString(),
            approvataDa: 'sil.responsabile',
            comunicazione: { codice: 'UNILAV-AMB-1', data: progetto.dataInizio },
          },
        ],
      }),
    },
    'GET /api/v1/tirocini': { query: `?ufficio=${A}&limit=200` },
    'GET /api/v1/tirocini/inbox': {},
    'GET /api/v1/tirocini/indicatori': { query: `?dal=${ANNO - 1}-01-01&al=${ANNO + 1}-12-31` },
    'GET /api/v1/tirocini/{id}': { params: id(r.tirocinio) },
    'PUT /api/v1/tirocini/{id}': { params: id(r.tirocinio), corpo: () => ({ progetto: { ...progetto, indennitaMensileCent: 50_000 } }) },
    'POST /api/v1/tirocini/{id}/documenti': { params: id(r.tirocinio), query: '?firmato=true', corpo: () => pdf('autocertificazione-ospitante') },
    'POST /api/v1/tirocini/{id}/invio': { params: id(r.tirocinio) },
    'POST /api/v1/tirocini/{id}/decisione': { params: id(r.tirocinio), corpo: () => ({ esito: 'approvata' }) },
    'POST /api/v1/tirocini/{id}/integrazione': { params: id(r.tirocinio), corpo: () => ({ note: 'Allegata la carta di identità' }) },
    'POST /api/v1/tirocini/{id}/comunicazione-obbligatoria': { params: id(r.tirocinio), corpo: () => ({ codice: 'UNILAV-0001', data: giorno(0) }) },
    'POST /api/v1/tirocini/{id}/presenze': { params: id(r.tirocinio), corpo: () => ({ mese: giorno(0).slice(0, 7), ore: 120 }) },
    'POST /api/v1/tirocini/{id}/sospensione': {
      params: id(r.tirocinio),
      corpo: () => ({ causa: 'chiusura-ospitante', dal: giorno(0), motivo: 'Chiusura aziendale per ristrutturazione' }),
    },
    'POST /api/v1/tirocini/{id}/ripresa': { params: id(r.tirocinio), corpo: () => ({ al: giorno(0) }) },
    'POST /api/v1/tirocini/{id}/proroga': {
      params: id(r.tirocinio),
      corpo: () => ({ nuovaDataFine: addDays(progetto.dataFine, 30), motivo: 'Completamento del percorso formativo' }),
    },
    'POST /api/v1/tirocini/{id}/ritiro': { params: id(r.tirocinio), corpo: () => ({ motivo: 'Il tirocinante ha trovato un impiego' }) },
    'DELETE /api/v1/tirocini/{id}': { params: id(r.tirocinio) },
    'POST /api/v1/tirocini/{id}/interruzione': { params: id(r.tirocinio), corpo: () => ({ parte: 'tirocinante', motivo: 'Rinuncia per assunzione altrove' }) },

    'POST /api/v1/collocamento/import': { corpo: () => form({ tipo: 'iscritti' }, { name: 'iscritti.csv', bytes: Buffer.from(csv([iscrittoA])) }) },
    'POST /api/v1/collocamento/iscritti': { corpo: () => iscrizioneA },
    'GET /api/v1/collocamento/iscritti/{id}': { params: id(r.iscritto), query: `?ufficio=${A}` },
    'POST /api/v1/collocamento/iscritti/{id}/trasferimento': {
      params: id(r.iscritto),
      corpo: () => ({ ufficio: B, motivazione: 'Trasferimento di residenza' }),
    },
    'POST /api/v1/collocamento/iscritti/{id}/relazione': { params: id(r.iscritto), corpo: () => pdf('relazione-conclusiva') },
    'POST /api/v1/collocamento/datori': { corpo: () => ({ codiceFiscale: r.d1, denominazione: 'Alfa S.p.A.', dipendentiComputabili: 60 }) },
    'GET /api/v1/collocamento/uffici/{ufficio}/impostazioni': { params: { ufficio: A }, mancante: { ufficio: UFFICIO_MANCANTE } },
    'PUT /api/v1/collocamento/uffici/{ufficio}/impostazioni': {
      params: { ufficio: A },
      mancante: { ufficio: UFFICIO_MANCANTE },
      corpo: () => ({ regione: 'piemonte', dimensioneRosaMassima: 5, patroni: [], motivazione: 'Prova di ambito' }),
    },
    'GET /api/v1/collocamento/iscritti': { query: `?cerca=${r.iscritto}` },
    'GET /api/v1/collocamento/datori': { query: `?cerca=${r.d1}` },
    'GET /api/v1/collocamento/datori/{id}': { params: id(r.d1), mancante: { id: partitaIva() }, regionale: datoreStesso },

    'POST /api/v1/offerte': { corpo: offerta, regionale: (c) => staffOvunque(c) || datoreStesso(c) },
    'GET /api/v1/offerte': {},
    'GET /api/v1/offerte/indicatori': { query: '?raggruppa=ufficio' },
    'GET /api/v1/offerte/{id}': { params: id(r.offerta) },
    'POST /api/v1/offerte/{id}/congruita': {
      params: id(r.offerta),
      corpo: () => ({
        esito: 'congrua',
        chiusuraAdesioni: new Date(Date.now() + 30 * GIORNO).toISOString(),
        motivoOltreSla: 'Finestra lunga per la prova di ambito',
      }),
    },
    'POST /api/v1/offerte/{id}/adesioni': { params: id(r.offerta), corpo: () => ({ iscrittoId: r.iscritto }) },
    'DELETE /api/v1/offerte/{id}/adesioni/{iscrittoId}': { params: { id: r.offerta, iscrittoId: r.iscritto }, mancante: { iscrittoId: r.iscritto } },
    'GET /api/v1/offerte/{id}/graduatoria': { params: id(r.offerta) },
    'GET /api/v1/offerte/{id}/graduatoria/anteprima': { params: id(r.offerta) },
    'POST /api/v1/offerte/{id}/graduatoria/pubblicazione': { params: id(r.offerta) },
    'GET /api/v1/offerte/{id}/graduatoria/verifica': { params: id(r.offerta) },
    'GET /api/v1/offerte/{id}/graduatoria/dati': { params: id(r.offerta) },
    'POST /api/v1/offerte/{id}/rosa': { params: id(r.offerta) },
    'GET /api/v1/offerte/{id}/rosa': { params: id(r.offerta) },
    'GET /api/v1/offerte/{id}/adesioni': { params: id(r.offerta) },
    'POST /api/v1/offerte/{id}/annullamento': { params: id(r.offerta), corpo: () => ({ motivo: 'Posto coperto con una convenzione art. 11' }) },
    'POST /api/v1/offerte/{id}/esiti': { params: id(r.offerta), corpo: () => ({ iscrittoId: r.iscritto, esito: 'assunto' }) },
    'POST /api/v1/offerte/{id}/esiti/rettifica': {
      params: id(r.offerta),
      corpo: () => ({ iscrittoId: r.iscritto, esito: 'non-presentato', motivo: 'Verbale del colloquio trascritto male' }),
    },
    'POST /api/v1/offerte/{id}/rosa/successiva': { params: id(r.offerta) },
  };
}

const csv = (rows: Record<string, string>[]) => {
  const cols = Object.keys(rows[0]);
  return [cols.join(';'), ...rows.map((x) => cols.map((c) => x[c] ?? '').join(';'))].join('\n');
};

const METODI = ['get', 'post', 'put', 'patch', 'delete'];
const due = (status: number) => status >= 200 && status < 300;

interface Risposta {
  status: number;
  tipo?: string;
}

/** One call of the matrix: a route (one variant of its parameters) with A's record, and the same on a missing one. */
interface Prova {
  etichetta: string;
  method: string;
  path: string;
  /** The path with every parameter naming a missing record; absent for routes without parameters (lists, creates). */
  pathMancante?: string;
  voce: Voce;
}

function prove(op: string, voce: Voce): Prova[] {
  const [method, path] = op.split(' ');
  if (!path.includes('{')) return [{ etichetta: op, method, path, voce }];
  const varianti: Array<[string, Record<string, string>]> = Array.isArray(voce.params) ? voce.params : [['', voce.params ?? {}]];
  return varianti.map(([nome, params]) => {
    const riempi = (valore: (k: string) => string) => path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(valore(k)));
    const di = (k: string) => {
      if (params[k] === undefined) throw new Error(`${op}: no value of office A for {${k}}`);
      return params[k];
    };
    const mancante = (k: string) => {
      const v = voce.mancante?.[k] ?? (UUID.test(di(k)) ? MANCANTE : undefined);
      if (v === undefined) throw new Error(`${op}: say what a missing {${k}} is (mancante)`);
      return v;
    };
    return { etichetta: nome ? `${op} [${nome}]` : op, method, path: riempi(di), pathMancante: riempi(mancante), voce };
  });
}

/** What of office A a list must not show a caller: every record id and personal code, bar the caller's own organisation's. */
function aghi(c: Chiamante): Array<[string, string]> {
  const chiavi = [
    'pratica',
    'docPratica',
    'piano',
    'notifica',
    'emailRubrica',
    'emailUtente',
    'ispettore',
    'azienda',
    'cfAzienda',
    'richiesta',
    'sorteggio',
    'docRichiesta',
    'conflitto',
    'assenza',
    'pianoVigilanza',
    'p1',
    'cfP1',
    'h1',
    'cfH1',
    'p2',
    'cfP2',
    'h2',
    'cfH2',
    'sedeH1',
    'tutorP1',
    'cfTutorP1',
    'tutorH1',
    'cfTutorH1',
    'convenzione',
    'docConvenzione',
    'tirocinante',
    'cfTirocinante',
    'tirocinio',
    'docTirocinio',
    'iscritto',
    'cfIscritto',
    'docRelazione',
    'd1',
    'd2',
    'offerta',
  ];
  const propri = ({ [r.cfP2]: ['p2', 'cfP2'], [r.cfH2]: ['h2', 'cfH2'], [r.d2]: ['d2'] } as Record<string, string[]>)[c.soggetto ?? ''] ?? [];
  // Office A's code too, to callers of another office (A's own externals see it on their own records).
  return [
    ...chiavi.filter((k) => !propri.includes(k)).map((k): [string, string] => [k, r[k]]),
    ...(c.ufficio === A ? [] : [['ufficio A', A] as [string, string]]),
  ];
}

async function inParallelo<T>(elementi: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < elementi.length) await fn(elementi[i++]);
    }),
  );
}

describe('scopes of every route: another office, another organisation', () => {
  let operazioni: string[] = [];
  let voci: Record<string, Voce>;

  beforeAll(async () => {
    const doc = await stack.call('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    operazioni = Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METODI.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    voci = tabella();
  });

  it('has an entry for every operation of the OpenAPI document (and none for a route that is gone)', () => {
    expect(operazioni.length).toBeGreaterThan(100);
    expect({ senzaVoce: operazioni.filter((o) => !voci[o]), senzaRotta: Object.keys(voci).filter((o) => !operazioni.includes(o)) }).toEqual({
      senzaVoce: [],
      senzaRotta: [],
    });
  });

  it("answers every outsider on A's records as on missing ones: 0 unexpected 2xx", async () => {
    const matrice = operazioni.filter((o) => voci[o] && !voci[o].pubblica).flatMap((o) => prove(o, voci[o]));
    const inattesi: string[] = [];
    const difformi: string[] = [];
    const con400: string[] = [];
    const errori: string[] = [];
    const celle = new Map<string, Map<string, string>>(matrice.map((p) => [p.etichetta, new Map()]));
    const conteggi = { chiamate: 0, regionali: 0, proprie: 0, amministratore: 0, elenchi: 0 };

    const prova = async ([p, c]: [Prova, Chiamante]) => {
      const chiama = (path: string) => stack.call(p.method, path + (p.voce.query ?? ''), c.token, p.voce.corpo?.(c));
      const res = await chiama(p.path);
      const a: Risposta = { status: res.status, tipo: res.json?.type };
      const m: Risposta | undefined = p.pathMancante ? await chiama(p.pathMancante).then((x) => ({ status: x.status, tipo: x.json?.type })) : undefined;
      conteggi.chiamate += m ? 2 : 1;
      const chi = `${p.etichetta} ← ${c.nome}`;
      if (a.status === 400 || m?.status === 400) con400.push(`${chi}: ${a.status}${m ? ` (missing: ${m.status})` : ''} ${res.text.slice(0, 300)}`);
      if (a.status >= 500) errori.push(`${chi}: ${a.status} ${res.text.slice(0, 300)}`);
      let segno = '';
      if (due(a.status)) {
        const visti =
          p.pathMancante || p.method !== 'GET'
            ? []
            : aghi(c)
                .filter(([, v]) => res.text.includes(v))
                .map(([k]) => k);
        if (c.amministratore) [segno, conteggi.amministratore] = ['~', conteggi.amministratore + 1];
        else if (p.voce.regionale?.(c)) [segno, conteggi.regionali] = ['~', conteggi.regionali + 1];
        else if (p.voce.propria) [segno, conteggi.proprie] = ['~', conteggi.proprie + 1];
        else if (!p.pathMancante && p.method === 'GET' && !visti.length) conteggi.elenchi++;
        else {
          segno = '!';
          inattesi.push(`${chi} → ${a.status}${visti.length ? `, showing A's ${visti.join(', ')}` : ''}${m ? ` (missing: ${m.status})` : ''}`);
        }
      } else if (m && !c.amministratore && (a.status !== m.status || a.tipo !== m.tipo)) {
        segno = '*';
        difformi.push(`${chi}: ${a.status} ${a.tipo ?? ''} ≠ missing ${m.status} ${m.tipo ?? ''}`);
      }
      celle.get(p.etichetta)!.set(c.nome, `${a.status}${segno}`);
    };
    // Reads first, then writes (a write allowed by design, such as another office's offer naming A's employer, makes
    // later reads of it legitimate), the amministratore last: it may change A's records, as it sees every office.
    const coppie = (cs: Chiamante[], leggi: boolean) =>
      cs.flatMap((c) => matrice.filter((p) => (p.method === 'GET') === leggi).map((p): [Prova, Chiamante] => [p, c]));
    const [altri, amministratori] = [chiamanti.filter((c) => !c.amministratore), chiamanti.filter((c) => c.amministratore)];
    await inParallelo(coppie(altri, true), 8, prova);
    await inParallelo(coppie(altri, false), 8, prova);
    await inParallelo([...coppie(amministratori, true), ...coppie(amministratori, false)], 4, prova);

    // The summary: one row per route (and variant), one column per caller; ! unexpected 2xx, * answered unlike a
    // missing record, ~ 2xx by design (regional registry, own record, amministratore).
    const sigle = chiamanti.map((c) => c.nome.replace(/^([AB]):(\w{3})\w*(\(\w+\))?$/, '$1:$2$3'));
    const larghezza = Math.max(...matrice.map((p) => p.etichetta.length));
    const righe = matrice.map(
      (p) =>
        `${p.etichetta.padEnd(larghezza)} ${chiamanti.map((c, i) => (celle.get(p.etichetta)!.get(c.nome) ?? '').padStart(Math.max(5, sigle[i].length))).join(' ')}`,
    );
    const classe = (s: string) => (s.startsWith('2') ? '2xx' : s.startsWith('403') ? '403' : s.startsWith('404') ? '404' : 'altro');
    const totali = chiamanti.map((c) => {
      const n: Record<string, number> = { '2xx': 0, '403': 0, '404': 0, altro: 0 };
      for (const p of matrice) n[classe(celle.get(p.etichetta)!.get(c.nome) ?? '')]++;
      return `${c.nome}: ${Object.entries(n)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`;
    });
    console.log(
      [
        `Scope matrix: ${operazioni.length} operations in the OpenAPI document (${matrice.length} rows with variants, public ones skipped) × ${chiamanti.length} callers, ${conteggi.chiamate} calls`,
        `${''.padEnd(larghezza)} ${sigle.map((s) => s.padStart(5)).join(' ')}`,
        ...righe,
        ...totali,
        `2xx by design: regional ${conteggi.regionali}, own records ${conteggi.proprie}, amministratore ${conteggi.amministratore}; lists answered without A's records ${conteggi.elenchi}`,
        `unexpected 2xx ${inattesi.length}, answered unlike a missing record ${difformi.length}, 400 ${con400.length}, 5xx ${errori.length}`,
      ].join('\n'),
    );

    expect({ inattesi2xx: inattesi.sort(), difformiDaMancante: difformi.sort(), risposte400: con400.sort(), errori5xx: errori.sort() }).toEqual({
      inattesi2xx: [],
      difformiDaMancante: [],
      risposte400: [],
      errori5xx: [],
    });
  });
});
