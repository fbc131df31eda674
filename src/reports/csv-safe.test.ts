import { describe, expect, it } from 'vitest';
import { csvSafe, toCsv } from './csv-safe.js';

describe('csvSafe', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tleading tab', "'\tleading tab"],
    ['\rleading cr', "'\rleading cr"],
    ['plain text', 'plain text'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises the string %j', (input, expected) => {
    expect(csvSafe(input)).toBe(expected);
  });

  it.each([
    [-3, '-3'],
    [66.7, '66.7'],
    [0, '0'],
    [Number.NaN, ''],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
    [new Date('2024-05-01T10:00:00Z'), '2024-05-01T10:00:00.000Z'],
  ])('passes %j through without a quote prefix', (input, expected) => {
    expect(csvSafe(input)).toBe(expected);
  });
});

describe('toCsv', () => {
  it('starts with a BOM and ends every row with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        [1, 2],
      ]),
    ).toBe('\uFEFFa,b\r\n1,2\r\n');
  });

  it('quotes cells with commas, quotes and line breaks, doubling inner quotes', () => {
    expect(toCsv([['x,y', 'say "hi"', 'two\nlines', 'cr\rhere']])).toBe('\uFEFF"x,y","say ""hi""","two\nlines","cr\rhere"\r\n');
  });

  it('neutralises formulas before quoting', () => {
    expect(toCsv([['=HYPERLINK("http://x","y")', -1]])).toBe('\uFEFF"\'=HYPERLINK(""http://x"",""y"")",-1\r\n');
  });

  it('keeps non-ASCII text as is', () => {
    expect(toCsv([['Zoë Ñúñez']])).toBe('\uFEFFZoë Ñúñez\r\n');
  });

  it('returns just the BOM for no rows', () => {
    expect(toCsv([])).toBe('\uFEFF');
  });
});
