/** English texts of the organizer pages (console-org fills this; merged into the console's dictionary). */
export const organizerEn = {} as const;

export type OrganizerKey = keyof typeof organizerEn;
