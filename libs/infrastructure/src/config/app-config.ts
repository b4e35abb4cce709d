import { Transform, plainToInstance } from 'class-transformer';
import { durataMs } from '../../../domain/src/cronoprogramma/scadenze';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? ['true', '1', 'yes'].includes(value.toLowerCase())
      ? true
      : ['false', '0', 'no'].includes(value.toLowerCase())
        ? false
        : value
    : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** An ISO 8601 duration (days, hours, minutes, seconds), e.g. PT10M: refused at start naming the variable. */
const IsDurata = (nome: string, esempio: string) =>
  Matches(/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, { message: `${nome} must be an ISO 8601 duration such as ${esempio}` });

/**
 * Every setting the API and worker read, validated once at start. Defaults are the embedded development stack
 * (`npm start`); production points the same variables at real services (see README, "Production profile").
 */
export class AppConfig {
  @IsIn(['development', 'test', 'production']) NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '127.0.0.1';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Largest JSON request body on every route but the plans' (413 beyond it, before the body is parsed). */
  @Transform(toInt) @IsInt() @Min(1024) HTTP_JSON_LIMIT_BYTES = 1024 * 1024;
  /** Largest JSON body under /piani, where a whole plan is one document (a 10,000-phase plan is about 3 MB). */
  @Transform(toInt) @IsInt() @Min(1024) HTTP_JSON_PIANI_LIMIT_BYTES = 8 * 1024 * 1024;

  /** The application's connection: a role that owns nothing (the API grants it what it needs after migrating). */
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL = 'postgres://workflow_app@127.0.0.1:5432/workflow_engine';
  /**
   * The schema owner's connection, for migrations only: the API migrates with it, then grants DATABASE_URL's role
   * its privileges. Unset: migrations run with DATABASE_URL (a single role; the audit trail is then only as safe as
   * that role is restricted).
   */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_OWNER_URL?: string;
  @Transform(toBool) @IsBoolean() DATABASE_SSL = false;
  @Transform(toBool) @IsBoolean() DB_MIGRATIONS_RUN = true;

