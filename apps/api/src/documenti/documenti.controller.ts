import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, canSeeOffice } from '@app/domain';
import { AppConfig, DocumentsService } from '@app/infrastructure';
import { Roles } from '../auth/auth.decorators';
import { notFound } from '../common/problem';
import { CurrentActor } from '../common/request-context';

class LinkView {
  @ApiProperty({ description: 'Presigned URL, valid until scadeIl' }) url: string;
  @ApiProperty() scadeIl: string;
}

@ApiTags('documenti')
@Controller('documenti')
export class DocumentiController {
  constructor(private readonly documents: DocumentsService, private readonly config: AppConfig) {}

  private async authorised(id: string, actor: Actor) {
    const doc = await this.documents.find(id);
    if (!doc || !canSeeOffice(actor, doc.ufficio)) throw notFound(`documento ${id}`);
    return doc;
  }

  /** Streams the document's bytes, with its SHA-256 as Repr-Digest. */
  @Get(':id')
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiProduces('application/octet-stream')
  async download(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
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
  @Roles('operatore', 'responsabile', 'dirigente', 'amministratore')
  @ApiOkResponse({ type: LinkView })
  async link(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<LinkView> {
    const doc = await this.authorised(id, actor);
    const url = await this.documents.presign(doc);
    return { url, scadeIl: new Date(Date.now() + this.config.PRESIGN_TTL_SECONDS * 1000).toISOString() };
  }
}
