import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, ProblemFieldError } from './problem';

const numero = (m: string) => /(-?\d+(?:\.\d+)?)/.exec(m)?.[1] ?? '';
const dopo = (m: string, marca: string) => (m.includes(marca) ? m.slice(m.indexOf(marca) + marca.length).trim() : '');

/**
 * class-validator writes its messages in English ("x must be a string"); a user reads them in Italian. A message a
 * DTO writes itself in Italian is kept; one of class-validator's own is said again in Italian from its rule, with
 * the limit it names (a length, a bound, the values allowed). The rule slug stays class-validator's.
 */
export function messaggioItaliano(rule: string, field: string, message: string): string {
  if (!/\b(must|should|property)\b/.test(message)) return message;
  const f = field || 'il valore';
  switch (rule) {
    case 'whitelistValidation':
      return `${f}: campo non previsto`;
    case 'isString':
      return `${f}: deve essere un testo`;
    case 'isInt':
      return `${f}: deve essere un numero intero`;
    case 'isNumber':
    case 'isNumberString':
    case 'isDecimal':
      return `${f}: deve essere un numero`;
    case 'isPositive':
      return `${f}: deve essere un numero maggiore di 0`;
    case 'isBoolean':
      return `${f}: deve essere true o false`;
    case 'isIn':
    case 'isEnum':
      return `${f}: uno tra ${dopo(message, 'following values:')}`;
    case 'min':
      return `${f}: almeno ${numero(message)}`;
    case 'max':
      return `${f}: al massimo ${numero(message)}`;
    case 'minLength':
      return `${f}: almeno ${numero(message)} caratteri`;
    case 'maxLength':
      return `${f}: al massimo ${numero(message)} caratteri`;
    case 'isLength':
      return /longer/.test(message) ? `${f}: almeno ${numero(message)} caratteri` : `${f}: al massimo ${numero(message)} caratteri`;
    case 'matches':
      return `${f}: formato non valido`;
    case 'isUuid':
    case 'isUUID':
      return `${f}: deve essere un identificativo UUID`;
    case 'isEmail':
      return `${f}: un indirizzo di posta elettronica valido`;
    case 'isUrl':
      return `${f}: un indirizzo web valido`;
    case 'isArray':
      return `${f}: deve essere un elenco`;
    case 'arrayMinSize':
    case 'arrayNotEmpty':
      return `${f}: almeno ${numero(message) || 1} elementi`;
    case 'arrayMaxSize':
      return `${f}: al massimo ${numero(message)} elementi`;
    case 'arrayUnique':
      return `${f}: elementi ripetuti`;
    case 'isDateString':
    case 'isIso8601':
    case 'isISO8601':
      return `${f}: una data e ora ISO 8601`;
    case 'isDate':
      return `${f}: una data`;
    case 'isNotEmpty':
      return `${f}: obbligatorio, non vuoto`;
    case 'isDefined':
      return `${f}: obbligatorio`;
    case 'isObject':
    case 'nestedValidation':
      return `${f}: deve essere un oggetto`;
    default:
      return `${f}: valore non valido (regola ${rule})`;
  }
}

/** The value a field had, when it is short enough to repeat: a user sees what was refused. */
const trovato = (v: unknown): unknown =>
  v === null || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'string' ? (v.length <= 200 ? v : `${v.slice(0, 200)}…`) : undefined;

/** A path as the plan rules write it: `aree[0].obiettivi[1].peso`, not `aree.0.obiettivi.1.peso`. */
const conIndici = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

/**
 * A DTO's own message names its property ("cap: 5 cifre"): inside a nested object or a list the reader needs the
 * path ("sedeLegale.cap: 5 cifre", "sedi.0.cap: …"), as class-validator's own messages get it in messaggioItaliano.
 */
const conPercorso = (message: string, property: string, path: string) =>
  path !== property && (message.startsWith(`${property}:`) || message.startsWith(`${property} `)) ? `${path}${message.slice(property.length)}` : message;

function flatten(errors: ValidationError[], parent = '', indici = false): ProblemFieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field: indici ? conIndici(field) : field,
      rule: rule === 'whitelistValidation' ? 'campo-non-ammesso' : rule,
      message: conPercorso(messaggioItaliano(rule, indici ? conIndici(field) : field, message), e.property, indici ? conIndici(field) : field),
      ...(trovato(e.value) !== undefined && rule !== 'whitelistValidation' ? { found: trovato(e.value) } : {}),
    }));
    return [...own, ...flatten(e.children ?? [], field, indici)];
  });
}

