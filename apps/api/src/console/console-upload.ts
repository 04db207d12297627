import { decodeReport } from '@cohost/domain';
import fastifyMultipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes, type FastifyRequest } from 'fastify';

/**
 * File upload on console forms (`multipart/form-data`, `@fastify/multipart`).
 * Only routes marked `@ConsoleUpload({ field, maxBytes })` take multipart
 * bodies (any other route answers 415 before reading one). There the body
 * is read before the route's guard runs, so the session guard checks the
 * posted `_csrf` as on any form: text fields become strings (repeated ones
 * an array), and the one file, of the named field only, a {@link ConsoleUploadedFile}
 * of at most `maxBytes`. What cannot be used (a second file, another file
 * field, too many or non-text fields, a malformed body) is recorded, not
 * thrown, so the page says what is wrong with the form shown again.
 */

export interface ConsoleUploadOptions {
  /** The file input's name; a file under any other name is refused. */
  field: string;
  /** Largest file read; a larger one is `tooLarge` (413). */
  maxBytes: number;
}

export interface ConsoleUploadedFile {
  filename: string;
  mimetype: string;
  /** The file's bytes (at most `maxBytes`; `truncated` when it was larger). */
  data: Buffer;
  truncated: boolean;
}

/** Why the posted form's file cannot be used. */
export type UploadProblem = 'tooLarge' | 'type' | 'utf8' | 'missing' | 'unexpected' | 'malformed';

/** The body key under which the parsing problem of a multipart form is recorded. */
const PROBLEM = Symbol('consoleUploadProblem');

const CONFIG_KEY = 'consoleUpload';

/** Text fields a console upload form may carry besides the file (`_csrf`, a pasted text...). */
const MAX_FIELDS = 4;
/** The text fields of an upload form together: as much as a urlencoded body may carry (the API's body limit). */
const MAX_FIELD_BYTES = 2 * 1024 * 1024;

/** Marks a console POST route as taking a file (and its other fields) as `multipart/form-data`. */
export const ConsoleUpload = (options: ConsoleUploadOptions) => RouteConfig({ [CONFIG_KEY]: options });

function uploadOptions(request: FastifyRequest): ConsoleUploadOptions | undefined {
  const config = request.routeOptions?.config as unknown as Record<string, unknown> | undefined;
  return config?.[CONFIG_KEY] as ConsoleUploadOptions | undefined;
}

function isMultipartRequest(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/** Registers the multipart parser and the hooks that confine it to `@ConsoleUpload` routes. */
export async function registerConsoleUploads(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1, fieldSize: MAX_FIELD_BYTES, headerPairs: 100 },
  });
  // Everywhere else multipart stays what it was before this parser: 415, as any unknown media type.
  fastify.addHook('onRequest', async (request) => {
    if (isMultipartRequest(request) && !uploadOptions(request)) {
      throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('multipart/form-data');
    }
  });
  fastify.addHook('preValidation', async (request) => {
    const options = uploadOptions(request);
    if (!options || !request.isMultipart()) return;
    request.body = await readUploadForm(request, options);
  });
}

