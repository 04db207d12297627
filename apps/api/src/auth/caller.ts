/** Who is calling, as established by the bearer token. */
export type Caller =
  | { role: 'admin'; email: string | null }
  | { role: 'organizer'; organizerId: string; email: string; partnerId: string; partnerSlug: string };

export type Role = Caller['role'];

export type OrganizerCaller = Extract<Caller, { role: 'organizer' }>;
