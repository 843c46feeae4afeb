import { maskIdNumber, maskName, maskPhone, normalisePhone } from './masking';

describe('masking', () => {
  it('keeps the first 3 and last 4 characters of an identity number', () => {
    expect(maskIdNumber('110105194912311234')).toBe('110***********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
    expect(maskIdNumber('110105194912311234')).toHaveLength(18);
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('masks the middle of a mobile number and the subscriber digits of a landline', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('028-86661234')).toBe('028-******34');
    expect(maskPhone('02886661234')).toBe('0288*****34'); // without the dash the area code is taken as 4 digits
  });

  it('keeps the first character of a name', () => {
    expect(maskName('李明')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
  });

  it('normalises phones to digits for exact search', () => {
    expect(normalisePhone('028-8666 1234')).toBe('02886661234');
    expect(normalisePhone('13812345678')).toBe('13812345678');
  });
});
