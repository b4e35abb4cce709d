import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation, actsFor, canSeeOffice, isExternal, seesEveryOffice } from '@app/domain';
import type { Datore, Iscritto } from '@app/domain/collocamento/collocamento.types';
import {
  COLONNE_DATORI,
  COLONNE_ISCRITTI,
  COLONNE_OBBLIGATORIE_DATORI,
  COLONNE_OBBLIGATORIE_ISCRITTI,
  ErroreImport,
  importaDatori,
  importaIscritti,
} from '@app/domain/collocamento/import';
import { decodificaCsv, motivoCsvIlleggibile, separatoreCsv, verificaIntestazione } from '@app/domain/collocamento/csv';
import { quotaObbligo, scopertura } from '@app/domain/collocamento/quota';
import {
  AuditTrail,
  DatoreRegistro,
  DatoriRepository,
  DocumentsService,
  IscrittiRepository,
  IscrittoRegistro,
  OfferteRepository,
  StoredDocument,
} from '@app/infrastructure';
import { ProblemException, ProblemFieldError, notFound } from '../common/problem';
import { UFFICIO } from './collocamento.dto';
import { rifiuto } from '../common/rifiuto';

const MAX_CSV_BYTES = 64 * 1024 * 1024;
/** Who works a person's enrolment, and so reads its health and economic data (GDPR art. 9): the office's CPI staff. */
const gestisceIscrizioni = (a: Actor) => a.roles.some((r) => r === 'operatore' || r === 'responsabile');

/**
 * A person's enrolment as the caller may see it: the CPI's operatori and responsabili see it all; a dirigente or an
 * administrator, who oversee and do not place people, see the enrolment without health data (invalidity, the
 * relazione conclusiva and its compatibility notes) and without economic and family data.
 */
export function vistaIscritto(i: IscrittoRegistro, actor: Actor) {
  if (gestisceIscrizioni(actor) && actor.office === i.ufficio) return i;
  const { percentualeInvalidita: _p, compatibilita: _c, relazioneDocumentoId: _d, relazioneSha256: _h, iseeCent: _i, familiariACarico: _f, ...resto } = i;
  return resto;
}

/** The UUID an enrolment's documents are filed under: stable, from its office and registry id. */
export function uuidIscrizione(ufficio: string, id: string): string {
  const h = createHash('sha256').update(`iscrizione:${ufficio}/${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const trasferita = (i: IscrittoRegistro) =>
  rifiuto('Iscrizione trasferita', [
    {
      rule: 'iscrizione-trasferita',
      field: 'id',
      message: `l'iscrizione è stata trasferita a ${i.trasferitoA} il ${i.trasferitoIl?.toISOString().slice(0, 10)}`,
      found: i.trasferitoA,
    },
  ]);

