import { ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem';

/** A path parameter that must be a UUID: refused with a problem naming the parameter, as every other field. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new ProblemException(400, 'validazione', 'Richiesta non valida', `${field} deve essere un UUID`, [{ field, rule: 'uuid', message: `${field} deve essere un UUID` }]),
  });
