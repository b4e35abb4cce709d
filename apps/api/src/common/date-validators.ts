import { ValidationOptions, registerDecorator } from 'class-validator';

/**
 * Dates as the API accepts them: a calendar date that exists (2026-02-30 and 2026-13-01 are refused here, not by the
 * database), and an instant with a real date, a time and a zone. Years are kept to 1900–2199, so nothing reaches
 * PostgreSQL or Date arithmetic that they would reject or misread.
 */

const DATA = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISTANTE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function giornoEsiste(a: number, m: number, g: number): boolean {
  if (a < 1900 || a > 2199 || m < 1 || m > 12 || g < 1) return false;
  return g <= new Date(Date.UTC(a, m, 0)).getUTCDate();
}

export function isDataCalendario(x: unknown): x is string {
  const m = typeof x === 'string' ? DATA.exec(x) : null;
  return !!m && giornoEsiste(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isIstante(x: unknown): x is string {
  const m = typeof x === 'string' ? ISTANTE.exec(x) : null;
  return !!m && giornoEsiste(Number(m[1]), Number(m[2]), Number(m[3])) && !Number.isNaN(Date.parse(x as string));
}

/** A calendar date YYYY-MM-DD that exists. */
export function IsDataCalendario(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'dataCalendario',
      target: target.constructor,
      propertyName: property,
      options,
      validator: { validate: isDataCalendario, defaultMessage: () => `${property} deve essere una data esistente nel formato AAAA-MM-GG` },
    });
}

/** An ISO 8601 instant: a date that exists, a time, and Z or an offset (e.g. 2026-12-01T00:00:00Z). */
export function IsIstante(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'istante',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: isIstante,
        defaultMessage: () => `${property} deve essere un istante ISO 8601 con data esistente, ora e fuso (es. 2026-12-01T00:00:00Z)`,
      },
    });
}

/** A date YYYY-MM-DD that exists, or an instant as above. */
export function IsDataOIstante(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'dataOIstante',
      target: target.constructor,
      propertyName: property,
      options,
      validator: {
        validate: (x: unknown) => isDataCalendario(x) || isIstante(x),
        defaultMessage: () => `${property} deve essere una data esistente AAAA-MM-GG o un istante ISO 8601 con fuso`,
      },
    });
}
