import { QUESTION_KINDS, QuestionKind, TEXT_LIMITS } from '@cohost/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsNestedObject, IsPlainText, MayBeOmitted } from '../../http/validators';

export class QuestionLabelDto {
  @ApiPropertyOptional({ example: 'Your role' })
  @MayBeOmitted()
  @IsPlainText({ max: 300 })
  en?: string;

  @ApiPropertyOptional({ example: 'ご所属での役割' })
  @MayBeOmitted()
  @IsPlainText({ max: 300 })
  ja?: string;
}

export class QuestionChoiceDto {
  @ApiPropertyOptional({
    example: 'researcher',
    description: 'What answers hold; keep it to keep the choice. Default: c1, c2... by position',
  })
  @MayBeOmitted()
  @IsString()
  @MaxLength(40)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: '$property must be letters, digits, _ or -' })
  id?: string;

  @ApiProperty({ type: QuestionLabelDto })
  @IsNestedObject(() => QuestionLabelDto)
  label: QuestionLabelDto;
}

export class QuestionInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Of a question kept from the current list; omit for a new one' })
  @MayBeOmitted()
  @IsUUID('4')
  id?: string;

  @ApiProperty({ enum: QUESTION_KINDS })
  @IsIn(QUESTION_KINDS, { message: `$property must be one of ${QUESTION_KINDS.join(', ')}` })
  kind: QuestionKind;

  @ApiProperty({ type: QuestionLabelDto, description: 'At least one of en, ja' })
  @IsNestedObject(() => QuestionLabelDto)
  label: QuestionLabelDto;

  @ApiPropertyOptional({ type: [QuestionChoiceDto], description: 'single_choice and multiple_choice only' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => QuestionChoiceDto)
  choices?: QuestionChoiceDto[];

  @ApiPropertyOptional({ default: false, description: 'A required checkbox must be ticked' })
  @MayBeOmitted()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({
    description: `Text kinds only: longest answer (short_text up to ${TEXT_LIMITS.short_text.max}, default ${TEXT_LIMITS.short_text.default}; long_text up to ${TEXT_LIMITS.long_text.max}, default ${TEXT_LIMITS.long_text.default})`,
  })
  @MayBeOmitted()
  @IsInt()
  maxLength?: number;
}

export class PutQuestionsDto {
  @ApiProperty({ type: [QuestionInputDto], description: 'The whole list, in the order shown on the form' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => QuestionInputDto)
  questions: QuestionInputDto[];
}

export class QuestionChoiceResponseDto {
  @ApiProperty({ example: 'researcher' })
  id: string;

  @ApiProperty({ type: QuestionLabelDto })
  label: QuestionLabelDto;
}

export class QuestionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: QUESTION_KINDS })
  kind: QuestionKind;

  @ApiProperty({ type: QuestionLabelDto })
  label: QuestionLabelDto;

  @ApiProperty({ type: [QuestionChoiceResponseDto] })
  choices: QuestionChoiceResponseDto[];

  @ApiProperty()
  required: boolean;

  @ApiProperty({ type: Number, nullable: true })
  maxLength: number | null;

  @ApiProperty({ description: 'Goes up when the label, kind, choices or limits change; answers keep theirs' })
  version: number;
}

export class QuestionListDto {
  @ApiProperty({ type: [QuestionResponseDto] })
  questions: QuestionResponseDto[];
}
