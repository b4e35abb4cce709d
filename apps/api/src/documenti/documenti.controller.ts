import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, canSeeOffice, isExternal } from '@app/domain';
import { AppConfig, DocumentoEntity, DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { ApiErrori, ApiFile } from '../common/openapi';
import { notFound } from '../common/problem';
import { CurrentActor } from '../common/request-context';
import { RegistroTirociniService } from '../tirocini/registro-tirocini.service';
import { TirociniService } from '../tirocini/tirocini.service';
import { UuidParamPipe } from '../common/pipes';
import { LinkView } from './documenti.dto';

/** Who downloads documents: the offices' staff, and the promotori and ospitanti of the practices they are on. */
const LETTORI = ['operatore', 'responsabile', 'dirigente', 'amministratore', 'promotore', 'ospitante'] as const;
/** Health data (GDPR art. 9): only the staff who handle the person's enrolment, in its office. */
const DATI_SANITARI = new Set(['relazione-conclusiva']);

@ApiTags('documenti')
@Scoped('ufficio', 'soggetto')
@Controller('documenti')
export class DocumentiController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly config: AppConfig,
    private readonly tirocini: TirociniService,
    private readonly registro: RegistroTirociniService,
  ) {}

  /**
   * Whether the caller may read the document: staff of its office (health data only the operatori and responsabili
   * of that office); an external user only the documents of a practice or convenzione it is a side of, the
   * attestazione included. Any other document is not found, exactly like a missing one.
   */
  private async leggibile(doc: DocumentoEntity, actor: Actor): Promise<boolean> {
    if (DATI_SANITARI.has(doc.tipo)) return actor.office === doc.ufficio && actor.roles.some((r) => r === 'operatore' || r === 'responsabile');
    if (!isExternal(actor)) return canSeeOffice(actor, doc.ufficio);
    if (doc.procedura !== 'tirocini') return false;
    if (doc.tipo === 'convenzione') return !!(await this.registro.convenzioneVisibile(doc.entitaId, actor));
    return this.tirocini.trova(doc.entitaId, actor).then(
      () => true,
      () => false,
    );
  }

  private async authorised(id: string, actor: Actor) {
    const doc = await this.documents.find(id);
    if (!doc || !(await this.leggibile(doc, actor))) throw notFound(`documento ${id}`);
    return doc;
  }

  /** Streams the document's bytes, with its SHA-256 as Repr-Digest. */
  @Get(':id')
  @Roles(...LETTORI)
  @ApiOperation({
    summary: 'Scarica un documento',
    description: 'I byte del documento con il tipo riconosciuto al caricamento; lo SHA-256 in `Repr-Digest` e in `ETag`.',
  })
  @ApiFile('il documento', 'application/pdf', 'image/png', 'image/jpeg', 'image/tiff')
  @ApiErrori(400, 404)
  async scarica(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const doc = await this.authorised(id, actor);
    const stream = await this.documents.open(doc);
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(doc.sha256, 'hex').toString('base64')}:`);
    res.setHeader('ETag', `"${doc.sha256}"`);
    return new StreamableFile(stream, {
      type: doc.contentType,
      length: doc.dimensione,
      disposition: `attachment; filename="${doc.nomeFile.replace(/["\\\r\n]/g, '_')}"`,
    });
  }

  /** A short-lived presigned URL, issued only after the same authorisation check as the download. */
  @Get(':id/link')
  @Roles(...LETTORI)
  @ApiOperation({
    summary: 'Ottiene un link temporaneo al documento',
    description: 'Un indirizzo prefirmato di breve durata, dato solo dopo lo stesso controllo dello scaricamento.',
  })
  @ApiOkResponse({ type: LinkView })
  @ApiErrori(400, 404)
  async link(@Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor): Promise<LinkView> {
    const doc = await this.authorised(id, actor);
    const url = await this.documents.presign(doc);
    return { url, scadeIl: new Date(Date.now() + this.config.PRESIGN_TTL_SECONDS * 1000).toISOString() };
  }
}
