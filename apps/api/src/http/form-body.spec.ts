import { isUtf8FormBody } from './form-body';

const form = (text: string | Buffer) => isUtf8FormBody(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));

describe('isUtf8FormBody', () => {
  it.each([
    ['plain ASCII', 'name=Mette+Hansen&language=en'],
    ['percent-encoded UTF-8', 'name=%E5%B1%B1%E7%94%B0&org=%C3%98rsted'],
    ['an encoded percent sign', 'note=100%25'],
    ['raw UTF-8 bytes', Buffer.from('name=山田&org=Ørsted', 'utf8')],
    ['an empty body', ''],
    ['repeated keys', 'a=1&a=2'],
  ])('accepts %s', (_name, body) => {
    expect(form(body)).toBe(true);
  });

  it.each([
    ['a lone high byte escape', 'name=%FF'],
    ['a cut multi-byte sequence', 'name=%E3%81'],
    ['an overlong encoding', 'name=%C0%AF'],
    ['an encoded lone surrogate', 'name=%ED%A0%80'],
    ['a stray percent sign', 'name=100%'],
    ['a bad escape', 'name=%zz'],
    ['a bad escape in a name', '%FF=1'],
    ['raw Latin-1 bytes', Buffer.from([0x6e, 0x3d, 0xe9])],
  ])('refuses %s', (_name, body) => {
    expect(form(body)).toBe(false);
  });
});
