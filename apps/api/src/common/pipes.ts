import { ArgumentMetadata, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from './problem';
import type { RegolaRichiesta } from './regole';

const rifiuta = (field: string, rule: RegolaRichiesta, message: string) =>
  new ProblemException(400, 'validazione', 'Richiesta non valida', message, [{ field, rule, message }]);

/** A path parameter that must be a UUID (v4 if asked): refused with a problem naming the parameter, as every other field. */
export class UuidParamPipe extends ParseUUIDPipe {
  constructor(version?: '4') {
    super(version ? { version } : {});
  }
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    try {
      return await super.transform(value, metadata);
    } catch {
      const field = metadata.data ?? 'id';
      throw rifiuta(field, 'uuid', `${field} deve essere un UUID`);
    }
  }
}

/** A path parameter that must be an integer: refused naming the parameter. */
export class IntParamPipe extends ParseIntPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<number> {
    const n = await super.transform(value, metadata).catch(() => undefined);
    const field = metadata.data ?? 'numero';
    if (n === undefined || !Number.isSafeInteger(n) || n < 0) throw rifiuta(field, 'intero', `${field} deve essere un intero non negativo`);
    return n;
  }
}
