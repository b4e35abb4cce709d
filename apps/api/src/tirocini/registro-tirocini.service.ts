import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation, actsFor, isExternal, seesEveryOffice } from '@app/domain';
import {
  coerenzaNomi,
  verificaCodiceFiscaleOrganizzazione,
  verificaCodiceFiscalePersona,
  verificaNome,
  verificaPartitaIva,
} from '@app/domain/common/identificativi';
import { normalizzaIndirizzo } from '@app/domain/common/indirizzo';
import { conteggioGiaRegistrato, dipendentiInVigore } from '@app/domain/tirocini/dipendenti';
import { AuditTrail, Convenzione, DocumentsService, Soggetto, SoggettiRepository, StoredDocument } from '@app/infrastructure';
import { ProblemException, notFound } from '../common/problem';
import { ConteggioDipendentiDto, ConvenzioneDto, NuovaSedeDto, SoggettoDto, TutorDto } from './tirocini.dto';
import { rifiuto } from '../common/rifiuto';

/**
 * 409 for a business key already registered; `esistente` names the record (Location and id) when the caller may see
 * it, so a client whose first answer was lost finds what it registered.
 */
export const duplicate = (what: string, field: string, found: string, esistente?: { percorso: string; id: string }) =>
  new ProblemException(
    409,
    'gia-registrato',
    'Già registrato',
    `${what} ${found}: già registrato`,
    [{ field, rule: 'gia-registrato', message: `${what}: già registrato`, found }],
    esistente ? { headers: { Location: `/api/v1/${esistente.percorso}/${esistente.id}` }, estensioni: { id: esistente.id } } : {},
  );
const prefixed = (vs: RuleViolation[], field: string) => vs.map((v) => ({ ...v, field }));
const sconosciuto = (field: string, found: string, cosa: string): RuleViolation & { field: string } => ({
  rule: 'soggetto-sconosciuto',
  field,
  message: `${cosa} non registrato`,
  found,
});

/** The calendar date of an instant as the procedure reads it: a date begins at 00:00 UTC (docs/tirocini.md). */
export const giornoProcedura = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * What each caller sees of a soggetto. Soggetti are a regional registry (a host may have sites in many offices): staff
 * read them all. Each site shows the head count in force `oggi`, the date it holds from, and every count recorded
 * (who recorded one is for staff). External users read themselves, what they registered and their counterparts; of
 * others' sites they do not see the head count.
 */
export function vistaSoggetto(s: Soggetto, actor: Actor, oggi = giornoProcedura(new Date())) {
  const { registratoPer: _r, ...pubblico } = s;
  const proprio = !isExternal(actor) || actsFor(actor, s.codiceFiscale, s.partitaIva);
  return {
    ...pubblico,
    sedi: s.sedi.map(({ storicoDipendenti, ...sede }) => {
      if (!proprio) return sede;
      const inVigore = dipendentiInVigore(storicoDipendenti, oggi);
      return {
        ...sede,
        dipendentiIndeterminato: inVigore?.dipendentiIndeterminato ?? null,
        dipendentiIndeterminatoDal: inVigore?.dal ?? null,
        storicoDipendenti: isExternal(actor) ? storicoDipendenti.map(({ registratoDa: _d, ...c }) => c) : storicoDipendenti,
      };
    }),
  };
}

/**
 * The registry the tirocinio procedure reads: promoters and hosts with their sites, tutors, convenzioni (the trainees
 * are TirocinantiService's). Fiscal codes are checked (check character, omocodia).
 */
@Injectable()
export class RegistroTirociniService {
  constructor(
    private readonly soggettiRepo: SoggettiRepository,
    private readonly audit: AuditTrail,
    private readonly documents: DocumentsService,
  ) {}

