import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Actor } from '@app/domain';
import { PRIORITA } from '@app/domain/ispezioni/ispezioni.types';
import { Roles, Scoped } from '../auth/auth.decorators';
import { UuidParamPipe } from '../common/pipes';
import { CurrentActor, RequestId } from '../common/request-context';
import { IsDataOIstante } from '../common/date-validators';
import { PianiVigilanzaService } from './piani-vigilanza.service';

export class VoceVigilanzaDto {
  @ApiProperty({ example: '2027-03-15', description: 'when the request is generated: a date (07:00 UTC that day) or an ISO instant' })
  @IsDataOIstante() data: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() aziendaId: string;
  @ApiProperty() @IsString() @Length(3, 300) sede: string;
  @ApiProperty({ example: 'PA' }) @IsString() @Length(1, 40) territorio: string;
  @ApiProperty({ example: 'sicurezza' }) @Matches(/^[a-z0-9-]{2,60}$/, { message: 'tipoPratica: lowercase letters, digits and -' }) tipoPratica: string;
  @ApiProperty({ enum: PRIORITA }) @IsIn(PRIORITA) priorita: string;
  @ApiProperty() @IsString() @Length(10, 8000) descrizione: string;
}

export class PianoVigilanzaDto {
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2100) anno: number;
  @ApiProperty() @IsString() @Length(3, 2000) descrizione: string;
  @ApiProperty({ type: [VoceVigilanzaDto] }) @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20000) @ValidateNested({ each: true }) @Type(() => VoceVigilanzaDto) voci: VoceVigilanzaDto[];
}

export class VoceView {
  @ApiProperty() numero: number;
  @ApiProperty() data: string;
  @ApiPropertyOptional({ nullable: true, type: String }) richiestaId: string | null;
}

/** Ex-officio planning: a yearly list of targets that become intervention requests on the dates set. */
@ApiTags('ispezioni: piani di vigilanza')
@Scoped('ufficio')
@Controller('ispettorati/:codice/piani-vigilanza')
export class PianiVigilanzaController {
  constructor(private readonly piani: PianiVigilanzaService) {}

  @Post()
  @Roles('dirigente')
  async create(@Param('codice') codice: string, @Body() dto: PianoVigilanzaDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.piani.create(codice, dto, actor, rid);
  }

  @Get(':id')
  @Roles('dirigente', 'responsabile', 'amministratore')
  async get(@Param('codice') codice: string, @Param('id', new UuidParamPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.piani.get(codice, id, actor);
  }
}
