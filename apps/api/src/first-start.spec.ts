import { testServerUrl } from '@cohost/testing';
import { isFirstStart } from './first-start';

function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

describe('isFirstStart', () => {
  it('is silently false while the database cannot be reached (an outage is not news)', async () => {
    const warn = jest.fn();
    await expect(isFirstStart('postgres://postgres@127.0.0.1:1/cohost', warn)).resolves.toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is false and says why on any other failure (no swallowed mistakes)', async () => {
    const warn = jest.fn();
    await expect(isFirstStart(databaseUrl('cohost_no_such_database_for_first_start'), warn)).resolves.toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('cohost_no_such_database_for_first_start'));
  });
});
