import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { unreadableFile } from './exit-codes.ts';

/**
 * Reads a JSON file named on the command line. A file that is not there, cannot be read or is
 * not JSON is an input that could not be used (exit 3), in one line naming the file.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw unreadableFile(file, err, 'Nothing was saved.');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new AppError('input_rejected', `${file} is not valid JSON (${(err as Error).message}). Nothing was saved.`);
  }
}
