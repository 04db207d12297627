import { NotFoundError } from '@cohost/domain';
import { requireSlug, requireUuid } from './page-params';

describe('page path parameters', () => {
  it('passes a slug through and answers anything else with 404 before a query', () => {
    expect(requireSlug('tokyo-hub-2')).toBe('tokyo-hub-2');
    for (const bad of ['Tokyo', 'a--b', '-a', 'a-', 'a_b', '', 'a'.repeat(101)]) {
      expect(() => requireSlug(bad)).toThrow(NotFoundError);
    }
  });

  it('passes a UUID through and answers anything else with 404', () => {
    expect(requireUuid('0b7d4c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e')).toBe('0b7d4c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e');
    expect(() => requireUuid('not-a-uuid')).toThrow(NotFoundError);
  });
});
