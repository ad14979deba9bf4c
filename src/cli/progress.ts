/** A one-line progress counter for long work on a terminal; redraws at most ten times a second. */
export function progressLine(write: (text: string) => void, label = 'Reading rows') {
  let last = 0;
  let shown = false;
  return {
    update(count: number): void {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      write(`\r${label}… ${count.toLocaleString('en-GB')}`);
    },
    done(): void {
      if (shown) write('\r\x1b[2K');
      shown = false;
    },
  };
}
