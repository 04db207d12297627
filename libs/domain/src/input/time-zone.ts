/**
 * Zones renamed in the IANA database that ICU (and so `Intl`, on the Node
 * versions we run) still reports under the old name. The old name is
 * accepted everywhere; we store and show the current one, which is also what
 * browsers report.
 */
const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** Area/Location names (`America/Argentina/Buenos_Aires`, `Etc/GMT+9`, `UTC`); never an offset like `+09:00`. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** Lower-cased name -> canonical name; bounded by the names the runtime knows (a few hundred). */
const known = new Map<string, string>();

/**
 * The canonical IANA name of a time zone, or null if it is not one: any
 * case is accepted (`asia/tokyo` -> `Asia/Tokyo`), aliases resolve to the
 * zone they name (`US/Eastern` -> `America/New_York`, `GMT` -> `UTC`), and
 * renamed zones to their current name (`Asia/Calcutta` -> `Asia/Kolkata`).
 */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64 || !ZONE_NAME.test(value)) return null;
  const key = value.toLowerCase();
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  const canonical = RENAMED_ZONES[resolved] ?? resolved;
  known.set(key, canonical);
  return canonical;
}

let choices: readonly string[] | undefined;

/**
 * The zones to offer in a list, under their current names, sorted: every
 * zone the runtime knows, plus `UTC` (valid everywhere, not always listed).
 */
export function timeZoneChoices(): readonly string[] {
  choices ??= [
    ...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => canonicalTimeZone(zone) ?? zone)),
  ].sort();
  return choices;
}