async function readUploadForm(request: FastifyRequest, options: ConsoleUploadOptions) {
  const body: Record<string | symbol, unknown> = {};
  let textBytes = 0;
  const setProblem = (problem: UploadProblem) => {
    body[PROBLEM] ??= problem;
  };
  const addField = (name: string, value: string) => {
    const existing = body[name];
    body[name] = existing === undefined ? value : [existing, value].flat();
  };
  try {
    for await (const part of request.parts({ limits: { fileSize: options.maxBytes } })) {
      if (part.type === 'file') {
        const file = part as MultipartFile;
        if (file.fieldname !== options.field || body[options.field] !== undefined) {
          file.file.resume();
          setProblem('unexpected');
          continue;
        }
        const data = await file.toBuffer();
        // An empty file input is posted as a part without a name or bytes: no file chosen.
        if (!file.filename && data.length === 0) continue;
        body[options.field] = {
          filename: file.filename ?? '',
          mimetype: file.mimetype,
          data,
          truncated: file.file.truncated,
        } satisfies ConsoleUploadedFile;
      } else {
        const field = part as MultipartValue;
        // An empty file input sent without a file name arrives as an empty field: no file chosen.
        if (field.fieldname === options.field && field.value === '') continue;
        if (typeof field.value !== 'string' || field.fieldname === options.field) {
          setProblem('malformed');
          continue;
        }
        textBytes += Buffer.byteLength(field.value);
        // The text fields together: no more than a urlencoded form may carry (the same 413).
        if (field.valueTruncated || textBytes > MAX_FIELD_BYTES) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
        addField(field.fieldname, field.value);
      }
    }
  } catch (error) {
    // Whatever is left of the body is read and dropped (the request timeout bounds it).
    request.raw.resume();
    if (error instanceof errorCodes.FST_ERR_CTP_BODY_TOO_LARGE) throw error;
    request.log.debug({ err: error }, 'console upload: refused multipart body');
    setProblem(isFilesLimit(error) ? 'unexpected' : 'malformed');
  }
  return body;
}

function isFilesLimit(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'FST_FILES_LIMIT';
}

/** The file of an upload form, if one was chosen, or why the form cannot be used. */
export function uploadedFile(body: unknown, field: string): { file?: ConsoleUploadedFile; problem?: UploadProblem } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string | symbol, unknown>;
  const problem = b[PROBLEM] as UploadProblem | undefined;
  if (problem) return { problem };
  const file = b[field] as ConsoleUploadedFile | undefined;
  if (!file || typeof file !== 'object' || !Buffer.isBuffer(file.data)) return {};
  if (file.truncated) return { problem: 'tooLarge' };
  return { file };
}

/** Types browsers give CSV and text files (Windows reports CSV as an Excel type). */
const TEXT_TYPES = new Set([
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);
const TEXT_NAME = /\.(csv|tsv|txt)$/i;

/**
 * The text of an uploaded CSV file: its name or type must say CSV or text
 * (`.csv`, `.tsv`, `.txt`; a spreadsheet or an image is `type`), and its
 * bytes UTF-8 (a byte-order mark dropped; otherwise `utf8`), or with
 * `utf16`, also UTF-16 as Teams writes its reports (the attendance API's
 * `decodeReport`). A NUL character left means a binary file (`type`).
 */
export function csvText(
  file: ConsoleUploadedFile,
  options: { utf16?: boolean } = {},
): { text: string; problem?: undefined } | { text?: undefined; problem: UploadProblem } {
  const mimetype = file.mimetype.toLowerCase().split(';')[0].trim();
  if (!TEXT_NAME.test(file.filename) && !TEXT_TYPES.has(mimetype)) return { problem: 'type' };
  if (mimetype.startsWith('image/') || mimetype.startsWith('video/') || mimetype.includes('spreadsheetml')) {
    return { problem: 'type' };
  }
  const data = file.data;
  let text: string;
  if (options.utf16 && looksUtf16(data)) {
    text = decodeReport(data);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      return { problem: 'utf8' };
    }
  }
  if (text.includes('\u0000')) return { problem: 'type' };
  return { text: text.replace(/^\uFEFF/, '') };
}

/** A byte-order mark of UTF-16, or ASCII text with a NUL after each character (Teams' reports without one). */
function looksUtf16(data: Buffer): boolean {
  if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) {
    return true;
  }
  const sample = data.subarray(0, 200);
  let oddNuls = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) oddNuls++;
  return sample.length >= 4 && oddNuls * 2 >= sample.length / 2 - 1;
}

/** The HTTP status of an upload problem. */
export function uploadStatus(problem: UploadProblem): number {
  switch (problem) {
    case 'tooLarge':
      return 413;
    case 'type':
      return 415;
    default:
      return 400;
  }
}
