import { Injectable } from '@nestjs/common';
import { Actor } from '@app/domain';
import { AuditTrail, RubricaRepository, TIPI_VOCE_RUBRICA, TipoVoceRubrica, VoceRubrica } from '@app/infrastructure';
import { ProblemException } from '../common/problem';

/** An entry as the API shows it. */
export type VoceRubricaVista = Omit<VoceRubrica, 'aggiornatoIl'> & { aggiornatoIl: string };

const vista = (r: VoceRubrica): VoceRubricaVista => ({
  tipo: r.tipo,
  nome: r.nome,
  email: r.email,
  utenti: r.utenti,
  aggiornatoDa: r.aggiornatoDa,
  aggiornatoIl: r.aggiornatoIl.toISOString(),
});

/**
 * The office's directory for notices (docs/notifiche.md): who may set which entry, and every change in the audit trail
 * with the address before and after.
 */
@Injectable()
export class RubricaService {
  constructor(
    private readonly repo: RubricaRepository,
    private readonly audit: AuditTrail,
  ) {}

  private async scrivi(
    actor: Actor,
    tipo: TipoVoceRubrica,
    nome: string,
    email: string | null,
    utenti: string[] | undefined,
    motivazione?: string,
  ): Promise<VoceRubricaVista> {
    return this.repo.transazione(async (m) => {
      const prima = await this.repo.voceBloccata(m, actor.office, tipo, nome);
      const riga = await this.repo.imposta(
        m,
        actor.office,
        { tipo, nome, email: email?.trim() ?? null, utenti: utenti ? [...new Set(utenti.map((u) => u.trim()))] : null },
        { sub: actor.sub, ruoli: [...actor.roles].sort().join(',') },
      );
      await this.audit.append(m, {
        actor,
        procedura: 'notifiche',
        entita: 'rubrica',
        entitaId: `${tipo}:${nome}`,
        azione: prima ? 'modificata' : 'creata',
        motivazione,
        prima: prima ? { email: prima.email, utenti: prima.utenti } : undefined,
        dopo: { email: riga.email, utenti: riga.utenti },
      });
      return vista(riga);
    });
  }

  async elenco(actor: Actor): Promise<VoceRubricaVista[]> {
    return (await this.repo.elenco(actor.office)).map(vista);
  }

  async mia(actor: Actor): Promise<VoceRubricaVista[]> {
    return (await this.repo.vociDi(actor.office, actor.sub, actor.soggetto?.toUpperCase() ?? '')).map(vista);
  }

  impostaMia(actor: Actor, email: string | null): Promise<VoceRubricaVista> {
    return this.scrivi(actor, 'utente', actor.sub, email, undefined, 'indirizzo impostato dal titolare');
  }

  impostaOrganizzazione(actor: Actor, email: string | null): Promise<VoceRubricaVista> {
    if (!actor.soggetto)
      throw new ProblemException(403, 'soggetto-mancante', 'Operazione non consentita', "il token non indica l'organizzazione per cui si agisce");
    return this.scrivi(actor, 'soggetto', actor.soggetto.toUpperCase(), email, undefined, "indirizzo impostato dall'organizzazione");
  }

  imposta(actor: Actor, tipo: string, nome: string, dto: { email: string | null; utenti?: string[]; motivazione: string }): Promise<VoceRubricaVista> {
    if (!(TIPI_VOCE_RUBRICA as readonly string[]).includes(tipo)) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', undefined, [
        { field: 'tipo', rule: 'tipo-voce', message: `tipo: uno tra ${TIPI_VOCE_RUBRICA.join(', ')}`, found: tipo, limit: TIPI_VOCE_RUBRICA },
      ]);
    }
    const n = nome.trim();
    if (n.length < 1 || n.length > 200 || /\p{Cc}/u.test(n)) {
      throw new ProblemException(400, 'validazione', 'Richiesta non valida', undefined, [
        { field: 'nome', rule: 'nome-voce', message: 'nome: da 1 a 200 caratteri, senza caratteri di controllo', found: nome.slice(0, 50) },
      ]);
    }
    if (dto.utenti && tipo !== 'struttura') {
      throw new ProblemException(422, 'validazione', 'Richiesta non valida', undefined, [
        { field: 'utenti', rule: 'utenti-solo-struttura', message: 'utenti: solo una struttura ha utenti nominati', found: tipo, limit: 'struttura' },
      ]);
    }
    return this.scrivi(actor, tipo as TipoVoceRubrica, tipo === 'soggetto' ? n.toUpperCase() : n, dto.email, dto.utenti, dto.motivazione);
  }
}
