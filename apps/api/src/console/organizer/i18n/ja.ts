import type { OrganizerKey } from './en';

/** Japanese texts of the organizer pages (console-org fills this). */
export const organizerJa: Record<OrganizerKey, string> = {};
