import { parse } from 'csv-parse/sync';
import { toCsv } from './case-export.js';

/** The CSV writer: Excel-friendly, and never a formula in a cell that came from data. */
describe('toCsv', () => {
  const parseBack = (text: string) => parse(text, { delimiter: ';', relax_column_count: true }) as string[][];

  it.each([
    ['=HYPERLINK("http://x","klik")', `'=HYPERLINK("http://x","klik")`],
    ['+45 12 34 56 78', `'+45 12 34 56 78`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['Mette Hansen', 'Mette Hansen'],
    ['Søren; Ærø "Å"', 'Søren; Ærø "Å"'],
    ['linje 1\nlinje 2', 'linje 1\nlinje 2'],
  ])('%j is written as %j', (cell, expected) => {
    expect(parseBack(toCsv([[cell, 'x']], false))).toEqual([[expected, 'x']]);
  });

  it('writes the Danish header first, separated by semicolons, lines ended by CRLF', () => {
    const text = toCsv([['2026-000001', 'Åben']], true);
    expect(text.split('\r\n')[0].split(';').slice(0, 3)).toEqual(['Sagsnummer', 'Status', 'Afdeling']);
    expect(text.endsWith('\r\n')).toBe(true);
  });
});
