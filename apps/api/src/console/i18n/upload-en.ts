/** File upload on console forms (roster CSV, attendance report), English. */
export const uploadEn = {
  'upload.file': 'Or choose a CSV file',
  'upload.fileHelp': 'A .csv file of at most {max}; a chosen file is used instead of the text above.',
  'upload.problem.tooLarge': 'The file is too large: at most {max}.',
  'upload.problem.type': 'This is not a CSV file. Save it as CSV (comma-separated) and choose it again.',
  'upload.problem.utf8':
    'The file is not UTF-8 text. Save it as “CSV UTF-8” (Excel: File › Save As › CSV UTF-8) and choose it again.',
  'upload.problem.missing': 'Choose a CSV file or paste its text.',
  'upload.problem.unexpected': 'Send one file only, in the file field of this form.',
  'upload.problem.malformed': 'The form could not be read; reload the page and try again.',
} as const;

export type UploadKey = keyof typeof uploadEn;
