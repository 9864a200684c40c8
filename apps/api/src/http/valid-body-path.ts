/**
 * A valid flat body's short way through the validation pipe. Nest's `ValidationPipe` turns a
 * body into its DTO with class-transformer and checks it with class-validator; both interpret
 * their decorators' metadata afresh on every object (an error object and five filtered lists per
 * property, a metadata lookup per key), about 9% of the API's busy loop under load, where the
 * checks themselves are under 2%. For a DTO whose decorators are only of the kinds below, this
 * reads the same metadata once, from the same two libraries, and runs the same steps in the same
 * order: `new Dto()`, each of the body's keys assigned through its `@Transform`s, then each
 * property's `ValidateIf` conditions and its constraints' own `validate` functions. A body it
 * cannot vouch for (a key it does not know, a value that is not a primitive, a check that fails
 * or answers asynchronously) goes through the libraries as before, so that every refusal is
 * theirs, word for word. `valid-body-path.spec.ts` holds the two ways to the same answers.
 *
 * The kinds a plan covers: class-validator's custom constraints (every `@IsString`, `@Matches`,
 * `ValidateBy` rule), `ValidateIf` conditions, `@Allow`; class-transformer's `@Transform`. A DTO
 * with anything else (nested `@ValidateNested`/`@Type`, `@Expose`, `@Exclude`, groups, `IsDefined`,
 * an asynchronous constraint) has no plan and always takes the libraries' way.
 */
import { TransformationType, type TransformFnParams } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import { validationRulesVersion } from './validation-rules-cache.js';

type Rules = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>;
type Rule = Rules[number];
/** A constraint's own check: true, false, or a promise of either. */
type Check = (value: unknown, args: ValidationArguments) => unknown;

/** One property's steps, in class-validator's order. */
interface PropertyPlan {
  readonly name: string;
  /** `@Transform` functions, in class-transformer's order. */
  readonly transforms: readonly ((params: TransformFnParams) => unknown)[];
  /** `ValidateIf` conditions: the property is checked only when all hold. */
  readonly conditions: readonly ((object: object, value: unknown) => unknown)[];
  readonly checks: readonly {
    readonly rule: Rule;
    readonly validate: Check;
  }[];
}

/** A DTO class's plan: its properties by name. */
export interface BodyPlan {
  readonly properties: ReadonlyMap<string, PropertyPlan>;
}

/** class-transformer's options as `plainToInstance` gives them to a transform (Nest passes none). */
const TRANSFORM_OPTIONS = Object.freeze({
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
});

/** The plans made, per DTO class, with the rules' version they were made from. */
const plans = new WeakMap<object, { readonly version: number; readonly plan: BodyPlan | undefined }>();

/**
 * The plan of a DTO class, or undefined when its decorators are not all of the kinds covered.
 * Remembered per class until a rule is registered later (`validationRulesVersion`: the validation
 * pipe caches class-validator's lookups, and a registration makes it forget them).
 */
export function bodyPlanOf(metatype: new () => object): BodyPlan | undefined {
  const version = validationRulesVersion();
  const made = plans.get(metatype);
  if (made?.version === version) return made.plan;
  // As class-validator asks for a class's rules (no schema, `always` and `strictGroups` off, no groups).
  const plan = planFor(
    metatype,
    getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false),
  );
  plans.set(metatype, { version, plan });
  return plan;
}

function planFor(metatype: new () => object, rules: Rules): BodyPlan | undefined {
  if (rules.length === 0) return undefined;
  const transformer = defaultMetadataStorage;
  if (
    transformer.getStrategy(metatype) !== 'none' ||
    transformer.getExposedMetadatas(metatype).length > 0 ||
    transformer.getExcludedMetadatas(metatype).length > 0
  )
    return undefined;
  const byProperty = new Map<string, Rule[]>();
  for (const rule of rules) {
    if (rule.groups?.length || rule.always !== undefined || rule.context !== undefined) return undefined;
    const list = byProperty.get(rule.propertyName) ?? [];
    list.push(rule);
    byProperty.set(rule.propertyName, list);
  }
  const properties = new Map<string, PropertyPlan>();
  for (const [name, propertyRules] of byProperty) {
    if (transformer.findTypeMetadata(metatype, name) !== undefined) return undefined;
    // A getter without a setter or a method on the prototype is skipped by class-transformer.
    if (Object.getOwnPropertyDescriptor(metatype.prototype, name) !== undefined) return undefined;
    const transforms = transformer
      .findTransformMetadatas(metatype, name, TransformationType.PLAIN_TO_CLASS)
      .filter(({ options }) => !options?.groups?.length);
    if (transforms.some(({ options }) => options?.since !== undefined || options?.until !== undefined))
      return undefined;
    const conditions: PropertyPlan['conditions'][number][] = [];
    const checks: { rule: Rule; validate: Check }[] = [];
    for (const rule of propertyRules) {
      if (rule.type === ValidationTypes.WHITELIST) continue;
      if (rule.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        conditions.push(rule.constraints[0] as PropertyPlan['conditions'][number]);
        continue;
      }
      if (rule.type !== ValidationTypes.CUSTOM_VALIDATION || rule.constraintCls === undefined)
        return undefined;
      for (const constraint of getMetadataStorage().getTargetValidatorConstraints(rule.constraintCls)) {
        if (constraint.async) return undefined;
        const instance = constraint.instance;
        checks.push({ rule, validate: instance.validate.bind(instance) as Check });
      }
    }
    properties.set(name, {
      name,
      transforms: transforms.map(({ transformFn }) => transformFn),
      conditions,
      checks,
    });
  }
  return { properties };
}

/**
 * The DTO for `body` when it is valid by the plan, built as class-transformer builds it; undefined
 * when the plan cannot vouch for it (the libraries then decide, and word any refusal).
 */
export function validBody<T extends object>(
  metatype: new () => T,
  plan: BodyPlan,
  body: unknown,
): T | undefined {
  if (!isPlainObject(body)) return undefined;
  const entity = new metatype();
  const source = body as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const property = plan.properties.get(key);
    if (property === undefined) return undefined;
    let value = source[key];
    if (!isPrimitive(value)) return undefined;
    for (const transform of property.transforms)
      value = transform({
        value,
        key,
        obj: source,
        type: TransformationType.PLAIN_TO_CLASS,
        options: TRANSFORM_OPTIONS,
      });
    (entity as Record<string, unknown>)[key] = value;
  }
  // class-validator's whitelist: every own key of the instance must be a known property.
  for (const key of Object.keys(entity)) if (!plan.properties.has(key)) return undefined;
  for (const property of plan.properties.values()) {
    const value = (entity as Record<string, unknown>)[property.name];
    if (!isPrimitive(value)) return undefined;
    if (!property.conditions.every((condition) => condition(entity, value))) continue;
    for (const { rule, validate } of property.checks) {
      if (rule.validateIf !== undefined && !rule.validateIf(entity, value)) continue;
      const verdict = validate(value, {
        targetName: metatype.name,
        property: property.name,
        object: entity,
        value,
        constraints: rule.constraints,
      });
      // Anything but true (false, a promise) is left to class-validator.
      if (verdict !== true) return undefined;
    }
  }
  return entity;
}

/** An object as JSON.parse makes it (in any realm): not an array, a class's instance or a built-in. */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function isPrimitive(value: unknown): value is string | number | boolean | null | undefined {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
