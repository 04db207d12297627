import { Global, Module } from '@nestjs/common';
import { WAITLIST_PROMOTER, WaitlistPromoter } from '../events/waitlist-promoter';
import { promoteFromWaitlist } from './waitlist';

const promoter: WaitlistPromoter = {
  async promoteAfterCapacityChange(manager, eventId) {
    await promoteFromWaitlist(manager, eventId);
  },
};

/**
 * Gives the events module (which the registrations module imports, so it
 * cannot import back) the promotion it must run when capacity is raised.
 */
@Global()
@Module({
  providers: [{ provide: WAITLIST_PROMOTER, useValue: promoter }],
  exports: [WAITLIST_PROMOTER],
})
export class WaitlistPromoterModule {}
