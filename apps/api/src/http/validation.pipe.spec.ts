import { describe, expect, it, jest } from '@jest/globals';
import { ValidationPipe } from '@nestjs/common';
import { AwardScoreDto } from '../cycles/award-score/award-score.dto.js';
import { ApiError } from './api.error.js';
import { CyclePath } from './paths.dto.js';
import { createValidationPipe } from './validation.pipe.js';

describe('the validation pipe', () => {
  const pathOf = (params: Record<string, string>) =>
    createValidationPipe().transform(params, { type: 'param', metatype: CyclePath, data: undefined });

  it('remembers a valid path by its parameters and answers a copy of it without validating again', async () => {
    const pipe = createValidationPipe();
    const validate = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const path = (params: Record<string, string>) =>
        pipe.transform(params, { type: 'param', metatype: CyclePath, data: undefined }) as Promise<CyclePath>;
      const first = await path({ blocId: 'kg-khoi-4', year: '2017' });
      const second = await path({ blocId: 'kg-khoi-4', year: '2017' });
      expect(validate).toHaveBeenCalledTimes(1);
      expect(second).toBeInstanceOf(CyclePath);
      expect(second).toEqual(first);
      expect(second).not.toBe(first);
      // Another bloc or year is validated.
      await path({ blocId: 'kg-khoi-4', year: '2018' });
      expect(validate).toHaveBeenCalledTimes(2);
    } finally {
      validate.mockRestore();
    }
  });

  it('refuses an invalid path every time (refusals are not remembered)', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(pathOf({ blocId: 'kg-khoi-4', year: 'MMXVII' })).rejects.toBeInstanceOf(ApiError);
    }
  });

  it('remembers no body: each one is built and checked on its own', async () => {
    const pipe = createValidationPipe();
    const body = (value: object) =>
      pipe.transform(value, {
        type: 'body',
        metatype: AwardScoreDto,
        data: undefined,
      }) as Promise<AwardScoreDto>;
    const valid = { unitId: 'lao-dong', criterion: '1.1', points: 249.5 };
    const first = await body({ ...valid });
    const second = await body({ ...valid });
    expect(second).toBeInstanceOf(AwardScoreDto);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(body({ ...valid, points: -1 })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { points: [expect.stringContaining('points must be')] },
      });
    }
  });
});