async function leggiTutto(body: Readable, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.resume();
      throw new ProblemException(413, 'dimensione-massima', 'File troppo grande', `il CSV supera ${max} byte`);
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/** An import error of a CSV: its row and column. */
const erroreDiRiga = (e: ErroreImport): ProblemFieldError => ({ field: `riga ${e.riga}: ${e.campo}`, rule: e.regola, message: e.messaggio, found: e.riga });

/** The L. 68/99 registry: each office's list of people (with bulk CSV import), the employers, the offices' settings. */
@Injectable()
export class RegistroCollocamentoService {
  constructor(
    private readonly iscrittiRepo: IscrittiRepository,
    private readonly datoriRepo: DatoriRepository,
    private readonly offerteRepo: OfferteRepository,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
  ) {}

  /** An office the caller may act on; a code no office could have is as missing as another office's (not a 500 from the database). */
  private ufficioAccessibile(ufficio: string, actor: Actor): void {
    if (!UFFICIO.test(ufficio) || !canSeeOffice(actor, ufficio)) throw notFound(`impostazioni dell’ufficio ${ufficio.slice(0, 60)}`);
  }

  /** The office's settings (region, largest rosa, patron days), or the deployment's defaults when it set none. */
  async impostazioni(ufficio: string, actor: Actor) {
    this.ufficioAccessibile(ufficio, actor);
    const i = await this.offerteRepo.impostazioniUfficio(ufficio);
    return i ?? { ufficio, regione: null, dimensioneRosaMassima: 20, patroni: [], predefinite: true };
  }

  async salvaImpostazioni(
    ufficio: string,
    dto: { regione: string; dimensioneRosaMassima: number; patroni: string[]; motivazione: string },
    actor: Actor,
    requestId?: string,
  ) {
    this.ufficioAccessibile(ufficio, actor);
    const patroni = [...new Set(dto.patroni)].sort();
    const v: RuleViolation[] = [];
    patroni.forEach((p, i) => {
      const [mm, gg] = p.split('-').map(Number);
      if (!/^\d{2}-\d{2}$/.test(p) || mm < 1 || mm > 12 || gg < 1 || gg > new Date(Date.UTC(2024, mm, 0)).getUTCDate()) {
        v.push({ rule: 'giorno-non-valido', field: `patroni[${i}]`, message: 'patroni: giorni MM-GG esistenti (es. 06-24)', found: p });
      }
    });
    if (v.length) throw rifiuto('Impostazioni non valide', v);
    return this.offerteRepo.transazione(async (m) => {
      const r = await this.offerteRepo.salvaImpostazioniUfficio(m, {
        ufficio,
        regione: dto.regione,
        dimensioneRosaMassima: dto.dimensioneRosaMassima,
        patroni,
        aggiornatoDa: actor.sub,
      });
      await this.audit.append(m, {
        actor,
        procedura: 'collocamento',
        entita: 'impostazioni-ufficio',
        entitaId: ufficio,
        azione: r.prima ? 'modificate' : 'impostate',
        requestId,
        motivazione: dto.motivazione,
        prima: r.prima ? { regione: r.prima.regione, dimensioneRosaMassima: r.prima.dimensioneRosaMassima, patroni: r.prima.patroni } : undefined,
        dopo: { regione: r.dopo.regione, dimensioneRosaMassima: r.dopo.dimensioneRosaMassima, patroni: r.dopo.patroni },
      });
      return r.dopo;
    });
  }

  /**
   * Imports people or employers from CSV (';' or ',' separated, header row with the column names of import.ts).
   * Every row is checked first; with any error nothing is written and the answer lists every error by row and
   * column. Rows that duplicate someone already registered are errors too. Otherwise all rows go in one transaction.
   */
  async importa(tipo: string, body: Readable, actor: Actor, requestId?: string) {
    if (tipo !== 'iscritti' && tipo !== 'datori') {
      body.resume();
      throw rifiuto('Tipo di importazione non ammesso', [
        { rule: 'valore-ammesso', field: 'tipo', message: 'tipo: iscritti oppure datori', found: tipo, limit: ['iscritti', 'datori'] },
      ]);
    }
    // As Italian Excel writes it: UTF-8 (BOM or not) or Windows-1252, ';' or ',' as the header shows.
    const decodificato = decodificaCsv(await leggiTutto(body, MAX_CSV_BYTES));
    if ('errore' in decodificato)
      throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', decodificato.errore, [
        { field: 'file', rule: 'codifica', message: decodificato.errore },
      ]);
    let righe: string[][];
    try {
      righe = parse(decodificato.testo, { delimiter: separatoreCsv(decodificato.testo), trim: true, skip_empty_lines: true, relax_column_count: false });
    } catch (e) {
      throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', motivoCsvIlleggibile(e), [
        { field: 'file', rule: 'formato', message: motivoCsvIlleggibile(e) },
      ]);
    }
    const [intestazione, ...dati] = righe;
    if (!intestazione)
      throw new ProblemException(422, 'csv-non-valido', 'CSV non leggibile', 'il file è vuoto', [
        { field: 'file', rule: 'formato', message: 'il file è vuoto: serve almeno la riga di intestazione' },
      ]);
    const errori =
      tipo === 'iscritti'
        ? verificaIntestazione(intestazione, COLONNE_ISCRITTI, COLONNE_OBBLIGATORIE_ISCRITTI)
        : verificaIntestazione(intestazione, COLONNE_DATORI, COLONNE_OBBLIGATORIE_DATORI);
    if (errori.length) {
      throw new ProblemException(
        422,
        'importazione-rifiutata',
        'Importazione rifiutata',
        `l'intestazione ha ${errori.length} errori: nulla è stato importato`,
        errori.map((e) => ({ field: `riga 1: ${e.campo}`, rule: e.regola, message: e.messaggio, found: e.riga })),
      );
    }
    const records = dati.map((r) => Object.fromEntries(intestazione.map((c, i) => [c, r[i] ?? ''])));
    return this.registra(tipo, records, actor, requestId);
  }

  /**
   * Registers the records (CSV rows, or one JSON body mapped to a row) under the import's rules; `errore` names where
   * each error is: a CSV's row and column by default, a JSON body's field when it came as one (collocamento.dto.ts).
   */
  async registra(tipo: 'iscritti' | 'datori', records: Record<string, string>[], actor: Actor, requestId?: string, errore = erroreDiRiga) {
    const esito = tipo === 'iscritti' ? importaIscritti(records) : importaDatori(records);
    const errori: ErroreImport[] = [...esito.errori];
    const validi = esito.validi as Array<Iscritto | Datore>;
    // The CSV row of each valid record (the first data row is 2, after the header), for the error report.
    const riga = new Map<string, number>();
    records.forEach((r, i) => {
      const cf = String(r.codice_fiscale ?? '')
        .trim()
        .toUpperCase();
      if (!riga.has(cf)) riga.set(cf, i + 2);
    });
    const rigaDi = (v: Iscritto | Datore) => riga.get(v.codiceFiscale) ?? 0;
    if (tipo === 'iscritti') {
      for (const r of validi as Iscritto[]) {
        if (!canSeeOffice(actor, r.ufficio))
          errori.push({
            riga: rigaDi(r),
            campo: 'ufficio',
            regola: 'non-ammesso',
            messaggio: `solo il proprio ufficio (${actor.office}) può iscrivere persone`,
          });
      }
    }
    return this.iscrittiRepo.transazione(async (m) => {
      // Each office keeps its own list: a person is a duplicate only of an enrolment of the same office (whether
      // another office has them is nobody's business here). Employers are one regional registry.
      const chiave = (v: Iscritto | Datore) => (tipo === 'iscritti' ? `${(v as Iscritto).ufficio}|` : '');
      const gia =
        tipo === 'iscritti'
          ? (
              await this.iscrittiRepo.iscrittiEsistenti(
                m,
                (validi as Iscritto[]).map((v) => ({ ufficio: v.ufficio, id: v.id, cf: v.codiceFiscale })),
              )
            ).map((g) => ({ ...g, k: `${g.ufficio}|` }))
          : (
              await this.datoriRepo.datoriEsistenti(
                m,
                validi.map((v) => v.id),
                validi.map((v) => v.codiceFiscale),
              )
            ).map((g) => ({ ...g, k: '' }));
      const ids = new Set(gia.map((g) => g.k + g.id));
      const cfs = new Set(gia.map((g) => g.k + g.cf));
      for (const v of validi) {
        if (ids.has(chiave(v) + v.id) || cfs.has(chiave(v) + v.codiceFiscale)) {
          const dove = tipo === 'iscritti' ? `nell'elenco di ${(v as Iscritto).ufficio}` : 'nel registro regionale dei datori di lavoro';
          errori.push({ riga: rigaDi(v), campo: 'codice_fiscale', regola: 'duplicato', messaggio: `${v.codiceFiscale} è già registrato ${dove}` });
        }
      }
      if (errori.length) {
        errori.sort((a, b) => a.riga - b.riga || a.campo.localeCompare(b.campo));
        throw new ProblemException(
          422,
          'importazione-rifiutata',
          'Importazione rifiutata',
          `${errori.length} errori in ${new Set(errori.map((e) => e.riga)).size} righe: nulla è stato importato`,
          errori.map(errore),
        );
      }
      try {
        if (tipo === 'iscritti') await this.iscrittiRepo.inserisciIscritti(m, validi as Iscritto[], actor.sub);
        else await this.datoriRepo.inserisciDatori(m, validi as Datore[], actor.sub, actor.office);
      } catch (e) {
        // The same people entered concurrently by someone else of the office: nothing of this import is written.
        if ((e as { code?: string }).code === '23505') {
          throw new ProblemException(
            409,
            'importazione-rifiutata',
            'Importazione rifiutata',
            'alcune righe sono state registrate nel frattempo da un altro utente: nulla è stato importato',
            [{ field: 'codice_fiscale', rule: 'duplicato', message: 'già registrato nel frattempo' }],
          );
        }
        throw e;
      }
      await this.audit.append(m, {
        actor,
        procedura: 'collocamento',
        entita: tipo,
        entitaId: randomUUID(),
        azione: 'importati',
        requestId,
        dopo: { righe: validi.length, ids: validi.slice(0, 1000).map((v) => v.id) },
      });
      return { importati: validi.length, ids: validi.map((v) => v.id) };
    });
  }

  /** The enrolment in the list of the caller's office (another office's with `ufficio`, for roles that see every office). */
  private async trovaIscritto(id: string, actor: Actor, ufficio?: string): Promise<IscrittoRegistro> {
    const u = ufficio ?? actor.office;
    const i = canSeeOffice(actor, u) ? await this.iscrittiRepo.iscritto(u, id) : null;
    if (!i) throw notFound(`iscritto ${id}`);
    return i;
  }

  /** People of an office's list found by id or codice fiscale (another office's list only for roles that see every office: else none). */
  async iscritti(cerca: string, actor: Actor, ufficio?: string) {
    const u = ufficio ?? actor.office;
    return canSeeOffice(actor, u) ? this.iscrittiRepo.cercaIscritti(u, cerca) : [];
  }

  /** Employers found by codice fiscale or name: those the caller's office registered or serves (every one for regional roles). */
  async datori(cerca: string, actor: Actor) {
    return this.datoriRepo.cercaDatori(cerca, seesEveryOffice(actor) ? undefined : actor.office);
  }

  /** A person's enrolment, for the staff of its office (health data only to those who place people: see vistaIscritto). */
  async iscritto(id: string, actor: Actor, ufficio?: string) {
    return vistaIscritto(await this.trovaIscritto(id, actor, ufficio), actor);
  }

  /** The relazione conclusiva (medical report) as a document; the compatibility notes stay data on the record. */
  async caricaRelazione(id: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const i = await this.trovaIscritto(id, actor).catch((e) => {
      body.resume();
      throw e;
    });
    if (i.trasferitoIl) {
      body.resume();
      throw trasferita(i);
    }
    // Documents belong to an entity by UUID; an enrolment is keyed by office and registry id (often the codice fiscale).
    const doc = await this.documents.upload(
      {
        procedura: 'collocamento',
        entitaId: uuidIscrizione(i.ufficio, id),
        ufficio: i.ufficio,
        tipo: 'relazione-conclusiva',
        nomeFile,
        actor,
        requestId,
        esamina: true,
      },
      body,
    );
    await this.iscrittiRepo.allegaRelazione(i.ufficio, id, doc.id, doc.sha256);
    return doc;
  }

  /**
   * Moves a person's enrolment to another office's list (the person moved): a responsabile's action, with its
   * reason, recorded in the audit trail. The enrolment here closes (kept for the offers it was in); the other
   * office's opens with the same data and seniority. Refused while the person is in an offer not yet ranked here.
   */
  async trasferisci(id: string, verso: string, motivazione: string, actor: Actor, requestId?: string) {
    const i = await this.trovaIscritto(id, actor);
    if (i.trasferitoIl) throw trasferita(i);
    const v: RuleViolation[] = [];
    if (verso === i.ufficio) v.push({ rule: 'ufficio-diverso', field: 'ufficio', message: "l'ufficio di destinazione è quello attuale", found: verso });
    if (v.length) throw rifiuto('Trasferimento non ammesso', v);
    return this.iscrittiRepo.transazione(async (m) => {
      const bloccata = await this.iscrittiRepo.iscritto(i.ufficio, id, m, true);
      if (!bloccata || bloccata.trasferitoIl) throw trasferita(i);
      const aperte = await this.offerteRepo.adesioniAperte(m, i.ufficio, id);
      if (aperte.length) {
        throw rifiuto('Trasferimento non ammesso', [
          {
            rule: 'adesioni-in-corso',
            field: 'id',
            message: 'la persona ha adesioni a offerte non ancora graduate: ritirarle o attendere la graduatoria',
            found: aperte,
          },
        ]);
      }
      if (!(await this.iscrittiRepo.trasferisci(m, i.ufficio, id, verso, actor.sub))) {
        throw rifiuto('Trasferimento non ammesso', [
          { rule: 'gia-iscritto', field: 'ufficio', message: "la persona ha già un'iscrizione in vigore presso l'ufficio di destinazione", found: verso },
        ]);
      }
      await this.audit.append(m, {
        actor,
        procedura: 'collocamento',
        entita: 'iscritto',
        entitaId: `${i.ufficio}/${id}`,
        azione: 'trasferito',
        motivazione,
        requestId,
        prima: { ufficio: i.ufficio },
        dopo: { ufficio: verso },
      });
      return { id, da: i.ufficio, a: verso, stato: 'trasferita' };
    });
  }

  /**
   * An employer the caller may see: staff of the office that registered it or that it asked for candidates (or a
   * role that sees every office); the employer's own users. Any other is not found.
   */
  private async datoreVisibile(id: string, actor: Actor): Promise<DatoreRegistro | null> {
    const d = await this.datoriRepo.datore(id);
    if (!d) return null;
    if (isExternal(actor)) return actsFor(actor, d.codiceFiscale) ? d : null;
    if (seesEveryOffice(actor) || d.ufficio === actor.office || (await this.datoriRepo.datoreServitoDa(id, actor.office))) return d;
    return null;
  }

  async datore(id: string, actor: Actor) {
    const d = await this.datoreVisibile(id, actor);
    if (!d) throw notFound(`datore ${id}`);
    return { ...d, quota: quotaObbligo(d.dipendentiComputabili), scopertura: scopertura(d) };
  }
}
