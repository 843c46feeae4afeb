import { statusChangesFrom, statusDocumentKind } from './legal-status';

describe('legal status', () => {
  it('only moves up: informal → filed → registered', () => {
    expect(statusChangesFrom('informal')).toEqual(['filed', 'registered']);
    expect(statusChangesFrom('filed')).toEqual(['registered']);
    expect(statusChangesFrom('registered')).toEqual([]);
  });

  it('rests on a filing receipt or a registration certificate', () => {
    expect(statusDocumentKind('filed')).toBe('filing_receipt');
    expect(statusDocumentKind('registered')).toBe('registration_certificate');
  });
});