  async creaSoggetto(dto: SoggettoDto, actor: Actor, requestId?: string) {
    const codiceFiscale = dto.codiceFiscale.toUpperCase();
    const violations = [
      ...prefixed(verificaCodiceFiscaleOrganizzazione(codiceFiscale), 'codiceFiscale'),
      ...(dto.partitaIva ? prefixed(verificaPartitaIva(dto.partitaIva), 'partitaIva') : []),
    ];
    // An external promotore registers the hosts it works with, and itself: never another promotore.
    if (isExternal(actor) && dto.ruolo === 'promotore' && !actsFor(actor, codiceFiscale, dto.partitaIva)) {
      violations.push({
        rule: 'soggetto-non-rappresentato',
        field: 'codiceFiscale',
        message: 'un promotore registra solo sé stesso e gli ospitanti con cui opera',
        found: codiceFiscale,
        limit: actor.soggetto,
      });
    }
    if (violations.length) throw rifiuto('Soggetto non registrabile', violations);
    const esistente = await this.soggettiRepo.soggettoPerCodice(dto.ruolo, codiceFiscale);
    if (esistente) {
      const visibile = await this.soggettoVisibile(esistente.id, actor);
      throw duplicate(dto.ruolo, 'codiceFiscale', codiceFiscale, visibile ? { percorso: 'soggetti-tirocinio', id: visibile.id } : undefined);
    }
    const oggi = giornoProcedura(new Date());
    return this.soggettiRepo.transazione(async (m) => {
      const s = await this.soggettiRepo.creaSoggetto(
        m,
        {
          ruolo: dto.ruolo,
          denominazione: dto.denominazione,
          codiceFiscale,
          partitaIva: dto.partitaIva ?? null,
          tipologia: dto.tipologia ?? null,
          regione: dto.regione,
          sedeLegale: normalizzaIndirizzo(dto.sedeLegale),
          sedi: dto.sedi.map((x) => ({ ...x, ...normalizzaIndirizzo(x) })),
          ufficio: actor.office,
          registratoPer: isExternal(actor) ? actor.soggetto!.toUpperCase() : null,
        },
        actor.sub,
        oggi,
      );
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: `soggetto-${dto.ruolo}`,
        entitaId: s.id,
        azione: 'registrato',
        requestId,
        dopo: {
          denominazione: s.denominazione,
          codiceFiscale,
          sedi: s.sedi.map((x) => ({ id: x.id, dipendentiIndeterminato: x.storicoDipendenti[0].dipendentiIndeterminato, dal: oggi })),
        },
      });
      return vistaSoggetto(s, actor, oggi);
    });
  }

  async soggetti(actor: Actor, f: { ruolo?: string; codiceFiscale?: string; cerca?: string }) {
    const righe = await this.soggettiRepo.soggetti({ ...f, per: isExternal(actor) ? actor.soggetto : undefined });
    const oggi = giornoProcedura(new Date());
    return righe.map((s) => vistaSoggetto(s, actor, oggi));
  }

  /** A soggetto the caller may see (see `vistaSoggetto`); any other is not found. */
  async soggettoVisibile(id: string, actor: Actor): Promise<Soggetto | null> {
    const s = await this.soggettiRepo.soggetto(id);
    if (!s || (isExternal(actor) && !(await this.soggettiRepo.soggettoVisibile(id, actor.soggetto!)))) return null;
    return s;
  }

  async soggetto(id: string, actor: Actor) {
    const s = await this.soggettoVisibile(id, actor);
    if (!s) throw notFound(`soggetto ${id}`);
    return vistaSoggetto(s, actor);
  }

  /**
   * Whether the caller may add to the soggetto (tutors, convenzioni): staff where it works in their office (see
   * `soggettoOperaIn`), or with a role that sees every office; an external user for the soggetti it sees, where they
   * work in its office too (a regional record is written only where it works).
   */
  private async scrivibile(s: Soggetto | null, actor: Actor): Promise<boolean> {
    if (!s) return false;
    if (isExternal(actor) && !(await this.soggettiRepo.soggettoVisibile(s.id, actor.soggetto!))) return false;
    return seesEveryOffice(actor) || this.soggettiRepo.soggettoOperaIn(s.id, actor.office);
  }

  /**
   * Whether the caller keeps the soggetto's sites and head counts: staff of the office that registered it (for a
   * record older than that, of an office where it works, see `soggettoOperaIn`). Never an external user, not even
   * the soggetto itself: the counts decide how many trainees it may take.
   */
  private async mantenibile(s: Soggetto | null, actor: Actor): Promise<boolean> {
    if (!s || isExternal(actor)) return false;
    if (seesEveryOffice(actor)) return true;
    return s.ufficio ? s.ufficio === actor.office : this.soggettiRepo.soggettoOperaIn(s.id, actor.office);
  }

  /** A new site of the soggetto, with its head count from today; audited with the reason. */
  async aggiungiSede(id: string, dto: NuovaSedeDto, actor: Actor, requestId?: string) {
    const oggi = giornoProcedura(new Date());
    return this.soggettiRepo.transazione(async (m) => {
      const s = await this.soggettiRepo.soggetto(id, m);
      if (!(await this.mantenibile(s, actor))) throw notFound(`soggetto ${id}`);
      const { motivo, ...sede } = dto;
      const nuova = { ...sede, ...normalizzaIndirizzo(sede) };
      const sedeId = await this.soggettiRepo.creaSede(m, s!.id, nuova, actor.sub, oggi, motivo);
      const { dipendentiIndeterminato, ...dati } = nuova;
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: `soggetto-${s!.ruolo}`,
        entitaId: s!.id,
        azione: 'sede-aggiunta',
        motivazione: motivo,
        requestId,
        dopo: { sede: { id: sedeId, ...dati }, dipendentiIndeterminato, dal: oggi },
      });
      return vistaSoggetto((await this.soggettiRepo.soggetto(id, m))!, actor, oggi);
    });
  }

  /**
   * A site's new permanent-employee count, from the date given, with its reason: added to the site's history, never
   * replacing a count (a past check keeps the count it used). The same count again for the same date adds nothing.
   * Recorded under the site's row lock, which a check of the host limit also takes: a submission counts with the
   * history as it was before this count or after it.
   */
  async registraDipendenti(id: string, sedeId: string, dto: ConteggioDipendentiDto, actor: Actor, requestId?: string) {
    const oggi = giornoProcedura(new Date());
    return this.soggettiRepo.transazione(async (m) => {
      const s = await this.soggettiRepo.soggetto(id, m);
      if (!(await this.mantenibile(s, actor))) throw notFound(`soggetto ${id}`);
      const sede = await this.soggettiRepo.sede(sedeId, m, true);
      if (!sede || sede.soggettoId !== s!.id) throw notFound(`sede ${sedeId}`);
      if (!conteggioGiaRegistrato(sede.storicoDipendenti, dto.dipendentiIndeterminato, dto.dal)) {
        const prima = dipendentiInVigore(sede.storicoDipendenti, dto.dal);
        await this.soggettiRepo.registraDipendenti(
          m,
          sedeId,
          { dipendentiIndeterminato: dto.dipendentiIndeterminato, dal: dto.dal, motivo: dto.motivo },
          actor.sub,
        );
        await this.audit.append(m, {
          actor,
          procedura: 'tirocini',
          entita: `soggetto-${s!.ruolo}`,
          entitaId: s!.id,
          azione: 'dipendenti-registrati',
          motivazione: dto.motivo,
          requestId,
          // Before: the count that held on that date until now.
          prima: { sedeId, ...(prima ? { dipendentiIndeterminato: prima.dipendentiIndeterminato, dal: prima.dal } : {}) },
          dopo: { sedeId, dipendentiIndeterminato: dto.dipendentiIndeterminato, dal: dto.dal },
        });
      }
      return vistaSoggetto((await this.soggettiRepo.soggetto(id, m))!, actor, oggi);
    });
  }

  async creaTutor(dto: TutorDto, actor: Actor, requestId?: string) {
    const codiceFiscale = dto.codiceFiscale.toUpperCase();
    const violations = [
      ...prefixed(verificaCodiceFiscalePersona(codiceFiscale), 'codiceFiscale'),
      ...verificaNome(dto.nome, 'nome'),
      ...verificaNome(dto.cognome, 'cognome'),
      ...coerenzaNomi(codiceFiscale, dto.nome, dto.cognome),
    ];
    if (!(await this.scrivibile(await this.soggettiRepo.soggetto(dto.soggettoId), actor)))
      violations.push(sconosciuto('soggettoId', dto.soggettoId, 'promotore o ospitante'));
    if (violations.length) throw rifiuto('Tutor non registrabile', violations);
    try {
      const t = await this.soggettiRepo.creaTutor({ ...dto, codiceFiscale });
      await this.soggettiRepo.transazione((m) =>
        this.audit.append(m, { actor, procedura: 'tirocini', entita: 'tutor', entitaId: t.id, azione: 'registrato', requestId, dopo: { ...t } }),
      );
      return t;
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw duplicate('tutor', 'codiceFiscale', codiceFiscale);
      throw e;
    }
  }

  async creaConvenzione(dto: ConvenzioneDto, actor: Actor, requestId?: string) {
    const violations: RuleViolation[] = [];
    const [p, o] = await Promise.all([this.soggettiRepo.soggetto(dto.promotoreId), this.soggettiRepo.soggetto(dto.ospitanteId)]);
    // Staff register convenzioni of hosts working in their office (the promotore may be anyone's); an external
    // promotore only its own, with hosts it sees.
    const promotoreOk = p?.ruolo === 'promotore' && (isExternal(actor) ? actsFor(actor, p.codiceFiscale, p.partitaIva) : true);
    const ospitanteOk = o?.ruolo === 'ospitante' && (await this.scrivibile(o, actor));
    if (!promotoreOk) violations.push(sconosciuto('promotoreId', dto.promotoreId, 'promotore'));
    if (!ospitanteOk) violations.push(sconosciuto('ospitanteId', dto.ospitanteId, 'ospitante'));
    if (dto.validaAl < dto.validaDal)
      violations.push({
        rule: 'validita-incoerente',
        field: 'validaAl',
        message: 'validaAl non può precedere validaDal',
        found: dto.validaAl,
        limit: dto.validaDal,
      });
    if (violations.length) throw rifiuto('Convenzione non registrabile', violations);
    const c = await this.soggettiRepo.creaConvenzione(
      { ...dto, ufficio: actor.office, registrataPer: isExternal(actor) ? actor.soggetto!.toUpperCase() : null },
      actor.sub,
    );
    await this.soggettiRepo.transazione((m) =>
      this.audit.append(m, { actor, procedura: 'tirocini', entita: 'convenzione', entitaId: c.id, azione: 'registrata', requestId, dopo: { ...dto } }),
    );
    return c;
  }

  /**
   * A convenzione the caller may see: staff of the office that registered it or where one of its sides works (or a
   * role that sees every office); an external user that is one of its sides, in such an office.
   */
  async convenzioneVisibile(id: string, actor: Actor): Promise<Convenzione | null> {
    const c = await this.soggettiRepo.convenzione(id);
    if (!c) return null;
    if (isExternal(actor)) {
      const [p, o] = await Promise.all([this.soggettiRepo.soggetto(c.promotoreId), this.soggettiRepo.soggetto(c.ospitanteId)]);
      if (!actsFor(actor, p?.codiceFiscale, p?.partitaIva, o?.codiceFiscale, o?.partitaIva)) return null;
    }
    if (seesEveryOffice(actor) || c.ufficio === actor.office) return c;
    const opera = await Promise.all([
      this.soggettiRepo.soggettoOperaIn(c.promotoreId, actor.office),
      this.soggettiRepo.soggettoOperaIn(c.ospitanteId, actor.office),
    ]);
    return opera.some(Boolean) ? c : null;
  }

  async convenzione(id: string, actor: Actor) {
    const c = await this.convenzioneVisibile(id, actor);
    if (!c) throw notFound(`convenzione ${id}`);
    const { registrataPer: _r, ...vista } = c;
    return vista;
  }

  /**
   * The signed convenzione document: stored with its SHA-256 and linked to the convenzione. Only the office that
   * registered the convenzione (or a role that sees every office) may attach it: its staff, and its promotore's users
   * of that office; every upload is kept, the convenzione points at the newest.
   */
  async caricaDocumentoConvenzione(id: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const c = await this.convenzioneVisibile(id, actor);
    const p = c && (await this.soggettiRepo.soggetto(c.promotoreId));
    const ammesso = !!c && (seesEveryOffice(actor) || c.ufficio === actor.office) && (!isExternal(actor) || actsFor(actor, p?.codiceFiscale, p?.partitaIva));
    if (!ammesso) {
      body.resume();
      throw notFound(`convenzione ${id}`);
    }
    const doc = await this.documents.upload(
      { procedura: 'tirocini', entitaId: id, ufficio: c.ufficio ?? actor.office, tipo: 'convenzione', nomeFile, actor, requestId },
      body,
    );
    await this.soggettiRepo.allegaDocumentoConvenzione(id, doc.id, doc.sha256);
    return doc;
  }
}
