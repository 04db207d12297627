import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../../http/validators';

export class TerminationPreviewQueryDto {
  @ApiProperty({ example: '2026-10-01', format: 'date', description: 'The termination date to preview' })
  @IsCalendarDate()
  on: string;
}

export class EndedCohostingDto {
  @ApiProperty() id: string;
  @ApiProperty() slug: string;
  @ApiProperty({ example: { en: 'RNA symposium', ja: 'RNAシンポジウム' } }) title: { en?: string; ja?: string };
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty() hostPartnerId: string;
  @ApiProperty() cohostPartnerId: string;
}

export class TerminationPreviewDto {
  @ApiProperty() agreementId: string;
  @ApiProperty({ format: 'date' }) terminatedOn: string;
  @ApiProperty({ type: [EndedCohostingDto], description: 'Webinars not yet over whose co-hosting would end' })
  events: EndedCohostingDto[];
}
