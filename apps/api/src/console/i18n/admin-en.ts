/** English texts of the hub admin pages. */
export const adminEn = {
  'partners.title': 'Partners',
  'partners.new': 'Add a partner',
  'partners.empty': 'No partners yet.',
} as const;

export type AdminKey = keyof typeof adminEn;
