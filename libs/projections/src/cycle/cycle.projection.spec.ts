import { describe, expect, it } from '@jest/globals';
import { cycleKey, foldDocuments } from '../projection.js';
import { referenceCase, referenceLog, type ReferenceStage } from '../testing/reference-log.js';
import { cycleProjection } from './cycle.projection.js';

const key = cycleKey(referenceCase.bloc.id, referenceCase.cycle.year);
const cycleAt = (stage: ReferenceStage) =>
  foldDocuments(
    cycleProjection,
    referenceLog(stage).map((logged) => logged.event),
  ).get(key);

describe('CycleProjection', () => {
  it('follows the phases of the year', () => {
    expect(cycleAt('registered')).toBeUndefined();
    expect(cycleAt('opened')?.phase).toBe('signing');
    expect(cycleAt('signed')?.phase).toBe('in_force');
    expect(cycleAt('scored')?.phase).toBe('review');
    expect(cycleAt('finalized')?.phase).toBe('finalized');
    expect(cycleAt('closed')?.phase).toBe('closed');
  });

  it('shows who signed, the leadership and the leading unit', () => {
    const opened = cycleAt('opened');
    expect(opened).toMatchObject({ leader: 'y-te', deputy: 'giao-duc', leadingUnit: null });
    expect(opened?.members.every((member) => !member.signed)).toBe(true);
    expect(opened?.framework.contents.map((content) => content.code)).toEqual(['1', '2', '3']);
    const closed = cycleAt('closed');
    expect(closed?.members).toEqual(
      referenceCase.bloc.members.map((member) => ({ ...member, signed: true })),
    );
    expect(closed?.leadingUnit).toBe('lao-dong');
  });

  it('marks only the signing unit as signed', () => {
    const opened = referenceLog('opened').map((logged) => logged.event);
    const cycle = foldDocuments(cycleProjection, [
      ...opened,
      {
        type: 'PactSigned',
        data: {
          blocId: referenceCase.bloc.id,
          year: 2017,
          unitId: 'van-hoa',
          signatory: { title: 'Giám đốc' },
        },
      },
    ]).get(key);
    expect(cycle?.members.filter((member) => member.signed).map((member) => member.unitId)).toEqual([
      'van-hoa',
    ]);
  });
});
