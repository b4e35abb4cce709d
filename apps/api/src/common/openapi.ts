import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type {
  HeaderObject,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem';

/**
 * The API's contract (OpenAPI 3), built the same way for the running API (/api/docs-json) and for `npm run openapi`
 * (openapi.json at the repository root, committed): every error is `application/problem+json` with one shared
 * schema, described once under `components.responses` and referred to by each route that can give it.
 */

const ritenta: Record<string, HeaderObject> = {
  'Retry-After': { description: 'secondi dopo cui riprovare', schema: { type: 'integer', minimum: 0 } },
};

/** Every error status a route may document, with the one response it refers to. */
export const ERRORI = {
  400: { nome: 'RichiestaNonValida', descrizione: 'Richiesta non valida: ogni campo errato è elencato in `errors`, con la regola violata' },
  401: { nome: 'NonAutenticato', descrizione: 'Token bearer assente, scaduto o non valido' },
  403: {
    nome: 'AccessoNegato',
    descrizione: 'Il ruolo, l’ufficio o l’organizzazione del chiamante, o una regola di separazione dei compiti, non consentono l’operazione',
  },
  404: {
    nome: 'NonTrovato',
    descrizione: 'Inesistente o non accessibile: un record di un altro ufficio o di un’altra organizzazione risponde come uno mancante',
  },
  409: {
    nome: 'Conflitto',
    descrizione:
      'In conflitto con lo stato del record (una procedura conclusa, un passo già fatto), con una chiave già registrata (il record esistente è in `Location` e in `id`) o con una richiesta con la stessa `Idempotency-Key` ancora in corso',
    headers: {
      Location: { description: 'il record già registrato con la stessa chiave, se il chiamante può leggerlo', schema: { type: 'string' } },
      ...ritenta,
    },
  },
  413: { nome: 'TroppoGrande', descrizione: 'Il corpo o il file supera la dimensione massima ammessa' },
  415: { nome: 'TipoNonSupportato', descrizione: 'Tipo di contenuto, set di caratteri o codifica non ammessi (un documento: tipo riconosciuto dai byte)' },
  422: {
    nome: 'NonElaborabile',
    descrizione:
      'Rifiutata dalle regole della procedura o del registro (ogni regola violata è elencata in `errors`), file vuoto o illeggibile, `Idempotency-Key` già usata per un’altra richiesta',
  },
  429: { nome: 'TroppeRichieste', descrizione: 'Superato il limite di richieste al minuto (per utente o per indirizzo IP)', headers: ritenta },
  503: {
    nome: 'NonDisponibile',
    descrizione: 'Un servizio necessario (database, archivio documenti, motore dei processi) non risponde: nulla è stato registrato',
    headers: ritenta,
  },
} satisfies Record<number, { nome: string; descrizione: string; headers?: Record<string, HeaderObject> }>;
export type StatoErrore = keyof typeof ERRORI;

const problema = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } };

/** The errors a route can answer, each documented by the shared response of its status. */
export const ApiErrori = (...stati: StatoErrore[]) =>
  applyDecorators(...stati.map((s) => ApiResponse({ status: s, description: ERRORI[s].descrizione, content: problema })));

/** A value that is text or a number, or null (a cell of a table, a criterion's input). */
export const TESTO_O_NUMERO = { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }] };

/** A list a page at a time: the array, and the next page's address in the `Link` header. */
export const ApiPagina = (
  type: new (...args: never[]) => unknown,
  description = 'dal più recente; se ce ne sono altri, l’intestazione Link indica la pagina successiva',
) =>
  ApiOkResponse({
    type: [type],
    description,
    headers: { Link: { description: 'la pagina successiva, `<…&dopo=cursore>; rel="next"`; assente all’ultima pagina', schema: { type: 'string' } } },
  });

/** A file answered as it is (a download, an export): its media types, as bytes. */
export const ApiFile = (description: string, ...mediaTypes: string[]) =>
  ApiOkResponse({
    description,
    headers: { 'Content-Disposition': { description: 'attachment, con il nome del file', schema: { type: 'string' } } },
    content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  });

/** The tags of the operations, in the order a reader meets the procedures. */
const TAGS: Array<{ name: string; description: string }> = [
  { name: 'attività', description: 'Le mie attività: ciò che attende chi chiama in tutte le procedure, dalla scadenza più vicina' },
  { name: 'pratiche', description: 'La procedura di esempio: una pratica con documenti, inviata da un operatore e decisa da un responsabile' },
  { name: 'documenti', description: 'Scaricare i documenti caricati nelle procedure, con il loro SHA-256' },
  { name: 'tirocini', description: 'Tirocini extracurricolari: bozze, invio con i controlli di primo livello, esame e vita del tirocinio' },
  { name: 'tirocini: registro', description: 'Soggetti promotori e ospitanti con le sedi, tirocinanti, tutor e convenzioni' },
  { name: 'collocamento mirato: registro', description: 'Gli elenchi della L. 68/99: iscritti e datori di lavoro, anche per importazione CSV' },
  { name: 'collocamento mirato: offerte', description: 'Le richieste dei datori di lavoro e la loro preselezione: adesioni, graduatoria, rosa, esiti' },
  { name: 'ispezioni: richieste di intervento', description: 'Richieste di intervento: registrazione, sorteggio dell’ispettore e passi dell’ispezione' },
  { name: 'ispezioni: assegnazioni', description: 'Trascrizioni dei sorteggi, loro verifica e statistiche di imparzialità' },
  { name: 'ispezioni: registro', description: 'Ispettorati, ispettori, assenze, aziende, conflitti di interessi, periodi di sorteggio e coda' },
  { name: 'ispezioni: piani di vigilanza', description: 'Programmazione d’ufficio: voci che diventano richieste di intervento alle date fissate' },
  { name: 'piani', description: 'Cronoprogrammi: piani, baseline e revisioni, monitoraggio, valutazione ed esportazioni' },
  { name: 'notifiche', description: 'Le notifiche di chi chiama e la rubrica degli indirizzi a cui vanno' },
  { name: 'registro di audit', description: 'Il registro delle operazioni, a catena di hash con ancore in archivio non modificabile' },
  { name: 'stato del servizio', description: 'Verifiche di funzionamento per orchestratori e bilanciatori' },
];

