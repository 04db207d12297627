import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { PutQuestionsDto, QuestionListDto } from './dto/questions.dto';
import { QuestionsService } from './questions.service';

@ApiTags('registrations')
@Controller('events/:id/questions')
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get()
  @ApiOperation({ summary: "An event's registration questions (whoever may see the event)" })
  @ApiOkResponse({ type: QuestionListDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  list(@Param('id') id: string, @CurrentCaller() caller: Caller | undefined): Promise<QuestionListDto> {
    return this.questions.list(id, caller);
  }

  @Put()
  @Auth('organizer')
  @ApiOperation({
    summary: "Define an event's registration questions (the host's organizers)",
    description:
      'Replaces the whole list, in order. Keep a question by sending its id: its version goes up when its ' +
      'label, kind, choices, requirement or limit change. Answers already given keep the question as it was ' +
      'when they were given (label and readable text), so they stay readable after any change or removal.',
  })
  @ApiOkResponse({ type: QuestionListDto })
  @ApiBadRequestResponse({ description: 'Field messages keyed questions.<index>...', type: ErrorBodyDto })
  @ApiForbiddenResponse({ description: 'Not an organizer of the host', type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  replace(
    @Param('id') id: string,
    @CurrentCaller() caller: Caller,
    @Body() dto: PutQuestionsDto,
  ): Promise<QuestionListDto> {
    return this.questions.replace(id, caller, dto);
  }
}
