// The console ring buffer on its own: bounded, oldest dropped first, filters and paging.
import { describe, expect, it } from 'vitest';
import type { ConsoleMessage } from '../../cdp/console.ts';
import { ConsoleBuffer } from '../../daemon/features/consoleBuffer.ts';

const msg = (message: string, level: ConsoleMessage['level'] = 'info'): ConsoleMessage =>
  ({ level, message, sourceUrl: 'http://x/', lineNumber: 1, timestampMs: 0, stackTrace: '' });

describe('ConsoleBuffer', () => {
  it('keeps at most its capacity, dropping the oldest', () => {
    const b = new ConsoleBuffer(3);
    for (let i = 1; i <= 5; i += 1) b.add('t', msg(`m${i}`));
    const r = b.query({ limit: 0 });
    expect(r.entries.map((e) => e.message)).toEqual(['m3', 'm4', 'm5']);
    expect(r.total_buffered).toBe(3);
    expect(r.oldest_id).toBe(3);
  });

  it('filters by tab, minimum level and pattern; limit takes the newest, after_id pages forward', () => {
    const b = new ConsoleBuffer();
    b.add('a', msg('one', 'verbose'));
    b.add('a', msg('two', 'warning'));
    b.add('b', msg('three', 'error'));
    b.add('a', msg('Four', 'info'));
    expect(b.query({ tabId: 'a', limit: 100 }).entries.map((e) => e.message)).toEqual(['one', 'two', 'Four']);
    expect(b.query({ level: 'warning', limit: 100 }).entries.map((e) => e.message)).toEqual(['two', 'three']);
    expect(b.query({ pattern: /four/i, limit: 100 }).entries.map((e) => e.message)).toEqual(['Four']);
    expect(b.query({ limit: 2 }).entries.map((e) => e.message)).toEqual(['three', 'Four']);
    expect(b.query({ afterId: 1, limit: 2 }).entries.map((e) => e.message)).toEqual(['two', 'three']);
    expect(b.clear('a')).toBe(3);
    expect(b.query({ limit: 0 }).entries.map((e) => e.message)).toEqual(['three']);
  });
});
