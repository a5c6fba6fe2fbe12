import {
  acceptText,
  checkChunks,
  CHUNK_OVERLAP,
  combineVerdicts,
  customerMaySee,
  decideText,
  MAX_CHECK_CHARS,
  photoAudience,
  photoStaffLabel,
  photoStatusAfterStaff,
  photoStatusAfterSubmit,
  photoStatusAfterVerdict,
  type PhotoStatus,
  type TextVerdict,
} from '../../cloudfunctions/core/safety';
import { DomainError } from '../../cloudfunctions/core/errors';

describe('checkChunks', () => {
  it('keeps text within the limit as one chunk, exactly', () => {
    expect(checkChunks('')).toEqual(['']);
    const full = '菜'.repeat(MAX_CHECK_CHARS);
    expect(checkChunks(full)).toEqual([full]);
  });

  it('splits longer text into overlapping chunks within the limit that cover every character', () => {
    const text = Array.from({ length: 6001 }, (_, i) => String.fromCharCode(0x4e00 + (i % 500))).join('');
    const chunks = checkChunks(text);
    expect(chunks.length).toBe(3);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(MAX_CHECK_CHARS);
    // Each chunk starts CHUNK_OVERLAP characters before the previous one ended.
    let end = 0;
    for (const c of chunks) {
      const start = end === 0 ? 0 : end - CHUNK_OVERLAP;
      expect(text.slice(start, start + c.length)).toBe(c);
      end = start + c.length;
    }
    expect(end).toBe(text.length);
  });

  it('sees a phrase cut at a boundary whole in the next chunk', () => {
    const phrase = '这是一句被切开的话';
    const text = 'a'.repeat(MAX_CHECK_CHARS - 4) + phrase + 'b'.repeat(100);
    const chunks = checkChunks(text);
    expect(chunks[0]).not.toContain(phrase);
    expect(chunks[1]).toContain(phrase);
  });

  it('never splits an emoji (a surrogate pair) at either end of a chunk', () => {
    for (const offset of [0, 1]) {
      const text = 'x'.repeat(offset) + '🍅'.repeat(4000);
      const chunks = checkChunks(text, 101, 10);
      for (const c of chunks) {
        expect(c.length).toBeLessThanOrEqual(101);
        expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(c)).toBe(false);
      }
      expect(chunks.join('').replace(/x/g, '').length % 2).toBe(0);
    }
  });

  it('refuses a chunk size that cannot make progress', () => {
    expect(() => checkChunks('abc', 10, 5)).toThrow(RangeError);
  });
});

describe('combineVerdicts', () => {
  it.each<[TextVerdict[], TextVerdict]>([
    [[], 'pass'],
    [['pass', 'pass'], 'pass'],
    [['pass', 'unchecked'], 'unchecked'],
    [['unchecked', 'review', 'pass'], 'review'],
    [['review', 'risky', 'unchecked'], 'risky'],
  ])('%j → %s', (parts, expected) => {
    expect(combineVerdicts(parts)).toBe(expected);
  });
});

describe('text decisions', () => {
  it('refuses risky text with a clear code, the default or the caller’s', () => {
    expect(decideText('risky')).toEqual({ store: false, code: 'CONTENT.TEXT_RISKY' });
    expect(() => acceptText('risky')).toThrow(DomainError);
    try {
      acceptText('risky', 'REQUEST.INVALID');
      throw new Error('should have thrown');
    } catch (e) {
      expect((e as DomainError).code).toBe('REQUEST.INVALID');
    }
  });

  it('stores review and unchecked text flagged for staff, and a pass unflagged', () => {
    expect(acceptText('review')).toEqual({ check: 'review', flagged: true });
    expect(acceptText('unchecked')).toEqual({ check: 'unchecked', flagged: true });
    expect(acceptText('pass')).toEqual({ check: 'pass', flagged: false });
  });
});

describe('photo visibility', () => {
  const all: PhotoStatus[] = ['pending', 'passed', 'unchecked', 'approved', 'rejected'];

  it('shows a photo to the customer only once it passed or staff approved it', () => {
    expect(all.filter(customerMaySee)).toEqual(['passed', 'approved']);
    expect(all.map(photoAudience)).toEqual(['staff', 'everyone', 'staff', 'everyone', 'staff']);
  });

  it('labels what staff see before the customer can', () => {
    expect(all.map(photoStaffLabel)).toEqual(['待审核，仅员工可见', null, '待审核，仅员工可见', null, '已驳回，仅员工可见']);
  });

  it('starts pending when WeChat took the photo, unchecked when it could not', () => {
    expect(photoStatusAfterSubmit({ status: 'pending' })).toBe('pending');
    expect(photoStatusAfterSubmit({ status: 'unchecked' })).toBe('unchecked');
  });

  it('takes a late machine verdict unless staff decided first', () => {
    expect(photoStatusAfterVerdict('pending', 'pass')).toBe('passed');
    expect(photoStatusAfterVerdict('pending', 'risky')).toBe('rejected');
    expect(photoStatusAfterVerdict('pending', 'review')).toBe('unchecked');
    expect(photoStatusAfterVerdict('unchecked', 'pass')).toBe('passed');
    expect(photoStatusAfterVerdict('approved', 'risky')).toBe('approved');
    expect(photoStatusAfterVerdict('rejected', 'pass')).toBe('rejected');
    expect(photoStatusAfterStaff('approve')).toBe('approved');
    expect(photoStatusAfterStaff('reject')).toBe('rejected');
  });
});
