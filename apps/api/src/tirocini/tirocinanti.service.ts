import { Injectable } from '@nestjs/common';
import { Actor, canSeeOffice, isExternal, seesEveryOffice } from '@app/domain';
import { CAMPI_PERSONA, DatiPersona, plausibilitaPersona, rettificaPersona } from '@app/domain/common/identificativi';
import { dataItaliana } from '@app/domain/calendar/ora-italiana';
import { AuditTrail, Tirocinante, TirocinantiRepository } from '@app/infrastructure';
import { ProblemException, notFound } from '../common/problem';
import { rifiuto } from '../common/rifiuto';
import { duplicate } from './registro-tirocini.service';
import { RettificaTirocinanteDto, TirocinanteDto } from './tirocini.dto';

/** An external user who is a promotore (not only an ospitante): it sees what the promotore side needs. */
const comePromotore = (a: Actor) => a.roles.includes('promotore');

/** What each caller sees of a trainee: a host does not learn whether the person is disabled or disadvantaged. */
export function vistaTirocinante(t: Tirocinante, actor: Actor) {
  const { registratoPer: _r, ...dati } = t;
  if (isExternal(actor) && !comePromotore(actor)) {
    const { svantaggiato: _s, ...perOspitante } = dati;
    return perOspitante;
  }
  return dati;
}

/**
 * The trainees of the tirocinio registry: each office keeps its own. A trainee's codice fiscale must agree with their
 * birth date and sex, at registration and at every correction.
 */
@Injectable()
export class TirocinantiService {
  constructor(
    private readonly tirocinantiRepo: TirocinantiRepository,
    private readonly audit: AuditTrail,
  ) {}

  async creaTirocinante(dto: TirocinanteDto, actor: Actor, requestId?: string) {
    const codiceFiscale = dto.codiceFiscale.toUpperCase();
    // Readable names, a birth date that has happened, a codice fiscale that agrees with all the person's data.
    const violations = plausibilitaPersona({ ...dto, codiceFiscale }, dataItaliana(new Date()));
    if (violations.length) throw rifiuto('Tirocinante non registrabile', violations);
    // Each office keeps its own registry: a person registered by another office is registered here anew, and
    // nothing in the answer tells whether they were.
    const t = await this.tirocinantiRepo.transazione(async (m) => {
      const nuovo = await this.tirocinantiRepo.creaTirocinante(
        m,
        {
          ...dto,
          codiceFiscale,
          svantaggiato: dto.svantaggiato ?? false,
          ufficio: actor.office,
          registratoPer: isExternal(actor) ? actor.soggetto!.toUpperCase() : null,
        },
        actor.sub,
      );
      if (!nuovo) return null;
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinante',
        entitaId: nuovo.id,
        azione: 'registrato',
        requestId,
        dopo: { codiceFiscale, svantaggiato: nuovo.svantaggiato },
      });
      return nuovo;
    });
    if (!t) {
      // Named only to whoever may read it: this office's staff, or the external user who registered them.
      const id = await this.tirocinantiRepo.tirocinantePerCodice(actor.office, codiceFiscale);
      const visibile = id ? await this.tirocinanteVisibile(id, actor) : null;
      throw duplicate('tirocinante', 'codiceFiscale', codiceFiscale, visibile ? { percorso: 'tirocinanti', id: visibile.id } : undefined);
    }
    return vistaTirocinante(t, actor);
  }

  /**
   * A trainee the caller may see: staff of the office whose registry holds them (or a role that sees every office);
   * an external user who registered them or is a side of one of their practices.
   */
  async tirocinanteVisibile(id: string, actor: Actor): Promise<Tirocinante | null> {
    const t = await this.tirocinantiRepo.tirocinante(id);
    if (!t || !canSeeOffice(actor, t.ufficio)) return null;
    if (isExternal(actor) && !(await this.tirocinantiRepo.tirocinanteVisibile(id, actor.soggetto!))) return null;
    return t;
  }

  /**
   * A correction of a trainee's identity by the staff of the office whose registry holds them (another office's
   * trainee is not found), with its reason. The person after it must pass the registration's rules; a codice fiscale
   * the office already holds for someone else is a 409 naming that record. Practices refer to the trainee: those
   * already submitted recorded the data their checks read (controlloTirocinante), and the correction's audit row
   * names them, so it changes no past decision's explanation. Nothing to change: nothing recorded (a retry is safe).
   */
  async rettificaTirocinante(id: string, dto: RettificaTirocinanteDto, actor: Actor, requestId?: string) {
    const { motivo, ...modifiche } = dto;
    if (!CAMPI_PERSONA.some((k) => modifiche[k] !== undefined)) {
      const message = `indicare almeno un dato da rettificare: ${CAMPI_PERSONA.join(', ')}`;
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', message, [{ field: 'body', rule: 'rettifica-vuota', message }]);
    }
    const oggi = dataItaliana(new Date());
    return this.tirocinantiRepo.transazione(async (m) => {
      // Locked: a submission counting this person's traineeships (bloccaRisorse) reads the data before or after.
      const t = await this.tirocinantiRepo.tirocinante(id, m, true);
      if (!t || isExternal(actor) || !canSeeOffice(actor, t.ufficio)) throw notFound(`tirocinante ${id}`);
      const { dopo, cambiati, violazioni } = rettificaPersona(t, modifiche, oggi);
      if (!cambiati.length) return vistaTirocinante(t, actor);
      if (violazioni.length) throw rifiuto('Rettifica non ammessa', violazioni);
      // Another trainee of this office's registry with that code: named (the caller is its staff and may read it).
      const altro = cambiati.includes('codiceFiscale') ? await this.tirocinantiRepo.tirocinantePerCodice(t.ufficio, dopo.codiceFiscale, m) : null;
      if (altro) throw duplicate('tirocinante', 'codiceFiscale', dopo.codiceFiscale, { percorso: 'tirocinanti', id: altro });
      try {
        await this.tirocinantiRepo.rettificaTirocinante(m, id, dopo);
      } catch (e) {
        // Registered meanwhile by someone else (the unique key): the same answer, without the record it cannot read now.
        if ((e as { code?: string }).code === '23505') throw duplicate('tirocinante', 'codiceFiscale', dopo.codiceFiscale);
        throw e;
      }
      const solo = (x: DatiPersona) => Object.fromEntries(cambiati.map((k) => [k, x[k]]));
      await this.audit.append(m, {
        actor,
        procedura: 'tirocini',
        entita: 'tirocinante',
        entitaId: id,
        azione: 'rettificato',
        motivazione: motivo,
        requestId,
        prima: solo(t),
        dopo: { ...solo(dopo), praticheInviate: await this.tirocinantiRepo.praticheInviateDi(id, m) },
      });
      return vistaTirocinante((await this.tirocinantiRepo.tirocinante(id, m))!, actor);
    });
  }

  /** Trainees the caller may see, by codice fiscale or by name: staff of their office's registry, an external user its own. */
  async tirocinanti(cerca: string, actor: Actor) {
    const righe = await this.tirocinantiRepo.cercaTirocinanti({
      cerca,
      ufficio: seesEveryOffice(actor) ? undefined : actor.office,
      per: isExternal(actor) ? actor.soggetto : undefined,
    });
    return righe.map((t) => vistaTirocinante(t, actor));
  }

  async tirocinante(id: string, actor: Actor) {
    const t = await this.tirocinanteVisibile(id, actor);
    if (!t) throw notFound(`tirocinante ${id}`);
    return vistaTirocinante(t, actor);
  }
}
