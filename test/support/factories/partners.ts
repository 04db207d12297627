import { unique } from '@cohost/testing';
import type { CreateAgreementDto } from '../../../apps/api/src/agreements/dto/agreement.dto';
import type { CreatePartnerDto } from '../../../apps/api/src/partners/dto/create-partner.dto';
import { ApiHarness, bearer } from '../api-harness';

export interface TestPartner {
  slug: string;
  id: string;
  timezone: string;
}

/** Creates a partner through the API, as the hub admin would. */
export async function createPartner(api: ApiHarness, overrides: Partial<CreatePartnerDto> = {}): Promise<TestPartner> {
  const body = {
    slug: unique('partner'),
    name: { en: 'Life Science Hub', ja: 'ライフサイエンス・ハブ' },
    country: 'JP',
    timezone: 'Asia/Tokyo',
    contactEmail: 'events@hub.example',
    ...overrides,
  } satisfies CreatePartnerDto;
  const res = await api.http.post('/api/v1/partners').set(api.admin).send(body).expect(201);
  return { slug: res.body.slug, id: res.body.id, timezone: res.body.timezone };
}

export async function createAgreement(
  api: ApiHarness,
  a: TestPartner,
  b: TestPartner,
  overrides: Partial<CreateAgreementDto> = {},
): Promise<{ id: string }> {
  const body = {
    partners: [a.slug, b.slug],
    kind: 'MOC',
    signedOn: '2026-01-10',
    effectiveFrom: '2026-01-15',
    expiresOn: '2029-01-15',
    ...overrides,
  } satisfies CreateAgreementDto;
  const res = await api.http.post('/api/v1/agreements').set(api.admin).send(body).expect(201);
  return { id: res.body.id };
}

export interface TestOrganizer {
  id: string;
  email: string;
  token: string;
  headers: { Authorization: string };
}

export async function createOrganizer(
  api: ApiHarness,
  partner: TestPartner,
  email = `${unique('org')}@example.org`,
): Promise<TestOrganizer> {
  const res = await api.http
    .post(`/api/v1/partners/${partner.slug}/organizers`)
    .set(api.admin)
    .send({ email, name: 'Organizer' })
    .expect(201);
  return { id: res.body.id, email: res.body.email, token: res.body.token, headers: bearer(res.body.token) };
}