/** `Pratiche_create`: the controller without its suffix and the method, stable as long as the code keeps its names. */
const operationId = (controller: string, metodo: string) => `${controller.replace(/Controller$/, '')}_${metodo}`;

/** The `Idempotency-Key` header every POST accepts (the interceptor is global: see common/idempotenza.interceptor.ts). */
const CHIAVE_IDEMPOTENZA: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Ripetere la stessa richiesta senza eseguirla due volte: la prima risposta è conservata 24 ore e restituita di nuovo (`Idempotency-Replayed: true`). Da 1 a 255 caratteri ASCII stampabili; un UUID va bene',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

const METODI = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

function operazioni(doc: OpenAPIObject): Array<[string, string, OperationObject]> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METODI.filter((m) => (item as PathItemObject)[m]).map(
      (m) => [path, m, (item as PathItemObject)[m] as OperationObject] as [string, string, OperationObject],
    ),
  );
}

/** What a success says when its route gives no more particular description. */
const RIUSCITA: Record<string, string> = { 200: 'Risposta', 201: 'Creato', 202: 'Accettato', 204: 'Nessun contenuto' };

/**
 * Every error response that is the shared one of its status becomes a reference to it (`components.responses`); a
 * success without a description gets its status's; a public route says so (`security: []`); every POST names the
 * Idempotency-Key header.
 */
function completa(doc: OpenAPIObject): OpenAPIObject {
  const risposte: Record<string, ResponseObject> = {};
  for (const e of Object.values(ERRORI)) {
    risposte[e.nome] = { description: e.descrizione, content: problema, ...('headers' in e ? { headers: e.headers } : {}) };
  }
  doc.components = { ...doc.components, responses: risposte, parameters: { ChiaveIdempotenza: CHIAVE_IDEMPOTENZA } };
  for (const [, metodo, op] of operazioni(doc)) {
    for (const [stato, r] of Object.entries(op.responses ?? {})) {
      const e = ERRORI[Number(stato) as StatoErrore] as { nome: string; descrizione: string } | undefined;
      if (e && (r as ResponseObject).description === e.descrizione) op.responses[stato] = { $ref: `#/components/responses/${e.nome}` } as ReferenceObject;
      else if (RIUSCITA[stato] && !(r as ResponseObject).description) (r as ResponseObject).description = RIUSCITA[stato];
    }
    if (!op.security) op.security = [];
    if (metodo === 'post') op.parameters = [...(op.parameters ?? []), { $ref: '#/components/parameters/ChiaveIdempotenza' }];
  }
  return doc;
}

/** Object keys in a stable order (maps sorted; a schema's properties kept in the order the class declares them). */
function ordina(x: unknown, chiave = ''): unknown {
  if (Array.isArray(x)) return x.map((v) => ordina(v));
  if (x === null || typeof x !== 'object') return x;
  const voci = Object.entries(x as Record<string, unknown>);
  if (!['properties', 'example', 'examples'].includes(chiave)) voci.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(voci.map(([k, v]) => [k, chiave === 'example' || chiave === 'examples' ? v : ordina(v, k)]));
}

/** The OpenAPI document of the application's routes (the global prefix already set). */
export function documentoOpenApi(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Workflow engine — procedure per CPI e Ispettorato')
    .setDescription(
      'Procedure durevoli (Temporal) per i Centri per l’impiego e gli Ispettorati del lavoro. Autenticazione: un JWT bearer con `sub`, `roles`, `office` ' +
        '(e, per gli utenti esterni, l’organizzazione per cui agiscono). Ogni errore è `application/problem+json` (RFC 9457) con `errors: [{field, rule, message, found?, limit?}]` ' +
        'e `requestId`. Ogni POST accetta `Idempotency-Key` per ripetere una richiesta senza eseguirla due volte.',
    )
    .setVersion('1')
    .setLicense('EUPL-1.2', 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12')
    .addServer('/', 'questo stesso servizio')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'JWT firmato dal fornitore di identità (claim sub, roles, office, exp)',
    });
  for (const t of TAGS) builder.addTag(t.name, t.description);
  const doc = SwaggerModule.createDocument(app, builder.build(), { operationIdFactory: operationId, extraModels: [ProblemDetails] });
  return ordina(completa(doc)) as OpenAPIObject;
}

/** The document as openapi.json holds it: two-space indented, with a final newline. */
export const testoDocumento = (doc: OpenAPIObject): string => `${JSON.stringify(doc, null, 2)}\n`;
