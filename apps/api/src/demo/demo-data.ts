/**
 * What `npm run demo` loads: a believable hub, as plain data. Every address
 * is on a `.example` domain (RFC 2606: reserved, never deliverable), and the
 * registrants are drawn from a seeded generator, so every load of an empty
 * database gives the same people.
 */

export interface DemoPartner {
  slug: string;
  name: { en: string; ja?: string };
  country: string;
  timezone: string;
  contactEmail: string;
  organizers: Array<{ email: string; name: string }>;
}

export const DEMO_PARTNERS: DemoPartner[] = [
  {
    slug: 'link-j',
    name: { en: 'LINK-J', ja: 'ライフサイエンス・イノベーション・ネットワーク・ジャパン' },
    country: 'JP',
    timezone: 'Asia/Tokyo',
    contactEmail: 'events@link-j.example',
    organizers: [
      { email: 'aiko.tanaka@link-j.example', name: '田中 愛子' },
      { email: 'kenji.mori@link-j.example', name: '森 健二' },
    ],
  },
  {
    slug: 'royal-danish-embassy',
    name: { en: 'Royal Danish Embassy in Tokyo', ja: '駐日デンマーク大使館' },
    country: 'DK',
    timezone: 'Asia/Tokyo',
    contactEmail: 'tokyo@embassy-dk.example',
    organizers: [{ email: 'mette.lund@embassy-dk.example', name: 'Mette Lund' }],
  },
  {
    slug: 'medicon-valley-alliance',
    name: { en: 'Medicon Valley Alliance', ja: 'メディコンバレー・アライアンス' },
    country: 'DK',
    timezone: 'Europe/Copenhagen',
    contactEmail: 'info@mva.example',
    organizers: [{ email: 'soren.holm@mva.example', name: 'Søren Holm' }],
  },
  {
    slug: 'biocat',
    name: { en: 'Biocat, the BioRegion of Catalonia' },
    country: 'ES',
    timezone: 'Europe/Madrid',
    contactEmail: 'international@biocat.example',
    organizers: [{ email: 'laia.puig@biocat.example', name: 'Laia Puig' }],
  },
  {
    slug: 'flanders-bio',
    name: { en: 'flanders.bio' },
    country: 'BE',
    timezone: 'Europe/Brussels',
    contactEmail: 'hello@flanders-bio.example',
    organizers: [{ email: 'pieter.janssens@flanders-bio.example', name: 'Pieter Janssens' }],
  },
];

/** The hub admin the demo records (sign in at /console/sign-in with this address). */
export const DEMO_HUB_ADMIN = 'hub-admin@link-j.example';

export interface DemoAgreement {
  partners: [string, string];
  kind: 'MOC' | 'MOU';
  signedOn: string;
  effectiveFrom: string;
  expiresOn?: string;
}

/** Dates relative to the load are not needed here: the expired one ended in 2025, the others run for years. */
export const DEMO_AGREEMENTS: DemoAgreement[] = [
  { partners: ['link-j', 'royal-danish-embassy'], kind: 'MOC', signedOn: '2023-04-12', effectiveFrom: '2023-05-01' },
  {
    partners: ['link-j', 'medicon-valley-alliance'],
    kind: 'MOC',
    signedOn: '2022-10-03',
    effectiveFrom: '2022-11-01',
    expiresOn: '2030-10-31',
  },
  {
    partners: ['link-j', 'biocat'],
    kind: 'MOC',
    signedOn: '2024-02-20',
    effectiveFrom: '2024-03-01',
    expiresOn: '2029-02-28',
  },
  // Expired: flanders.bio can no longer co-host with LINK-J until the MOC is renewed.
  {
    partners: ['link-j', 'flanders-bio'],
    kind: 'MOC',
    signedOn: '2021-06-15',
    effectiveFrom: '2021-07-01',
    expiresOn: '2025-06-30',
  },
  {
    partners: ['royal-danish-embassy', 'medicon-valley-alliance'],
    kind: 'MOU',
    signedOn: '2024-09-09',
    effectiveFrom: '2024-09-09',
  },
];

export interface DemoMember {
  name: { en: string; ja?: string };
  domain: string;
  /** The language its people register in. */
  locale: 'ja' | 'en';
}

/** The member organizations' roster (members-only webinars check addresses against it). */
export const DEMO_MEMBERS: DemoMember[] = [
  {
    name: { en: 'Kyoto Regenerative Medicine Lab', ja: '京都再生医療研究所' },
    domain: 'kyoto-regen.example',
    locale: 'ja',
  },
  { name: { en: 'Osaka Antibody Works', ja: '大阪抗体工房' }, domain: 'osaka-antibody.example', locale: 'ja' },
  { name: { en: 'Nihonbashi Pharma', ja: '日本橋ファーマ' }, domain: 'nihonbashi-pharma.example', locale: 'ja' },
  { name: { en: 'Tsukuba Genomics', ja: 'つくばゲノミクス' }, domain: 'tsukuba-genomics.example', locale: 'ja' },
  {
    name: { en: 'Shonan Cell Therapeutics', ja: '湘南セルセラピューティクス' },
    domain: 'shonan-cell.example',
    locale: 'ja',
  },
  { name: { en: 'Sendai MedTech', ja: '仙台メドテック' }, domain: 'sendai-medtech.example', locale: 'ja' },
  { name: { en: 'Kobe Bioimaging', ja: '神戸バイオイメージング' }, domain: 'kobe-bioimaging.example', locale: 'ja' },
  { name: { en: 'Hokkaido Marine Bio', ja: '北海道マリンバイオ' }, domain: 'hokkaido-marinebio.example', locale: 'ja' },
  { name: { en: 'Fukuoka Digital Health', ja: '福岡デジタルヘルス' }, domain: 'fukuoka-dh.example', locale: 'ja' },
  {
    name: { en: 'Todai Spin-out Therapeutics', ja: '東大発セラピューティクス' },
    domain: 'todai-spinout.example',
    locale: 'ja',
  },
  { name: { en: 'Nordic Enzyme Technologies' }, domain: 'nordic-enzyme.example', locale: 'en' },
  { name: { en: 'Aarhus Vaccine Institute' }, domain: 'aarhus-vaccine.example', locale: 'en' },
  { name: { en: 'Øresund Diagnostics' }, domain: 'oresund-dx.example', locale: 'en' },
  { name: { en: 'Barcelona Organoids' }, domain: 'bcn-organoids.example', locale: 'en' },
  { name: { en: 'Ghent Plant Biotech' }, domain: 'ghent-plantbio.example', locale: 'en' },
  { name: { en: 'Leuven Neuro Devices' }, domain: 'leuven-neuro.example', locale: 'en' },
];

