import { diffFields } from './changes';

describe('field-by-field changes', () => {
  it('lists only the fields sent that differ', () => {
    const before = { name: '张三', phone: '13812345678', employer: null as string | null, tags: ['veteran'] };
    expect(diffFields(before, { name: '张三', phone: '13900001111', employer: undefined })).toEqual([
      { field: 'phone', before: '13812345678', after: '13900001111' },
    ]);
    expect(diffFields(before, { employer: '锦华物流', tags: ['veteran'] })).toEqual([
      { field: 'employer', before: null, after: '锦华物流' },
    ]);
    expect(diffFields(before, { phone: null })).toEqual([{ field: 'phone', before: '13812345678', after: null }]);
    expect(diffFields(before, { tags: ['veteran', 'disabled'] })).toEqual([
      { field: 'tags', before: ['veteran'], after: ['veteran', 'disabled'] },
    ]);
  });
});
