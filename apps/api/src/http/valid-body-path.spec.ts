import { describe, expect, it } from '@jest/globals';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsString,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwardScoreDto } from '../cycles/award-score/award-score.dto.js';
import { ReportIndicatorDto } from '../cycles/report-indicator/report-indicator.dto.js';
import { RegisterBlocDto } from '../blocs/register-bloc/register-bloc.dto.js';
import { ApiError } from './api.error.js';
import { bodyPlanOf, validBody } from './valid-body-path.js';
import { createValidationPipe } from './validation.pipe.js';

type DtoClass = new () => object;

const SEED = Number(process.env.PROPERTY_SEED ?? 20_261_206);
const API_SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every class exported by the API's `*.dto.ts` files (their decorators registered on import). */
async function apiDtoClasses(): Promise<DtoClass[]> {
  const files = (readdirSync(API_SRC, { recursive: true }) as string[]).filter((file) =>
    file.endsWith('.dto.ts'),
  );
  const classes = new Set<DtoClass>();
  for (const file of files) {
    const module = (await import(join(API_SRC, file))) as Record<string, unknown>;
    for (const value of Object.values(module))
      if (typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value)))
        classes.add(value as DtoClass);
  }
  return [...classes];
}

/** The example @nestjs/swagger holds for a property, if any: a value its rules accept, mostly. */
function exampleOf(dto: DtoClass, property: string): unknown {
  const metadata = Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, property) as
    { example?: unknown } | undefined;
  return metadata?.example;
}

/** Values for a property: its example and near misses of it, and any JSON value. */
function valuesFor(example: unknown): fc.Arbitrary<unknown> {
  const near: unknown[] = [null, [example], { value: example }, String(example)];
  if (typeof example === 'string')
    near.push(
      example.normalize('NFD'),
      `${example}\u0000`,
      `${example}\u202e`,
      `${example}\u200b`,
      ` ${example}`,
      `${example}-`,
      example.toUpperCase(),
      example.repeat(40),
      '',
      '   ',
      '\ud800',
      Number(example),
    );
  if (typeof example === 'number')
    near.push(
      -0,
      1e-7,
      example + 1e-7,
      -example,
      1e300,
      example * 1000,
      String(example),
      Math.round(example),
    );
  const json = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return example === undefined
    ? json
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant(example) },
        { weight: 3, arbitrary: fc.constantFrom(...near) },
        { weight: 2, arbitrary: json },
      );
}

/** Bodies for a DTO: each property present or not, with an occasional key it does not have. */
function bodiesFor(dto: DtoClass, properties: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight: number) =>
    fc.oneof({ weight, arbitrary }, { weight: 8 - weight, arbitrary: fc.constant(undefined) });
  const fields = properties.map((name) =>
    sometimes(
      valuesFor(exampleOf(dto, name)).map((value) => [name, value] as const),
      7,
    ),
  );
  const extra = sometimes(
    fc.tuple(
      fc.constantFrom('extra', 'toString', 'constructor', 'prototype', '__proto__', '0'),
      fc.jsonValue({ maxDepth: 1 }),
    ),
    1,
  );
  // Object.fromEntries makes "__proto__" an own key, as JSON.parse does.
  return fc
    .tuple(fc.tuple(...fields), extra)
    .map(([present, more]) => Object.fromEntries([...present, more].filter((entry) => entry !== undefined)));
}

type Outcome =
  { accepted: object } | { refused: Pick<ApiError, 'statusCode' | 'code' | 'message' | 'details'> };

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { accepted: (await run()) as object };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const { statusCode, code, message, details } = error;
    return { refused: { statusCode, code, message, details } };
  }
}

const bodyOf = (metatype: DtoClass): ArgumentMetadata => ({ type: 'body', metatype, data: undefined });