const JA_FAMILY: Array<[string, string]> = [
  ['佐藤', 'sato'],
  ['鈴木', 'suzuki'],
  ['高橋', 'takahashi'],
  ['田中', 'tanaka'],
  ['伊藤', 'ito'],
  ['渡辺', 'watanabe'],
  ['山本', 'yamamoto'],
  ['中村', 'nakamura'],
  ['小林', 'kobayashi'],
  ['加藤', 'kato'],
  ['吉田', 'yoshida'],
  ['山田', 'yamada'],
  ['佐々木', 'sasaki'],
  ['松本', 'matsumoto'],
  ['井上', 'inoue'],
  ['木村', 'kimura'],
  ['林', 'hayashi'],
  ['清水', 'shimizu'],
  ['森', 'mori'],
  ['池田', 'ikeda'],
];
const JA_GIVEN: Array<[string, string]> = [
  ['翔太', 'shota'],
  ['陽菜', 'hina'],
  ['大輔', 'daisuke'],
  ['美咲', 'misaki'],
  ['健太', 'kenta'],
  ['彩', 'aya'],
  ['拓海', 'takumi'],
  ['結衣', 'yui'],
  ['直樹', 'naoki'],
  ['由美', 'yumi'],
  ['誠', 'makoto'],
  ['愛', 'ai'],
  ['亮', 'ryo'],
  ['恵', 'megumi'],
  ['智子', 'tomoko'],
  ['浩', 'hiroshi'],
];
const EU_PEOPLE: Array<{ given: string[]; family: string[]; zone: string }> = [
  {
    given: ['Mette', 'Lars', 'Sofie', 'Anders', 'Freja', 'Mikkel', 'Ida', 'Rasmus', 'Signe', 'Jakob'],
    family: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Møller'],
    zone: 'Europe/Copenhagen',
  },
  {
    given: ['Laia', 'Jordi', 'Marta', 'Pau', 'Núria', 'Oriol'],
    family: ['Puig', 'Vidal', 'Soler', 'Ferrer', 'Serra', 'Font'],
    zone: 'Europe/Madrid',
  },
  {
    given: ['Lotte', 'Pieter', 'Ine', 'Wout', 'Femke'],
    family: ['Peeters', 'Janssens', 'Maes', 'Claes', 'Wouters'],
    zone: 'Europe/Brussels',
  },
  {
    given: ['Anna', 'Jonas', 'Lena', 'Felix'],
    family: ['Müller', 'Schmidt', 'Schneider', 'Weber'],
    zone: 'Europe/Berlin',
  },
];

/** A small seeded generator (mulberry32): the same registrants on every load. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The local part of an address from a name: ASCII letters only (Sørensen → sorensen, Müller → muller). */
function asciiPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/ø/gi, 'o')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

export interface DemoPerson {
  email: string;
  name: string;
  organization: string;
  locale: 'ja' | 'en';
  timezone: string;
}

/**
 * `count` distinct people of the roster's organizations: Japanese names
 * registering in Japanese for the Japanese members, European names in
 * English for the European ones (and some Japanese registering in English).
 */
export function demoPeople(count: number, random: () => number, taken = new Set<string>()): DemoPerson[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const people: DemoPerson[] = [];
  while (people.length < count) {
    const member = pick(DEMO_MEMBERS);
    let person: DemoPerson;
    if (member.locale === 'ja') {
      const [familyJa, family] = pick(JA_FAMILY);
      const [givenJa, given] = pick(JA_GIVEN);
      const english = random() < 0.15;
      person = {
        email: `${given}.${family}@${member.domain}`,
        name: english ? `${cap(given)} ${cap(family)}` : `${familyJa} ${givenJa}`,
        organization: english ? member.name.en : (member.name.ja ?? member.name.en),
        locale: english ? 'en' : 'ja',
        timezone: 'Asia/Tokyo',
      };
    } else {
      const group = pick(EU_PEOPLE);
      const given = pick(group.given);
      const family = pick(group.family);
      person = {
        email: `${asciiPart(given)}.${asciiPart(family)}@${member.domain}`,
        name: `${given} ${family}`,
        organization: member.name.en,
        locale: 'en',
        timezone: group.zone,
      };
    }
    if (taken.has(person.email)) continue;
    taken.add(person.email);
    people.push(person);
  }
  return people;
}

function cap(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
