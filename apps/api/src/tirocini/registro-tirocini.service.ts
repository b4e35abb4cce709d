import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { Actor, RuleViolation } from '@app/domain';
import {
  coerenzaAnagrafica, verificaCodiceFiscaleOrganizzazione, verificaCodiceFiscalePersona, verificaPartitaIva,
} from '@app/domain/common/identificativi';
import { AuditTrail, DocumentsService, StoredDocument, TirociniRepository } from '@app/infrastructure';
import { ProblemException, notFound } from '../common/problem';
import { violationsToErrors } from '../common/problem.filter';
import { ConvenzioneDto, SoggettoDto, TirocinanteDto, TutorDto } from './tirocini.dto';

const refused = (title: string, violations: RuleViolation[]) =>
  new ProblemException(422, 'regola-violata', title, violations.map((v) => v.message).join('; '), violationsToErrors(violations));
const duplicate = (what: string, field: string, found: string) =>
  new ProblemException(409, 'gia-registrato', 'Già registrato', `${what} ${found} is already registered`, [{ field, rule: 'gia-registrato', message: `${what} already registered`, found }]);
const prefixed = (vs: RuleViolation[], field: string) => vs.map((v) => ({ ...v, field }));

/**
 * The registry the tirocinio procedure reads: promoters and hosts with their sites, trainees, tutors, convenzioni.
 * Fiscal codes are checked (check character, omocodia) and a trainee's birth date and sex must agree with theirs.
 */
@Injectable()
export class RegistroTirociniService {
  constructor(private readonly repo: TirociniRepository, private readonly audit: AuditTrail, private readonly documents: DocumentsService) {}

  async creaSoggetto(dto: SoggettoDto, actor: Actor, requestId?: string) {
    const codiceFiscale = dto.codiceFiscale.toUpperCase();
    const violations = [
      ...prefixed(verificaCodiceFiscaleOrganizzazione(codiceFiscale), 'codiceFiscale'),
      ...(dto.partitaIva ? prefixed(verificaPartitaIva(dto.partitaIva), 'partitaIva') : []),
    ];
    if (violations.length) throw refused('Soggetto non registrabile', violations);
    if (await this.repo.soggettoPerCodice(dto.ruolo, codiceFiscale)) throw duplicate(dto.ruolo, 'codiceFiscale', codiceFiscale);
    return this.repo.db.transaction(async (m) => {
      const s = await this.repo.creaSoggetto(m, {
        ruolo: dto.ruolo, denominazione: dto.denominazione, codiceFiscale, partitaIva: dto.partitaIva ?? null, tipologia: dto.tipologia ?? null,
        regione: dto.regione, sedeLegale: dto.sedeLegale, sedi: dto.sedi,
      }, actor.sub);
      await this.audit.append(m, {
        actor, procedura: 'tirocini', entita: `soggetto-${dto.ruolo}`, entitaId: s.id, azione: 'registrato', requestId,
        dopo: { denominazione: s.denominazione, codiceFiscale, sedi: s.sedi.map((x) => ({ id: x.id, dipendentiIndeterminato: x.dipendentiIndeterminato })) },
      });
      return s;
    });
  }

  soggetti(ruolo?: string) {
    return this.repo.soggetti(ruolo);
  }

  async soggetto(id: string) {
    const s = await this.repo.soggetto(id);
    if (!s) throw notFound(`soggetto ${id}`);
    return s;
  }

  async creaTirocinante(dto: TirocinanteDto, actor: Actor, requestId?: string) {
    const codiceFiscale = dto.codiceFiscale.toUpperCase();
    const formato = prefixed(verificaCodiceFiscalePersona(codiceFiscale), 'codiceFiscale');
    const violations = formato.length ? formato : coerenzaAnagrafica(codiceFiscale, dto.dataNascita, dto.sesso, '');
    if (violations.length) throw refused('Tirocinante non registrabile', violations);
    if (await this.repo.tirocinantePerCodice(codiceFiscale)) throw duplicate('tirocinante', 'codiceFiscale', codiceFiscale);
    const t = await this.repo.creaTirocinante({ ...dto, codiceFiscale, svantaggiato: dto.svantaggiato ?? false }, actor.sub);
    await this.repo.db.transaction((m) => this.audit.append(m, {
      actor, procedura: 'tirocini', entita: 'tirocinante', entitaId: t.id, azione: 'registrato', requestId, dopo: { codiceFiscale, svantaggiato: t.svantaggiato },
    }));
    return t;
  }

  async tirocinante(id: string) {
    const t = await this.repo.tirocinante(id);
    if (!t) throw notFound(`tirocinante ${id}`);
    return t;
  }

  async creaTutor(dto: TutorDto, actor: Actor, requestId?: string) {
    const codiceFiscale = dto.codiceFiscale.toUpperCase();
    const violations = prefixed(verificaCodiceFiscalePersona(codiceFiscale), 'codiceFiscale');
    if (!(await this.repo.soggetto(dto.soggettoId))) violations.push({ rule: 'soggetto-sconosciuto', field: 'soggettoId', message: 'register the promotore or ospitante first', found: dto.soggettoId });
    if (violations.length) throw refused('Tutor non registrabile', violations);
    try {
      const t = await this.repo.creaTutor({ ...dto, codiceFiscale });
      await this.repo.db.transaction((m) => this.audit.append(m, { actor, procedura: 'tirocini', entita: 'tutor', entitaId: t.id, azione: 'registrato', requestId, dopo: { ...t } }));
      return t;
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw duplicate('tutor', 'codiceFiscale', codiceFiscale);
      throw e;
    }
  }

  async creaConvenzione(dto: ConvenzioneDto, actor: Actor, requestId?: string) {
    const violations: RuleViolation[] = [];
    const [p, o] = await Promise.all([this.repo.soggetto(dto.promotoreId), this.repo.soggetto(dto.ospitanteId)]);
    if (p?.ruolo !== 'promotore') violations.push({ rule: 'soggetto-sconosciuto', field: 'promotoreId', message: 'not a registered promotore', found: dto.promotoreId });
    if (o?.ruolo !== 'ospitante') violations.push({ rule: 'soggetto-sconosciuto', field: 'ospitanteId', message: 'not a registered ospitante', found: dto.ospitanteId });
    if (dto.validaAl < dto.validaDal) violations.push({ rule: 'validita-incoerente', field: 'validaAl', message: 'validaAl must not precede validaDal', found: dto.validaAl, limit: dto.validaDal });
    if (violations.length) throw refused('Convenzione non registrabile', violations);
    const c = await this.repo.creaConvenzione(dto, actor.sub);
    await this.repo.db.transaction((m) => this.audit.append(m, { actor, procedura: 'tirocini', entita: 'convenzione', entitaId: c.id, azione: 'registrata', requestId, dopo: { ...dto } }));
    return c;
  }

  async convenzione(id: string) {
    const c = await this.repo.convenzione(id);
    if (!c) throw notFound(`convenzione ${id}`);
    return c;
  }

  /** The signed convenzione document: stored with its SHA-256 and linked to the convenzione. */
  async caricaDocumentoConvenzione(id: string, nomeFile: string, body: Readable, actor: Actor, requestId?: string): Promise<StoredDocument> {
    const c = await this.convenzione(id);
    const p = await this.repo.soggetto(c.promotoreId);
    const doc = await this.documents.upload({ procedura: 'tirocini', entitaId: id, ufficio: p?.sedi[0]?.cpi ?? actor.office, tipo: 'convenzione', nomeFile, actor, requestId }, body);
    await this.repo.allegaDocumentoConvenzione(id, doc.id, doc.sha256);
    return doc;
  }
}
