import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import {
  ListNotificationsQueryDto,
  NotificationPageDto,
  RetryNotificationsDto,
  RetryNotificationsResultDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('events/:id/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: "Delivery status of the event's emails (host, accepted co-host, admin)",
    description:
      'One item per email: kind, recipient, status (pending, sent, failed, skipped), attempts, last error, SMTP message id.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  list(
    @Param('id') id: string,
    @CurrentCaller() caller: Caller,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<NotificationPageDto> {
    return this.notifications.list(id, caller, query);
  }

  @Post('retry')
  @HttpCode(202)
  @Auth('admin', 'organizer')
  @ApiOperation({
    summary: 'Send failed messages of the event again (host, accepted co-host, admin)',
    description:
      'Failed messages (all, or those named in `ids`: one id retries one message) go back to the outbox with fresh ' +
      'attempts and are sent through the queue. Sent, skipped and pending messages are left alone, so no message ' +
      'goes out twice, also when the same retry is asked twice. An accepted co-host retries only the messages it ' +
      'may list (registrants who consented to share, its own invitations); the others are not counted.',
  })
  @ApiAcceptedResponse({ type: RetryNotificationsResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ description: 'Not a party allowed to see the delivery status', type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  retry(
    @Param('id') id: string,
    @CurrentCaller() caller: Caller,
    @Body() dto: RetryNotificationsDto,
  ): Promise<RetryNotificationsResultDto> {
    return this.notifications.retryFailed(id, caller, dto?.ids);
  }
}
