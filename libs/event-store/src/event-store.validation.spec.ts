import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { InvalidAppendError } from './event-store.errors.js';
import type { NewEvent } from './event-store.port.js';
import { MAX_EVENT_BYTES, prepareAppend } from './event-store.validation.js';

const metadata = { actor: { sub: 'board', role: 'board' as const }, correlationId: 'c', causationId: 'c' };
const event = (data: unknown = { ok: true }): NewEvent => ({ id: randomUUID(), type: 'Tested', data, metadata });

describe('prepareAppend', () => {
  it('serialises data and metadata canonically and lower-cases ids', () => {
    const id = randomUUID().toUpperCase();
    const [prepared] = prepareAppend('s', [{ ...event({ b: 1, a: 2 }), id }], { expectedRevision: 'any' });
    expect(prepared).toEqual({
      id: id.toLowerCase(),
      type: 'Tested',
      dataJson: '{"a":2,"b":1}',
      metadataJson: '{"actor":{"role":"board","sub":"board"},"causationId":"c","correlationId":"c"}',
    });
  });

  it('counts the size limit in UTF-8 bytes', () => {
    // Three bytes per character: under the limit in UTF-16 units, over it in bytes.
    const text = 'ế'.repeat(Math.ceil(MAX_EVENT_BYTES / 3));
    expect(() => prepareAppend('s', [event({ text })], { expectedRevision: 'any' })).toThrow(/bytes of data and metadata/);
    expect(() => prepareAppend('s', [event({ text: text.slice(0, 300_000) })], { expectedRevision: 'any' })).not.toThrow();
  });

  it.each([
    ['a stream id of 201 emoji', '🏆'.repeat(201), /201 characters/],
    ['a lone surrogate', 'a\ud800', /well-formed/],
    ['DEL', 'a\u007f', /control character/],
  ])('refuses %s', (_what, streamId, message) => {
    expect(() => prepareAppend(streamId, [event()], { expectedRevision: 'any' })).toThrow(message);
  });

  it.each([[-1], [1.5], ['1'], [undefined], [Number.NaN]])('refuses the expected revision %p', (expectedRevision) => {
    expect(() => prepareAppend('s', [event()], { expectedRevision: expectedRevision as never })).toThrow(InvalidAppendError);
  });

  it('refuses metadata that is not an object', () => {
    expect(() => prepareAppend('s', [{ ...event(), metadata: null as never }], { expectedRevision: 'any' })).toThrow(/metadata must be an object/);
  });
});
