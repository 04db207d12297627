import type { AdminKey } from './admin-en';

/** Japanese texts of the hub admin pages. */
export const adminJa: Record<AdminKey, string> = {
  'partners.title': 'パートナー',
  'partners.new': 'パートナーを追加',
  'partners.empty': 'パートナーはまだありません。',
};
