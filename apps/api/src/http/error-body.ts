import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error answer (SPEC: `{statusCode, error, message, code}`). */
export class ErrorBodyDto {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ example: 'Unprocessable Entity', description: 'HTTP reason phrase' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'No active agreement between tokyo-hub and danish-embassy',
    description: 'Human-readable; for validation errors, one message per invalid field',
  })
  message: string | string[];

  @ApiProperty({ example: 'AGREEMENT_NOT_ACTIVE', description: 'Stable machine-readable code' })
  code: string;

  @ApiPropertyOptional({
    description: 'Validation errors by field path',
    example: { 'title.en': ['title.en must be shorter than or equal to 200 characters'] },
  })
  fields?: Record<string, string[]>;

  @ApiPropertyOptional({ description: 'For 500 answers: quote it to an operator to find the logged cause' })
  errorId?: string;
}
