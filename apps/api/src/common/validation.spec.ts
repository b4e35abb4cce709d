import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { inInglese } from '../../../../test/support/lingua';
import { ProblemException } from './problem';
import { messaggioItaliano, validationPipe } from './validation';

class Prova {
  @IsString() @Length(3, 10) nome: string;
  @IsInt() @Min(1) @Max(40) ore: number;
  @IsIn(['a', 'b']) esito: string;
  @IsUUID() id: string;
  @IsEmail() email: string;
  @IsBoolean() firmato: boolean;
  @IsOptional() @IsArray() @ArrayMaxSize(2) voci?: string[];
}

class Parte {
  @Matches(/^\d{5}$/, { message: '$property: 5 cifre' }) cap: string;
  @IsString() comune: string;
}
class ConParti {
  @ValidateNested() @Type(() => Parte) sede: Parte;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Parte) sedi: Parte[];
}

async function errori(body: unknown, metatype: new () => unknown = Prova) {
  try {
    await validationPipe.transform(body, { type: 'body', metatype });
  } catch (e) {
    if (e instanceof ProblemException) return { detail: e.detail, errors: e.errors ?? [] };
    throw e;
  }
  throw new Error('no validation error');
}

describe('validation messages', () => {
  it('says every class-validator failure in Italian, with its limit, keeping the rule slug', async () => {
    const { detail, errors } = await errori({ nome: 'x', ore: 99, esito: 'c', id: 'no', email: 'no', firmato: 'sì', voci: ['1', '2', '3'], extra: 1 });
    const byField = (f: string, r: string) => errors.find((e) => e.field === f && e.rule === r)?.message;
    expect(byField('nome', 'isLength')).toBe('nome: almeno 3 caratteri');
    expect(byField('ore', 'max')).toBe('ore: al massimo 40');
    expect(byField('esito', 'isIn')).toBe('esito: uno tra a, b');
    expect(byField('id', 'isUuid')).toBe('id: deve essere un identificativo UUID');
    expect(byField('email', 'isEmail')).toBe('email: un indirizzo di posta elettronica valido');
    expect(byField('firmato', 'isBoolean')).toBe('firmato: deve essere true o false');
    expect(byField('voci', 'arrayMaxSize')).toBe('voci: al massimo 2 elementi');
    expect(byField('extra', 'campo-non-ammesso')).toBe('extra: campo non previsto');
    expect([detail, ...errors.map((e) => e.message)].filter((t) => inInglese(String(t)))).toEqual([]);
  });

  it("names a nested field by its path, in the DTO's own messages as in class-validator's", async () => {
    const { errors } = await errori(
      {
        sede: { cap: '1', comune: 3 },
        sedi: [
          { cap: '12345', comune: 'Prato' },
          { cap: 'x', comune: 'Prato' },
        ],
      },
      ConParti,
    );
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['sede.cap', 'sede.cap: 5 cifre'],
      ['sede.comune', 'sede.comune: deve essere un testo'],
      ['sedi.1.cap', 'sedi.1.cap: 5 cifre'],
    ]);
  });

  it('keeps a message the DTO wrote in Italian, and says an unknown English one generically', () => {
    expect(messaggioItaliano('matches', 'mese', 'mese: un mese AAAA-MM')).toBe('mese: un mese AAAA-MM');
    expect(messaggioItaliano('isFoo', 'x', 'x must be foo')).toBe('x: valore non valido (regola isFoo)');
    expect(messaggioItaliano('isLength', 'nome', 'nome must be shorter than or equal to 200 characters')).toBe('nome: al massimo 200 caratteri');
  });
});
