// Money is never a float (API.md): decimal strings at the edge, integer minor
// units inside. Currencies with other exponents than 2 are listed here.
import { AppError } from './errors.ts';

/** Money as the API shows it. */
export interface Money {
  amount: string;
  currency: string;
}

const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0, ISK: 0, CLP: 0, BHD: 3, KWD: 3, TND: 3, OMR: 3, JOD: 3 };

/** Digits after the decimal point for a currency (ISO 4217). */
export function exponentOf(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

/** "12.5" EUR → 1250; rejects more decimals than the currency has. */
export function toMinor(money: Money): number {
  const exp = exponentOf(money.currency);
  const m = /^(-?)(\d{1,13})(?:\.(\d+))?$/.exec(money.amount.trim());
  if (!m) throw new AppError('INVALID_MONEY', `"${money.amount}" is not a decimal amount`);
  const frac = m[3] ?? '';
  if (frac.length > exp) throw new AppError('INVALID_MONEY', `${money.currency} has ${exp} decimal places, got "${money.amount}"`);
  const minor = Number(m[2]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  return m[1] === '-' ? -minor : minor;
}

/** 1250, EUR → { amount: "12.50", currency: "EUR" }. */
export function fromMinor(minor: number, currency: string): Money {
  const exp = exponentOf(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (exp === 0) return { amount: `${sign}${abs}`, currency };
  const unit = 10 ** exp;
  const whole = Math.floor(abs / unit);
  const frac = String(abs % unit).padStart(exp, '0');
  return { amount: `${sign}${whole}.${frac}`, currency };
}
