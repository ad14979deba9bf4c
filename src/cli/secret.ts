import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { AppError } from '../errors.ts';

/** Who ran a command, for the audit log: `cli:<os user>`. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  let name = env.USER ?? env.USERNAME ?? env.LOGNAME;
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'unknown';
    }
  }
  return `cli:${name}`;
}

/**
 * Reads a secret without echoing it: typed with hidden input on a terminal, or the first line
 * of standard input when it is a pipe (scripts and tests). The prompt goes to stderr.
 */
export async function readSecret(prompt: string, io: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream } = { stdin: process.stdin, stderr: process.stderr }): Promise<string> {
  if (io.stdin.isTTY) return readHidden(prompt, io);
  return firstLine(io.stdin);
}

async function firstLine(stdin: NodeJS.ReadStream): Promise<string> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

function readHidden(prompt: string, io: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream }): Promise<string> {
  return new Promise((resolve, reject) => {
    const { stdin, stderr } = io;
    let value = '';
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new AppError('bad_usage', 'Cancelled: nothing was changed.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
