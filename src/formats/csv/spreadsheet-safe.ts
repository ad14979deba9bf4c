/**
 * A text cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
 * carriage return) gets a leading apostrophe, so a crafted value in an uploaded file or a name
 * cannot run as a formula when a downloaded CSV is opened in Excel. Numbers are left as numbers.
 */
export function spreadsheetSafe<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