describe('the valid body path', () => {
  it('has a plan for the flat bodies a busy bloc sends, none for a body with nested DTOs', () => {
    expect(bodyPlanOf(ReportIndicatorDto)).toBeDefined();
    expect(bodyPlanOf(AwardScoreDto)).toBeDefined();
    expect(bodyPlanOf(RegisterBlocDto)).toBeUndefined();
  });

  it('has no plan for what it does not cover: a nested DTO, an asynchronous check, a class without rules', () => {
    class Inner {
      @IsString()
      code!: string;
    }
    class WithNested {
      @ValidateNested()
      @Type(() => Inner)
      inner!: Inner;
    }
    @ValidatorConstraint({ name: 'eventually', async: true })
    class Eventually implements ValidatorConstraintInterface {
      validate(): Promise<boolean> {
        return Promise.resolve(true);
      }
    }
    class WithAsyncCheck {
      @Validate(Eventually)
      code!: string;
    }
    class WithoutRules {
      code!: string;
    }
    expect(bodyPlanOf(WithNested)).toBeUndefined();
    expect(bodyPlanOf(WithAsyncCheck)).toBeUndefined();
    expect(bodyPlanOf(WithoutRules)).toBeUndefined();
  });

  it('remembers a plan per class, and makes it again when a rule is registered later', () => {
    createValidationPipe(); // installs the rules cache, which counts late registrations
    class Late {
      @IsString()
      code!: string;
    }
    const first = bodyPlanOf(Late);
    expect(bodyPlanOf(Late)).toBe(first);
    expect(validBody(Late, first!, { code: 'x', late: 'y' })).toBeUndefined();
    IsString()(Late.prototype, 'late');
    const second = bodyPlanOf(Late);
    expect(second).not.toBe(first);
    expect([...second!.properties.keys()]).toEqual(['code', 'late']);
    expect(validBody(Late, second!, { code: 'x', late: 'y' })).toBeInstanceOf(Late);
    expect(validBody(Late, second!, { code: 'x', late: 1 })).toBeUndefined();
  });

  it('builds the DTO as class-transformer does: the instance, its keys in order, the transforms applied', async () => {
    const body = {
      note: 'Nguye\u0302\u0303n',
      value: 6.62,
      period: '2017',
      indicator: 'YT1',
      unitId: 'y-te',
    };
    const plan = bodyPlanOf(ReportIndicatorDto)!;
    const fast = validBody(ReportIndicatorDto, plan, { ...body });
    const pipe = createValidationPipe();
    const slow = (await ValidationPipe.prototype.transform.call(
      pipe,
      { ...body },
      bodyOf(ReportIndicatorDto),
    )) as object;
    expect(fast).toBeInstanceOf(ReportIndicatorDto);
    expect(fast).toStrictEqual(slow);
    expect(Object.keys(fast!)).toEqual(Object.keys(slow));
    expect((fast as ReportIndicatorDto).note).toBe('Nguyễn'.normalize('NFC'));
  });

  it('leaves to the libraries a body it cannot vouch for, so that they word the refusal', () => {
    const plan = bodyPlanOf(AwardScoreDto)!;
    const valid = { unitId: 'lao-dong', criterion: '1.1', points: 249.5 };
    expect(validBody(AwardScoreDto, plan, valid)).toBeInstanceOf(AwardScoreDto);
    expect(validBody(AwardScoreDto, plan, { ...valid, points: 249.555 })).toBeUndefined();
    expect(validBody(AwardScoreDto, plan, { ...valid, extra: 1 })).toBeUndefined();
    expect(validBody(AwardScoreDto, plan, { ...valid, reason: { text: 'x' } })).toBeUndefined();
    expect(validBody(AwardScoreDto, plan, { ...valid, reason: null })).toBeUndefined();
    expect(validBody(AwardScoreDto, plan, [valid])).toBeUndefined();
    expect(validBody(AwardScoreDto, plan, JSON.parse('{"__proto__": {"x": 1}}'))).toBeUndefined();
  });

  it('applies a transform that turns a value into an object no further: the libraries decide', () => {
    class Wrapping {
      @Transform(({ value }) => ({ wrapped: value as unknown }))
      @IsString()
      code!: string;
    }
    const plan = bodyPlanOf(Wrapping);
    expect(plan).toBeDefined();
    expect(validBody(Wrapping, plan!, { code: 'x' })).toBeUndefined();
  });

  it("gives the pipe the libraries' answer for every API body DTO with a plan, on generated bodies", async () => {
    const dtos = (await apiDtoClasses()).filter((dto) => bodyPlanOf(dto) !== undefined);
    expect(dtos).toEqual(expect.arrayContaining([ReportIndicatorDto, AwardScoreDto]));
    const pipe = createValidationPipe();
    const vouchedFor = new Map<DtoClass, number>();
    for (const dto of dtos) {
      const plan = bodyPlanOf(dto)!;
      let vouched = 0;
      await fc.assert(
        fc.asyncProperty(bodiesFor(dto, [...plan.properties.keys()]), async (body) => {
          const theirs = await outcomeOf(() =>
            ValidationPipe.prototype.transform.call(pipe, structuredClone(body), bodyOf(dto)),
          );
          const ours = await outcomeOf(() => pipe.transform(structuredClone(body), bodyOf(dto)));
          const fast = validBody(dto, plan, structuredClone(body));
          if (fast !== undefined) {
            vouched++;
            // What the plan vouches for, the libraries accept, built the same.
            expect(theirs).toHaveProperty('accepted');
            expect(fast).toStrictEqual((theirs as { accepted: object }).accepted);
            expect(Object.keys(fast)).toEqual(Object.keys((theirs as { accepted: object }).accepted));
          }
          expect(ours).toStrictEqual(theirs);
          if ('accepted' in ours)
            expect(Object.keys(ours.accepted)).toEqual(
              Object.keys((theirs as { accepted: object }).accepted),
            );
        }),
        { seed: SEED, numRuns: 300 },
      );
      vouchedFor.set(dto, vouched);
    }
    // The generated bodies took the short way for each DTO whose properties all have an example
    // (the query DTOs have none), the busy bloc's two among them: the comparison compared something.
    const exemplified = dtos.filter((dto) =>
      [...bodyPlanOf(dto)!.properties.keys()].every((name) => exampleOf(dto, name) !== undefined),
    );
    expect(exemplified).toEqual(expect.arrayContaining([ReportIndicatorDto, AwardScoreDto]));
    for (const dto of exemplified) expect([dto.name, vouchedFor.get(dto)! > 0]).toEqual([dto.name, true]);
  });
});
