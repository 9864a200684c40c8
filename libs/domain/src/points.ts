/**
 * Points are JSON numbers with at most two decimals. Binary floats cannot add them exactly
 * (0.1 + 0.2 !== 0.3), so every sum and comparison runs on integer hundredths and only the
 * result is turned back into a number.
 */
import { DomainError } from './domain.error.js';

/** How far x * 100 may sit from an integer and still be read as two decimals (float noise). */
const FLOAT_NOISE = 1e-6;

/** The points as an exact integer count of hundredths; refuses more than two decimals. */
export function toHundredths(points: number): number {
  if (!Number.isFinite(points)) {
    throw new DomainError('POINTS_OUT_OF_RANGE', `Points must be a finite number, got ${points}`);
  }
  const scaled = points * 100;
  const hundredths = Math.round(scaled);
  if (Math.abs(scaled - hundredths) >= FLOAT_NOISE || !Number.isSafeInteger(hundredths)) {
    throw new DomainError('POINTS_OUT_OF_RANGE', `Points have at most two decimals, got ${points}`, {
      points,
    });
  }
  // Math.round(-0.001) is -0, which would print as 0 but compare oddly with Object.is.
  return hundredths === 0 ? 0 : hundredths;
}

/** The JSON number for a count of hundredths (the nearest double to the two-decimal value). */
export function fromHundredths(hundredths: number): number {
  // Division by 100 yields the double nearest to the decimal, e.g. 83130 / 100 === 831.3.
  return hundredths / 100;
}

/** Exact sum of point values, in hundredths. */
export function sumHundredths(points: Iterable<number>): number {
  let sum = 0;
  for (const p of points) sum += toHundredths(p);
  return sum;
}
