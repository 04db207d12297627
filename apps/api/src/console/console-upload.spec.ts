import { csvText, uploadStatus, type ConsoleUploadedFile } from './console-upload';

const file = (data: Buffer, filename = 'r.csv', mimetype = 'text/csv'): ConsoleUploadedFile => ({
  filename,
  mimetype,
  data,
  truncated: false,
});

describe('csvText', () => {
  it('reads UTF-8, dropping a byte-order mark', () => {
    expect(csvText(file(Buffer.from('\uFEFFa,b\n京都,c\n')))).toEqual({ text: 'a,b\n京都,c\n' });
  });

  it('accepts CSV by name or by type (Windows sends CSV as an Excel type)', () => {
    expect(csvText(file(Buffer.from('a'), 'x.csv', 'application/x-unknown')).text).toBe('a');
    expect(csvText(file(Buffer.from('a'), 'x', 'application/vnd.ms-excel')).text).toBe('a');
    expect(csvText(file(Buffer.from('a'), 'list.txt', 'text/plain')).text).toBe('a');
  });

  it('refuses images, spreadsheets and binary content as not CSV (415)', () => {
    expect(csvText(file(Buffer.from('a'), 'x.png', 'image/png')).problem).toBe('type');
    expect(csvText(file(Buffer.from('a'), 'x.csv', 'image/png')).problem).toBe('type');
    expect(
      csvText(file(Buffer.from('PK'), 'x.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'))
        .problem,
    ).toBe('type');
    expect(csvText(file(Buffer.from('a\u0000b'))).problem).toBe('type');
    expect(uploadStatus('type')).toBe(415);
  });

  it('refuses bytes that are not UTF-8 (Shift_JIS) with 400', () => {
    expect(csvText(file(Buffer.from([0x8b, 0x9e, 0x93, 0x73]))).problem).toBe('utf8');
    expect(uploadStatus('utf8')).toBe(400);
    expect(uploadStatus('tooLarge')).toBe(413);
  });

  it('reads UTF-16 (with or without a BOM, LE or BE) only when asked, as Teams writes reports', () => {
    const text = 'Name\tEmail\r\nA\ta@example.org';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text, 'utf16le');
    be.swap16();
    expect(csvText(file(le), { utf16: true }).text).toBe(text);
    expect(csvText(file(Buffer.from(text, 'utf16le')), { utf16: true }).text).toBe(text);
    expect(csvText(file(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { utf16: true }).text).toBe(text);
    // Without the option, UTF-16 is not text of the roster's kind.
    expect(csvText(file(Buffer.from(text, 'utf16le'))).problem).toBe('type');
  });
});
