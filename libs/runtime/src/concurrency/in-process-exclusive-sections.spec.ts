import { describe, expect, it } from '@jest/globals';
import { InProcessExclusiveSections } from './in-process-exclusive-sections.js';
import { deferred } from '@app/event-store/testing';

describe('InProcessExclusiveSections', () => {
  it('runs work of one name in turn, work of other names meanwhile, and frees a name whose work threw', async () => {
    const sections = new InProcessExclusiveSections();
    const order: string[] = [];
    const firstHolds = deferred();
    const firstFails = deferred();
    const first = sections.run('unit', async () => {
      order.push('first starts');
      firstHolds.resolve();
      await firstFails.promise;
    });
    await firstHolds.promise;
    const second = sections.run('unit', async () => {
      order.push('second starts');
      return 'second';
    });
    expect(await sections.run('another unit', async () => 'another')).toBe('another');
    expect(order).toEqual(['first starts']);

    firstFails.reject(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    expect(await second).toBe('second');
    expect(order).toEqual(['first starts', 'second starts']);
    await sections.close();
  });
});
