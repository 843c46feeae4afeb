import { levelSql } from './statistics.store';

describe('statistics levels', () => {
  it('cuts a grid path down to the level', () => {
    expect(levelSql('h.path', 'community')).toBe(`array_to_string((string_to_array(h.path, '.'))[1:3], '.')`);
    expect(levelSql('r.path', 'street')).toBe(`array_to_string((string_to_array(r.path, '.'))[1:2], '.')`);
  });
});
