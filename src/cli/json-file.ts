import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.ts';

/**
 * Reads a JSON file named on the command line. A file that is not there or cannot be read is
 * bad usage (exit 2: the command was pointed at the wrong place); a file that is not JSON is
 * rejected input (exit 3). Either way the message is one line naming the file.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'could not be read';
    throw new AppError('bad_usage', `${file}: ${why}. Nothing was saved.`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new AppError('input_rejected', `${file} is not valid JSON (${(err as Error).message}). Nothing was saved.`);
  }
}
