import { returnedRows } from './query-rows.js';

describe('returnedRows', () => {
  it("takes the rows out of an UPDATE … RETURNING's [rows, count]", () => {
    expect(returnedRows([[{ id: 'a' }, { id: 'b' }], 2])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(returnedRows([[], 0])).toEqual([]);
  });

  it('returns the rows of a SELECT or INSERT … RETURNING as they are', () => {
    expect(returnedRows([{ id: 'a' }])).toEqual([{ id: 'a' }]);
    expect(returnedRows([])).toEqual([]);
  });

  it('does not mistake two rows of a SELECT for [rows, count]', () => {
    const rows = [{ n: 1 }, { n: 2 }];
    expect(returnedRows(rows)).toBe(rows);
    const arrays = [[1], [2]];
    expect(returnedRows(arrays)).toBe(arrays);
  });
});
