import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage, IsInt, IsString, validate } from 'class-validator';
import { cacheValidationRules } from './validation-rules-cache.js';

class Base {
  @IsString()
  name!: unknown;
}

class Derived extends Base {
  @IsInt()
  count!: unknown;
}

const fieldsIn = async (value: object): Promise<string[]> =>
  (await validate(value)).map((error) => error.property).sort();

describe('cacheValidationRules', () => {
  cacheValidationRules();
  const storage = getMetadataStorage();

  it('answers a class the same rules, inherited ones included, without looking them up again', async () => {
    const first = storage.getTargetValidationMetadatas(Derived, '', false, false);
    expect(storage.getTargetValidationMetadatas(Derived, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(first.map((rule) => rule.propertyName).sort()).toEqual(['count', 'name']);
    expect(await fieldsIn(Object.assign(new Derived(), { name: 1, count: 'x' }))).toEqual(['count', 'name']);
    expect(await fieldsIn(Object.assign(new Derived(), { name: 'a', count: 2 }))).toEqual([]);
  });

  it('keeps options apart: rules looked up with groups are not those without', () => {
    const plain = storage.getTargetValidationMetadatas(Derived, '', false, false);
    const grouped = storage.getTargetValidationMetadatas(Derived, '', false, false, ['other']);
    expect(grouped).not.toBe(plain);
  });

  it('honours a rule registered after the first validation', async () => {
    expect(await fieldsIn(Object.assign(new Derived(), { name: 'a', count: 2, late: 3 }))).toEqual([]);
    IsString()(Derived.prototype, 'late');
    expect(await fieldsIn(Object.assign(new Derived(), { name: 'a', count: 2, late: 3 }))).toEqual(['late']);
  });

  it('is installed once however often it is called', () => {
    const lookup = storage.getTargetValidationMetadatas;
    cacheValidationRules();
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
