import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import type { Actor } from '@app/domain';
import type { BlocProvinces } from './bloc-provinces.js';
import { isWithinProvince } from './province-scope.js';
import { ProvinceScopeGuard } from './province-scope.guard.js';

const KIEN_GIANG = 'Kiên Giang'.normalize('NFC');
const scopedBoard: Actor = { sub: 'ban-tdkt-kg', role: 'board', province: KIEN_GIANG };

describe('isWithinProvince', () => {
  it('holds a scoped principal to its province, in either normal form of the name', () => {
    expect(isWithinProvince(scopedBoard, KIEN_GIANG)).toBe(true);
    expect(isWithinProvince(scopedBoard, KIEN_GIANG.normalize('NFD'))).toBe(true);
    expect(isWithinProvince(scopedBoard, 'An Giang')).toBe(false);
    expect(isWithinProvince(scopedBoard, '')).toBe(false);
  });

  it('lets a principal without a province (national) reach every province', () => {
    expect(isWithinProvince({ sub: 'ban-tdkt-tw', role: 'board' }, 'An Giang')).toBe(true);
  });
});

describe('ProvinceScopeGuard', () => {
  const provinces = { 'kg-1': KIEN_GIANG, 'ag-1': 'An Giang' } as Record<string, string>;
  const asked: string[] = [];
  const guard = new ProvinceScopeGuard({
    provinceOf: async (blocId: string) => {
      asked.push(blocId);
      return provinces[blocId];
    },
  } as unknown as BlocProvinces);
  const canActivate = (actor: Actor | undefined, params: Record<string, string>) =>
    guard.canActivate({
      switchToHttp: () => ({ getRequest: () => ({ actor, params }) }),
    } as unknown as ExecutionContext);

  it("refuses a scoped principal a route on another province's bloc, and lets its own through", async () => {
    await expect(canActivate(scopedBoard, { blocId: 'ag-1' })).rejects.toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
    });
    await expect(canActivate(scopedBoard, { blocId: 'kg-1', year: '2024' })).resolves.toBe(true);
  });

  it('leaves unknown blocs to the handler (404), malformed ids to validation (400), and never asks for others', async () => {
    asked.length = 0;
    await expect(canActivate(scopedBoard, { blocId: 'atlantis' })).resolves.toBe(true);
    await expect(canActivate(scopedBoard, { blocId: 'Not An Id' })).resolves.toBe(true);
    await expect(canActivate(scopedBoard, {})).resolves.toBe(true);
    await expect(canActivate({ sub: 'ban-tdkt-tw', role: 'board' }, { blocId: 'ag-1' })).resolves.toBe(true);
    await expect(canActivate({ sub: 'o', role: 'unit', unit: 'ag-1-a' }, { blocId: 'ag-1' })).resolves.toBe(
      true,
    );
    await expect(canActivate(undefined, { blocId: 'ag-1' })).resolves.toBe(true);
    expect(asked).toEqual(['atlantis']);
  });
});
