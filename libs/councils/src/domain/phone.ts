/** A phone as answered to staff: the first three and last four digits (`138****1234`); short numbers keep only their last two. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length <= 2) return '*'.repeat(digits.length);
  return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

/** The phone as the blind index keys it: digits only. */
export const normalisePhone = (phone: string): string => phone.replace(/\D/g, '');