  @Matches(/^[A-Za-z0-9.-]+:\d{1,5}$/, { message: 'TEMPORAL_ADDRESS must be host:port' }) TEMPORAL_ADDRESS = '127.0.0.1:7233';
  @IsString() @MinLength(1) TEMPORAL_NAMESPACE = 'default';
  @IsString() @MinLength(1) TEMPORAL_TASK_QUEUE = 'procedure';
  /**
   * The task queue of the system's scheduled jobs (draw periods, anchors, reminders, reconciliation, the trail's
   * check): a queue of their own, polled by a second Worker in each worker process, so a month start or a reveal does
   * not wait behind a flood of procedure tasks. Unset: `<TEMPORAL_TASK_QUEUE>-sistema`.
   */
  @IsOptional() @IsString() @MinLength(1) TEMPORAL_TASK_QUEUE_SISTEMA?: string;
  get CODA_SISTEMA(): string {
    return this.TEMPORAL_TASK_QUEUE_SISTEMA ?? codaSistema(this.TEMPORAL_TASK_QUEUE);
  }
  @Transform(toBool) @IsBoolean() TEMPORAL_TLS = false;
  @IsOptional() @IsString() TEMPORAL_TLS_CERT_PATH?: string;
  @IsOptional() @IsString() TEMPORAL_TLS_KEY_PATH?: string;
  @IsOptional() @IsString() TEMPORAL_API_KEY?: string;

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }) S3_ENDPOINT = 'http://127.0.0.1:9000';
  @IsString() @MinLength(3) S3_ACCESS_KEY = 'minioadmin';
  @IsString() @MinLength(8) S3_SECRET_KEY = 'minioadmin';
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name' }) S3_BUCKET = 'documenti';
  @IsString() S3_REGION = 'us-east-1';
  @Transform(toBool) @IsBoolean() S3_CREATE_BUCKET = true;
  /** The write-once bucket (object lock, compliance mode) that keeps the audit trail's anchors. */
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_ANCHOR_BUCKET must be a valid bucket name' }) S3_ANCHOR_BUCKET = 'ancore';
  /** How long each anchor cannot be deleted or changed by anyone, in days (compliance retention). */
  @Transform(toInt) @IsInt() @Min(1) @Max(36500) ANCORE_RITENZIONE_GIORNI = 3650;
  /** How often the audit trail's head (and the draw chains' heads) are anchored, ISO 8601; also at each period's reveal. */
  @IsDurata('ANCORAGGIO_OGNI', 'PT10M')
  ANCORAGGIO_OGNI = 'PT10M';
  get ANCORAGGIO_OGNI_MS(): number {
    return durataMs(this.ANCORAGGIO_OGNI);
  }
  /** How often the whole audit trail is recomputed from its first row (the API's verification starts at the last anchor), ISO 8601. */
  @IsDurata('VERIFICA_REGISTRO_OGNI', 'P1D')
  VERIFICA_REGISTRO_OGNI = 'P1D';
  get VERIFICA_REGISTRO_OGNI_MS(): number {
    return durataMs(this.VERIFICA_REGISTRO_OGNI);
  }
  @Transform(toInt) @IsInt() @Min(5) @Max(512) S3_PART_SIZE_MB = 8;
  /** How often the documents' reconciliation runs (objects no row names, uploads never completed), ISO 8601. */
  @IsDurata('RICONCILIAZIONE_OGNI', 'PT1H')
  RICONCILIAZIONE_OGNI = 'PT1H';
  get RICONCILIAZIONE_OGNI_MS(): number {
    return durataMs(this.RICONCILIAZIONE_OGNI);
  }
  /** Only objects and uploads older than this are touched: a younger one may be an upload between its bytes and its row. */
  @IsDurata('RICONCILIAZIONE_ETA_MINIMA', 'PT1H')
  RICONCILIAZIONE_ETA_MINIMA = 'PT1H';
  get RICONCILIAZIONE_ETA_MINIMA_MS(): number {
    return durataMs(this.RICONCILIAZIONE_ETA_MINIMA);
  }
  /** A storage socket that carries nothing for this long is closed: the request fails (503) instead of hanging. */
  @Transform(toInt) @IsInt() @Min(1000) S3_TIMEOUT_MS = 30_000;
  /** Bound of each Temporal call the API makes (start, signal, query, describe) when the SDK sets none: then 503. */
  @Transform(toInt) @IsInt() @Min(1000) TEMPORAL_RPC_TIMEOUT_MS = 10_000;
  /** Bound of a decision sent as a workflow Update (a worker must take it and answer): then 503, retry with the same key. */
  @Transform(toInt) @IsInt() @Min(1000) TEMPORAL_UPDATE_TIMEOUT_MS = 30_000;
  /** How long the API waits for a database connection from the pool or the server before answering 503. */
  @Transform(toInt) @IsInt() @Min(500) DATABASE_CONNECT_TIMEOUT_MS = 5_000;
  /** Longest statement the application's connection runs (server-side statement_timeout); 0 = none. */
  @Transform(toInt) @IsInt() @Min(0) DATABASE_STATEMENT_TIMEOUT_MS = 60_000;
  /** On SIGTERM the API finishes the requests it serves for at most this long, then closes what is still open. */
  @Transform(toInt) @IsInt() @Min(0) API_SHUTDOWN_GRACE_MS = 10_000;
  /** On SIGTERM the worker stops polling and gives the tasks it runs this long to finish (then they are retried elsewhere). */
  @Transform(toInt) @IsInt() @Min(0) WORKER_SHUTDOWN_GRACE_MS = 10_000;
  /**
   * The worker's sticky cache: how many workflows it keeps in memory between their tasks. It bounds the worker's
   * memory however many procedures are open (a workflow evicted from it is replayed from its history at its next
   * task); 0 turns the cache off (every task replays). Measured in README, "Worker sizing".
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000) WORKER_MAX_CACHED_WORKFLOWS = 500;
  /** Workflow tasks the worker runs at once: at least 2, and no more than the cache holds. */
  @Transform(toInt) @IsInt() @Min(2) @Max(10_000) WORKER_MAX_CONCURRENT_WORKFLOW_TASKS = 40;
  /** Activities the worker runs at once (those that use the database share its pool of 20 connections). */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) WORKER_MAX_CONCURRENT_ACTIVITIES = 100;
  /** Local activities the worker runs at once. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000) WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES = 100;
  /** Threads running workflow code, each with its own V8 context and share of the cache (about 30 MB each when empty). */
  @Transform(toInt) @IsInt() @Min(1) @Max(16) WORKER_WORKFLOW_THREADS = 1;
  /** Retry-After of a 503 answered because a dependency is down, in seconds. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600) RETRY_AFTER_SECONDS = 10;

  @Transform(toInt) @IsInt() @Min(1024) UPLOAD_MAX_BYTES = 200 * 1024 * 1024;
  @Transform(toInt) @IsInt() @Min(10) @Max(7 * 24 * 3600) PRESIGN_TTL_SECONDS = 300;

  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }) AUTH_JWKS_URL?: string;

  /**
   * Where the worker sends the notices' e-mails: smtp://host:port (STARTTLS when the server offers it) or
   * smtps://user:password@host:465 (TLS, as PEC providers ask). The embedded default is the local Mailpit; empty
   * turns e-mail off (the notices stay in /notifiche and their e-mails wait in the outbox).
   */
  @Matches(/^(smtps?:\/\/\S+)?$/, { message: 'SMTP_URL must be smtp://host:port or smtps://user:password@host:port, or empty' })
  SMTP_URL = 'smtp://127.0.0.1:1025';
  /** The sender of the notices' e-mails (for PEC, the office's PEC box the SMTP account belongs to). */
  @Matches(/^([^<>@\s][^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, { message: 'MAIL_FROM must be an address, optionally as "Nome <indirizzo>"' })
  MAIL_FROM = 'Servizi per il lavoro <notifiche@workflow-engine.localhost>';
  /** How often the worker looks for e-mails to send or retry (new notices are sent at once as well), ISO 8601. */
  @IsDurata('EMAIL_CONTROLLO_OGNI', 'PT30S')
  EMAIL_CONTROLLO_OGNI = 'PT30S';
  get EMAIL_CONTROLLO_OGNI_MS(): number {
    return durataMs(this.EMAIL_CONTROLLO_OGNI);
  }
  /** The pause after an e-mail's first failed attempt, doubled after each further one up to an hour, ISO 8601. */
  @IsDurata('EMAIL_PAUSA_TENTATIVO', 'PT30S')
  EMAIL_PAUSA_TENTATIVO = 'PT30S';
  get EMAIL_PAUSA_TENTATIVO_MS(): number {
    return durataMs(this.EMAIL_PAUSA_TENTATIVO);
  }
  /** After this many failed attempts (with pauses growing to an hour) an e-mail is marked failed and logged. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100) EMAIL_TENTATIVI_MAX = 12;

  /** Optional public randomness beacon (drand HTTP API: GET {url}/public/{round}) mixed into every draw's seed. */
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }) SORTEGGIO_BEACON_URL?: string;
  /**
   * How often the service looks after the inspectorates' commit-reveal periods (publishes the coming commitments,
   * reveals the ended periods): an ISO 8601 duration. Tests shrink it.
   */
  @IsDurata('SORTEGGIO_CONTROLLO_PERIODI', 'PT5M')
  SORTEGGIO_CONTROLLO_PERIODI = 'PT5M';
  get SORTEGGIO_CONTROLLO_PERIODI_MS(): number {
    return durataMs(this.SORTEGGIO_CONTROLLO_PERIODI);
  }
  /** The beacon chain's genesis (Unix seconds) and period (seconds), to find the first round after a request. */
  @Transform(toInt) @IsInt() @Min(0) SORTEGGIO_BEACON_GENESIS = 0;
  @Transform(toInt) @IsInt() @Min(1) SORTEGGIO_BEACON_PERIODO = 30;
  /**
   * The length of one day of the tirocinio procedure's clock (ISO 8601 duration). P1D in production; tests and demos
   * shrink it (e.g. PT0.2S) so that start and end dates a few weeks away arrive in seconds.
   */
  @IsDurata('TIROCINI_UNITA_GIORNO', 'P1D or PT0.2S')
  TIROCINI_UNITA_GIORNO = 'P1D';
  get TIROCINI_UNITA_GIORNO_MS(): number {
    return durataMs(this.TIROCINI_UNITA_GIORNO);
  }
  /**
   * How often the office-wide job sends the monthly register reminders that are due (promemoriaPresenzeWorkflow),
   * ISO 8601. Unset: a quarter of the tirocini clock's day, between 2 seconds and an hour (PT1H with real days: a
   * reminder goes out within the first hour of the month).
   */
  @IsOptional()
  @IsDurata('PROMEMORIA_PRESENZE_OGNI', 'PT1H')
  PROMEMORIA_PRESENZE_OGNI?: string;
  get PROMEMORIA_PRESENZE_OGNI_MS(): number {
    if (this.PROMEMORIA_PRESENZE_OGNI) return durataMs(this.PROMEMORIA_PRESENZE_OGNI);
    return Math.min(3_600_000, Math.max(2_000, Math.round(this.TIROCINI_UNITA_GIORNO_MS / 4)));
  }
  /** One day of the collocamento mirato clock (service level, reminders): P1D in production; tests shrink it. */
  @IsDurata('COLLOCAMENTO_UNITA_GIORNO', 'P1D or PT2S')
  COLLOCAMENTO_UNITA_GIORNO = 'P1D';
  get COLLOCAMENTO_UNITA_GIORNO_MS(): number {
    return durataMs(this.COLLOCAMENTO_UNITA_GIORNO);
  }
  /** Local patron-saint days that are not working days for the service level, 'MM-DD' comma-separated (e.g. '06-24'). */
  @Matches(/^((\d{2}-\d{2})(,\d{2}-\d{2})*)?$/, { message: 'COLLOCAMENTO_PATRONI must be MM-DD days separated by commas' })
  COLLOCAMENTO_PATRONI = '';
  /** Days (of the collocamento clock) between reminders to an employer whose outcomes are missing. */
  @Transform(toInt) @IsInt() @Min(1) @Max(60) COLLOCAMENTO_PROMEMORIA_ESITI_GIORNI = 5;
  /** Days (of the collocamento clock) a concluded offer still takes missing outcomes, corrections and another rosa. */
  @Transform(toInt) @IsInt() @Min(1) @Max(365) COLLOCAMENTO_CODA_ESITI_GIORNI = 30;
  @IsString() @MinLength(1) AUTH_ISSUER = 'workflow-engine-dev';
  @IsString() @MinLength(1) AUTH_AUDIENCE = 'workflow-engine';
  @IsString() AUTH_DEV_KEYS_DIR = '.data/dev-keys';
  /**
   * How tokens are verified: 'jwks' (AUTH_JWKS_URL, any OIDC provider) or 'dev' (the local development key that
   * `npm run -s token` signs with; `npm start` sets it; refused in production). Unset: 'jwks' when AUTH_JWKS_URL is set.
   */
  @IsOptional() @IsIn(['jwks', 'dev']) AUTH_MODE?: 'jwks' | 'dev';
  /** The longest lifetime (exp − iat) a token may have, ISO 8601; tokens must carry exp. */
  @IsDurata('AUTH_MAX_TOKEN_LIFETIME', 'PT12H')
  AUTH_MAX_TOKEN_LIFETIME = 'PT12H';
  get AUTH_MAX_TOKEN_LIFETIME_MS(): number {
    return durataMs(this.AUTH_MAX_TOKEN_LIFETIME);
  }
  /**
   * The claim carrying the organisation an external user (promotore, ospitante, datore) acts for: its codice fiscale
   * or partita IVA. Named here so any OIDC provider's claim can be used.
   */
  @Matches(/^[A-Za-z_][\w.:/-]{0,99}$/, { message: 'AUTH_SOGGETTO_CLAIM must be a claim name' }) AUTH_SOGGETTO_CLAIM = 'soggetto';

  /** Requests a minute allowed to one authenticated subject, and to one IP address (over all its callers). */
  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_UTENTE_AL_MINUTO = 600;
  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_IP_AL_MINUTO = 1200;
  /** A bearer token for /metrics; without it /metrics is served only with AUTH_MODE=dev. */
  @IsOptional() @IsString() @MinLength(16) METRICS_TOKEN?: string;
  /** The built console (`vite build`), served under /console; absent: no console is served. */
  @IsString() CONSOLE_DIR = 'dist/console';
  /**
   * The identity provider the console logs users in with (OIDC authorization code + PKCE): its issuer URL. Unset: the
   * API's AUTH_ISSUER, when that is a URL (as the development provider's is).
   */
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }) CONSOLE_OIDC_AUTHORITY?: string;
  /** The console's client id at the identity provider (a public client: PKCE, no secret). */
  @Matches(/^[\w.:/-]{1,200}$/, { message: 'CONSOLE_OIDC_CLIENT_ID must be a client id' }) CONSOLE_OIDC_CLIENT_ID = 'wfe-console';
  /** The scopes the console asks for: those that put roles, office and soggetto in its tokens. */
  @Matches(/^[\w:./-]+( [\w:./-]+)*$/, { message: 'CONSOLE_OIDC_SCOPE must be scopes separated by spaces' }) CONSOLE_OIDC_SCOPE = 'openid profile ruoli';
  /** Whether /api/docs (the OpenAPI UI and document) is served: by default everywhere but in production. */
  @IsOptional() @Transform(toBool) @IsBoolean() API_DOCS?: boolean;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; a bad or missing value throws an error naming each variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const optional = [
    'TEMPORAL_TLS_CERT_PATH',
    'TEMPORAL_TLS_KEY_PATH',
    'TEMPORAL_API_KEY',
    'AUTH_JWKS_URL',
    'SORTEGGIO_BEACON_URL',
    'AUTH_MODE',
    'METRICS_TOKEN',
    'API_DOCS',
    'DATABASE_OWNER_URL',
    'CONSOLE_OIDC_AUTHORITY',
  ];
  const picked: Record<string, string> = {};
  for (const key of [...known, ...optional]) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  // The embedded default database comes with its owner role; a database given by DATABASE_URL names its own owner.
  if (!picked.DATABASE_URL && !picked.DATABASE_OWNER_URL) picked.DATABASE_OWNER_URL = 'postgres://workflow_owner@127.0.0.1:5432/workflow_engine';
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: false });
  const problems = errors.map((e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.NODE_ENV === 'production' && !config.AUTH_JWKS_URL) {
    problems.push('AUTH_JWKS_URL: required in production (the local development key is not accepted)');
  }
  if (config.NODE_ENV === 'production' && config.AUTH_MODE === 'dev') {
    problems.push('AUTH_MODE=dev: refused in production (the local development key is not accepted)');
  }
  // The shrunk procedure day is a facility of tests and demos only: in production a day is a day.
  for (const key of ['TIROCINI_UNITA_GIORNO', 'COLLOCAMENTO_UNITA_GIORNO'] as const) {
    if (config.NODE_ENV === 'production' && !errors.some((e) => e.property === key) && durataMs(config[key]) !== 86_400_000) {
      problems.push(`${key}=${config[key]}: refused in production (only tests and demos shrink the procedure's day; production keeps P1D)`);
    }
  }
  if (config.AUTH_MODE === 'dev' && config.AUTH_JWKS_URL) {
    problems.push('AUTH_MODE=dev with AUTH_JWKS_URL: choose one (dev trusts only the local development key)');
  }
  if (config.AUTH_MODE === 'jwks' && !config.AUTH_JWKS_URL) {
    problems.push('AUTH_MODE=jwks: AUTH_JWKS_URL is required');
  }
  if (Boolean(config.TEMPORAL_TLS_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_KEY_PATH)) {
    problems.push('TEMPORAL_TLS_CERT_PATH/TEMPORAL_TLS_KEY_PATH: give both or neither');
  }
  // The SDK would quietly replace these with values of its own (with a warning in the log): refused here instead.
  if (config.WORKER_MAX_CACHED_WORKFLOWS === 1) {
    problems.push('WORKER_MAX_CACHED_WORKFLOWS=1: must be 0 (no cache) or at least 2');
  }
  if (config.WORKER_MAX_CACHED_WORKFLOWS > 0 && config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS > config.WORKER_MAX_CACHED_WORKFLOWS) {
    problems.push(
      `WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=${config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS}: at most WORKER_MAX_CACHED_WORKFLOWS (${config.WORKER_MAX_CACHED_WORKFLOWS}), every task being run is in the cache`,
    );
  }
  if (config.CODA_SISTEMA === config.TEMPORAL_TASK_QUEUE) {
    problems.push('TEMPORAL_TASK_QUEUE_SISTEMA: must differ from TEMPORAL_TASK_QUEUE (the system jobs have a queue of their own)');
  }
  if (config.SORTEGGIO_BEACON_URL && !config.SORTEGGIO_BEACON_GENESIS) {
    problems.push('SORTEGGIO_BEACON_GENESIS: required with SORTEGGIO_BEACON_URL (the beacon chain genesis, Unix seconds)');
  }
  if (problems.length) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}

/** The system jobs' task queue when TEMPORAL_TASK_QUEUE_SISTEMA is unset. */
export const codaSistema = (taskQueue: string): string => `${taskQueue}-sistema`;

/** Parses an S3 endpoint URL into the options the minio client takes. */
export function s3Endpoint(config: AppConfig): { endPoint: string; port: number; useSSL: boolean } {
  const url = new URL(config.S3_ENDPOINT);
  const useSSL = url.protocol === 'https:';
  return { endPoint: url.hostname, port: url.port ? Number(url.port) : useSSL ? 443 : 80, useSSL };
}

/** How the API verifies tokens: an identity provider's keys, or (only when asked, never in production) the development key. */
export function authMode(config: AppConfig): 'jwks' | 'dev' | undefined {
  return config.AUTH_MODE ?? (config.AUTH_JWKS_URL ? 'jwks' : undefined);
}
