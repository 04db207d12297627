import { NotFoundError } from '@cohost/domain';
import type { EventListingService } from '../events/event-listing.service';
import type { EventPresenter } from '../events/event.presenter';
import type { EventsService } from '../events/events.service';
import type { PartnersService } from '../partners/partners.service';
import type { RegistrationCancellationService } from '../registrations/registration-cancellation.service';
import type { RegistrationsService } from '../registrations/registrations.service';
import { PagesDataService } from './pages-data.service';

/** Only a missing event or partner is "none": an outage stays an error, never a quiet "not found". */
describe('PagesDataService lookups', () => {
  function service(failure: Error): PagesDataService {
    const fail = () => Promise.reject(failure);
    return new PagesDataService(
      {} as EventListingService,
      { get: fail } as unknown as EventsService,
      {} as EventPresenter,
      { getBySlug: fail } as unknown as PartnersService,
      {} as RegistrationsService,
      {} as RegistrationCancellationService,
    );
  }

  it('answers undefined for an unknown event or partner', async () => {
    const data = service(new NotFoundError('EVENT_NOT_FOUND', 'none'));
    await expect(data.eventById('7b0c2f5e-4a6b-4c1d-9a43-3f2a1b0c9d8e', 'en')).resolves.toBeUndefined();
    await expect(data.partnerName('nobody', 'en')).resolves.toBeUndefined();
  });

  it('lets a database outage through', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const data = service(outage);
    await expect(data.eventById('7b0c2f5e-4a6b-4c1d-9a43-3f2a1b0c9d8e', 'en')).rejects.toBe(outage);
    await expect(data.partnerName('tokyo-hub', 'en')).rejects.toBe(outage);
  });
});
