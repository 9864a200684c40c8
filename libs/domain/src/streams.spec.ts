import { describe, expect, it } from '@jest/globals';
import {
  blocOfStream,
  blocStream,
  cycleStream,
  nominationIdOf,
  nominationStream,
  unitCycleStream,
} from './streams.js';

describe('blocOfStream', () => {
  it('finds the bloc of its own, its cycles’ and its units’ streams', () => {
    for (const streamId of [
      blocStream('kg-khoi-4'),
      cycleStream('kg-khoi-4', 2017),
      unitCycleStream('kg-khoi-4', 2017, 'van-hoa'),
      nominationStream(nominationIdOf('kg-khoi-4', 2017, 'emulation-flag', 'lao-dong')),
    ]) {
      expect(blocOfStream(streamId)).toBe('kg-khoi-4');
    }
  });

  it('finds none in a stream of no bloc', () => {
    expect(blocOfStream('$settings')).toBeUndefined();
    expect(blocOfStream('unit-van-hoa')).toBeUndefined();
  });
});