/**
 * Rules of a document checked beside its DTO, so that one answer lists both (a plan's weights and dates with its
 * missing fields): keyed by the DTO class, given the body as received. A check that cannot read a malformed body
 * adds nothing.
 */
export const REGOLE_DOCUMENTO = new Map<abstract new (...args: never[]) => unknown, (corpo: unknown) => ProblemFieldError[]>();

function regoleDocumento(errors: ValidationError[]): ProblemFieldError[] | undefined {
  const target = errors[0]?.target as object | undefined;
  const regole = target ? REGOLE_DOCUMENTO.get(target.constructor as abstract new (...args: never[]) => unknown) : undefined;
  if (!regole) return undefined;
  try {
    return regole(target);
  } catch {
    return [];
  }
}

/** DTO validation: unknown fields refused, types converted, every failure listed with its field and rule. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  // The checked object, for the document rules run beside the fields (REGOLE_DOCUMENTO); never sent in an answer.
  validationError: { target: true },
  exceptionFactory: (errors) => {
    const documento = regoleDocumento(errors);
    if (!documento) return new ProblemException(400, 'validazione', 'Richiesta non valida', 'la richiesta ha campi non validi', flatten(errors));
    // One pass: the fields' errors and the document's rules together, all with bracketed paths.
    const campi = flatten(errors, '', true);
    const visti = new Set(campi.map((c) => `${c.field} ${c.rule}`));
    return new ProblemException(400, 'validazione', 'Richiesta non valida', 'la richiesta ha campi non validi e viola regole del documento', [
      ...campi,
      ...documento.filter((d) => !visti.has(`${d.field} ${d.rule}`)),
    ]);
  },
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** How deep a JSON body may nest: no DTO of the API goes beyond a handful of levels. */
export const PROFONDITA_MASSIMA = 32;

/**
 * Every text the API receives (body, query, path), before any DTO: a NUL character or a lone UTF-16 surrogate is
 * refused naming its field (PostgreSQL cannot store them, and no user types them), and so is nesting deeper than
 * PROFONDITA_MASSIMA. Runs on every argument, typed or not.
 */
export const testoValidoPipe = {
  transform(value: unknown, meta: { type: string; data?: string; metatype?: unknown }): unknown {
    if (meta.type !== 'body' && meta.type !== 'query' && meta.type !== 'param') return value;
    // A route that takes an object refuses an array at once: turning a large array into DTO instances and validating
    // each would hold the event loop for seconds.
    if (
      meta.type === 'body' &&
      !meta.data &&
      Array.isArray(value) &&
      typeof meta.metatype === 'function' &&
      ![Array, Object].includes(meta.metatype as never)
    ) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'il corpo deve essere un oggetto JSON, non un elenco', [
        { field: 'body', rule: 'corpo-non-oggetto', message: 'il corpo deve essere un oggetto JSON, non un elenco' },
      ]);
    }
    const errors: ProblemFieldError[] = [];
    const walk = (x: unknown, path: string, depth: number): void => {
      if (errors.length >= 20) return;
      if (typeof x === 'string') {
        if (x.includes('\u0000'))
          errors.push({ field: path, rule: 'carattere-non-ammesso', message: `${path || 'il testo'} contiene il carattere NUL, non ammesso` });
        else if (LONE_SURROGATE.test(x))
          errors.push({
            field: path,
            rule: 'carattere-non-ammesso',
            message: `${path || 'il testo'} contiene un carattere UTF-16 non valido (surrogato isolato)`,
          });
        return;
      }
      if (x === null || typeof x !== 'object') return;
      if (depth > PROFONDITA_MASSIMA) {
        errors.push({
          field: path,
          rule: 'annidamento-eccessivo',
          message: `il corpo è annidato oltre ${PROFONDITA_MASSIMA} livelli`,
          limit: PROFONDITA_MASSIMA,
        });
        return;
      }
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
        const sub = Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        if (LONE_SURROGATE.test(k) || k.includes('\u0000'))
          errors.push({ field: sub, rule: 'carattere-non-ammesso', message: 'un nome di campo contiene un carattere non ammesso' });
        walk(v, sub, depth + 1);
      }
    };
    walk(value, meta.type === 'body' ? '' : (meta.data ?? ''), 0);
    if (errors.length) throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'la richiesta contiene testo non ammesso', errors);
    return value;
  },
};
