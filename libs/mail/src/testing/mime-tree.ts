/** Test-only: the MIME tree of a raw message, to check its structure (mailparser flattens it). */
export interface MimeNode {
  contentType: string;
  params: Record<string, string>;
  disposition?: string;
  headers: string;
  body: string;
  children: MimeNode[];
}

export function headerBlock(raw: string): string {
  return raw.slice(0, raw.indexOf('\r\n\r\n'));
}

/** Unfolded header lines of a header block. */
export function headerLines(block: string): string[] {
  return block.replace(/\r\n[ \t]/g, ' ').split('\r\n');
}

function header(block: string, name: string): string | undefined {
  const line = headerLines(block).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

export function parseMime(raw: string): MimeNode {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const [type, ...rest] = (header(headers, 'Content-Type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  const node: MimeNode = {
    contentType: type.trim().toLowerCase(),
    params,
    disposition: header(headers, 'Content-Disposition')?.split(';')[0].trim().toLowerCase(),
    headers,
    body,
    children: [],
  };
  if (node.contentType.startsWith('multipart/')) {
    const boundary = `--${params.boundary}`;
    const parts = body.split(boundary).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      node.children.push(parseMime(part.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    }
  }
  return node;
}
