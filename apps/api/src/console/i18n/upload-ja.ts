import type { UploadKey } from './upload-en';

/** File upload on console forms (roster CSV, attendance report), Japanese. */
export const uploadJa: Record<UploadKey, string> = {
  'upload.file': 'または CSV ファイルを選択',
  'upload.fileHelp': '{max} までの .csv ファイル。ファイルを選ぶと、上のテキストの代わりにファイルを使います。',
  'upload.problem.tooLarge': 'ファイルが大きすぎます。{max} までにしてください。',
  'upload.problem.type': 'CSV ファイルではありません。CSV(カンマ区切り)で保存して、もう一度選んでください。',
  'upload.problem.utf8':
    'ファイルが UTF-8 のテキストではありません。「CSV UTF-8」で保存して(Excel: ファイル › 名前を付けて保存 › CSV UTF-8)、もう一度選んでください。',
  'upload.problem.missing': 'CSV ファイルを選ぶか、テキストを貼り付けてください。',
  'upload.problem.unexpected': 'ファイルは 1 つだけ、このフォームのファイル欄で送ってください。',
  'upload.problem.malformed': 'フォームを読み取れませんでした。ページを再読み込みして、もう一度お試しください。',
};
