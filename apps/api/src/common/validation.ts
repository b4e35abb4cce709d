import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemException, ProblemFieldError } from './problem';

function flatten(errors: ValidationError[], parent = ''): ProblemFieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'campo-non-ammesso' : rule,
      message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation: unknown fields refused, types converted, every failure listed with its field and rule. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) =>
    new ProblemException(400, 'validazione', 'Richiesta non valida', 'the request has invalid fields', flatten(errors)),
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
    if (meta.type === 'body' && !meta.data && Array.isArray(value) && typeof meta.metatype === 'function' && ![Array, Object].includes(meta.metatype as never)) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'il corpo deve essere un oggetto JSON, non un elenco', [
        { field: 'body', rule: 'corpo-non-oggetto', message: 'il corpo deve essere un oggetto JSON, non un elenco' },
      ]);
    }
    const errors: ProblemFieldError[] = [];
    const walk = (x: unknown, path: string, depth: number): void => {
      if (errors.length >= 20) return;
      if (typeof x === 'string') {
        if (x.includes('\u0000')) errors.push({ field: path, rule: 'carattere-non-ammesso', message: `${path || 'il testo'} contiene il carattere NUL, non ammesso` });
        else if (LONE_SURROGATE.test(x)) errors.push({ field: path, rule: 'carattere-non-ammesso', message: `${path || 'il testo'} contiene un carattere UTF-16 non valido (surrogato isolato)` });
        return;
      }
      if (x === null || typeof x !== 'object') return;
      if (depth > PROFONDITA_MASSIMA) {
        errors.push({ field: path, rule: 'annidamento-eccessivo', message: `il corpo è annidato oltre ${PROFONDITA_MASSIMA} livelli`, limit: PROFONDITA_MASSIMA });
        return;
      }
      for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
        const sub = Array.isArray(x) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
        if (LONE_SURROGATE.test(k) || k.includes('\u0000')) errors.push({ field: sub, rule: 'carattere-non-ammesso', message: 'un nome di campo contiene un carattere non ammesso' });
        walk(v, sub, depth + 1);
      }
    };
    walk(value, meta.type === 'body' ? '' : (meta.data ?? ''), 0);
    if (errors.length) throw new ProblemException(400, 'validazione', 'Richiesta non valida', 'la richiesta contiene testo non ammesso', errors);
    return value;
  },
};
