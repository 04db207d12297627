import { InvalidInputError } from '../errors';
import { decodeReport, parseAttendanceReport } from './attendance-report';

const ZOOM = [
  'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent',
  'Ann Lee,Ann@Example.org,05/20/2027 05:58:01 PM,05/20/2027 07:01:12 PM,64,No,Y',
  '"Lee, Bo (Bo L)",bo@example.org,05/20/2027 06:02:00 PM,05/20/2027 06:30:00 PM,28,Yes,Y',
  'Ann Lee,ann@example.org,05/20/2027 06:40:00 PM,05/20/2027 07:00:00 PM,20,No,Y',
  'Phone user,,05/20/2027 06:00:00 PM,05/20/2027 06:10:00 PM,10,Yes,',
].join('\r\n');

const ZOOM_WEBINAR = [
  'Attendee Report',
  'Report Generated:,"05/21/2027 10:00 AM"',
  'Topic,Webinar ID,Actual Start Time',
  'Life Science,123 456 789,"05/20/2027 06:00 PM"',
  '',
  'Attendee Details',
  'Attended,User Name (Original Name),First Name,Last Name,Email,Join Time,Leave Time,Time in Session (minutes)',
  'Yes,Ann Lee,Ann,Lee,ann@example.org,"05/20/2027 06:00 PM","05/20/2027 07:00 PM",60',
  'No,Cy Doe,Cy,Doe,cy@example.org,--,--,--',
].join('\n');

const TEAMS = [
  '1. Summary',
  'Meeting title\tLife Science',
  'Attended participants\t2',
  'Start time\t5/20/27, 6:00:00 PM',
  '',
  '2. Participants',
  'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
  '山田 花子\t5/20/27, 5:58:00 PM\t5/20/27, 7:00:00 PM\t1h 2m\tHANAKO@example.jp\thanako@example.jp\tAttendee',
  'Guest\t5/20/27, 6:05:00 PM\t5/20/27, 6:20:00 PM\t15m\t\tguest@partner.example.org\tAttendee',
  '',
  '3. In-Meeting Activities',
  'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole',
  'Late Comer\t5/20/27, 6:30:00 PM\t5/20/27, 6:31:00 PM\t1m\tlate@example.org\tAttendee',
].join('\r\n');

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

function codeOf(body: string): string | undefined {
  try {
    parseAttendanceReport(body);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

describe('attendance reports', () => {
  it('reads a Zoom participants report: normalised addresses once each, quoted cells, rows without an address rejected', () => {
    const report = parseAttendanceReport(ZOOM);
    expect(report.format).toBe('zoom');
    expect(report.emails).toEqual(['ann@example.org', 'bo@example.org']);
    expect(report.rows).toBe(4);
    expect(report.rejected).toEqual([{ line: 5, reason: 'no address' }]);
  });

  it('reads a Zoom webinar attendee report below its preamble and leaves out "Attended: No"', () => {
    const report = parseAttendanceReport(ZOOM_WEBINAR);
    expect(report).toMatchObject({ format: 'zoom', emails: ['ann@example.org'], rows: 2 });
  });

  it('reads the participants section of a Teams report, in UTF-8 and in UTF-16LE (with and without BOM, tabs)', () => {
    for (const body of [
      Buffer.from(TEAMS, 'utf8'),
      utf16le(TEAMS),
      Buffer.from(TEAMS, 'utf16le'),
      Buffer.from(TEAMS.replace(/First Join/, 'First join'), 'utf8'),
    ]) {
      const report = parseAttendanceReport(body);
      expect(report.format).toBe('teams');
      // The UPN stands in for an empty Email; the activities section is not read.
      expect(report.emails).toEqual(['hanako@example.jp', 'guest@partner.example.org']);
    }
  });

  it('decodes UTF-16BE with a BOM and UTF-8 with a BOM', () => {
    const be = Buffer.from(TEAMS, 'utf16le');
    be.swap16();
    expect(decodeReport(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(TEAMS);
    expect(decodeReport(Buffer.from(`\uFEFF${ZOOM}`, 'utf8'))).toBe(ZOOM);
  });

  it('names the missing address column of a recognised format, and the expected columns of an unknown file', () => {
    expect(codeOf('Name (Original Name),Join Time,Leave Time,Duration (Minutes)\nAnn,1,2,3')).toBe(
      'ATTENDANCE_COLUMN_MISSING: The Zoom attendance report has no "User Email" column',
    );
    expect(codeOf('Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tRole\nA\t1\t2\t3\tAttendee')).toBe(
      'ATTENDANCE_COLUMN_MISSING: The Teams attendance report has no "Email" column',
    );
    for (const body of ['', 'email\nann@example.org', 'Name,Email\nAnn,ann@example.org', '\u0000\u0001']) {
      expect(codeOf(body)).toMatch(/^ATTENDANCE_REPORT_UNRECOGNISED: .*"User Email".*"First Join"/);
    }
  });
});
