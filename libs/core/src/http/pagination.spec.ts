import { DomainError } from '../errors/domain-error.js';
import { pageRequest } from './pagination.js';

describe('pageRequest', () => {
  const SORTABLE = { name: 't.name', createdAt: 't.created_at' };

  it('maps listed fields to their columns, with direction', () => {
    expect(pageRequest({ page: 2, pageSize: 10, sort: '-createdAt,name' }, SORTABLE, 'name')).toEqual({
      page: 2,
      pageSize: 10,
      offset: 10,
      orderBy: [
        { column: 't.created_at', direction: 'DESC' },
        { column: 't.name', direction: 'ASC' },
      ],
    });
  });

  it.each(['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'unknown'])('refuses %s as a 422, never a prototype property', (field) => {
    expect(() => pageRequest({ sort: field }, SORTABLE, 'name')).toThrow(DomainError);
    try {
      pageRequest({ sort: `-${field}` }, SORTABLE, 'name');
    } catch (err) {
      expect((err as DomainError).details.errors).toEqual([expect.objectContaining({ field: 'sort', reason: 'unsupported_sort' })]);
    }
  });
});
