import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SQL that reads a free-form sede legale (`json`, an expression giving jsonb) as a typed address: each of
 * indirizzo, cap, comune, codiceIstat, provincia is kept when the object holds it at the top level as a well-formed
 * value (a text of a sensible length, 5 digits, 6 digits, 2 letters), otherwise null. Anything else in the object,
 * however deep, is not read. Exported so a test runs it in PostgreSQL exactly as the migration did.
 */
export const sedeLegaleTipizzata = (json: string) => `jsonb_build_object(
  'indirizzo', CASE WHEN jsonb_typeof(${json} -> 'indirizzo') = 'string' AND length(btrim(${json} ->> 'indirizzo')) BETWEEN 1 AND 300 THEN btrim(${json} ->> 'indirizzo') END,
  'cap', CASE WHEN jsonb_typeof(${json} -> 'cap') IN ('string', 'number') AND btrim(${json} ->> 'cap') ~ '^[0-9]{5}$' THEN btrim(${json} ->> 'cap') END,
  'comune', CASE WHEN jsonb_typeof(${json} -> 'comune') = 'string' AND length(btrim(${json} ->> 'comune')) BETWEEN 1 AND 100 THEN btrim(${json} ->> 'comune') END,
  'codiceIstat', CASE WHEN jsonb_typeof(${json} -> 'codiceIstat') IN ('string', 'number') AND btrim(${json} ->> 'codiceIstat') ~ '^[0-9]{6}$' THEN btrim(${json} ->> 'codiceIstat') END,
  'provincia', CASE WHEN jsonb_typeof(${json} -> 'provincia') = 'string' AND btrim(${json} ->> 'provincia') ~ '^[A-Za-z]{2}$' THEN upper(btrim(${json} ->> 'provincia')) END)`;

/**
 * Addresses are typed (issue 12): a sede legale was free JSON (a 1,000-level object broke the host list), a site's
 * address two free texts. From now on both are { indirizzo, cap, comune, codiceIstat, provincia }, validated at
 * the API. A sede legale already stored is converted with what can be read of it (`sedeLegaleTipizzata`): the API
 * returns every record in one shape, nulls where an old one has no well-formed value. The JSON as it was entered
 * is kept, unread by the API, in `sede_legale_originale` (null for records written typed). Sites registered before
 * get no CAP, ISTAT code or provincia (null): their texts are kept as they were.
 */
export class IndirizziTipizzati1765008000000 implements MigrationInterface {
  name = 'IndirizziTipizzati1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tir_soggetti ADD COLUMN sede_legale_originale jsonb');
    await q.query(`UPDATE tir_soggetti SET sede_legale_originale = sede_legale, sede_legale = ${sedeLegaleTipizzata('sede_legale')}`);
    await q.query('ALTER TABLE tir_sedi ADD COLUMN cap varchar(5), ADD COLUMN codice_istat varchar(6), ADD COLUMN provincia varchar(2)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tir_sedi DROP COLUMN cap, DROP COLUMN codice_istat, DROP COLUMN provincia');
    await q.query('UPDATE tir_soggetti SET sede_legale = sede_legale_originale WHERE sede_legale_originale IS NOT NULL');
    await q.query('ALTER TABLE tir_soggetti DROP COLUMN sede_legale_originale');
  }
}
