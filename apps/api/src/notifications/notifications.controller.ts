import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import { Caller } from '../auth/caller';
import { ErrorBodyDto } from '../http/error-body';
import { ListNotificationsQueryDto, NotificationPageDto } from './dto/notification.dto';
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
}
